"""Job endpoints for municipality staff (and reads for coordinators)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from koma.audit.services import record_read
from koma.core.errors import Conflict, Invalid, TooLarge, Unsupported
from koma.core.roles import IsStaff, IsStaffOrCoordinator
from koma.jobs import exports, selectors, services
from koma.jobs.models import Job
from koma.jp.errors import WarekiError
from koma.jp.wareki import parse_japanese_date
from koma.units.serializers import FieldOut

ACCEPTED_CSV_TYPES = {
    "text/csv",
    "application/csv",
    "application/vnd.ms-excel",
    "text/plain",
    "application/octet-stream",
    "",
}


class SplitOut(serializers.Serializer):
    state = serializers.ChoiceField(Job.SplitState.choices, source="split_state")
    done = serializers.IntegerField(source="split_done")
    total = serializers.IntegerField(source="split_total")


@extend_schema_field(FieldOut(many=True))
class StoredFieldSchema(serializers.ReadOnlyField):
    """The job's form as stored: services.create_job keeps it in FieldOut's shape already
    (fields.validate_schema), so the list does not rebuild every field of every job."""


_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()
# What JobOut shows, and nothing else: the list reads these columns only.
JOB_FIELDS = (
    *("id", "title", "task_type", "status", "field_schema", "instructions", "deadline"),
    *("client_rate_yen", "worker_rate_yen", "split_state", "split_done", "split_total"),
    *("version", "created_at", "unit_target_minutes", "calibrated_seconds_per_item"),
)


def job_data(job: Job) -> dict:
    """JobOut's shape of one job annotated by selectors.with_counts. Built directly: the jobs
    list renders up to 500 of these and DRF's generic walk of 17 fields each was most of its
    time; tests/api/units/test_list_shapes.py checks it equals the generic walk."""
    return {
        "id": job.id,
        "title": job.title,
        "task_type": job.task_type,
        "status": job.status,
        "field_schema": job.field_schema,
        "instructions": job.instructions,
        "deadline": _DATE.to_representation(job.deadline),
        "client_rate_yen": job.client_rate_yen,
        "worker_rate_yen": job.worker_rate_yen,
        "unit_target_minutes": job.unit_target_minutes,
        "calibrated_seconds_per_item": job.calibrated_seconds_per_item,
        "item_count": job.item_count,  # type: ignore[attr-defined]  # with_counts
        "unit_count": job.unit_count,  # type: ignore[attr-defined]  # with_counts
        "split": {"state": job.split_state, "done": job.split_done, "total": job.split_total},
        "version": job.version,
        "created_at": _DATETIME.to_representation(job.created_at),
    }


@extend_schema_serializer(component_name="Job")
class JobOut(serializers.Serializer):
    """The declared fields are the schema; `to_representation` builds them (job_data)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    task_type = serializers.ChoiceField(Job.TaskType.choices)
    status = serializers.ChoiceField(Job.Status.choices)
    field_schema = StoredFieldSchema()
    instructions = serializers.CharField()
    deadline = serializers.DateField()
    client_rate_yen = serializers.IntegerField()
    worker_rate_yen = serializers.IntegerField()
    unit_target_minutes = serializers.IntegerField()
    # jobs/calibration.py: median active seconds per accepted item; null until enough entries.
    calibrated_seconds_per_item = serializers.FloatField(allow_null=True)
    item_count = serializers.IntegerField()
    unit_count = serializers.IntegerField()
    split = SplitOut(source="*")
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()

    def to_representation(self, instance):
        return job_data(instance)


def _job_data(job: Job) -> dict:
    job = selectors.with_counts(Job.objects.filter(pk=job.pk)).get()
    return JobOut(job).data


class FieldIn(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    label = serializers.CharField(max_length=100)  # type: ignore[assignment]  # like Field.label
    kind = serializers.CharField(max_length=20)
    required = serializers.BooleanField(default=False)  # type: ignore[assignment]  # like Field.required
    max_length = serializers.IntegerField(required=False)
    choices = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    may_hold_mynumber = serializers.BooleanField(required=False)


class JapaneseDateField(serializers.DateField):
    """A date as staff type it: 2024-04-01, 2024/4/1, 2024年4月1日, 令和6年4月1日, R6.4.1
    (koma.jp.wareki.parse_japanese_date, docs/domain.md §2.2). Answers ISO 8601."""

    default_error_messages = {"not_a_date": "not_a_date"}

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                return parse_japanese_date(value)
            except WarekiError:
                self.fail("not_a_date")
        return super().to_internal_value(value)


@extend_schema_serializer(component_name="JobCreate")
class JobCreateIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    field_schema = FieldIn(many=True, allow_empty=False, max_length=50)  # type: ignore[call-arg]  # ListSerializer kwargs
    instructions = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    deadline = JapaneseDateField()
    client_rate_yen = serializers.IntegerField(min_value=0, max_value=10_000_000)
    worker_rate_yen = serializers.IntegerField(min_value=0, max_value=10_000_000)
    # 15..120, checked by services.check_unit_target (its own error code, not DRF's).
    unit_target_minutes = serializers.IntegerField(required=False)


class JobListCreateApi(APIView):
    def get_permissions(self):
        return [IsStaff()] if self.request.method == "POST" else [IsStaffOrCoordinator()]

    @extend_schema(responses=JobOut(many=True))
    def get(self, request):
        jobs = selectors.with_counts(selectors.jobs_visible_to(user=request.user)).order_by(
            "-created_at"
        )
        return Response([job_data(job) for job in jobs.only(*JOB_FIELDS)[:500]])

    @extend_schema(request=JobCreateIn, responses={201: JobOut})
    def post(self, request):
        data = JobCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.create_job(by=request.user, **data.validated_data)
        return Response(_job_data(job), status=201)


class JobDetailApi(APIView):
    def get_permissions(self):
        return [IsStaffOrCoordinator()] if self.request.method == "GET" else [IsStaff()]

    @extend_schema(responses=JobOut)
    def get(self, request, job_id: int):
        job = selectors.get_job_for_viewer(user=request.user, job_id=job_id, counted=True)
        return Response(job_data(job))

    @extend_schema(request=JobCreateIn(partial=True), responses=JobOut)
    def patch(self, request, job_id: int):
        job = selectors.get_job_for_staff(user=request.user, job_id=job_id)
        data = JobCreateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        job = services.update_job(job=job, by=request.user, changes=data.validated_data)
        return Response(_job_data(job))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, job_id: int):
        job = selectors.get_job_for_staff(user=request.user, job_id=job_id)
        services.delete_job(job=job, by=request.user)
        return Response(status=204)


@extend_schema_serializer(component_name="ImportResult")
class ImportOut(serializers.Serializer):
    imported = serializers.IntegerField()
    encoding = serializers.CharField()


class JobImportApi(APIView):
    permission_classes = [IsStaff]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: ImportOut},
    )
    def post(self, request, job_id: int):
        job = selectors.get_job_for_staff(user=request.user, job_id=job_id)
        upload = request.FILES.get("file")
        if upload is None:
            raise Invalid("file_required", fields={"file": ["required"]})
        if upload.size > settings.KOMA_MAX_IMPORT_BYTES:
            raise TooLarge("file_too_large")
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt")) or upload.content_type not in ACCEPTED_CSV_TYPES:
            raise Unsupported("unsupported_file")
        imported, encoding = services.import_items(job=job, by=request.user, data=upload.read())
        return Response({"imported": imported, "encoding": encoding}, status=201)


class JobPublishApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=None, responses={202: JobOut})
    def post(self, request, job_id: int):
        job = selectors.get_job_for_staff(user=request.user, job_id=job_id)
        job = services.publish_job(job=job, by=request.user)
        return Response(_job_data(job), status=202)


class UnitCountsOut(serializers.Serializer):
    open = serializers.IntegerField()
    reserved = serializers.IntegerField()
    submitted = serializers.IntegerField()
    in_review = serializers.IntegerField()
    accepted = serializers.IntegerField()


class SplitProgressOut(serializers.Serializer):
    state = serializers.ChoiceField(Job.SplitState.choices)
    done = serializers.IntegerField()
    total = serializers.IntegerField()


@extend_schema_serializer(component_name="ForecastDay")
class ForecastDayOut(serializers.Serializer):
    date = serializers.DateField()
    done_minutes = serializers.IntegerField(allow_null=True)
    needed_minutes = serializers.IntegerField(allow_null=True)
    planned_minutes = serializers.IntegerField(allow_null=True)


@extend_schema_serializer(component_name="Forecast")
class ForecastOut(serializers.Serializer):
    """koma.jobs.forecast.forecast_job (docs/architecture.md A24)."""

    status = serializers.ChoiceField(["on_track", "at_risk", "late"])
    remaining_hours = serializers.FloatField()
    available_hours = serializers.FloatField()
    shortfall_hours = serializers.FloatField()
    expected_finish = serializers.DateField(allow_null=True)
    remaining_minutes = serializers.IntegerField()
    available_minutes = serializers.IntegerField()
    shortfall_minutes = serializers.IntegerField()
    awaiting_review_minutes = serializers.IntegerField()
    workers = serializers.IntegerField()
    deadline = serializers.DateField()
    days = ForecastDayOut(many=True)


@extend_schema_serializer(component_name="Progress")
class ProgressOut(serializers.Serializer):
    job_id = serializers.IntegerField()
    status = serializers.ChoiceField(Job.Status.choices)
    units = UnitCountsOut()
    unit_total = serializers.IntegerField()
    items_total = serializers.IntegerField()
    items_accepted = serializers.IntegerField()
    split = SplitProgressOut()
    forecast = ForecastOut(allow_null=True)


class JobProgressApi(APIView):
    permission_classes = [IsStaffOrCoordinator]

    @extend_schema(responses=ProgressOut)
    def get(self, request, job_id: int):
        job = selectors.get_job_for_viewer(user=request.user, job_id=job_id)
        return Response(ProgressOut(selectors.job_progress(job=job)).data)


class JobExportApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=list(exports.FORMATS), default="csv")],
        responses={
            (200, "text/csv"): bytes,
            (200, exports.XLSX_TYPE): bytes,
            (200, "application/json"): dict,
        },
    )
    def get(self, request, job_id: int):
        job = selectors.get_job_for_staff(user=request.user, job_id=job_id)
        fmt = request.query_params.get("format", exports.DEFAULT_FORMAT)
        if fmt not in exports.FORMATS:
            raise Invalid("invalid", fields={"format": ["unsupported_format"]})
        header, rows = services.export_rows(job=job)
        if not rows:
            raise Conflict("job_has_no_accepted_units")
        record_read(actor=request.user, verb="job.export", obj=job, rows=len(rows))
        try:
            file = exports.render(fmt, job_id=job.pk, header=header, rows=rows)
        except exports.UnencodableCell as exc:
            raise Conflict(
                "EXPORT_NOT_SHIFT_JIS",
                fields={"line": exc.line, "column": exc.column, "char": f"U+{ord(exc.char):04X}"},
            ) from None
        response = HttpResponse(file.content, content_type=file.content_type)
        response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
        response["Cache-Control"] = "no-store"  # personal data: no browser or proxy copy
        return response
