"""Output shapes of the review API (docs/api.md)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from koma.units.serializers import UnitSummaryOut


class HolderOut(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


@extend_schema_serializer(component_name="ReviewQueueItem")
class ReviewQueueItemOut(UnitSummaryOut):
    holder = HolderOut()
    submitted_at = serializers.DateTimeField()  # always set for submitted and in-review units
