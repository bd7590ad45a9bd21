"""Review endpoints for coordinators: parse, authorise, one service, serialise."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from koma.core.roles import IsCoordinator
from koma.quality import selectors
from koma.quality.serializers import ReviewQueueItemOut
from koma.quality.services import review_unit, start_review
from koma.units.serializers import UnitDetailOut, UnitSummaryOut, unit_detail_data


def _summary(unit) -> dict:
    return UnitSummaryOut(unit).data


# A coordinator works the queue oldest first, one unit at a time: the first 50 are enough to
# choose from, and serialising more is what made the queue slow with a 100,000-item job.
REVIEW_QUEUE_LIMIT = 50


class ReviewQueueApi(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(responses=ReviewQueueItemOut(many=True))
    def get(self, request):
        units = selectors.review_queue(reviewer=request.user)[:REVIEW_QUEUE_LIMIT]
        return Response(ReviewQueueItemOut(units, many=True).data)


class ReviewStartApi(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(request=None, responses=UnitDetailOut)
    def post(self, request, unit_id: int):
        unit = selectors.get_unit_for_reviewer(user=request.user, unit_id=unit_id)
        unit = start_review(unit=unit, reviewer=request.user, now=timezone.now())
        return Response(unit_detail_data(unit))


class DefectIn(serializers.Serializer):
    item_id = serializers.IntegerField()
    field = serializers.CharField(max_length=40)
    kind = serializers.CharField(max_length=40, required=False)


@extend_schema_serializer(component_name="ReviewDecision")
class ReviewDecisionIn(serializers.Serializer):
    decision = serializers.ChoiceField(["accept", "rework", "reject"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    defects = DefectIn(many=True, required=False)


class ReviewDecideApi(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(request=ReviewDecisionIn, responses=UnitSummaryOut)
    def post(self, request, unit_id: int):
        data = ReviewDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        unit = selectors.get_unit_for_reviewer(user=request.user, unit_id=unit_id)
        unit = review_unit(
            unit=unit,
            reviewer=request.user,
            now=timezone.now(),
            decision=data.validated_data["decision"],
            comment=data.validated_data.get("comment", ""),
            defects=data.validated_data.get("defects"),
        )
        return Response(_summary(unit))
