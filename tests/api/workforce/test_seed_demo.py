"""The demo coordinator can review the demo municipality's work right after seeding."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from koma.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_coordinator_sees_the_demo_job(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.KOMA_DEMO = True
    call_command("seed_demo", items=2)
    client = APIClient()
    client.force_login(User.objects.get(username="coordinator"))
    jobs = client.get("/api/v1/jobs").json()
    assert [j["title"] for j in jobs] == ["住所異動届の入力（令和8年11月受付分）"]


def test_seeding_again_assigns_a_coordinator_seeded_before_assignments(settings, tmp_path):
    from koma.workforce.models import CoordinatorAssignment

    settings.MEDIA_ROOT = tmp_path
    settings.KOMA_DEMO = True
    call_command("seed_demo", items=1)
    CoordinatorAssignment.objects.all().delete()
    call_command("seed_demo", items=1)
    assert CoordinatorAssignment.objects.get().coordinator.username == "coordinator"


def test_every_demo_worker_has_a_week_of_windows(settings, tmp_path):
    from datetime import datetime

    settings.MEDIA_ROOT = tmp_path
    settings.KOMA_DEMO = True
    call_command("seed_demo", items=1)
    settings.KOMA_FIXED_NOW = datetime.fromisoformat("2026-12-03T10:30:00+09:00")  # Thursday
    seen = {}
    for username in ["hanako", "taro", "yuki"]:
        client = APIClient()
        client.force_login(User.objects.get(username=username))
        assert client.get("/api/v1/workers/me/availability").json()["weekly"], username
        seen[username] = client.get("/api/v1/workers/me/today").json()["minutes_left_in_window"]
    # hanako can work at any hour (her window joins into tomorrow, the furthest a window is
    # joined across midnight); taro is inside Thursday's 10:00–12:00; yuki works at night.
    assert seen == {"hanako": 13 * 60 + 30 + 24 * 60, "taro": 90, "yuki": 0}
