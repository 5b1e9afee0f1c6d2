"""Worker processes for parsing and rendering, under either start method: `fork` where the
platform has it (Linux), `spawn` elsewhere (the default on Windows and macOS), or whichever
NEWSGEN_START_METHOD names. Each worker gets its state once, through the pool's initializer:
forked workers inherit it, spawned ones receive it pickled."""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

CHUNK = 64
GUIDED = 0  # as `chunk`: chunks that shrink as the work runs out (guided_chunks)


def start_method() -> str:
    wanted = os.environ.get("NEWSGEN_START_METHOD")
    methods = multiprocessing.get_all_start_methods()
    if wanted in methods:
        return wanted
    return "fork" if "fork" in methods else "spawn"


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def guided_chunks(items: list, jobs: int, smallest: int = CHUNK) -> Iterator[list]:
    """Runs of neighbouring items, each a 2*jobs-th of what is left (at least `smallest`): the
    first runs are long, so that each worker works on items of its own (neighbours share
    work a worker keeps, such as teasers), and the last are short, so that all finish together."""
    start = 0
    while start < len(items):
        size = max(smallest, (len(items) - start) // (2 * jobs))
        yield items[start : start + size]
        start += size


_STATE: Any = None  # this process's worker state (set by `_init` in a worker, or in-process)


def state() -> Any:
    return _STATE


def _init(value: Any) -> None:
    global _STATE
    _STATE = value
    gc.enable()  # a worker collects its own garbage, whatever the parent was doing when it forked


def run(
    work: Callable[[list], list],
    items: list,
    value: Any,
    jobs: int,
    minimum: int,
    *,
    ordered: bool = True,
    chunk: int = CHUNK,
    leading: Iterable[list] = (),
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[list]:
    """`work` over `items` in chunks of `chunk` (or guided_chunks, given GUIDED), after the
    chunks `leading` (handed out first, as they are), with `value` as the worker state;
    in-process when there is one job or fewer than `minimum` items (leading chunks counted).
    Yields each chunk's results. `meanwhile` is called once while the workers start on the
    first chunks (in-process, where nothing runs meanwhile, never: it is only a head start)."""
    global _STATE
    leading = [part for part in leading if part]
    in_process = jobs == 1 or len(items) + sum(map(len, leading)) < minimum
    if chunk == GUIDED:
        parts: Iterable[list] = chunks(items) if in_process else guided_chunks(items, jobs)
    else:
        parts = chunks(items, chunk)
    if leading:
        parts = itertools.chain(leading, parts)
    if in_process:
        _STATE = value
        try:
            for part in parts:
                yield work(part)
        finally:
            _STATE = None
        return
    method = start_method()
    frozen = gc.get_freeze_count()  # objects a caller froze stay frozen
    if method == "fork":
        gc.freeze()  # keep the collector from touching (and so copying) the parent's objects
    try:
        ctx = multiprocessing.get_context(method)
        with ctx.Pool(jobs, initializer=_init, initargs=(value,)) as pool:
            mapper = pool.imap if ordered else pool.imap_unordered
            results = mapper(work, parts)
            if meanwhile is not None:
                meanwhile()
            yield from results
    finally:
        if method == "fork" and not frozen:
            gc.unfreeze()
