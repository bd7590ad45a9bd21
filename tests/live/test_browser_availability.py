"""A worker sets their week on a 390-px phone (「働ける時間」), sees it again after a reload and
through the API, then reads the 「今日」 card and turns 「今日は休み」 on and off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.live.browser import browser_page, check_screen, log_in
from tests.live.conftest import allow_http_login, session_login

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]

# (weekday, 30-minute cell): Tuesday 10:00–11:00 (cells 20, 21) and Thursday 19:00–19:30 (38).
TAPS = [(1, 20), (1, 21), (3, 38)]
WINDOWS = [
    {"weekday": 1, "start": "10:00", "end": "11:00"},
    {"weekday": 3, "start": "19:00", "end": "19:30"},
]


def test_a_worker_sets_the_week_by_tapping_and_reads_today(live_server_url, worker_hanako):
    from koma.core import clock
    from koma.core.clock import TOKYO
    from koma.workforce.availability import set_day

    password = allow_http_login(worker_hanako)

    with browser_page() as page:
        log_in(page, live_server_url, "hanako", password)
        card = page.get_by_test_id("today-card")
        expect(card).to_be_visible()
        expect(page.get_by_test_id("today-line")).to_contain_text("まだ働ける時間を登録していません")
        page.get_by_test_id("open-availability").click()
        page.wait_for_url("**/work/availability")
        cell = page.locator('[data-cell="1-20"]')
        expect(cell).to_have_attribute("aria-pressed", "false")
        check_screen(page, "availability-empty")

        for day, n in TAPS:
            page.locator(f'[data-cell="{day}-{n}"]').tap()
        expect(cell).to_have_attribute("aria-pressed", "true")
        expect(page.get_by_test_id("day-summary-1")).to_contain_text("10:00〜11:00")
        page.get_by_test_id("save-availability").click()
        expect(page.get_by_text("保存しました。")).to_be_visible()

        page.reload()
        for day, n in TAPS:
            expect(page.locator(f'[data-cell="{day}-{n}"]')).to_have_attribute("data-state", "on")
        expect(page.locator('[data-cell="1-22"]')).to_have_attribute("data-state", "off")
        expect(page.get_by_test_id("day-summary-3")).to_contain_text("19:00〜19:30")
        page.locator('[data-cell="1-20"]').scroll_into_view_if_needed()
        check_screen(page, "availability-set")

    with session_login(live_server_url, worker_hanako) as client:
        stored = client.get("/api/v1/workers/me/availability").json()
    assert stored == {"weekly": WINDOWS, "exceptions": []}

    # Today, whatever the weekday: the whole day, so "あと◯分" is there at any hour.
    today = clock.now().astimezone(TOKYO).date()
    set_day(worker=worker_hanako, day=today, spans=[(0, 24 * 60)], today=today)

    with browser_page() as page:
        log_in(page, live_server_url, "hanako", password)
        line = page.get_by_test_id("today-line")
        expect(line).to_have_attribute("data-in-window", "true")
        expect(line).to_contain_text("いま 00:00〜24:00 の時間帯・あと")
        page.get_by_test_id("minutes-60").click()
        expect(page.get_by_test_id("minutes-60")).to_have_attribute("aria-pressed", "true")
        expect(page.get_by_test_id("minutes-until")).to_contain_text("あと")
        check_screen(page, "today-card")

        toggle = page.get_by_test_id("day-off")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(line).to_have_text("今日は休みにしています。")
        check_screen(page, "today-day-off")
        answer = page.request.get(f"{live_server_url}/api/v1/workers/me/today")  # the page's session
        assert answer.json()["day_off"] is True

        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "false")
        expect(line).not_to_have_text("今日は休みにしています。")

    with session_login(live_server_url, worker_hanako) as client:
        day = client.get("/api/v1/workers/me/today").json()
        stored = client.get("/api/v1/workers/me/availability").json()
    assert day["day_off"] is False
    assert stored == {"weekly": WINDOWS, "exceptions": []}  # DELETE: back to the week
