"""The form-entry field schema: validating a schema and normalising keyed values.

Every Japanese rule comes from koma.jp; this module only decides which rule a field kind
uses and turns the kernel's errors into the entry error codes of docs/api.md.
"""

from __future__ import annotations

import re
from datetime import date

from koma.jp import chars as jp_chars
from koma.jp import postal as jp_postal
from koma.jp.errors import JpError
from koma.jp.mynumber import contains_mynumber
from koma.jp.wareki import parse_wareki

KINDS = ("text", "kana", "number", "date", "postal", "choice")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 50
MAX_VALUE_LENGTH = 1000
DEFAULT_MAX_LENGTH = 200
RESERVED_NAMES = {"ref"}  # the export's first column


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
    """Return (stored value, error code or None) for one keyed value.

    A value that fails validation is still stored as typed, so an autosave never loses
    what the worker keyed; the error tells the form what to fix before submitting.
    """
    value = raw.strip()
    if value == "":
        return "", ("required" if field.get("required") else None)
    if len(value) > field.get("max_length", DEFAULT_MAX_LENGTH):
        return value, "too_long"
    kind = field["kind"]
    try:
        if kind == "text":
            # Names and addresses keep every kanji code point (DOMAIN §2.1: never NFKC them).
            return value, None
        if kind == "kana":
            kana = jp_chars.normalize_field(jp_chars.to_katakana(value), char_class="kana_full")
            if not jp_chars.matches_char_class(kana, char_class="kana_full"):
                return value, "not_kana"
            return kana, None
        if kind == "number":
            number = jp_chars.normalize_field(value, char_class="digit")
            number = number.replace(",", "").replace("，", "")  # thousands separators
            if not re.fullmatch(r"-?\d+", number):
                return value, "not_a_number"
            return number, None
        if kind == "date":
            return _normalize_date(value)
        if kind == "postal":
            return jp_postal.normalize_postal_code(value), None
        if kind == "choice":
            return (value, None) if value in field.get("choices", []) else (value, "not_a_choice")
    except JpError:
        return value, {"postal": "invalid_postal_code", "number": "not_a_number"}.get(
            kind, "invalid_value"
        )
    return value, "invalid_value"


def _normalize_date(value: str) -> tuple[str, str | None]:
    folded = jp_chars.normalize_field(value, char_class="alnum_half")
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", folded)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat(), None
        except ValueError:
            return value, "not_a_date"
    try:
        return parse_wareki(value).date.isoformat(), None
    except JpError:
        return value, "not_a_date"


def values_contain_mynumber(values: dict[str, str]) -> bool:
    return any(contains_mynumber(v) for v in values.values())
