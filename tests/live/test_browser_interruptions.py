"""一時停止 and ここまでで交代する on the unit form, in headless Chromium on a 390-px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from koma.units.models import Entry, Unit
from tests.live.browser import browser_page, check_screen, log_in
from tests.live.conftest import allow_http_login, make_live_job

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]

SCHEMA = [{"name": "name", "label": "氏名", "kind": "text", "required": True, "max_length": 40}]


def test_pause_then_hand_off_keeps_the_finished_item(
    live_server_url, staff_a, worker_hanako, tmp_path
):
    job = make_live_job(staff_a, items=2, schema=SCHEMA)
    unit = job.units.get()
    first = unit.items.order_by("seq").first()
    password = allow_http_login(worker_hanako)

    with browser_page(tmp_path / "interruptions.png") as page:
        log_in(page, live_server_url, "hanako", password)
        page.get_by_test_id("claim-next").click()
        page.wait_for_url("**/work/units/**")
        page.get_by_test_id("field-name").click()
        page.keyboard.type("山田花子")

        page.get_by_test_id("pause-unit").click()  # saves what was typed, then pauses
        expect(page.get_by_test_id("pause-unit")).to_have_text("再開する")
        expect(page.get_by_text("一時停止中です")).to_be_visible()
        check_screen(page, "unit-paused")
        page.get_by_test_id("pause-unit").click()
        expect(page.get_by_test_id("pause-unit")).to_have_text("一時停止")

        page.get_by_test_id("handoff-unit").click()
        expect(page.get_by_role("alertdialog")).to_contain_text("ここまでで交代しますか")
        check_screen(page, "unit-handoff-confirm")
        page.get_by_test_id("handoff-yes").click()
        page.wait_for_url(lambda url: "/work/units/" not in url)
        expect(page.get_by_text("交代しました")).to_be_visible()

    unit.refresh_from_db()
    assert (unit.status, unit.holder_id, unit.paused_at) == (Unit.Status.OPEN, None, None)
    assert Entry.objects.get(item=first, worker=worker_hanako).values == {"name": "山田花子"}
