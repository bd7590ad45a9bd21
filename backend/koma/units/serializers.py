"""Output shapes shared by the unit and review APIs (docs/api.md)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from koma.billing.pay import worker_pay_yen
from koma.jobs import fields
from koma.quality.models import Review
from koma.units.models import Unit


@extend_schema_serializer(component_name="Field")
class FieldOut(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    kind = serializers.ChoiceField(fields.KIND_NAMES)
    required = serializers.BooleanField()  # type: ignore[assignment]  # like Field.required
    max_length = serializers.IntegerField(required=False)
    choices = serializers.ListField(child=serializers.CharField(), required=False)
    may_hold_mynumber = serializers.BooleanField(required=False)


class LastReviewOut(serializers.Serializer):
    decision = serializers.ChoiceField(Review.Decision.choices)
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


# Lists render up to 50 summaries per request; DRF's generic field walk (a bound field, a
# source lookup and a to_representation call per field) was most of their time. The summary
# shapes are therefore built directly (`summary_data`), with these field instances for the
# dates so the formatting is DRF's; tests/api/units/test_list_shapes.py checks that the
# result equals the generic walk for units in every state.
_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()


def datetime_data(value):
    return None if value is None else _DATETIME.to_representation(value)


def last_review_of(unit) -> Review | None:
    """The latest decision about the current holder's work: a worker who takes over a rejected
    unit must not see what was said to the one before. Reads `review_list` when the query
    prefetched it (`koma.units.selectors.with_summary`); an open unit has no holder, so none."""
    if unit.holder_id is None:
        return None
    reviews = getattr(unit, "review_list", None)
    if reviews is None:
        reviews = unit.reviews.filter(worker_id=unit.holder_id).order_by("-created_at")[:1]
    mine = [r for r in reviews if r.worker_id == unit.holder_id]
    return mine[0] if mine else None


def summary_data(unit) -> dict:
    """UnitSummaryOut's shape of one unit (the unit with its job loaded)."""
    review = last_review_of(unit)
    return {
        "id": unit.id,
        "job_id": unit.job_id,
        "job_title": unit.job.title,
        "seq": unit.seq,
        "status": unit.status,
        "item_count": unit.item_count,
        "estimated_minutes": unit.estimated_minutes,
        "deadline": _DATE.to_representation(unit.deadline),
        "lease_expires_at": datetime_data(unit.lease_expires_at),
        "paused_at": datetime_data(unit.paused_at),
        "worker_rate_yen": worker_pay_yen(unit),
        "last_review": None
        if review is None
        else {
            "decision": review.decision,
            "comment": review.comment,
            "created_at": datetime_data(review.created_at),
        },
        "version": unit.version,
    }


@extend_schema_serializer(component_name="UnitSummary")
class UnitSummaryOut(serializers.Serializer):
    """The declared fields are the schema; `to_representation` builds them (summary_data)."""

    id = serializers.IntegerField()
    job_id = serializers.IntegerField()
    job_title = serializers.CharField(source="job.title")
    seq = serializers.IntegerField()
    status = serializers.ChoiceField(Unit.Status.choices)
    item_count = serializers.IntegerField()
    estimated_minutes = serializers.IntegerField()
    deadline = serializers.DateField()
    lease_expires_at = serializers.DateTimeField(allow_null=True)
    paused_at = serializers.DateTimeField(allow_null=True)
    worker_rate_yen = serializers.SerializerMethodField()
    last_review = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def to_representation(self, instance):
        return summary_data(instance)

    def get_worker_rate_yen(self, unit) -> int:
        return worker_pay_yen(unit)

    @extend_schema_field(LastReviewOut(allow_null=True))
    def get_last_review(self, unit):
        review = last_review_of(unit)
        return None if review is None else LastReviewOut(review).data


@extend_schema_serializer(component_name="Entry")
class EntryOut(serializers.Serializer):
    values = serializers.DictField(child=serializers.CharField(allow_blank=True))
    errors = serializers.DictField(child=serializers.CharField())  # type: ignore[assignment]
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()


@extend_schema_serializer(component_name="EntryResult")
class EntryResultOut(EntryOut):
    """What an autosave answers: the stored (normalised) values and the field error codes."""

    active_seconds = serializers.IntegerField()


@extend_schema_serializer(component_name="UnitItem")
class UnitItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    seq = serializers.IntegerField()
    ref = serializers.CharField()
    image_url = serializers.SerializerMethodField()
    prefill = serializers.SerializerMethodField()
    entry = EntryOut(allow_null=True)
    # The entry shown was completed by a worker who held the unit before (a hand-off).
    entry_from_earlier_holder = serializers.SerializerMethodField()

    def get_entry_from_earlier_holder(self, item) -> bool:
        entry = getattr(item, "entry", None)
        return entry is not None and entry.worker_id != self.context.get("holder_id")

    @extend_schema_field(serializers.DictField(child=serializers.CharField(allow_blank=True)))
    def get_prefill(self, item) -> dict:
        return fields.prefill_for_workers(item.prefill)  # 個人番号 masked; staff export is raw

    def get_image_url(self, item) -> str | None:
        return f"/api/v1/items/{item.pk}/image" if item.image else None


@extend_schema_serializer(component_name="UnitDetail")
class UnitDetailOut(UnitSummaryOut):
    field_schema = FieldOut(many=True, source="job.field_schema")
    instructions = serializers.CharField(source="job.instructions")
    items = UnitItemOut(many=True, source="items_list")

    to_representation = serializers.Serializer.to_representation  # the generic walk


def unit_detail_data(unit) -> dict:
    from koma.units.selectors import unit_items_with_entries

    unit.items_list = unit_items_with_entries(unit=unit)
    return UnitDetailOut(unit, context={"holder_id": unit.holder_id}).data


@extend_schema_serializer(component_name="WorkHistoryRow")
class WorkHistoryRowOut(serializers.Serializer):
    """One unit in a worker's record of their own work: no resident's data."""

    unit_id = serializers.IntegerField()
    job_id = serializers.IntegerField()
    job_title = serializers.CharField()
    seq = serializers.IntegerField()
    item_count = serializers.IntegerField()
    credited_items = serializers.IntegerField()
    shared = serializers.BooleanField()
    status = serializers.ChoiceField(["submitted", "in_review", "accepted", "rejected"])
    pay_yen = serializers.IntegerField()
    at = serializers.DateTimeField(allow_null=True)
