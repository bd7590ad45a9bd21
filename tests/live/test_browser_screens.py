"""Every staff and coordinator screen on a 390-px phone: axe-core, no English on a Japanese
screen, no sideways scroll, and a screenshot in var/screens/ for a person to look at (the
worker's screens are covered the same way in test_browser_worker.py)."""

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


def test_staff_and_coordinator_screens_on_a_phone(
    live_server_url, staff_a, worker_hanako, coordinator, tmp_path
):
    from koma.units.services import save_entry, submit_unit
    from tests.helpers import claim, make_job

    make_live_job(staff_a, items=2, schema=SCHEMA)
    draft = make_job(staff_a, items=3, schema=SCHEMA, publish=False)
    unit = claim(worker_hanako)
    for item in unit.items.all():
        values = {"name": "山田", "postal_code": "9638601"}
        save_entry(
            unit=unit, item_id=item.pk, worker=worker_hanako, values=values, now=unit.claimed_at
        )
    unit = submit_unit(unit=unit, worker=worker_hanako, now=unit.claimed_at)
    staff_password = allow_http_login(staff_a)
    coordinator_password = allow_http_login(coordinator)

    with browser_page(tmp_path / "staff.png") as page:
        log_in(page, live_server_url, "staff_a", staff_password)
        expect(page.get_by_test_id("job-new")).to_be_visible()
        check_screen(page, "staff-jobs")
        page.get_by_test_id("job-new").click()
        expect(page.get_by_test_id("job-title")).to_be_visible()
        check_screen(page, "job-create")
        page.goto(f"{live_server_url}/municipality/jobs/{draft.pk}")
        expect(page.get_by_test_id("csv-file")).to_be_attached()
        check_screen(page, "import")
        page.get_by_test_id("job-publish").click()
        expect(page.get_by_test_id("job-publish-dialog")).to_be_visible()
        check_screen(page, "publish-confirm")

    with browser_page(tmp_path / "coordinator.png") as page:
        log_in(page, live_server_url, "coordinator", coordinator_password)
        expect(page.get_by_test_id("review-queue")).to_be_visible()
        check_screen(page, "coordinator-queue")
        page.goto(f"{live_server_url}/review/units/{unit.pk}")
        page.get_by_test_id("review-start").click()
        expect(page.get_by_test_id("review-comment")).to_be_visible()
        check_screen(page, "review")
