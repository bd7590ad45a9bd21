"""Helpers that build states through the real services (docs/architecture.md A15)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.utils import timezone

SCHEMA = [
    {"name": "name", "label": "氏名", "kind": "text", "required": True, "max_length": 40},
    {"name": "kana", "label": "フリガナ", "kind": "kana", "required": False},
    {"name": "birth_date", "label": "生年月日", "kind": "date", "required": False},
    {"name": "postal_code", "label": "郵便番号", "kind": "postal", "required": False},
    {"name": "count", "label": "世帯人数", "kind": "number", "required": False},
    {
        "name": "kind",
        "label": "区分",
        "kind": "choice",
        "required": False,
        "choices": ["転入", "転出"],
    },
]


def always_available(*workers):
    """Declare every hour of every day as each worker's window (docs/architecture.md A23), so
    claims are not refused as `outside_window` in tests that are not about the window.
    Returns the first worker."""
    from koma.workforce.models import WeeklyWindow

    WeeklyWindow.objects.filter(worker__in=workers).delete()
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(worker=worker, weekday=d, start_minute=0, end_minute=24 * 60)
        for worker in workers
        for d in range(7)
    )
    return workers[0]


def password_for(username: str) -> str:
    """A persona's password: long and uncommon enough for AUTH_PASSWORD_VALIDATORS."""
    return f"{username}-Koma-pass-2026"


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def make_job(
    staff,
    *,
    items: int = 3,
    schema=None,
    publish: bool = True,
    split: bool = True,
    client_rate_yen: int = 60,
    worker_rate_yen: int = 40,
    deadline: date | None = None,
    unit_target_minutes: int = 100,
):
    """A job made through the services: created, imported, published and split."""
    from koma.jobs.services import create_job, import_items, publish_job, split_job

    job = create_job(
        by=staff,
        title="テスト案件",
        field_schema=schema or SCHEMA,
        deadline=deadline or date.today() + timedelta(days=7),
        client_rate_yen=client_rate_yen,
        worker_rate_yen=worker_rate_yen,
        unit_target_minutes=unit_target_minutes,
    )
    if items:
        rows = [["ref"], *[[f"R{i:04d}"] for i in range(1, items + 1)]]
        import_items(job=job, by=staff, data=csv_bytes(rows))
    if publish:
        publish_job(job=job, by=staff)
        if split:
            split_job(job_id=job.pk)
    job.refresh_from_db()
    return job


def claim(worker):
    from koma.units.services import claim_unit

    unit, _ = claim_unit(worker=worker, now=timezone.now())
    return unit


def fill(unit, worker):
    from koma.units.services import save_entry

    for item in unit.items.all():
        save_entry(
            unit=unit,
            item_id=item.pk,
            worker=worker,
            values={"name": "山田　太郎"},
            now=timezone.now(),
        )
    unit.refresh_from_db()
    return unit


def fill_and_submit(unit, worker):
    from koma.units.services import submit_unit

    return submit_unit(unit=fill(unit, worker), worker=worker, now=timezone.now())


def to_review(unit, worker, coordinator):
    from koma.quality.services import start_review

    unit = fill_and_submit(unit, worker)
    return start_review(unit=unit, reviewer=coordinator, now=timezone.now())
