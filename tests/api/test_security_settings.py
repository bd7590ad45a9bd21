"""Settings that refuse unsafe starts, and the demo seed that runs only in demo mode."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from koma.accounts.models import User

REPO = Path(__file__).resolve().parents[2]
PRINT = (
    "import config.settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE)"
)


def _settings_in_subprocess(tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "KOMA_")) or k == "KOMA_TEST_DATA_DIR"
    }
    clean.update(
        PYTHONPATH=f"{REPO / 'backend'}{os.pathsep}{REPO / 'worker'}",
        DATABASE_URL="postgresql://postgres@/postgres?host=/nonexistent",
        KOMA_DATA_DIR=str(tmp_path),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", PRINT], env=clean, capture_output=True, text=True, timeout=60
    )


def test_settings_refuse_to_load_without_a_secret_key_when_debug_is_off(tmp_path):
    result = _settings_in_subprocess(tmp_path, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_settings_load_with_a_secret_key_and_secure_cookies(tmp_path):
    result = _settings_in_subprocess(tmp_path, DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", str(12 * 60 * 60)]


def test_debug_runs_without_a_key_and_with_plain_cookies(tmp_path):
    result = _settings_in_subprocess(tmp_path, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["False", "False"]


@pytest.mark.django_db
def test_the_demo_seed_refuses_outside_demo_mode(settings):
    settings.KOMA_DEMO = False
    with pytest.raises(CommandError, match="KOMA_DEMO"):
        call_command("seed_demo", items=1)
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_the_demo_seed_sets_its_published_password_in_demo_mode(settings, tmp_path):
    from koma.demo import DEMO_PASSWORD

    settings.KOMA_DEMO = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", items=1, stdout=io.StringIO())
    admin = User.objects.get(username="admin")
    assert admin.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="hanako").check_password(DEMO_PASSWORD)


def test_the_launcher_runs_in_demo_mode_with_a_private_random_key(tmp_path):
    from devstack.launcher import Launcher

    launcher = Launcher(tmp_path)
    env = launcher.child_env({})
    assert env["KOMA_DEMO"] == "1"
    key_file = Path(env["DJANGO_SECRET_KEY_FILE"])
    key = key_file.read_text()
    assert len(key) >= 50 and "insecure" not in key
    assert key_file.stat().st_mode & 0o077 == 0
    assert launcher.child_env({})["DJANGO_SECRET_KEY_FILE"] == str(key_file)
    assert key_file.read_text() == key  # kept across restarts
    given = launcher.child_env({"DJANGO_SECRET_KEY": "from-env", "KOMA_DEMO": "0"})
    assert "DJANGO_SECRET_KEY_FILE" not in given and given["KOMA_DEMO"] == "0"
