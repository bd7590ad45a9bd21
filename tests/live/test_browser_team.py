"""The coordinator's team and level-caps screens on a 390-px phone: add two workers, choose a
leader, remove one, save; set a level's minutes (axe-core and Japanese-only checks)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from koma.workforce.models import TeamMember
from tests.live.browser import browser_page, check_screen, log_in
from tests.live.conftest import allow_http_login, make_live_job

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def test_a_coordinator_builds_a_team_on_a_phone(
    live_server_url, staff_a, worker_hanako, worker_taro, coordinator, tmp_path
):
    job = make_live_job(staff_a, items=1)
    password = allow_http_login(coordinator)
    with browser_page(tmp_path / "team.png") as page:
        log_in(page, live_server_url, "coordinator", password)
        page.goto(f"{live_server_url}/review/teams")
        expect(page.get_by_test_id("team-jobs")).to_be_visible()
        check_screen(page, "team-jobs")
        page.get_by_test_id("team-jobs").get_by_role("link").first.click()
        expect(page.get_by_test_id("team-empty")).to_be_visible()
        check_screen(page, "team-empty")
        for name in ("hanako", "taro"):
            page.get_by_label("メンバーを追加").select_option(label=name)
            page.get_by_role("button", name="追加", exact=True).click()
        page.locator(f'[data-worker-id="{worker_taro.pk}"]').get_by_label("リーダー").check()
        page.get_by_role("button", name="hanako さんをチームから外す").click()
        page.get_by_test_id("team-save").click()
        expect(page.get_by_text("チームを保存しました。")).to_be_visible()
        check_screen(page, "team-saved")
        # The levels' caps, from the same section.
        page.goto(f"{live_server_url}/review/levels")
        page.get_by_test_id("level-1-daily").fill("300")
        page.get_by_test_id("level-1-weekly").fill("1200")
        page.get_by_test_id("levels-save").click()
        expect(page.get_by_text("上限を保存しました。")).to_be_visible()
        check_screen(page, "level-caps")
    from koma.workforce.models import LevelCaps

    assert LevelCaps.objects.filter(level=1, daily_minutes=300, weekly_minutes=1200).exists()
    members = list(TeamMember.objects.filter(job=job).values_list("worker_id", "leader"))
    assert members == [(worker_taro.pk, True)]
