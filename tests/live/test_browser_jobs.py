"""Municipality staff in headless Chromium: CSV import errors in Japanese with their line, and a
draft edited then deleted before publishing (behind a confirmation dialog)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.live.browser import DESKTOP, browser_page, check_screen, log_in
from tests.live.conftest import allow_http_login

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def test_csv_errors_show_the_line_and_a_japanese_message(live_server_url, staff_a, tmp_path):
    from tests.helpers import make_job

    job = make_job(staff_a, items=0, publish=False)
    password = allow_http_login(staff_a)
    bad = tmp_path / "bad.csv"
    bad.write_bytes("ref,name\r\nK1,山田\r\n,佐藤\r\nK1,鈴木\r\n".encode("cp932"))

    with browser_page(tmp_path / "import.png") as page:
        log_in(page, live_server_url, "staff_a", password)
        page.goto(f"{live_server_url}/municipality/jobs/{job.pk}")
        page.get_by_test_id("csv-file").set_input_files(str(bad))
        page.get_by_test_id("csv-import").click()
        result = page.get_by_test_id("csv-result")
        expect(result.locator("li[data-code=ref_missing]")).to_have_text(
            "3行目：「ref」（整理番号）が空です。番号を入れてください。"
        )
        expect(result.locator("li[data-code=ref_duplicate]")).to_contain_text("4行目：")
        expect(result.locator("li[data-code=ref_duplicate]")).to_contain_text("2行目と重複")
        check_screen(page, "import-errors")


def test_a_draft_is_edited_then_deleted(live_server_url, staff_a, tmp_path):
    from koma.jobs.models import Job
    from tests.helpers import make_job

    job = make_job(staff_a, items=0, publish=False)
    password = allow_http_login(staff_a)

    with browser_page(tmp_path / "draft.png", viewport=DESKTOP) as page:
        log_in(page, live_server_url, "staff_a", password)
        page.goto(f"{live_server_url}/municipality/jobs/{job.pk}")
        page.get_by_test_id("job-edit").click()
        page.get_by_test_id("job-title").fill("転入届 入力（修正）")
        check_screen(page, "job-edit-desktop")
        page.get_by_test_id("job-create").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("転入届 入力（修正）")

        page.get_by_test_id("job-delete").click()
        expect(page.get_by_test_id("job-delete-dialog")).to_be_visible()
        check_screen(page, "job-delete-confirm-desktop")
        page.get_by_test_id("job-delete-dialog-confirm").click()
        page.wait_for_url(f"{live_server_url}/municipality")

    assert not Job.objects.filter(pk=job.pk).exists()
