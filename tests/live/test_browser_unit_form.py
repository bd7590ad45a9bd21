"""The unit form in headless Chromium on a 390-px phone: autosave while typing, a reload in the
middle of a field keeps the text, "required" only after a field is left, the lease countdown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.live.browser import browser_page, check_screen, log_in
from tests.live.conftest import allow_http_login, make_live_job

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]

SCHEMA = [
    {"name": "name", "label": "氏名", "kind": "text", "required": True, "max_length": 40},
    {"name": "postal_code", "label": "郵便番号", "kind": "postal", "required": True},
]


def test_typing_autosaves_and_a_reload_mid_field_keeps_the_text(
    live_server_url, staff_a, worker_hanako, tmp_path
):
    job = make_live_job(staff_a, items=2, schema=SCHEMA)
    unit = job.units.get()
    first, second = list(unit.items.order_by("seq"))
    password = allow_http_login(worker_hanako)

    with browser_page(tmp_path / "unit-form.png") as page:
        log_in(page, live_server_url, "hanako", password)
        page.get_by_test_id("claim-next").click()
        page.wait_for_url("**/work/units/**")
        expect(page.get_by_test_id("lease-left")).to_contain_text("残り")

        # Typing, then a reload before the autosave fires: the text is still there.
        name = page.get_by_test_id("field-name")
        name.click()
        page.keyboard.type("山田花子")
        page.reload()
        expect(page.get_by_test_id("field-name")).to_have_value("山田花子")
        # The restored text is sent by itself; no required error on the untouched postal code.
        expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")
        expect(page.locator(".field-error")).to_have_count(0)
        check_screen(page, "unit-form-typing")

        # The image stays in view while keying: scrolled down to the last field, still on top.
        # (a short screen, so that the page has room to scroll past the image's own place).
        page.set_viewport_size({"width": 390, "height": 480})
        pane = page.get_by_test_id("item-image")
        natural = pane.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
        page.evaluate(f"window.scrollTo(0, {natural} + 150)")
        page.wait_for_function(f"window.scrollY > {natural}")
        assert 0 <= pane.evaluate("el => el.getBoundingClientRect().top") < 2
        page.set_viewport_size({"width": 390, "height": 844})

        # Leaving the empty postal code shows its "required" error, on that field only.
        page.get_by_test_id("field-postal_code").click()
        page.keyboard.press("Tab")
        expect(page.locator(".field-error")).to_have_count(1)
        expect(page.locator(".field-invalid [data-testid=field-postal_code]")).to_be_visible()

        # Typing without leaving the field autosaves after a pause.
        # Keyed at a person's pace (about 2.4 s): the form's time in use reaches the entry.
        page.get_by_test_id("field-postal_code").click()
        page.keyboard.type("9638601", delay=400)
        expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")
        expect(page.locator(".field-error")).to_have_count(0)

        page.get_by_test_id("next-item").click()
        page.get_by_test_id("field-name").click()
        page.keyboard.type("佐藤")
        expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")

    entries = {e.item_id: e.values for e in unit.entries.all()}
    assert entries[first.pk] == {"name": "山田花子", "postal_code": "963-8601"}
    # Entry.active_seconds: the seconds of keying were counted and sent with the autosaves.
    assert unit.entries.get(item_id=first.pk).active_seconds >= 2
    assert entries[second.pk]["name"] == "佐藤"
