"""A bounded memo: what a renderer keeps of the parts it has rendered, so that a part shown on
many pages is rendered once, without holding every article's parts to the end of the build."""

from __future__ import annotations

from itertools import islice
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A dict of at most `size` items; when it is full, the quarter least recently used goes. Pages are
    rendered in date order (build._render_order), so the parts a page shows are those of the
    pages just rendered: dropping the oldest keeps nearly every reuse, and a worker's memory
    stays the same whatever the number of articles."""

    __slots__ = ("_items", "size")

    def __init__(self, size: int) -> None:
        if size < 4:
            raise ValueError("a memo holds at least 4 items")
        self.size = size
        self._items: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        items = self._items
        value = items.pop(key, None)
        if value is not None:
            items[key] = value  # used again: now the newest
        return value

    def __setitem__(self, key: K, value: V) -> None:
        items = self._items
        if key not in items and len(items) >= self.size:
            for old in list(islice(items, self.size // 4)):
                del items[old]
        items[key] = value

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items
