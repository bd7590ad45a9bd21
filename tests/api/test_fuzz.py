"""Property-based fuzzing of every API operation from the OpenAPI schema (schemathesis 4.x).

The project rule under test: whatever a client sends — malformed, oversized, unauthorised or
conflicting — every endpoint answers below 500; every error is JSON with a string `code` and
a string `message`; and 2xx bodies conform to the documented response schema.

`test_every_operation_answers_below_500_with_a_coded_error`:
- The schema is fetched once from the Django app in-process (`/api/schema/` over WSGI), and
  `@schema.parametrize()` makes one pytest test per operation. Each runs schemathesis'
  deterministic coverage cases (boundary values, missing/extra fields, wrong types, undeclared
  methods) plus `MAX_EXAMPLES` random cases in positive and negative generation modes.
- Each test builds a small world through the real services (`world`): a draft job, a job of
  another municipality, a unit held by the worker, one submitted, one in review, one accepted,
  one open, and an item with a source image.
- Every case is sent once per persona: anonymous, municipality staff, a worker holding a
  claimed unit, a worker holding none, a coordinator. Each request runs in a savepoint that is
  rolled back, so every persona sees the same state and a failure replays deterministically.
- Hooks steer the fuzz past the first guard: path ids are often real ids of the world (and
  `unit_id`/`item_id` often a matching pair), entry values often use the job's real field
  names and tricky Japanese-domain strings, review defects often point at real items, job
  field schemas are often nearly valid, logins sometimes use real passwords. Entry, review and
  import bodies are also sent to ids where the handler reads them, and the CSV import is also
  sent as a real `.csv` upload.
- Checks per response: status < 500 (with the server traceback on failure); a JSON error has
  a string `code` and `message`; schemathesis' `response_schema_conformance` on every response
  with a documented status. No operation needs that check excluded: the CSV export (text/csv)
  and the image download (image/png) are documented as binary strings and conform.

`test_hostile_bodies_and_headers_get_a_coded_4xx` sends what schemathesis does not generate
(oversized, truncated, deeply nested or NUL-laden JSON, wrong media types, odd headers, ids
beyond bigint or not matching the URL pattern) to every operation as every persona, and also
requires error bodies to be JSON. It lists every bad answer at once.
"""

from __future__ import annotations

import io
import json
import traceback
from contextlib import contextmanager

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from koma.accounts.services import issue_token
from tests.helpers import SCHEMA, claim, fill_and_submit, make_job, password_for, to_review

MAX_EXAMPLES = 30  # random cases per operation, on top of schemathesis' coverage cases
# "worker" holds a claimed unit; "free_worker" holds none, so claims get past the held-unit guard.
PERSONAS = ("anonymous", "staff", "worker", "free_worker", "coordinator")

APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/", APP, headers={"Accept": "application/vnd.oai.openapi+json"}
)
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
)

# Real ids of the current test's world, read by the hooks at draw time (tests run one by one).
REAL: dict[str, list] = {}

FIELD_NAMES = [field["name"] for field in SCHEMA]
# Values the field normalisers (kana, number, wareki date, postal code) and PostgreSQL find hard.
TRICKY_VALUES = [
    "",
    "　",
    "\x00",
    "山田\x00太郎",
    "𠮷野　太郎",
    "ﾔﾏﾀﾞ ﾀﾛｳ",
    "やまだ　たろう",
    "ヴァイオリン",
    "ー",
    "\u3099",
    "１２３",
    "-0",
    "1,234",
    "１，２３４",
    "9" * 400,
    "1e309",
    "NaN",
    "2024-02-30",
    "2024/2/29",
    "0000-00-00",
    "99999-01-01",
    "令和7年1月1日",
    "令和元年5月1日",
    "令和0年1月1日",
    "令和99999999999999999999年1月1日",
    "R7.1.1",
    "H31.4.31",
    "昭和64年1月8日",
    "明治1年1月1日",
    "〒100-0001",
    "100-0001",
    "１０００００１",
    "000-0000",
    "123456789018",
    "転入",
    "x" * 1001,
]


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Keep the fuzzed ids, or use real ids of the world, or a held unit and one of its items."""
    if not path_parameters or not REAL:
        return st.just(path_parameters)
    options = [st.just(path_parameters)]
    real = {name: REAL[name] for name in path_parameters if REAL.get(name)}
    if real:
        options.append(
            st.fixed_dictionaries(
                {
                    name: st.sampled_from(real[name]) if name in real else st.just(value)
                    for name, value in path_parameters.items()
                }
            )
        )
    if {"unit_id", "item_id"} <= set(path_parameters):
        pair = st.sampled_from(REAL["unit_item_pairs"]).map(
            lambda pair: {**path_parameters, "unit_id": pair[0], "item_id": pair[1]}
        )
        options += [pair, pair]
    return st.one_of(options)


def steer_entry(body):
    """Values under the job's real field names, fuzzed or tricky for the normalisers."""
    if not isinstance(body.get("values"), dict):
        return None
    fuzzed = list(body["values"].values()) or [""]
    return st.dictionaries(
        st.sampled_from(FIELD_NAMES),
        st.one_of(st.sampled_from(fuzzed), st.sampled_from(TRICKY_VALUES)),
        min_size=1,
        max_size=len(FIELD_NAMES),
    ).map(lambda values: {**body, "values": values})


def steer_review(body):
    """Defects about real items and fields (and a few wrong ones)."""
    defects = body.get("defects")
    if not isinstance(defects, list) or not defects:
        return None
    kinds = [d["kind"] for d in defects if isinstance(d, dict) and "kind" in d] or ["typo"]
    defect = st.fixed_dictionaries(
        {
            "item_id": st.sampled_from(REAL["item_id"]),
            "field": st.sampled_from([*FIELD_NAMES, "ref", "nope"]),
            "kind": st.sampled_from(kinds),
        }
    )
    return st.lists(defect, min_size=1, max_size=3).map(lambda ds: {**body, "defects": ds})


def steer_job(body):
    """A field schema near the valid one: real kinds and names, some broken attributes."""
    if not isinstance(body.get("field_schema"), list):
        return None
    labels = [f["label"] for f in body["field_schema"] if isinstance(f, dict) and "label" in f]
    field = st.fixed_dictionaries(
        {
            "name": st.sampled_from([*FIELD_NAMES, "ref", "Bad-Name", "a" * 41]),
            "label": st.sampled_from([*labels, "氏名", " ", "x" * 101]),
            "kind": st.sampled_from(["text", "kana", "number", "date", "postal", "choice", "x"]),
            "required": st.booleans(),
        },
        optional={
            "max_length": st.integers(-1, 2000),
            "choices": st.lists(st.sampled_from(["転入", "転出", "", "x" * 101]), max_size=3),
        },
    )
    return st.lists(field, min_size=1, max_size=4).map(
        lambda fields: {**body, "field_schema": fields}
    )


def steer_credentials(body):
    """Sometimes the real password of a persona, so logins succeed too."""
    return st.sampled_from(["staff_a", "hanako", "coordinator"]).map(
        lambda name: {**body, "username": name, "password": password_for(name)}
    )


STEER = {
    "/entry": steer_entry,
    "/review": steer_review,
    "/jobs": steer_job,
    "/auth/login": steer_credentials,
    "/auth/token": steer_credentials,
}


@schema.hook
def flatmap_body(context, body):
    """Two times in three, steer a JSON body past its first validation (see `STEER`)."""
    operation = context.operation
    if operation is None or not REAL or not isinstance(body, dict):
        return st.just(body)
    steer = next((f for end, f in STEER.items() if operation.path.endswith(end)), None)
    steered = steer(body) if steer else None
    return st.just(body) if steered is None else st.one_of(st.just(body), steered, steered)


PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def world(staff_a, staff_b, worker_hanako, worker_taro, coordinator, job_a, settings, tmp_path):
    """Jobs and units in every interesting state, built through the real services.

    hanako holds job_a's unit; taro's units are accepted, in review and submitted, and one
    more job has an open unit.

    Returns the API token of each authenticated persona.
    """
    from django.utils import timezone

    from koma.quality.services import review_unit

    held = claim(worker_hanako)  # job_a's unit, reserved by hanako ("the worker")
    job_done = make_job(staff_a, items=2)
    accepted = to_review(claim(worker_taro), worker_taro, coordinator)
    review_unit(unit=accepted, reviewer=coordinator, now=timezone.now(), decision="accept")
    job_review = make_job(staff_a, items=2)
    in_review = to_review(claim(worker_taro), worker_taro, coordinator)
    job_submitted = make_job(staff_a, items=2)
    submitted = fill_and_submit(claim(worker_taro), worker_taro)
    job_draft = make_job(staff_a, items=2, publish=False)
    job_open = make_job(staff_a, items=2)  # one open unit, claimable by the free worker
    open_unit = job_open.units.get()
    job_other_city = make_job(staff_b, items=1, publish=False)

    held_items = list(held.items.values_list("pk", flat=True))
    # A source image on the first held item, so the image download answers 200 too.
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "items").mkdir()
    (tmp_path / "items" / "1.png").write_bytes(PNG_1X1)
    held.items.filter(pk=held_items[0]).update(image="items/1.png")
    review_items = list(in_review.items.values_list("pk", flat=True))
    REAL.clear()
    REAL["job_id"] = [
        job_a.pk,
        job_done.pk,
        job_review.pk,
        job_submitted.pk,
        job_draft.pk,
        job_open.pk,
        job_other_city.pk,
    ]
    REAL["unit_id"] = [held.pk, held.pk, accepted.pk, in_review.pk, submitted.pk, open_unit.pk]
    REAL["item_id"] = held_items + review_items
    REAL["unit_item_pairs"] = [(held.pk, i) for i in held_items] + [
        (in_review.pk, i) for i in review_items
    ]
    REAL["worker_id"] = [worker_hanako.pk, worker_taro.pk]
    REAL["fixed"] = {
        "job_id": job_draft.pk,
        "unit_id": held.pk,
        "item_id": held_items[0],
        "worker_id": worker_taro.pk,
        "day": "2026-12-10",  # /workers/me/days/{day} (a date, not an id)
    }
    # Operations whose bodies are also sent to ids where the handler reaches the body.
    REAL["deep"] = {
        "PUT /api/v1/units/{unit_id}/items/{item_id}/entry": {
            "unit_id": held.pk,
            "item_id": held_items[0],
        },
        "POST /api/v1/units/{unit_id}/review": {"unit_id": in_review.pk},
        "POST /api/v1/jobs/{job_id}/items/import": {"job_id": job_draft.pk},
    }
    yield {
        "staff": issue_token(user=staff_a),
        "worker": issue_token(user=worker_hanako),
        "free_worker": issue_token(user=worker_taro),
        "coordinator": issue_token(user=coordinator),
    }
    REAL.clear()


@contextmanager
def django_in_process():
    """Serve requests inside the test transaction and keep the traceback of any crash."""
    crashes: list[str] = []

    def on_exception(sender, request=None, **kwargs):
        crashes.append(traceback.format_exc())

    # The WSGI handler closes "old" connections around each request, which inside the test's
    # transaction would break it; Django's own test client disconnects them the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.got_request_exception.connect(on_exception)
    try:
        yield crashes
    finally:
        signals.got_request_exception.disconnect(on_exception)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def describe(case, persona: str, response, body_override=None) -> str:
    body = case.body if body_override is None else body_override
    if isinstance(body, bytes | bytearray):
        body = bytes(body[:300])
    return (
        f"\n  as {persona}: {case.method} {case.formatted_path}"
        f"\n  query={case.query!r}"
        f"\n  headers={ {k: v for k, v in (case.headers or {}).items()}!r}"
        f"\n  cookies={case.cookies!r}"
        f"\n  body={body!r}"
        f"\n  → {response.status_code} {response.headers.get('content-type')} "
        f"{response.content[:500]!r}"
    )


def check_error_body(case, persona: str, response, body_override=None) -> None:
    """A JSON 4xx is `{code: str, message: str, fields?}` (docs/api.md, "Errors").

    Non-JSON 4xx are checked by `test_hostile_bodies_and_headers_get_a_coded_4xx` instead,
    so that one known class of them cannot stop this test before its random phase.
    """
    if response.status_code < 400:
        return
    content_type = response.headers.get("content-type", [""])[0]
    if "json" not in content_type:
        return
    where = describe(case, persona, response, body_override)
    try:
        body = json.loads(response.content)
    except ValueError:
        pytest.fail("error body is not valid JSON" + where)
    assert isinstance(body, dict), "error body is not an object" + where
    assert isinstance(body.get("code"), str), "error without a string `code`" + where
    assert isinstance(body.get("message"), str), "error without a string `message`" + where


def send(case, persona, tokens, crashes, shown_body=None, **kwargs):
    """One request as `persona`, in a savepoint that is rolled back afterwards."""
    headers = {"Authorization": f"Token {tokens[persona]}"} if persona in tokens else None
    with transaction.atomic():
        response = case.call(headers=headers, **kwargs)
        transaction.set_rollback(True)
    where = describe(case, persona, response, shown_body)
    if crashes:
        pytest.fail("the server raised" + where + "\n" + crashes[-1])
    assert response.status_code < 500, "server error" + where
    check_error_body(case, persona, response, shown_body)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    return response


def csv_uploads(case):
    """The fuzzed file bytes as a real `.csv` upload: as raw rows, and quoted as one cell."""
    file = case.body.get("file") if isinstance(case.body, dict) else None
    raw = file if isinstance(file, bytes) else str(file).encode()
    quoted = b'"' + raw.replace(b'"', b'""') + b'"'
    for content in (b"ref,name,kana\r\n" + raw, b"ref,name\r\nR9001," + quoted + b"\r\n"):
        yield {"file": (io.BytesIO(content), "fuzz.csv", "text/csv")}, content


@pytest.mark.django_db
@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the repository
    phases=[Phase.explicit, Phase.generate],  # no shrinking: keeps the run bounded
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_below_500_with_a_coded_error(case, world):
    cases = [case]
    deep_ids = REAL["deep"].get(f"{case.method} {case.path}")
    if deep_ids:
        # The same request once more where the handler gets as far as reading the body.
        cases.append(
            case.operation.Case(
                method=case.method,
                path_parameters={**case.path_parameters, **deep_ids},
                headers=case.headers,
                cookies=case.cookies,
                query=case.query,
                body=case.body,
                media_type=case.media_type,
            )
        )
    with django_in_process() as crashes:
        for persona in PERSONAS:
            for target in cases:
                send(target, persona, world, crashes)
            if case.method == "POST" and case.path.endswith("/items/import"):
                for data, content in csv_uploads(case):
                    send(cases[-1], persona, world, crashes, shown_body=content, data=data)


# Hostile transports schemathesis does not generate: (name, body, content type, extra headers).
OVERSIZED = b'{"values": {"name": "' + b"a" * (3 * 1024 * 1024) + b'"}}'
HOSTILE_BODIES = [
    ("oversized JSON (3 MB)", OVERSIZED, "application/json", {}),
    ("truncated JSON", b'{"title": ', "application/json", {}),
    ("invalid UTF-8 in JSON", b'{"values": {"name": "\xff\xfe"}}', "application/json", {}),
    ("deeply nested JSON", b"[" * 10_000 + b"]" * 10_000, "application/json", {}),
    ("JSON scalar", b"null", "application/json", {}),
    (
        "NUL in every string field",
        json.dumps(
            {key: "a\x00" for key in ("username", "password", "title", "instructions", "comment")}
            | {"values": {"name": "a\x00"}, "decision": "rework", "deadline": "2030-01-01"}
        ).encode(),
        "application/json",
        {},
    ),
    ("XML", b"<a/>", "application/xml", {}),
    ("multipart without boundary", b"--x\r\n", "multipart/form-data", {}),
    ("broken multipart", b"--x\r\nbroken", "multipart/form-data; boundary=x", {}),
]
HOSTILE_HEADERS = [
    ("Accept: text/html", {"HTTP_ACCEPT": "text/html"}),
    ("odd Accept-Language", {"HTTP_ACCEPT_LANGUAGE": "zz-ZZ;q=abc, " + "x" * 500}),
    ("malformed Token", {"HTTP_AUTHORIZATION": "Token a b c"}),
    # What a WSGI/ASGI server hands Django for UTF-8 bytes: headers are decoded as Latin-1.
    ("UTF-8 Token", {"HTTP_AUTHORIZATION": "Token 鍵".encode().decode("latin-1")}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_hostile_bodies_and_headers_get_a_coded_4xx(persona, world):
    """Oversized, unparsable and mislabelled requests to every operation answer a coded 4xx."""
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)  # as real clients: no test-client CSRF bypass
    if persona in world:
        client.credentials(HTTP_AUTHORIZATION=f"Token {world[persona]}")
    problems: list[str] = []
    for path, methods in schema.raw_schema["paths"].items():
        url = path.format(**REAL["fixed"])
        for method in methods:
            requests = [
                (url, name, b"", "application/json", extra) for name, extra in HOSTILE_HEADERS
            ]
            if method in ("post", "put", "patch"):
                requests += [(url, *hostile) for hostile in HOSTILE_BODIES]
            if "{" in path:
                # Ids beyond bigint, and ids the URL pattern does not match (the catch-all).
                for label, bad_id in (("id beyond bigint", 10**30), ("non-integer id", "abc")):
                    bad_url = path.format(**{name: bad_id for name in REAL["fixed"]})
                    requests.append((bad_url, label, b"{}", "application/json", {}))
            for target, name, body, content_type, extra in requests:
                where = f"{name} as {persona}: {method.upper()} {target}"
                try:
                    with transaction.atomic():
                        response = client.generic(
                            method.upper(), target, body, content_type=content_type, **extra
                        )
                        transaction.set_rollback(True)
                except Exception as exc:
                    last = traceback.extract_tb(exc.__traceback__)[-1]
                    problems.append(
                        f"{where}\n    raised {type(exc).__name__}: {str(exc)[:200]}"
                        f" (at {last.filename}:{last.lineno})"
                    )
                    continue
                problem = error_body_problem(response)
                if problem:
                    problems.append(f"{where}\n    {problem}")
    assert not problems, f"{len(problems)} bad answers:\n" + "\n".join(problems)


def error_body_problem(response) -> str | None:
    status = response.status_code
    if status < 400:
        if response.streaming:  # a file download: read it, so the test client closes it
            b"".join(response.streaming_content)
        return None
    head = response.content[:200]
    if status >= 500:
        return f"server error {status}: {head!r}"
    if not response["Content-Type"].startswith("application/json"):
        return f"{status} error is not JSON ({response['Content-Type']}): {head!r}"
    body = response.json()
    if not isinstance(body, dict) or not all(
        isinstance(body.get(key), str) for key in ("code", "message")
    ):
        return f"{status} error without a string code and message: {head!r}"
    return None
