"""Create the demo organisations, people and a 200-item form-entry job. Safe to run twice."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from koma.accounts.models import Organization, Role, User
from koma.accounts.services import create_organization, create_user
from koma.core.clock import TOKYO
from koma.demo import DEMO_PASSWORD, DEMO_WEEKS, LOGINS
from koma.demo.forms import SCHEMA, make_records, render_form
from koma.jobs.services import create_job, import_items, publish_job, split_job
from koma.workforce.availability import parse_availability, replace_availability
from koma.workforce.services import assign_coordinator

DEMO_ITEMS = 200


class Command(BaseCommand):
    help = "Load demo data (郡山市, a coordinator, three workers, a 200-item job)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=DEMO_ITEMS)

    def handle(self, *args, items: int, **options):
        if not settings.KOMA_DEMO:
            # The demo accounts share a published password: never outside demo mode.
            raise CommandError("seed_demo runs only in demo mode (KOMA_DEMO=1, set by `make run`)")
        if Organization.objects.filter(lg_code="072036").exists():
            _assign_demo_coordinator()  # a demo database seeded before assignments existed
            self.stdout.write("demo data already present")
            return
        with transaction.atomic():
            operator = create_organization(name="Koma運営事務局", kind=Organization.Kind.OPERATOR)
            city = create_organization(
                name="郡山市", kind=Organization.Kind.MUNICIPALITY, lg_code="072036"
            )
            admin = create_user(
                username="admin",
                password=None,
                organization=operator,
                role=Role.ADMIN,
                display_name="運営 管理者",
            )
            User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
            coordinator = create_user(
                username="coordinator",
                password=None,
                organization=operator,
                role=Role.COORDINATOR,
                display_name="品質 管理子",
            )
            assign_coordinator(coordinator=coordinator, municipality=city)
            staff = create_user(
                username="koriyama",
                password=None,
                organization=city,
                role=Role.STAFF,
                display_name="郡山市 市民課",
            )
            for username, name in [
                ("hanako", "山田 花子"),
                ("taro", "佐藤 太郎"),
                ("yuki", "鈴木 由紀"),
            ]:
                worker = create_user(
                    username=username,
                    password=None,
                    organization=operator,
                    role=Role.WORKER,
                    display_name=name,
                )
                _declare_demo_week(worker)
            job = create_job(
                by=staff,
                title="住所異動届の入力（令和8年11月受付分）",
                field_schema=SCHEMA,
                deadline=(timezone.localdate() + timedelta(days=14)),
                client_rate_yen=60,
                worker_rate_yen=40,
                instructions=(
                    "画像のとおりに入力してください。生年月日は和暦のまま（例: 昭和50年4月1日）"
                    "入力できます。読めない文字は〓を入力してください。"
                ),
            )
            records = make_records(items)
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(["ref"])
            writer.writerows([[r.ref] for r in records])
            import_items(job=job, by=staff, data=buffer.getvalue().encode("utf-8"))
            for item, record in zip(job.items.order_by("seq"), records, strict=True):
                relative = f"jobs/{job.pk}/{record.ref}.png"
                render_form(record, settings.MEDIA_ROOT / relative)
                item.image = relative
                item.save(update_fields=["image"])
            publish_job(job=job, by=staff)
            # Demo mode only: the short published password skips the validators on purpose.
            # Hashed once (a PBKDF2 hash takes a good part of a second): the password is
            # published, so one salt for all the demo accounts gives nothing away.
            User.objects.filter(username__in=[login[1] for login in LOGINS]).update(
                password=make_password(DEMO_PASSWORD)
            )
        # Split right away so the demo is clickable even before the worker picks the task
        # up; the queued task then finds nothing left to pack.
        units = split_job(job_id=job.pk)
        self.stdout.write(f"demo data created: job {job.pk} with {items} items in {units} units")


def _assign_demo_coordinator() -> None:
    coordinator = User.objects.filter(username="coordinator").first()
    if coordinator is not None:
        city = Organization.objects.get(lg_code="072036")
        assign_coordinator(coordinator=coordinator, municipality=city)


def _declare_demo_week(worker: User) -> None:
    today = timezone.now().astimezone(TOKYO).date()
    week = {
        "weekly": [
            {"weekday": d, "start": start, "end": end}
            for d, start, end in DEMO_WEEKS[worker.username]
        ]
    }
    replace_availability(worker=worker, schedule=parse_availability(week, today=today), today=today)
