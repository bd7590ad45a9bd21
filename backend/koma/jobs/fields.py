"""The one registry of form-entry field kinds, and the field schema that uses them.

Every backend place that needs to know a kind (schema validation, autosave, CSV import,
the time estimate, the API's enum) reads :data:`KINDS` here. Every Japanese rule comes from
koma.jp; this module only decides which rule a kind uses and turns the kernel's errors into
the entry error codes of docs/api.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from koma.jp import chars as jp_chars
from koma.jp import postal as jp_postal
from koma.jp.errors import JpError
from koma.jp.mynumber import contains_mynumber, find_mynumbers
from koma.jp.wareki import parse_japanese_date

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 50
# The one maximum length of a field value, in characters, everywhere: a schema's max_length,
# an autosaved value and an imported CSV cell. A 住所 with 方書 is under 200; 1,000 leaves room
# for a free-text remark without letting one request carry megabytes.
MAX_VALUE_LENGTH = 1000
DEFAULT_MAX_LENGTH = 200
# "ref": the export's first column; "document_ref": the import's source-document column.
RESERVED_NAMES = {"ref", "document_ref"}


class FieldValueError(Exception):
    """A value that does not fit its kind; ``code`` is the entry error code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Kind:
    name: str
    normalise: Callable[[dict, str], str]  # (field, stripped value) -> stored value
    error_code: str  # what a koma.jp error means for this kind
    # First time estimate (calibration from measured work replaces it): characters keyed
    # per value and seconds per character.
    chars: int
    seconds_per_char: float


def _text(field: dict, value: str) -> str:
    # Names and addresses keep every kanji code point (never NFKC them).
    return value


def _kana(field: dict, value: str) -> str:
    kana = jp_chars.normalize_field(jp_chars.to_katakana(value), char_class="kana_full")
    if not jp_chars.matches_char_class(kana, char_class="kana_full"):
        raise FieldValueError("not_kana")
    return kana


def _number(field: dict, value: str) -> str:
    number = jp_chars.normalize_field(value, char_class="digit")
    number = number.replace(",", "").replace("，", "")  # thousands separators
    if not re.fullmatch(r"-?\d+", number):
        raise FieldValueError("not_a_number")
    return number


def _date(field: dict, value: str) -> str:
    return parse_japanese_date(value).isoformat()


def _postal(field: dict, value: str) -> str:
    return jp_postal.normalize_postal_code(value)


def _choice(field: dict, value: str) -> str:
    if value not in field.get("choices", []):
        raise FieldValueError("not_a_choice")
    return value


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("text", _text, "invalid_value", 12, 1.0),
        Kind("kana", _kana, "invalid_value", 10, 1.2),
        Kind("number", _number, "not_a_number", 6, 0.6),
        Kind("date", _date, "not_a_date", 8, 0.8),
        Kind("postal", _postal, "invalid_postal_code", 8, 0.6),
        Kind("choice", _choice, "invalid_value", 1, 3.0),
    )
}
KIND_NAMES = tuple(KINDS)


def validate_schema(schema: object) -> tuple[list[dict], dict[str, list[str]]]:
    """Return (clean schema, errors keyed by "index.attribute")."""
    errors: dict[str, list[str]] = {}
    if not isinstance(schema, list) or not schema:
        return [], {"field_schema": ["at_least_one_field"]}
    if len(schema) > MAX_FIELDS:
        return [], {"field_schema": ["too_many_fields"]}
    clean: list[dict] = []
    seen: set[str] = set()
    for i, raw in enumerate(schema):
        if not isinstance(raw, dict):
            errors[f"{i}"] = ["not_an_object"]
            continue
        name, label, kind = raw.get("name"), raw.get("label"), raw.get("kind")
        if not isinstance(name, str) or not FIELD_NAME.match(name) or name in RESERVED_NAMES:
            errors[f"{i}.name"] = ["invalid_field_name"]
        elif name in seen:
            errors[f"{i}.name"] = ["duplicate_field_name"]
        else:
            seen.add(name)
        if not isinstance(label, str) or not 1 <= len(label.strip()) <= 100:
            errors[f"{i}.label"] = ["invalid_label"]
        if kind not in KINDS:
            errors[f"{i}.kind"] = ["invalid_kind"]
        required = raw.get("required", False)
        if not isinstance(required, bool):
            errors[f"{i}.required"] = ["not_a_boolean"]
        max_length = raw.get("max_length", DEFAULT_MAX_LENGTH)
        if not isinstance(max_length, int) or isinstance(max_length, bool):
            errors[f"{i}.max_length"] = ["not_an_integer"]
        elif not 1 <= max_length <= MAX_VALUE_LENGTH:
            errors[f"{i}.max_length"] = ["out_of_range"]
        field = {
            "name": name,
            "label": label.strip() if isinstance(label, str) else label,
            "kind": kind,
            "required": required,
            "max_length": max_length,
        }
        may_hold = raw.get("may_hold_mynumber", False)
        if not isinstance(may_hold, bool):
            errors[f"{i}.may_hold_mynumber"] = ["not_a_boolean"]
        elif may_hold:
            field["may_hold_mynumber"] = True
        if kind == "choice":
            choices = raw.get("choices")
            if (
                not isinstance(choices, list)
                or not 1 <= len(choices) <= 100
                or not all(isinstance(c, str) and 1 <= len(c) <= 100 for c in choices)
                or len(set(choices)) != len(choices)
            ):
                errors[f"{i}.choices"] = ["invalid_choices"]
            else:
                field["choices"] = choices
        clean.append(field)
    return clean, errors


def normalize_value(field: dict, raw: str) -> tuple[str, str | None]:
    """Return (stored value, error code or None) for one keyed or imported value.

    A value that fails validation is still stored as typed, so an autosave never loses
    what the worker keyed; the error tells the form what to fix before submitting.
    """
    value = raw.strip()
    if value == "":
        return "", ("required" if field.get("required") else None)
    if len(value) > field.get("max_length", DEFAULT_MAX_LENGTH):
        return value, "too_long"
    kind = KINDS.get(str(field.get("kind", "")))
    if kind is None:
        return value, "invalid_value"
    try:
        return kind.normalise(field, value), None
    except FieldValueError as exc:
        return value, exc.code
    except JpError:
        return value, kind.error_code


def values_contain_mynumber(values: dict[str, str]) -> bool:
    return any(contains_mynumber(v) for v in values.values())


def may_hold_mynumber(field: dict) -> bool:
    return field.get("may_hold_mynumber") is True


def mask_mynumbers(text: str) -> str:
    """Replace every 個人番号 in ``text`` by ``**** **** 1234`` (only the last four shown)."""
    for match in reversed(find_mynumbers(text)):
        text = text[: match.start] + f"**** **** {match.digits[-4:]}" + text[match.end :]
    return text


def prefill_for_workers(prefill: dict[str, str]) -> dict[str, str]:
    """What a worker (or anyone but the exporting staff) sees of an item's imported values."""
    return {name: mask_mynumbers(value) for name, value in prefill.items()}
