"""A worker sets their week on a 390-px phone (「働ける時間」), sees it again after a reload and
through the API, then reads the 「今日」 card and turns 「今日は休み」 on and off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.live.browser import browser_page, check_screen, log_in
from tests.live.conftest import allow_http_login, session_login

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]

# (weekday, 30-minute cell): Tuesday 10:00–11:00 (cells 20, 21) and Thursday 19:00–19:30 (38)
# by touch; then the keyboard adds Thursday 19:30–20:00 (ArrowDown, Space).
TAPS = [(1, 20), (1, 21), (3, 38)]
SET = [*TAPS, (3, 39)]
WINDOWS = [
    {"weekday": 1, "start": "10:00", "end": "11:00"},
    {"weekday": 3, "start": "19:00", "end": "20:00"},
]


def test_a_worker_sets_the_week_by_tapping_and_reads_today(live_server_url, worker_hanako):
    from koma.core import clock
    from koma.core.clock import TOKYO
    from koma.workforce.availability import set_day
    from koma.workforce.models import WeeklyWindow

    # The fixture can work at any hour (tests/helpers.py always_available): start from no week.
    WeeklyWindow.objects.filter(worker=worker_hanako).delete()
    password = allow_http_login(worker_hanako)

    with browser_page() as page:
        log_in(page, live_server_url, "hanako", password)
        card = page.get_by_test_id("today-card")
        expect(card).to_be_visible()
        expect(page.get_by_test_id("today-line")).to_contain_text(
            "まだ働ける時間を登録していません"
        )
        page.get_by_test_id("open-availability").click()
        page.wait_for_url("**/work/availability")
        cell = page.locator('[data-cell="1-20"]')
        expect(cell).to_have_attribute("aria-pressed", "false")
        check_screen(page, "availability-empty")

        for day, n in TAPS:
            page.locator(f'[data-cell="{day}-{n}"]').tap()
        expect(cell).to_have_attribute("aria-pressed", "true")
        expect(page.get_by_test_id("day-summary-1")).to_contain_text("10:00〜11:00")
        page.locator('[data-cell="3-38"]').focus()
        page.keyboard.press("ArrowDown")
        expect(page.locator('[data-cell="3-39"]')).to_be_focused()
        page.keyboard.press("Space")
        expect(page.locator('[data-cell="3-39"]')).to_have_attribute("aria-pressed", "true")
        page.get_by_test_id("save-availability").click()
        expect(page.get_by_text("保存しました。")).to_be_visible()

        page.reload()
        for day, n in SET:
            expect(page.locator(f'[data-cell="{day}-{n}"]')).to_have_attribute("data-state", "on")
        expect(page.locator('[data-cell="1-22"]')).to_have_attribute("data-state", "off")
        expect(page.get_by_test_id("day-summary-3")).to_contain_text("19:00〜20:00")
        page.locator('[data-cell="1-20"]').scroll_into_view_if_needed()
        check_screen(page, "availability-set")
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("heading", name="When I can work")).to_be_visible()
        check_screen(page, "availability-en", japanese=False)

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
        # 「今あと60分」 narrows the list of available units to what fits (?minutes=60).
        with page.expect_request(lambda r: "/api/v1/units/available?minutes=60" in r.url):
            page.get_by_test_id("minutes-60").click()
        expect(page.get_by_test_id("minutes-60")).to_have_attribute("aria-pressed", "true")
        expect(page.get_by_test_id("minutes-until")).to_contain_text("あと")
        check_screen(page, "today-card")

        toggle = page.get_by_test_id("day-off")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(line).to_have_text("今日は休みにしています。")
        check_screen(page, "today-day-off")
        # the page's own session
        answer = page.request.get(f"{live_server_url}/api/v1/workers/me/today")
        assert answer.json()["day_off"] is True

        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "false")
        expect(line).not_to_have_text("今日は休みにしています。")

    with session_login(live_server_url, worker_hanako) as client:
        day = client.get("/api/v1/workers/me/today").json()
        stored = client.get("/api/v1/workers/me/availability").json()
    assert day["day_off"] is False
    assert stored == {"weekly": WINDOWS, "exceptions": []}  # DELETE: back to the week


SCHEMA = [{"name": "name", "label": "氏名", "kind": "text", "required": True, "max_length": 40}]


def push_to_worker(live_dir, user_id: int, event: str, **fields) -> None:
    """Send one /ws/me/ event through the live server's channel layer (its settings, its Redis)."""
    import json
    import subprocess
    import sys

    from tests.live.conftest import live_env

    code = (
        "import django, json, sys; django.setup();"
        "from koma.realtime.publish import group_send, user_group;"
        "a = json.loads(sys.argv[1]);"
        "group_send(user_group(a['user']), a['event'], **a['fields'])"
    )
    args = json.dumps({"user": user_id, "event": event, "fields": fields})
    subprocess.run([sys.executable, "-c", code, args], env=live_env(live_dir), check=True)


def test_an_offer_card_and_a_lease_warning_on_a_phone(
    live_server_url, live_dir, staff_a, worker_hanako
):
    """The offer endpoints are stubbed in the browser (GET /units/offer, POST .../decline): the
    card, its countdown and 「今回は見送る」; the lease warning is a real /ws/me/ event."""
    from datetime import timedelta

    from koma.core import clock
    from koma.core.clock import TOKYO
    from koma.workforce.availability import set_day
    from tests.helpers import claim
    from tests.live.conftest import make_live_job

    today = clock.now().astimezone(TOKYO).date()
    set_day(worker=worker_hanako, day=today, spans=[(0, 24 * 60)], today=today)
    make_live_job(staff_a, items=2, schema=SCHEMA)
    unit = claim(worker_hanako)
    password = allow_http_login(worker_hanako)
    expires = (clock.now() + timedelta(minutes=2, seconds=41)).isoformat()
    offer = {
        "offer_id": 1,
        "unit_id": 999,
        "job_id": 1,
        "job_title": "住民票の写しの入力",
        "estimated_minutes": 45,
        "expires_at": expires,
    }
    state = {"declined": False}

    def offer_route(route):
        if state["declined"]:
            route.fulfill(status=404, json={"code": "not_found", "message": "見つかりません。"})
        else:
            route.fulfill(status=200, json=offer)

    def decline_route(route):
        state["declined"] = True
        route.fulfill(status=204)

    with browser_page() as page:
        page.route("**/api/v1/units/offer", offer_route)
        page.route("**/api/v1/units/offer/decline", decline_route)
        log_in(page, live_server_url, "hanako", password)
        card = page.get_by_test_id("offer-card")
        expect(card).to_contain_text("あなたのために取り置き中のコマ")
        expect(card).to_contain_text("住民票の写しの入力・約45分")
        expect(page.get_by_test_id("offer-countdown")).to_have_text(re.compile(r"あと[0-2]:\d\d"))
        check_screen(page, "offer")
        page.get_by_test_id("offer-decline").click()
        expect(card).to_have_count(0)
        assert state["declined"]

        # The socket may still be connecting: push until the notice shows (at most ~10 s).
        lease_end = (clock.now() + timedelta(minutes=10)).isoformat()
        warning = page.get_by_test_id("lease-warning")
        for _ in range(10):
            push_to_worker(
                live_dir,
                worker_hanako.pk,
                "unit.lease_warning",
                unit_id=unit.pk,
                lease_expires_at=lease_end,
            )
            try:
                expect(warning).to_be_visible(timeout=1_000)
                break
            except AssertionError:
                continue
        expect(warning).to_contain_text("あと10分で作業時間が終わります")
        check_screen(page, "home-lease-warning")

        page.get_by_role("link", name="コマを開く").click()
        page.wait_for_url(f"**/work/units/{unit.pk}")
        expect(page.get_by_test_id("lease-warning")).to_contain_text("ここまでで交代する")
        check_screen(page, "unit-lease-warning")


def test_dated_exceptions_show_the_servers_field_errors_on_their_row(
    live_server_url, worker_hanako
):
    """Two rows for one date and hours ending before they start: the server's codes appear
    on the rows they belong to; fixed, the save stores them."""
    from datetime import timedelta

    from koma.core import clock
    from koma.core.clock import TOKYO

    tomorrow = clock.now().astimezone(TOKYO).date() + timedelta(days=1)
    later = tomorrow + timedelta(days=1)
    password = allow_http_login(worker_hanako)

    with browser_page() as page:
        log_in(page, live_server_url, "hanako", password)
        page.goto(f"{live_server_url}/work/availability")
        page.get_by_test_id("add-day-off").click()
        page.get_by_test_id("add-day-off").click()
        page.get_by_role("button", name="時間を変える日を追加").click()
        rows = page.get_by_test_id("exception")
        expect(rows).to_have_count(3)
        rows.nth(2).get_by_label("日付").fill(later.isoformat())
        rows.nth(2).get_by_label("終了").select_option("09:00")  # starts 10:00
        page.get_by_test_id("save-availability").click()

        expect(rows.nth(1)).to_contain_text("同じ日付が2回あります")
        expect(rows.nth(2)).to_contain_text("終了は開始より後の時刻にしてください")
        expect(rows.nth(0).locator(".field-error")).to_have_count(0)
        check_screen(page, "availability-errors")

        rows.nth(1).get_by_role("button", name="この日付の予定を削除").click()
        rows.nth(1).get_by_label("終了").select_option("11:30")
        page.get_by_test_id("save-availability").click()
        expect(page.get_by_text("保存しました。")).to_be_visible()

    with session_login(live_server_url, worker_hanako) as client:
        stored = client.get("/api/v1/workers/me/availability").json()
    assert stored["exceptions"] == [
        {"date": tomorrow.isoformat(), "windows": []},
        {"date": later.isoformat(), "windows": [{"start": "10:00", "end": "11:30"}]},
    ]
