"""Test settings: the same settings on embedded services, with speed knobs only (docs/architecture.md A17)."""

import os
from pathlib import Path

from devstack.services import ensure_test_services

_REPO = Path(__file__).resolve().parents[2]
# Real PostgreSQL and Valkey, started once per test run unless DATABASE_URL/REDIS_URL are set.
ensure_test_services(Path(os.environ.get("KOMA_TEST_DATA_DIR", _REPO / "var" / "test")))

# Settings refuse to load without a secret key outside DEBUG; the live servers inherit this one.
os.environ.setdefault("DJANGO_SECRET_KEY", "koma-test-secret-key-not-for-production-0123456789")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = "komatest"  # type: ignore[index]  # noqa: F405
