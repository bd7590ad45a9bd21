"""A worker's own availability and day: parse, one service, answer (docs/architecture.md A23)."""

from __future__ import annotations

from datetime import date

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from koma.accounts.models import User
from koma.core import clock
from koma.core.clock import TOKYO
from koma.core.errors import Invalid
from koma.core.roles import IsWorker
from koma.workforce import availability
from koma.workforce.today import worker_today


class SpanIO(serializers.Serializer):
    start = serializers.CharField(help_text='"HH:MM", Japan time, on a 15-minute grid')
    end = serializers.CharField(help_text='"HH:MM" after start; "24:00" ends the day')


class WeeklyWindowIO(SpanIO):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="Monday = 0")


class ExceptionIO(serializers.Serializer):
    date = serializers.DateField()
    windows = SpanIO(many=True, help_text="no windows: a day off")


@extend_schema_serializer(component_name="Availability")
class AvailabilityIO(serializers.Serializer):
    weekly = WeeklyWindowIO(many=True)
    exceptions = ExceptionIO(many=True)


class DayIn(serializers.Serializer):
    windows = SpanIO(many=True, help_text="[] for a day off")


class WindowOut(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


@extend_schema_serializer(component_name="WorkerToday")
class TodayOut(serializers.Serializer):
    now = serializers.DateTimeField()
    day_off = serializers.BooleanField()
    has_availability = serializers.BooleanField()
    window = WindowOut(allow_null=True)
    next_window = WindowOut(allow_null=True)
    minutes_left_in_window = serializers.IntegerField()
    claimed_minutes_today = serializers.IntegerField()
    worked_minutes_today = serializers.IntegerField()
    daily_cap_minutes = serializers.IntegerField()
    daily_cap_minutes_left = serializers.IntegerField()
    week_accepted_hours = serializers.FloatField()


def _worker(request: Request) -> User:
    assert isinstance(request.user, User)  # IsWorker let only a logged-in worker through
    return request.user


def _today() -> date:
    return clock.now().astimezone(TOKYO).date()


class AvailabilityApi(APIView):
    """The week (weekly windows) and dated exceptions, replaced as a whole by PUT."""

    permission_classes = [IsWorker]

    @extend_schema(responses=AvailabilityIO)
    def get(self, request: Request) -> Response:
        schedule = availability.schedule_for(_worker(request), around=_today())
        return Response(availability.schedule_as_dict(schedule))

    @extend_schema(request=AvailabilityIO, responses=AvailabilityIO)
    def put(self, request: Request) -> Response:
        today = _today()
        schedule = availability.parse_availability(request.data, today=today)
        schedule = availability.replace_availability(
            worker=_worker(request), schedule=schedule, today=today
        )
        return Response(availability.schedule_as_dict(schedule))


class DayApi(APIView):
    """One date's windows: PUT `{"windows": []}` for "今日は休み", DELETE to follow the week."""

    permission_classes = [IsWorker]

    def _day(self, value: str) -> date:
        day = availability.parse_date(value)
        if day is None:
            raise Invalid("invalid_availability", fields={"date": ["invalid_date"]})
        return day

    @extend_schema(request=DayIn, responses=AvailabilityIO)
    def put(self, request: Request, day: str) -> Response:
        on = self._day(day)
        body = request.data if isinstance(request.data, dict) else {}
        spans = availability.parse_windows(body.get("windows"), "windows")
        schedule = availability.set_day(
            worker=_worker(request), day=on, spans=spans, today=_today()
        )
        return Response(availability.schedule_as_dict(schedule))

    @extend_schema(request=None, responses=AvailabilityIO)
    def delete(self, request: Request, day: str) -> Response:
        on = self._day(day)
        schedule = availability.set_day(worker=_worker(request), day=on, spans=None, today=_today())
        return Response(availability.schedule_as_dict(schedule))


class TodayApi(APIView):
    permission_classes = [IsWorker]

    @extend_schema(responses=TodayOut)
    def get(self, request: Request) -> Response:
        return Response(TodayOut(worker_today(worker=_worker(request), now=clock.now())).data)
