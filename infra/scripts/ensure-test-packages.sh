#!/usr/bin/env bash
# Install the Debian packages Koma's tests and demo need, only when they are missing.
#   ensure-test-packages.sh                  chromium + fonts-noto-cjk (make test-deps)
#   ensure-test-packages.sh fonts-noto-cjk   only the Japanese font (make run: demo images)
# Uses sudo only when not root. Do not run `playwright install`: the tests drive this chromium.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if [ "$#" -gt 0 ]; then
    packages=("$@")
else
    packages=(chromium fonts-noto-cjk)
fi

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-test-packages: not a Debian-like system; install ${packages[*]} yourself" >&2
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed$'; then
        missing+=("$package")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
else
    echo "ensure-test-packages: ${missing[*]} missing; run as root or install sudo" >&2
    exit 1
fi

echo "ensure-test-packages: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
