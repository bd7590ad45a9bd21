#!/usr/bin/env bash
# Install Python requirements into the repository's virtualenv (make setup / setup-dev).
#   install-python.sh VENV PYTHON REQUIREMENTS_FILE
# With uv (installed from PyPI into the venv itself): it resolves and installs in parallel,
# several times faster than pip. Falls back to pip when uv cannot be had or fails.
# Byte-code is compiled at install time, as pip does: each process would otherwise compile
# every module it imports again (always, when PYTHONDONTWRITEBYTECODE is set).
set -euo pipefail
venv=$1
python=$2
requirements=$3
py=$venv/bin/python
uv=$venv/bin/uv
UV_SPEC="uv>=0.9,<1"

if [ ! -x "$py" ]; then
    # Without ensurepip's own pip (slow to unpack and compile) when the machine's Python has
    # a pip that can install into another interpreter (--python, pip >= 22.3); uv then
    # installs pip into the venv with the requirements.
    if ! { "$python" -m venv --without-pip "$venv" \
        && "$python" -m pip --python "$py" install -q --disable-pip-version-check "$UV_SPEC" \
        2>/dev/null; }; then
        rm -rf "$venv"
        "$python" -m venv "$venv"
    fi
fi
if [ ! -x "$uv" ] && "$py" -m pip --version >/dev/null 2>&1; then
    "$py" -m pip install -q --disable-pip-version-check "$UV_SPEC" || true
fi
# pip itself (for whoever runs .venv/bin/pip later) needs no byte-code at start-up.
if [ -x "$uv" ] && "$uv" pip install --python "$py" --compile-bytecode -r "$requirements" \
    && "$uv" pip install --python "$py" --quiet pip; then
    exit 0
fi
echo "install-python: uv failed or is missing; installing with pip" >&2
"$py" -m pip --version >/dev/null 2>&1 || "$py" -m ensurepip
"$py" -m pip install -r "$requirements"
