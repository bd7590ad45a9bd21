"""Output shapes of the review API (docs/api.md)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from koma.units.serializers import UnitSummaryOut, datetime_data, summary_data


class HolderOut(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


@extend_schema_serializer(component_name="ReviewQueueItem")
class ReviewQueueItemOut(UnitSummaryOut):
    holder = HolderOut()
    submitted_at = serializers.DateTimeField()  # always set for submitted and in-review units

    def to_representation(self, instance):
        data = summary_data(instance)
        data["holder"] = {"id": instance.holder.id, "display_name": instance.holder.display_name}
        data["submitted_at"] = datetime_data(instance.submitted_at)
        return data
