"""Tasks call services, never the other way: the web side must not import the worker."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import django
django.setup()
import koma.jobs.services, koma.jobs.splitting, koma.units.services, koma.quality.services
import config.urls
leaked = sorted(m for m in sys.modules if m == "koma_worker" or m.startswith("koma_worker."))
print(",".join(leaked))
"""


def test_the_services_and_the_web_app_do_not_import_the_worker_package():
    env = dict(os.environ)
    env.update(
        PYTHONPATH=f"{REPO / 'backend'}{os.pathsep}{REPO / 'worker'}",
        DJANGO_SETTINGS_MODULE="config.settings",  # no test services needed to import
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"the web side imported {done.stdout.strip()}"


def test_no_backend_module_imports_the_worker_package_even_lazily():
    pattern = re.compile(r"^\s*(from|import)\s+koma_worker\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "backend").rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
