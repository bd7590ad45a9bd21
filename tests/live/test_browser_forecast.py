"""The job forecast on a 390-px phone, as municipality staff see it: the status badge, the
shortfall in words, the chart and its table (koma/jobs/forecast.py, architecture A24).

The server runs on the real clock, so the job's deadline is three days after today in Japan
and hanako declares one hour a day: fewer hours than the work, whatever the day."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.live.browser import browser_page, check_screen, log_in
from tests.live.conftest import allow_http_login, make_live_job

pytestmark = [pytest.mark.live, pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def test_staff_see_the_forecast_and_the_shortfall_on_a_phone(
    live_server_url, staff_a, worker_hanako, coordinator, tmp_path
):
    from koma.core.clock import TOKYO
    from koma.quality.services import review_unit
    from koma.workforce.availability import Schedule, replace_availability
    from tests.helpers import claim, to_review

    today = timezone.now().astimezone(TOKYO).date()
    job = make_live_job(staff_a, items=600, deadline=today + timedelta(days=3))
    unit = to_review(claim(worker_hanako), worker_hanako, coordinator)  # she works any hour
    review_unit(unit=unit, reviewer=coordinator, decision="accept", now=timezone.now())
    # Then she declares one hour a day: too little for the job, so the forecast is late.
    replace_availability(
        worker=worker_hanako,
        schedule=Schedule(weekly={d: [(10 * 60, 11 * 60)] for d in range(7)}),
        today=today,
    )
    password = allow_http_login(staff_a)

    with browser_page(tmp_path / "forecast.png") as page:
        log_in(page, live_server_url, "staff_a", password)
        page.goto(f"{live_server_url}/municipality/jobs/{job.pk}")
        card = page.get_by_test_id("job-forecast")
        expect(card).to_be_visible()
        expect(card.get_by_test_id("forecast-status")).to_have_text("遅れ")
        expect(card.get_by_test_id("forecast-sentence")).to_have_text(
            re.compile(r"^あと\d+時間分の人手が不足しています$")
        )
        expect(card.get_by_test_id("forecast-remaining")).to_have_text(
            re.compile(r"^約[\d.,]+時間$")
        )
        expect(card.get_by_test_id("forecast-chart").locator("svg[role=img]")).to_be_visible()
        check_screen(page, "job-forecast")
        card.get_by_text("日ごとの数値を表で見る").click()
        expect(card.get_by_test_id("forecast-table")).to_be_visible()
        check_screen(page, "job-forecast-table")
        page.screenshot(path="/tmp/kt-forecast-job-forecast.png", full_page=True)
