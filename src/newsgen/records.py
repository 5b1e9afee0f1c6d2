"""Copies of newsgen's records with some fields changed, for the paths that make thousands."""

from __future__ import annotations

from typing import Any, TypeVar

_R = TypeVar("_R")


def replaced(record: _R, **changes: Any) -> _R:
    """dataclasses.replace for the hot paths: a copy of a record (a dataclass of newsgen's, frozen
    or not, with no __post_init__) with some fields changed, made without calling __init__ again
    (an eighth of the time on an Article). Unknown field names are refused as replace refuses them."""
    fields = record.__dict__
    if not fields.keys() >= changes.keys():
        raise TypeError(f"{type(record).__name__} has no field {sorted(changes.keys() - fields.keys())[0]!r}")
    new = object.__new__(type(record))
    new.__dict__.update(fields)
    new.__dict__.update(changes)
    return new
