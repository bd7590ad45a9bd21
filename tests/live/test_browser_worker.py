"""A worker's whole morning in headless Chromium on a 390-px phone: log in, take a unit,
key every item, hand it in (the built frontend served by the real ASGI server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.live.browser import browser_page, check_screen
from tests.live.conftest import allow_http_login, make_live_job

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]


SCHEMA = [
    {"name": "name", "label": "氏名", "kind": "text", "required": True, "max_length": 40},
    {"name": "postal_code", "label": "郵便番号", "kind": "postal", "required": True},
]


def phone_page(screenshot: Path):
    return browser_page(screenshot)


def test_a_worker_claims_keys_and_submits_on_a_phone(
    live_server_url, staff_a, worker_hanako, tmp_path
):
    job = make_live_job(staff_a, items=2, schema=SCHEMA)
    unit = job.units.get()
    items = list(unit.items.order_by("seq"))
    password = allow_http_login(worker_hanako)

    with phone_page(tmp_path / "worker.png") as page:
        key_a_unit(page, live_server_url, password, items)

    unit.refresh_from_db()
    assert unit.status == "submitted"
    assert unit.holder_id == worker_hanako.id
    values = sorted(e.values["postal_code"] for e in unit.entries.all())
    assert values == ["963-8002", "963-8601"]  # keyed full-width, stored normalised


def key_a_unit(page, live_server_url: str, password: str, items) -> None:
    page.goto(f"{live_server_url}/login")
    check_screen(page, "login")
    page.get_by_test_id("login-username").fill("hanako")
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()

    expect(page.get_by_test_id("claim-next")).to_be_visible()
    check_screen(page, "worker-day")
    page.get_by_test_id("claim-next").click()
    page.wait_for_url("**/work/units/**")
    expect(page.get_by_test_id("unit-status")).to_have_attribute("data-status", "reserved")
    check_screen(page, "unit-form")

    for n, (item, postal) in enumerate(zip(items, ["９６３－８６０１", "9638002"], strict=True)):
        page.get_by_test_id("field-name").fill(f"山田　{item.ref}")
        page.get_by_test_id("field-postal_code").fill(postal)
        page.get_by_test_id("field-postal_code").blur()
        expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")
        if n < len(items) - 1:
            page.get_by_test_id("next-item").click()

    page.get_by_test_id("submit-unit").click()
    card = page.locator('[data-testid="unit-card"]').first
    expect(card).to_be_visible()
    expect(card.get_by_test_id("unit-status")).to_have_attribute("data-status", "submitted")
    check_screen(page, "mine")


def test_staff_create_import_and_publish_with_live_progress(
    live_server_url, celery_worker_proc, staff_a, tmp_path
):
    """Municipality staff on a desktop: create a job, import a CSV, publish, and watch the
    progress bar fed by the real worker over the page's websocket."""
    password = allow_http_login(staff_a)
    csv_file = tmp_path / "items.csv"
    rows = ["ref", *[f"K{i:05d}" for i in range(1, 1201)]]
    csv_file.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))

    with phone_page(tmp_path / "staff.png") as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        frames: list[str] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))

        page.goto(f"{live_server_url}/login")
        page.get_by_test_id("login-username").fill("staff_a")
        page.get_by_test_id("login-password").fill(password)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("job-new")).to_be_visible()
        check_screen(page, "staff-jobs-desktop")
        page.get_by_test_id("job-new").click()
        check_screen(page, "job-create-desktop")
        page.get_by_test_id("job-title").fill("住民票の写し請求書 入力")
        page.get_by_test_id("job-create").click()

        page.get_by_test_id("csv-file").set_input_files(str(csv_file))
        page.get_by_test_id("csv-import").click()
        expect(page.get_by_test_id("csv-result")).to_contain_text("1200")
        check_screen(page, "import-desktop")
        page.get_by_test_id("job-publish").click()
        dialog = page.get_by_test_id("job-publish-dialog")
        expect(dialog).to_be_visible()  # publishing asks first
        expect(dialog).to_contain_text("1200件")
        check_screen(page, "publish-confirm-desktop")
        page.get_by_test_id("job-publish-dialog-confirm").click()
        expect(page.get_by_test_id("split-progress")).to_have_attribute(
            "data-state", "done", timeout=60_000
        )
        job_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])
        # The page's websocket carried the worker's progress, not only the polling fallback.
        progress_frames = [f for f in frames if "job.split_progress" in f]

    from koma.jobs.models import Job

    job = Job.objects.get(pk=job_id)
    assert job.municipality_id == staff_a.memberships.get().organization_id
    assert job.items.count() == 1200
    assert job.split_state == "done"
    assert job.units.count() > 1
    assert progress_frames, "no job.split_progress frame reached the browser"


def test_a_coordinator_sends_work_back_and_the_worker_sees_why(
    live_server_url, staff_a, worker_hanako, coordinator, tmp_path
):
    """Review in the browser: the coordinator reworks a unit with a comment; the worker's
    phone shows the comment on the unit card, and the unit is hers again."""
    from koma.units.services import save_entry, submit_unit
    from tests.helpers import claim

    job = make_live_job(staff_a, items=2, schema=SCHEMA)
    unit = claim(worker_hanako)
    for item in unit.items.all():
        values = {"name": "山田", "postal_code": "9638601"}
        save_entry(
            unit=unit, item_id=item.pk, worker=worker_hanako, values=values, now=unit.claimed_at
        )
    unit = submit_unit(unit=unit, worker=worker_hanako, now=unit.claimed_at)
    coordinator_password = allow_http_login(coordinator)
    worker_password = allow_http_login(worker_hanako)
    comment = "2件目の郵便番号をもう一度確認してください"

    with phone_page(tmp_path / "review.png") as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server_url}/login")
        page.get_by_test_id("login-username").fill("coordinator")
        page.get_by_test_id("login-password").fill(coordinator_password)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("review-queue")).to_be_visible()
        check_screen(page, "coordinator-queue-desktop")
        page.get_by_test_id("review-queue").get_by_role("link").first.click()
        # Opening the page does not start the review; the coordinator's button does.
        expect(page.get_by_test_id("review-start")).to_be_visible()
        expect(page.get_by_test_id("review-comment")).to_have_count(0)
        check_screen(page, "review-before-start-desktop")
        page.get_by_test_id("review-start").click()
        expect(page.get_by_test_id("review-comment")).to_be_visible()
        check_screen(page, "review-desktop")
        page.get_by_test_id("review-comment").fill(comment)
        page.get_by_test_id("review-rework").click()
        page.wait_for_url(f"{live_server_url}/review")  # back to the queue, with a notice
        expect(page.get_by_role("status").first).to_contain_text("検品結果を送りました")

    with phone_page(tmp_path / "worker-feedback.png") as page:
        page.goto(f"{live_server_url}/login")
        page.get_by_test_id("login-username").fill("hanako")
        page.get_by_test_id("login-password").fill(worker_password)
        page.get_by_test_id("login-submit").click()
        card = page.locator('[data-testid="unit-card"]').first
        expect(card).to_contain_text(comment)
        expect(card.get_by_test_id("unit-status")).to_have_attribute("data-status", "reserved")
        check_screen(page, "worker-feedback")

    unit.refresh_from_db()
    assert (unit.status, unit.holder_id, unit.job_id) == ("reserved", worker_hanako.id, job.id)
    assert unit.reviews.get().comment == comment
