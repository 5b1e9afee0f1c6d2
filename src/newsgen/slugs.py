"""The one rule for turning Vietnamese text into URL slugs."""

from __future__ import annotations

import functools

from slugify import slugify

from newsgen.vietnamese import fold


@functools.lru_cache(maxsize=65536)
def make_slug(text: str, max_length: int = 100) -> str:
    """ "Đảng ủy Khối đổi mới" -> "dang-uy-khoi-doi-moi" (ASCII, lower case, hyphens)."""
    return slugify(fold(text), max_length=max_length, word_boundary=True, lowercase=True)
