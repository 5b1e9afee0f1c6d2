"""Digests: the one way newsgen fingerprints what it has seen."""

from __future__ import annotations

import hashlib


def digest(material: object) -> str:
    """A short stable digest of any value made of str, int, tuples, lists and dataclasses
    (through their repr)."""
    return hashlib.blake2b(repr(material).encode("utf-8"), digest_size=16).hexdigest()
