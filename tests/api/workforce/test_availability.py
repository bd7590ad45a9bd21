"""Availability: the week, dated exceptions and today's window (workforce/availability.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

URL = "/api/v1/workers/me/availability"
TODAY = "/api/v1/workers/me/today"

KINDERGARTEN = {
    "weekly": [
        {"weekday": 1, "start": "10:00", "end": "12:00"},
        {"weekday": 3, "start": "10:00", "end": "12:00"},
        {"weekday": 3, "start": "20:30", "end": "22:00"},
    ],
    "exceptions": [
        {"date": "2026-12-08", "windows": []},
        {"date": "2026-12-12", "windows": [{"start": "13:00", "end": "15:15"}]},
    ],
}


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@pytest.fixture
def hanako(client_for, worker_hanako, settings):
    settings.KOMA_FIXED_NOW = _at("2026-12-02T09:00:00+09:00")  # a Wednesday
    return client_for(worker_hanako)


def test_a_new_worker_has_no_windows(client_for, operator):
    from koma.accounts.services import create_user

    # Not the worker fixtures: they declare an always-available week (tests/helpers.py).
    new = create_user(username="sakura", password=None, organization=operator, role="worker")
    response = client_for(new).get(URL)
    assert response.status_code == 200
    assert response.json() == {"weekly": [], "exceptions": []}


def test_put_replaces_the_week_and_get_returns_it(hanako):
    response = hanako.put(URL, KINDERGARTEN, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == KINDERGARTEN
    assert hanako.get(URL).json() == KINDERGARTEN
    smaller = {"weekly": [{"weekday": 0, "start": "09:00", "end": "24:00"}], "exceptions": []}
    assert hanako.put(URL, smaller, format="json").json() == smaller
    assert hanako.get(URL).json() == smaller


@pytest.mark.parametrize(
    ("body", "path", "code"),
    [
        (
            {"weekly": [{"weekday": 1, "start": "12:00", "end": "10:00"}]},
            "weekly[0].end",
            "end_not_after_start",
        ),
        (
            {"weekly": [{"weekday": 1, "start": "10:00", "end": "10:00"}]},
            "weekly[0].end",
            "end_not_after_start",
        ),
        (
            {"weekly": [{"weekday": 1, "start": "10:10", "end": "12:00"}]},
            "weekly[0].start",
            "not_quarter_hour",
        ),
        (
            {"weekly": [{"weekday": 1, "start": "10:00", "end": "25:00"}]},
            "weekly[0].end",
            "invalid_time",
        ),
        (
            {"weekly": [{"weekday": 1, "start": "24:00", "end": "24:00"}]},
            "weekly[0].start",
            "invalid_time",
        ),
        (
            {"weekly": [{"weekday": 1, "start": "10時", "end": "12:00"}]},
            "weekly[0].start",
            "invalid_time",
        ),
        (
            {"weekly": [{"weekday": 7, "start": "10:00", "end": "12:00"}]},
            "weekly[0].weekday",
            "invalid_weekday",
        ),
        (
            {"weekly": [{"weekday": True, "start": "10:00", "end": "12:00"}]},
            "weekly[0].weekday",
            "invalid_weekday",
        ),
        (
            {
                "weekly": [
                    {"weekday": 2, "start": "10:00", "end": "12:00"},
                    {"weekday": 2, "start": "11:45", "end": "13:00"},
                ]
            },
            "weekly[1]",
            "overlaps",
        ),
        (
            {
                "weekly": [
                    {"weekday": 2, "start": "10:00", "end": "14:00"},
                    {"weekday": 2, "start": "11:00", "end": "12:00"},
                    {"weekday": 2, "start": "12:30", "end": "13:00"},
                ]
            },
            "weekly[2]",
            "overlaps",
        ),
        (
            {"exceptions": [{"date": "2026-13-01", "windows": []}]},
            "exceptions[0].date",
            "invalid_date",
        ),
        (
            {"exceptions": [{"date": "2026-W50-1", "windows": []}]},
            "exceptions[0].date",
            "invalid_date",
        ),
        (
            {"exceptions": [{"date": "2026-11-01", "windows": []}]},
            "exceptions[0].date",
            "date_out_of_range",
        ),
        (
            {
                "exceptions": [
                    {"date": "2026-12-09", "windows": []},
                    {"date": "2026-12-09", "windows": []},
                ]
            },
            "exceptions[1].date",
            "duplicate_date",
        ),
        (
            {
                "exceptions": [
                    {"date": "2026-12-09", "windows": [{"start": "09:00", "end": "08:00"}]}
                ]
            },
            "exceptions[0].windows[0].end",
            "end_not_after_start",
        ),
        ({"weekly": "every day"}, "weekly", "not_a_list"),
    ],
)
def test_bad_times_are_refused_field_by_field(hanako, body, path, code):
    hanako.put(URL, KINDERGARTEN, format="json")
    response = hanako.put(URL, body, format="json")
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid_availability"
    assert code in error["fields"][path], error
    assert hanako.get(URL).json() == KINDERGARTEN  # nothing half-written


def test_every_problem_is_named_at_once(hanako):
    body = {
        "weekly": [
            {"weekday": 1, "start": "10:05", "end": "12:00"},
            {"weekday": 9, "start": "10:00", "end": "09:00"},
        ]
    }
    fields = hanako.put(URL, body, format="json").json()["fields"]
    assert set(fields) == {"weekly[0].start", "weekly[1].weekday", "weekly[1].end"}


def test_staff_and_anonymous_cannot_set_a_week(client_for, staff_a):
    assert client_for(staff_a).put(URL, KINDERGARTEN, format="json").status_code == 403
    assert client_for(None).get(URL).status_code in {401, 403}


def test_today_inside_a_window(hanako, settings):
    hanako.put(URL, KINDERGARTEN, format="json")
    settings.KOMA_FIXED_NOW = _at("2026-12-03T10:20:00+09:00")  # Thursday
    today = hanako.get(TODAY).json()
    assert today["window"] == {
        "start": "2026-12-03T10:00:00+09:00",
        "end": "2026-12-03T12:00:00+09:00",
    }
    assert today["minutes_left_in_window"] == 100
    assert today["next_window"]["start"] == "2026-12-03T20:30:00+09:00"
    assert today["day_off"] is False
    assert today["claimed_minutes_today"] == 0
    assert today["daily_cap_minutes"] == settings.KOMA_DAILY_CAP_MINUTES


def test_today_outside_a_window_names_the_next_one(hanako, settings):
    hanako.put(URL, KINDERGARTEN, format="json")
    settings.KOMA_FIXED_NOW = _at("2026-12-03T12:00:00+09:00")  # the window has just ended
    today = hanako.get(TODAY).json()
    assert today["window"] is None
    assert today["minutes_left_in_window"] == 0
    assert today["next_window"] == {
        "start": "2026-12-03T20:30:00+09:00",
        "end": "2026-12-03T22:00:00+09:00",
    }


def test_an_exception_replaces_the_week_and_an_empty_one_is_a_day_off(hanako, settings):
    hanako.put(URL, KINDERGARTEN, format="json")
    settings.KOMA_FIXED_NOW = _at("2026-12-08T10:30:00+09:00")  # Tuesday, declared a day off
    today = hanako.get(TODAY).json()
    assert today["day_off"] is True and today["window"] is None
    assert today["next_window"]["start"] == "2026-12-10T10:00:00+09:00"
    settings.KOMA_FIXED_NOW = _at("2026-12-12T13:00:00+09:00")  # Saturday, an extra window
    assert hanako.get(TODAY).json()["minutes_left_in_window"] == 135


def test_the_window_is_in_japan_time_across_midnight(hanako, settings):
    week = {
        "weekly": [
            {"weekday": 0, "start": "23:00", "end": "24:00"},
            {"weekday": 1, "start": "00:00", "end": "00:30"},
        ],
        "exceptions": [],
    }
    assert hanako.put(URL, week, format="json").status_code == 200
    # Monday 23:40 in Japan is Monday 14:40 UTC; the two windows join across midnight.
    settings.KOMA_FIXED_NOW = _at("2026-12-07T14:40:00+00:00")
    today = hanako.get(TODAY).json()
    assert today["window"] == {
        "start": "2026-12-07T23:00:00+09:00",
        "end": "2026-12-08T00:30:00+09:00",
    }
    assert today["minutes_left_in_window"] == 50
    # Sunday 23:40 UTC is already Monday 08:40 in Japan: before the window, not in Sunday's.
    settings.KOMA_FIXED_NOW = _at("2026-12-06T23:40:00+00:00")
    assert hanako.get(TODAY).json()["next_window"]["start"] == "2026-12-07T23:00:00+09:00"


def test_today_off_and_back(hanako, settings):
    hanako.put(URL, KINDERGARTEN, format="json")
    settings.KOMA_FIXED_NOW = _at("2026-12-03T10:20:00+09:00")
    response = hanako.put("/api/v1/workers/me/days/2026-12-03", {"windows": []}, format="json")
    assert response.status_code == 200
    assert {"date": "2026-12-03", "windows": []} in response.json()["exceptions"]
    assert hanako.get(TODAY).json()["day_off"] is True
    assert hanako.delete("/api/v1/workers/me/days/2026-12-03").status_code == 200
    assert hanako.get(TODAY).json()["minutes_left_in_window"] == 100


@pytest.mark.parametrize(
    ("day", "body", "field"),
    [
        ("2026-12-32", {"windows": []}, "date"),
        ("yesterday", {"windows": []}, "date"),
        ("2020-01-01", {"windows": []}, "date"),
        ("2026-12-03", {"windows": "none"}, "windows"),
        ("2026-12-03", {}, "windows"),
        ("2026-12-03", {"windows": [{"start": "11:00", "end": "10:00"}]}, "windows[0].end"),
    ],
)
def test_a_bad_day_is_refused(hanako, day, body, field):
    response = hanako.put(f"/api/v1/workers/me/days/{day}", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_availability"
    assert field in response.json()["fields"]


def test_availability_changes_are_audited(hanako, worker_hanako):
    from koma.audit.models import AuditEvent

    hanako.put(URL, KINDERGARTEN, format="json")
    event = AuditEvent.objects.get(verb="worker.availability_changed")
    assert event.object_id == worker_hanako.pk
    assert event.data == {"weekly_windows": 3, "exceptions": 2}


def test_today_reads_a_fixed_number_of_queries(hanako, django_assert_num_queries):
    hanako.put(URL, KINDERGARTEN, format="json")
    # + her profile and her level's caps (workforce/caps.py) since the caps are per worker
    with django_assert_num_queries(9):
        assert hanako.get(TODAY).status_code == 200
