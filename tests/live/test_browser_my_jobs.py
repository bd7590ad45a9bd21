"""わたしの案件 on a 390-px phone: the empty state, then a job whose team the worker leads,
with its deadline, the リーダー badge and her counts (GET /api/v1/workers/me/jobs)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.live.browser import browser_page, check_screen, log_in
from tests.live.conftest import allow_http_login, session_login

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]

SCHEMA = [{"name": "name", "label": "氏名", "kind": "text", "required": True, "max_length": 40}]


def test_my_jobs_card_lists_the_workers_job_on_a_phone(
    live_server_url, staff_a, coordinator, worker_hanako
):
    from datetime import date

    from koma.core import clock
    from koma.core.clock import TOKYO
    from koma.workforce.availability import set_day
    from koma.workforce.teams import replace_team
    from tests.live.conftest import make_live_job

    today = clock.now().astimezone(TOKYO).date()
    set_day(worker=worker_hanako, day=today, spans=[(0, 24 * 60)], today=today)
    password = allow_http_login(worker_hanako)

    with browser_page() as page:
        log_in(page, live_server_url, "hanako", password)
        expect(page.get_by_test_id("my-jobs-empty")).to_have_text(
            "いま受け取れる案件はありません。"
        )
        check_screen(page, "my-jobs-empty")

    # The database outside the browser block (Playwright's sync API runs an event loop).
    deadline = date(today.year + 1, 3, 31)
    job = make_live_job(staff_a, items=3, schema=SCHEMA, deadline=deadline)
    replace_team(job=job, members=[(worker_hanako.pk, True)], by=coordinator)
    with session_login(live_server_url, worker_hanako) as client:
        mine = client.get("/api/v1/workers/me/jobs").json()
    assert [j["job_id"] for j in mine] == [job.pk]
    claimable = mine[0]["claimable_units"]
    assert claimable > 0

    with browser_page() as page:
        log_in(page, live_server_url, "hanako", password)
        row = page.locator(f'[data-testid="my-job"][data-job-id="{job.pk}"]')
        expect(row).to_contain_text(job.title)
        expect(row).to_contain_text(f"締め切り {deadline.year}年3月31日")
        expect(row.get_by_test_id("my-job-role")).to_have_text("リーダー")
        expect(row.get_by_test_id("my-job-counts")).to_have_text(
            f"受け取れるコマ {claimable}・提出済み 0・検品OK 0"
        )
        row.scroll_into_view_if_needed()
        check_screen(page, "my-jobs")
