"""Compact JSON (no spaces, every character as it is, not \\u-escaped), made by orjson, which
writes it several times faster than the json module's C encoder; json writes what orjson
refuses (an integer over 64 bits, a lone surrogate, a key that is not a string).

For strings, integers, booleans, None, lists and mappings the two write the same bytes. A
float they may write differently (1e+16 / 1e16), and orjson writes NaN and the infinities as
null, which json would write as NaN (not JSON at all): a caller whose data may hold a float
that must come back as it was gives `exact`, and such a value goes to json."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import orjson

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_RECORDS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


class _Inexact(Exception):
    """A float orjson would not write back as it is (raised from `default`)."""


def dumps(value: Any) -> str:
    """`value` (plain data) as compact JSON text."""
    try:
        return orjson.dumps(value, option=_RECORDS).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return _JSON.encode(value)


def encode(value: Any) -> bytes:
    """`value` (plain data) as compact JSON, UTF-8 encoded."""
    try:
        return orjson.dumps(value, option=_RECORDS)  # (records and times refused, as json refuses them)
    except (TypeError, orjson.JSONEncodeError):
        return _JSON.encode(value).encode("utf-8")


def dumps_records(value: Any, default: Callable[[Any], Any], exact: Callable[[Any], bool] | None = None) -> bytes:
    """`value` as compact JSON bytes, with every dataclass record, datetime and date, and
    anything else JSON has no type for, written as `default` makes it; a record that `exact`
    finds holding a non-finite float sends the whole value to json."""

    def record(obj: Any) -> Any:
        if exact is not None and not exact(obj):
            raise _Inexact
        return default(obj)

    try:
        return orjson.dumps(value, default=record, option=_RECORDS)
    except (TypeError, orjson.JSONEncodeError):
        encoder = json.JSONEncoder(default=default, ensure_ascii=False, separators=(",", ":"), check_circular=False)
        return encoder.encode(value).encode("utf-8")


def finite(value: Any) -> bool:
    """Whether no float in this plain data (mappings, lists, tuples) is NaN or infinite."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(finite(v) for v in value)
    return True
