"""A large job made fast: bulk-created units and items loaded with COPY.

``make_big_job(items=100_000)`` gives one published, split job of ``items`` items packed
``items_per_unit`` to a unit, its units spread over every state (accepted, in review,
submitted, reserved, the rest open) and held by ``workers`` workers, with their reviews (an
acceptance per accepted unit, a rework per reserved one), plus ``small_jobs``
ten-item jobs so the jobs list has more than one row. Rows are written directly (this is a
load fixture, not a code path under test); the counters still come from the triggers, which
run on these inserts like on any other.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

SHARE = {"accepted": 0.10, "in_review": 0.05, "submitted": 0.15}


@dataclass
class BigJob:
    job_id: int
    staff_token: str
    coordinator_token: str
    worker_tokens: list[str]
    units: int
    items: int


def _copy_items(job_id: int, first_seq: int, unit_ids: list[int], per_unit: int, n: int) -> None:
    buffer = io.StringIO()
    for i in range(n):
        seq = first_seq + i
        unit_id = unit_ids[i // per_unit] if unit_ids else r"\N"
        buffer.write(f"{job_id}\t{seq}\tR{seq:07d}\t{{}}\t\t27\t{unit_id}\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            "COPY jobs_item (job_id, seq, ref, prefill, image, estimated_seconds, unit_id) "
            "FROM STDIN"
        ) as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)


def make_big_job(
    *, items: int = 100_000, items_per_unit: int = 100, workers: int = 16, small_jobs: int = 30
) -> BigJob:
    from koma.accounts.models import Membership, Organization, User
    from koma.accounts.services import issue_token
    from koma.jobs.models import Job
    from koma.quality.models import Review
    from koma.units.models import Unit
    from koma.workforce.models import CoordinatorAssignment, WeeklyWindow, WorkerProfile

    now = timezone.now()
    deadline = date.today() + timedelta(days=30)
    schema = [  # a resident-registration form like the demo's, with its instructions
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
    instructions = "氏名は戸籍の表記のとおり入力してください。読めない文字は■にします。" * 30
    with transaction.atomic():
        operator = Organization.objects.create(name="Koma運営", kind="operator")
        city = Organization.objects.create(name="郡山市", kind="municipality", lg_code="072036")
        staff = User.objects.create(username="bench_staff", display_name="職員")
        coordinator = User.objects.create(username="bench_coord", display_name="調整")
        Membership.objects.create(user=staff, organization=city, role="staff")
        Membership.objects.create(user=coordinator, organization=operator, role="coordinator")
        CoordinatorAssignment.objects.create(coordinator=coordinator, municipality=city)
        people = User.objects.bulk_create(
            [User(username=f"bench{i:02d}", display_name=f"作業者{i}") for i in range(workers)]
        )
        Membership.objects.bulk_create(
            [Membership(user=w, organization=operator, role="worker") for w in people]
        )
        WorkerProfile.objects.bulk_create(
            [WorkerProfile(user=w, level=1, daily_cap_units=1_000_000) for w in people]
        )
        # Every hour of every day is a window (docs/architecture.md A23): claims fit any time.
        WeeklyWindow.objects.bulk_create(
            [
                WeeklyWindow(worker=w, weekday=d, start_minute=0, end_minute=24 * 60)
                for w in people
                for d in range(7)
            ]
        )

        def new_job(title: str, n: int, status: str) -> Job:
            return Job.objects.create(
                municipality=city,
                created_by=staff,
                title=title,
                field_schema=schema,
                instructions=instructions,
                deadline=deadline,
                client_rate_yen=60,
                worker_rate_yen=40,
                status=status,
                published_at=now,
                split_state=Job.SplitState.DONE,
                split_done=n,
                split_total=n,
            )

        for k in range(small_jobs):
            small = new_job(f"小さな案件{k}", 10, Job.Status.DRAFT)
            _copy_items(small.pk, 1, [], 10, 10)

        job = new_job("大きな案件", items, Job.Status.IN_PROGRESS)
        n_units = -(-items // items_per_unit)
        bounds, start = {}, 0
        for state, share in SHARE.items():
            bounds[state] = (start, start + int(n_units * share))
            start += int(n_units * share)
        bounds["reserved"] = (start, start + workers)

        def state_of(index: int) -> dict:
            for state, (lo, hi) in bounds.items():
                if lo <= index < hi:
                    holder = people[index % workers]
                    fields = {"status": state, "holder": holder, "claimed_at": now}
                    if state == "reserved":
                        fields["lease_expires_at"] = now + timedelta(hours=2)
                    else:
                        fields["submitted_at"] = now - timedelta(minutes=n_units - index)
                    if state == "in_review":
                        fields["reviewer"] = coordinator
                    if state == "accepted":
                        fields["accepted_at"] = now
                    return fields
            return {}

        units = Unit.objects.bulk_create(
            [
                Unit(
                    job=job,
                    seq=i + 1,
                    item_count=min(items_per_unit, items - i * items_per_unit),
                    estimated_minutes=45,
                    deadline=deadline,
                    **state_of(i),
                )
                for i in range(n_units)
            ],
            batch_size=2000,
        )
        _copy_items(job.pk, 1, [u.pk for u in units], items_per_unit, items)
        # Decisions as the queue leaves them: every accepted unit has its acceptance, and the
        # reserved units are back from a rework (what "mine" shows as the last review).
        Review.objects.bulk_create(
            [
                Review(
                    unit=u,
                    reviewer=coordinator,
                    worker=u.holder,
                    decision="accept" if u.status == "accepted" else "rework",
                    comment="" if u.status == "accepted" else "生年月日を確認してください。",
                )
                for u in units
                if u.status in ("accepted", "reserved")
            ],
            batch_size=2000,
        )
        tokens = [issue_token(user=u) for u in (staff, coordinator, *people)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return BigJob(
        job_id=job.pk,
        staff_token=tokens[0],
        coordinator_token=tokens[1],
        worker_tokens=tokens[2:],
        units=n_units,
        items=items,
    )
