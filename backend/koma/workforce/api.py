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
from koma.core.roles import IsCoordinator, IsWorker
from koma.workforce import availability, caps, services, teams
from koma.workforce.models import WorkerProfile
from koma.workforce.today import worker_today

MAX_WORKERS_LISTED = 500


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
    weekly_cap_minutes = serializers.IntegerField()
    weekly_cap_minutes_left = serializers.IntegerField()
    claimed_minutes_this_week = serializers.IntegerField()
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


# --- coordinators: levels' caps, workers, job teams (docs/architecture.md A26, A27) -------------


class LevelCapsRowIO(serializers.Serializer):
    level = serializers.IntegerField(min_value=0, max_value=3)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # a field named label
    daily_minutes = serializers.IntegerField(min_value=0)
    weekly_minutes = serializers.IntegerField(min_value=0)


@extend_schema_serializer(component_name="LevelCaps")
class LevelCapsIO(serializers.Serializer):
    levels = LevelCapsRowIO(many=True)


class LevelCapsApi(APIView):
    """Every level's minutes per Japanese day and week; PUT sets the levels given."""

    permission_classes = [IsCoordinator]

    @extend_schema(responses=LevelCapsIO)
    def get(self, request: Request) -> Response:
        return Response({"levels": caps.levels_table()})

    @extend_schema(request=LevelCapsIO, responses=LevelCapsIO)
    def put(self, request: Request) -> Response:
        rows = caps.parse_levels(request.data)
        return Response({"levels": caps.set_level_caps(by=_user(request), rows=rows)})


@extend_schema_serializer(component_name="WorkerSummary")
class WorkerOut(serializers.Serializer):
    id = serializers.IntegerField(source="user_id")
    display_name = serializers.CharField(source="user.__str__")
    level = serializers.IntegerField()
    daily_cap_minutes = serializers.IntegerField(allow_null=True)
    weekly_cap_minutes = serializers.IntegerField(allow_null=True)


class WorkerPatchIn(serializers.Serializer):
    level = serializers.IntegerField(required=False, min_value=0, max_value=3)
    daily_cap_minutes = serializers.IntegerField(required=False, allow_null=True)
    weekly_cap_minutes = serializers.IntegerField(required=False, allow_null=True)


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


class WorkerListApi(APIView):
    """Active workers (for team and caps screens), by name."""

    permission_classes = [IsCoordinator]

    @extend_schema(responses=WorkerOut(many=True))
    def get(self, request: Request) -> Response:
        profiles = (
            WorkerProfile.objects.filter(user__is_active=True)
            .select_related("user")
            .order_by("user__display_name", "user_id")[:MAX_WORKERS_LISTED]
        )
        return Response(WorkerOut(profiles, many=True).data)


class WorkerDetailApi(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(request=WorkerPatchIn, responses=WorkerOut)
    def patch(self, request: Request, worker_id: int) -> Response:
        change = services.parse_profile_change(request.data)
        profile = services.update_worker_profile(
            worker_id=worker_id, change=change, by=_user(request)
        )
        return Response(WorkerOut(profile).data)


class TeamMemberIO(serializers.Serializer):
    worker_id = serializers.IntegerField()
    display_name = serializers.CharField(read_only=True)
    level = serializers.IntegerField(read_only=True)
    leader = serializers.BooleanField(default=False)


@extend_schema_serializer(component_name="JobTeam")
class TeamIO(serializers.Serializer):
    job_id = serializers.IntegerField(read_only=True)
    members = TeamMemberIO(many=True)


class JobTeamApi(APIView):
    """A job's team: coordinators of the job's municipality. PUT replaces the whole team."""

    permission_classes = [IsCoordinator]

    @extend_schema(responses=TeamIO)
    def get(self, request: Request, job_id: int) -> Response:
        job = teams.get_job_for_coordinator(user=_user(request), job_id=job_id)
        return Response({"job_id": job.pk, "members": teams.team_of(job=job)})

    @extend_schema(request=TeamIO, responses=TeamIO)
    def put(self, request: Request, job_id: int) -> Response:
        job = teams.get_job_for_coordinator(user=_user(request), job_id=job_id)
        members = teams.parse_team(request.data)
        return Response(
            {
                "job_id": job.pk,
                "members": teams.replace_team(job=job, members=members, by=_user(request)),
            }
        )


@extend_schema_serializer(component_name="WorkerJob")
class WorkerJobOut(serializers.Serializer):
    job_id = serializers.IntegerField()
    title = serializers.CharField()
    deadline = serializers.DateField()
    status = serializers.CharField()
    team_member = serializers.BooleanField()
    leader = serializers.BooleanField()
    claimable_units = serializers.IntegerField()
    held_units = serializers.IntegerField()
    submitted_units = serializers.IntegerField()
    accepted_units = serializers.IntegerField()


class MyJobsApi(APIView):
    """The worker's active jobs: her teams' and those with work she may claim (at most 5)."""

    permission_classes = [IsWorker]

    @extend_schema(responses=WorkerJobOut(many=True))
    def get(self, request: Request) -> Response:
        rows = teams.jobs_for_worker(worker=_worker(request), now=clock.now())
        return Response(WorkerJobOut(rows, many=True).data)
