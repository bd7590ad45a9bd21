import pytest

from koma.billing.models import LedgerEntry
from koma.units.models import Unit
from tests.helpers import claim, fill_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(worker_hanako, job_a):
    return fill_and_submit(claim(worker_hanako), worker_hanako)


def start(client, unit):
    return client.post(f"/api/v1/units/{unit.id}/review/start")


def decide(client, unit, **body):
    return client.post(f"/api/v1/units/{unit.id}/review", body, format="json")


def test_the_queue_lists_submitted_units(coordinator, client_for, submitted):
    queue = client_for(coordinator).get("/api/v1/reviews/queue").json()
    assert [u["id"] for u in queue] == [submitted.id]
    assert queue[0]["holder"]["display_name"] == "hanako"


def test_accepting_records_the_charge_and_the_earning(coordinator, client_for, submitted, job_a):
    client = client_for(coordinator)
    body = start(client, submitted).json()
    assert body["status"] == "in_review"
    assert body["items"][0]["entry"]["values"] == {"name": "山田　太郎"}
    response = decide(client, submitted, decision="accept")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    ledger = {e.kind: e for e in LedgerEntry.objects.filter(unit=submitted)}
    assert ledger["client_charge"].amount_yen == 3 * 60
    assert ledger["worker_earning"].amount_yen == 3 * 40
    assert ledger["worker_earning"].worker_id == submitted.holder_id
    assert decide(client, submitted, decision="accept").status_code == 200  # retry
    assert LedgerEntry.objects.filter(unit=submitted).count() == 2
    job_a.refresh_from_db()
    assert job_a.status == "completed"


def test_rework_goes_back_to_the_same_worker_with_the_comment(
    coordinator, worker_hanako, client_for, submitted
):
    client = client_for(coordinator)
    start(client, submitted)
    response = decide(client, submitted, decision="rework", comment="フリガナを確認してください")
    assert response.status_code == 200
    assert response.json()["status"] == "reserved"
    mine = client_for(worker_hanako).get("/api/v1/units/mine").json()
    assert mine[0]["last_review"]["comment"] == "フリガナを確認してください"
    assert mine[0]["last_review"]["decision"] == "rework"


def test_reject_reopens_for_others_only(
    coordinator, worker_hanako, worker_taro, client_for, submitted
):
    client = client_for(coordinator)
    start(client, submitted)
    assert decide(client, submitted, decision="reject", comment="白紙").status_code == 200
    assert client_for(worker_hanako).post("/api/v1/units/claim").status_code == 409
    taken = client_for(worker_taro).post("/api/v1/units/claim").json()
    assert taken["id"] == submitted.id
    assert taken["last_review"] is None  # the comment was about hanako's work, not his


@pytest.mark.parametrize("decision", ["rework", "reject"])
def test_rework_and_reject_need_a_comment(coordinator, client_for, submitted, decision):
    client = client_for(coordinator)
    start(client, submitted)
    response = decide(client, submitted, decision=decision, comment="  ")
    assert response.status_code == 400
    assert response.json()["code"] == "comment_required"


def test_bad_decisions_and_defects_are_400(coordinator, client_for, submitted):
    client = client_for(coordinator)
    start(client, submitted)
    assert decide(client, submitted, decision="maybe").status_code == 400
    response = decide(client, submitted, decision="accept", defects=[{"item_id": 1, "field": "x"}])
    assert response.status_code == 400
    assert Unit.objects.get(pk=submitted.id).status == "in_review"


def test_defects_are_recorded(coordinator, client_for, submitted):
    from koma.quality.models import Review

    client = client_for(coordinator)
    start(client, submitted)
    item = submitted.items.first()
    decide(
        client,
        submitted,
        decision="rework",
        comment="x",
        defects=[{"item_id": item.id, "field": "name", "kind": "typo"}],
    )
    assert Review.objects.get().defects == [{"item_id": item.id, "field": "name", "kind": "typo"}]


@pytest.mark.parametrize("persona", ["worker_hanako", "staff_a"])
def test_only_coordinators_review(request, client_for, submitted, persona):
    client = client_for(request.getfixturevalue(persona))
    assert start(client, submitted).status_code == 403
    assert client.get("/api/v1/reviews/queue").status_code == 403


def test_reading_a_submitted_unit_does_not_start_its_review(coordinator, client_for, submitted):
    """The review page may load a unit freely; only the coordinator's POST starts the review."""
    client = client_for(coordinator)
    detail = client.get(f"/api/v1/units/{submitted.id}")
    assert detail.status_code == 200
    assert detail.json()["status"] == "submitted"
    assert [i["entry"]["values"]["name"] for i in detail.json()["items"]] == ["山田　太郎"] * 3
    submitted.refresh_from_db()
    assert submitted.status == Unit.Status.SUBMITTED and submitted.reviewer_id is None


def test_a_hundred_item_unit_loads_for_review_in_a_fixed_number_of_queries(
    staff_a, worker_hanako, coordinator, client_for, django_assert_max_num_queries
):
    from tests.helpers import make_job

    make_job(staff_a, items=105)
    unit = fill_and_submit(claim(worker_hanako), worker_hanako)
    assert unit.item_count >= 100
    client = client_for(coordinator)
    client.get("/api/v1/reviews/queue")  # warm the session and role caches
    with django_assert_max_num_queries(10):
        response = client.get(f"/api/v1/units/{unit.id}")
    assert len(response.json()["items"]) == unit.item_count


def test_the_queue_answers_the_oldest_fifty(
    settings, staff_a, worker_hanako, coordinator, client_for
):
    """A coordinator works oldest first; the page gets the first REVIEW_QUEUE_LIMIT units."""
    from koma.jobs.services import publish_job, split_job
    from koma.quality.api import REVIEW_QUEUE_LIMIT
    from tests.helpers import claim, fill_and_submit, make_job

    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    settings.KOMA_DAILY_CAP_MINUTES = 1_000_000
    settings.KOMA_WEEKLY_CAP_MINUTES = 1_000_000
    worker_hanako.worker_profile.daily_cap_units = 1000
    worker_hanako.worker_profile.save()
    job = make_job(staff_a, items=REVIEW_QUEUE_LIMIT + 3, publish=False)
    job.items.update(estimated_seconds=6000)  # one item a unit
    publish_job(job=job, by=staff_a)
    split_job(job_id=job.pk)
    submitted = []
    for _ in range(REVIEW_QUEUE_LIMIT + 3):
        unit = claim(worker_hanako)
        fill_and_submit(unit, worker_hanako)
        submitted.append(unit.pk)

    queue = client_for(coordinator).get("/api/v1/reviews/queue").json()
    assert [row["id"] for row in queue] == submitted[:REVIEW_QUEUE_LIMIT]
