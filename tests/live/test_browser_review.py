"""The coordinator's review page at 1366×768: nothing starts until the button is pressed, one
item at a time with the keyboard, the decision panel never covers the values."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.live.browser import DESKTOP, browser_page, check_screen, log_in
from tests.live.conftest import allow_http_login, make_live_job, session_login

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]

SCHEMA = [
    {"name": "name", "label": "氏名", "kind": "text", "required": True, "max_length": 40},
    {"name": "postal_code", "label": "郵便番号", "kind": "postal", "required": True},
]

OVERLAP = """([a, b]) => {
  const r = document.querySelector(a).getBoundingClientRect();
  const s = document.querySelector(b).getBoundingClientRect();
  return !(r.bottom <= s.top || s.bottom <= r.top || r.right <= s.left || s.right <= r.left);
}"""


def test_review_starts_on_the_button_and_walks_items_by_keyboard(
    live_server_url, staff_a, worker_hanako, coordinator, tmp_path
):
    from koma.units.services import save_entry, submit_unit
    from tests.helpers import claim

    make_live_job(staff_a, items=3, schema=SCHEMA)
    unit = claim(worker_hanako)
    for n, item in enumerate(unit.items.order_by("seq"), start=1):
        values = {"name": f"山田{n}", "postal_code": "9638601"}
        save_entry(
            unit=unit, item_id=item.pk, worker=worker_hanako, values=values, now=unit.claimed_at
        )
    unit = submit_unit(unit=unit, worker=worker_hanako, now=unit.claimed_at)
    password = allow_http_login(coordinator)

    with browser_page(tmp_path / "review.png", viewport=DESKTOP) as page:
        log_in(page, live_server_url, "coordinator", password)
        page.goto(f"{live_server_url}/review/units/{unit.pk}")
        expect(page.get_by_test_id("review-start")).to_be_visible()
        expect(page.get_by_test_id("shortcut-help")).to_contain_text("J")
        # Opening the page started nothing: the server still says "submitted" after a reload.
        page.reload()
        expect(page.get_by_test_id("unit-status")).to_have_attribute("data-status", "submitted")

        page.get_by_test_id("review-start").click()
        expect(page.get_by_test_id("unit-status")).to_have_attribute("data-status", "in_review")
        values = page.get_by_test_id("review-values")
        expect(values).to_contain_text("山田1")
        page.keyboard.press("j")
        expect(values).to_contain_text("山田2")
        page.keyboard.press("ArrowRight")
        expect(values).to_contain_text("山田3")
        page.keyboard.press("k")
        expect(values).to_contain_text("山田2")
        page.keyboard.press("a")  # checked, and on to the next item
        expect(values).to_contain_text("山田3")
        expect(page.get_by_test_id("review-position")).to_contain_text("3 / 3")

        # The decision panel sits below the values, never over them.
        assert not page.evaluate(OVERLAP, ["[data-testid=review-values]", ".decision-panel"])
        check_screen(page, "review-keyboard-desktop")
        page.get_by_test_id("review-accept").click()
        page.wait_for_url(f"{live_server_url}/review")

    unit.refresh_from_db()
    assert unit.status == "accepted"


def test_the_worker_still_sees_an_accepted_unit_with_its_pay(
    live_server_url, staff_a, worker_hanako, coordinator, tmp_path
):
    """'Mine': accepted units stay on the worker's page, status and pay, no residents' data."""
    from django.utils import timezone

    from koma.quality.services import review_unit, start_review
    from koma.units.services import save_entry, submit_unit
    from tests.helpers import claim

    make_live_job(staff_a, items=3, schema=SCHEMA)
    unit = claim(worker_hanako)
    for item in unit.items.all():
        values = {"name": "山田", "postal_code": "9638601"}
        save_entry(
            unit=unit, item_id=item.pk, worker=worker_hanako, values=values, now=unit.claimed_at
        )
    unit = submit_unit(unit=unit, worker=worker_hanako, now=unit.claimed_at)
    unit = start_review(unit=unit, reviewer=coordinator, now=timezone.now())
    review_unit(unit=unit, reviewer=coordinator, decision="accept", now=timezone.now())

    with session_login(live_server_url, worker_hanako) as client:
        history = client.get("/api/v1/units/history")
    assert history.status_code == 200, history.text
    worker_password = allow_http_login(worker_hanako)
    with browser_page(tmp_path / "mine.png") as page:
        log_in(page, live_server_url, "hanako", worker_password)
        card = page.get_by_test_id("handed-in").get_by_test_id("unit-card")
        expect(card.get_by_test_id("unit-status")).to_have_attribute("data-status", "accepted")
        expect(card).to_contain_text("3件")
        expect(card).to_contain_text("円")
        expect(card).not_to_contain_text("山田")
        check_screen(page, "mine-accepted")
