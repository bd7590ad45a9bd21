"""Unit endpoints for workers and coordinators: parse, authorise, one service, serialise."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from koma.audit.services import record_read
from koma.core import clock
from koma.core.errors import Invalid, NotFound
from koma.core.roles import IsWorker
from koma.jobs import fields
from koma.units import offers, selectors, services
from koma.units.models import Unit
from koma.units.serializers import (
    EntryResultOut,
    UnitDetailOut,
    UnitSummaryOut,
    WorkHistoryRowOut,
    unit_detail_data,
)
from koma.workforce.api import WindowOut
from koma.workforce.models import WorkerProfile

MAX_CLAIM_KEY = 64


def _summary(unit) -> dict:
    return UnitSummaryOut(unit).data


def _minutes(raw: object) -> int | None:
    """The minutes the worker says she has (`?minutes=` or `{"minutes": N}`), or None."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str) and raw.isdigit():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise Invalid("invalid", fields={"minutes": ["not_an_integer"]})
    if not 1 <= raw <= selectors.MAX_GIVEN_MINUTES:
        raise Invalid("invalid", fields={"minutes": ["out_of_range"]})
    return raw


@extend_schema_serializer(component_name="AvailableUnits")
class AvailableOut(serializers.Serializer):
    count = serializers.IntegerField()
    estimated_minutes_next = serializers.IntegerField(allow_null=True)
    # What the list was fitted to (units/selectors.py claim_fit): the current window (None:
    # outside every window, nothing is listed), the minutes left in it, the minutes given,
    # the daily cap left and the least of them.
    window = WindowOut(allow_null=True)
    window_minutes_left = serializers.IntegerField()
    minutes = serializers.IntegerField(allow_null=True)
    daily_minutes_left = serializers.IntegerField()
    fit_minutes = serializers.IntegerField()
    results = UnitSummaryOut(many=True)


class UnitAvailableApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(
        responses=AvailableOut,
        parameters=[OpenApiParameter("minutes", int, description="the minutes I have now")],
    )
    def get(self, request):
        minutes = _minutes(request.query_params.get("minutes"))
        now = clock.now()
        profile = WorkerProfile.objects.filter(user=request.user).first()
        fit = None
        qs = Unit.objects.none()
        if profile is not None:
            budget = selectors.claim_budget(worker=request.user, profile=profile, now=now)
            fit = selectors.claim_fit(worker=request.user, now=now, budget=budget, minutes=minutes)
            qs = selectors.claimable_units(
                worker=request.user, now=now, profile=profile, budget=budget, fit=fit
            )
        first, count = selectors.available_page(qs)
        return Response(
            AvailableOut(
                {
                    "count": count,
                    "estimated_minutes_next": first[0].estimated_minutes if first else None,
                    "window": fit.window.as_dict() if fit and fit.window else None,
                    "window_minutes_left": fit.window_minutes_left if fit else 0,
                    "minutes": minutes,
                    "daily_minutes_left": fit.daily_minutes_left if fit else 0,
                    "fit_minutes": fit.fit_minutes if fit else 0,
                    "results": first,
                }
            ).data
        )


class UnitMineApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(responses=UnitSummaryOut(many=True))
    def get(self, request):
        return Response(
            UnitSummaryOut(selectors.units_held_by(worker=request.user), many=True).data
        )


class UnitHistoryApi(APIView):
    """The worker's own record: units handed in, accepted or rejected, with pay."""

    permission_classes = [IsWorker]

    @extend_schema(responses=WorkHistoryRowOut(many=True))
    def get(self, request):
        return Response(
            WorkHistoryRowOut(selectors.work_history_for(worker=request.user), many=True).data
        )


def _claim_key(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > MAX_CLAIM_KEY:
        raise Invalid("invalid", fields={"Idempotency-Key": ["too_long"]})
    return key


@extend_schema_serializer(component_name="ClaimIn")
class ClaimIn(serializers.Serializer):
    minutes = serializers.IntegerField(
        required=False, min_value=1, max_value=selectors.MAX_GIVEN_MINUTES
    )


def _claim_minutes(request) -> int | None:
    data = request.data if isinstance(request.data, dict) else {}
    return _minutes(data.get("minutes"))


class UnitClaimNextApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(
        operation_id="units_claim_next",
        request=ClaimIn,
        responses={200: UnitDetailOut, 201: UnitDetailOut},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
    )
    def post(self, request):
        unit, created = services.claim_unit(
            worker=request.user,
            now=clock.now(),
            claim_key=_claim_key(request),
            minutes=_claim_minutes(request),
        )
        return Response(unit_detail_data(unit), status=201 if created else 200)


class UnitClaimApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(request=ClaimIn, responses={200: UnitDetailOut, 201: UnitDetailOut})
    def post(self, request, unit_id: int):
        unit, created = services.claim_unit(
            worker=request.user,
            now=clock.now(),
            unit_id=unit_id,
            claim_key=_claim_key(request),
            minutes=_claim_minutes(request),
        )
        return Response(unit_detail_data(unit), status=201 if created else 200)


class UnitDetailApi(APIView):
    @extend_schema(responses=UnitDetailOut)
    def get(self, request, unit_id: int):
        unit = selectors.get_unit_for_viewer(user=request.user, unit_id=unit_id)
        record_read(actor=request.user, verb="unit.read", obj=unit)
        return Response(unit_detail_data(unit))


@extend_schema_serializer(component_name="EntryPut")
class EntryPutIn(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=fields.MAX_VALUE_LENGTH)
    )
    active_seconds_delta = serializers.IntegerField(
        required=False, min_value=0, max_value=services.MAX_ACTIVE_SECONDS_DELTA
    )
    base_version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="The entry version the client last saw (0: none); see entry_version_conflict.",
    )


class EntrySaveApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(request=EntryPutIn, responses=EntryResultOut)
    def put(self, request, unit_id: int, item_id: int):
        unit = selectors.get_unit_for_holder(user=request.user, unit_id=unit_id)
        data = request.data if isinstance(request.data, dict) else {}
        entry = services.save_entry(
            unit=unit,
            item_id=item_id,
            worker=request.user,
            values=data.get("values"),
            active_seconds_delta=data.get("active_seconds_delta", 0),
            base_version=data.get("base_version"),
            now=clock.now(),
        )
        return Response(EntryResultOut(entry).data)


class UnitHeartbeatApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(request=None, responses=UnitSummaryOut)
    def post(self, request, unit_id: int):
        unit = selectors.get_unit_for_holder(user=request.user, unit_id=unit_id)
        return Response(
            _summary(services.heartbeat_unit(unit=unit, worker=request.user, now=clock.now()))
        )


class UnitSubmitApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(request=None, responses=UnitSummaryOut)
    def post(self, request, unit_id: int):
        unit = selectors.get_unit_for_holder(user=request.user, unit_id=unit_id)
        return Response(
            _summary(services.submit_unit(unit=unit, worker=request.user, now=clock.now()))
        )


class UnitReleaseApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(request=None, responses=UnitSummaryOut)
    def post(self, request, unit_id: int):
        unit = selectors.get_unit_for_releaser(user=request.user, unit_id=unit_id)
        return Response(_summary(services.release_unit(unit=unit, worker=request.user)))


class UnitPauseApi(APIView):
    """Step away: keep the unit until the lease ends; heartbeats stop extending it."""

    permission_classes = [IsWorker]

    @extend_schema(request=None, responses=UnitSummaryOut)
    def post(self, request, unit_id: int):
        unit = selectors.get_unit_for_holder(user=request.user, unit_id=unit_id)
        return Response(
            _summary(services.pause_unit(unit=unit, worker=request.user, now=clock.now()))
        )


class UnitResumeApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(request=None, responses=UnitSummaryOut)
    def post(self, request, unit_id: int):
        unit = selectors.get_unit_for_holder(user=request.user, unit_id=unit_id)
        return Response(
            _summary(services.resume_unit(unit=unit, worker=request.user, now=clock.now()))
        )


class UnitHandoffApi(APIView):
    """Give the unit back mid-way; complete items stay keyed and credited to the worker."""

    permission_classes = [IsWorker]

    @extend_schema(request=None, responses=UnitSummaryOut)
    def post(self, request, unit_id: int):
        unit = selectors.get_unit_for_releaser(user=request.user, unit_id=unit_id)
        return Response(_summary(services.hand_off_unit(unit=unit, worker=request.user)))


class ItemImageApi(APIView):
    """A source image, only to the worker holding its unit, a coordinator or the job's staff."""

    @extend_schema(responses={(200, "image/png"): bytes})
    def get(self, request, item_id: int):
        item = selectors.get_item_for_viewer(user=request.user, item_id=item_id)
        path = (settings.MEDIA_ROOT / item.image).resolve()
        if (
            not item.image
            or not path.is_file()
            or settings.MEDIA_ROOT.resolve() not in path.parents
        ):
            raise NotFound("not_found")
        record_read(actor=request.user, verb="item_image.read", obj=item)
        response = FileResponse(path.open("rb"), content_type="image/png")
        response["Cache-Control"] = "no-store"
        return response


@extend_schema_serializer(component_name="UnitOffer")
class OfferOut(serializers.Serializer):
    offer_id = serializers.IntegerField(source="pk")
    unit_id = serializers.IntegerField()
    job_id = serializers.IntegerField(source="unit.job_id")
    job_title = serializers.CharField(source="unit.job.title")
    estimated_minutes = serializers.IntegerField(source="unit.estimated_minutes")
    offered_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class UnitOfferApi(APIView):
    """The worker's pending offer (docs/architecture.md A26): 200 with it, 204 when none."""

    permission_classes = [IsWorker]

    @extend_schema(responses={200: OfferOut, 204: None})
    def get(self, request):
        offer = offers.pending_offer_for(worker=request.user, now=clock.now())
        if offer is None:
            return Response(status=204)
        return Response(OfferOut(offer).data)


class UnitOfferDeclineApi(APIView):
    """No thanks: the unit goes to the next worker now. 404 `offer_not_found` without one."""

    permission_classes = [IsWorker]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        offers.decline_offer(worker=request.user, now=clock.now())
        return Response(status=204)
