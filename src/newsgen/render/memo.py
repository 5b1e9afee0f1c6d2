"""A bounded memo: what a renderer keeps of the parts it has rendered, so that a part shown on
many pages is rendered once, without holding every article's parts to the end of the build."""

from __future__ import annotations

from itertools import islice
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict, Generic[K, V]):  # type: ignore[type-arg]
    """A dict of at most `size` items; when it is full, the quarter put in first goes. Pages are
    rendered in date order (build._render_order), so the parts a page shows were mostly made
    for the pages just rendered: dropping the oldest keeps nearly every reuse (a part dropped
    while still shown is made again, once), and a worker's memory stays the same whatever the
    number of articles. Reading is dict.get itself, without a Python call: a page reads a few
    dozen parts (links, dates, teasers), and nearly every one is there."""

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        if size < 4:
            raise ValueError("a memo holds at least 4 items")
        super().__init__()
        self.size = size

    def __setitem__(self, key: K, value: V) -> None:
        if len(self) >= self.size and key not in self:
            for old in list(islice(self, self.size // 4)):
                del self[old]
        super().__setitem__(key, value)
