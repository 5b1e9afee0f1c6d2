"""build: configuration -> load -> index -> render -> write.

Incremental and parallel:
- a build whose inputs (files, configuration, templates, static files, options)
  did not change since the last one, and whose dates did not move a page,
  stops after looking at the files;
- only articles whose file changed are parsed again; the others come from the
  cache, their bodies read back only when their own page is rendered;
- only pages whose key (see pagekeys.py) changed are rendered again;
- parsing and rendering run in worker processes (`--jobs`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import importlib
import json
import os
import posixpath
import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsgen import __version__, plugins
from newsgen.config import CONFIG_FILE, SiteConfig, load_config, with_overrides
from newsgen.engine.cache import CACHE_DIR, BuildCache, stored_path
from newsgen.engine.digests import digest
from newsgen.engine.lock import site_lock
from newsgen.errors import BuildFailed, CacheDamaged, ContentError, Diagnostic, NewsgenError
from newsgen.load.readers import readers
from newsgen.load.sources import SourceFile, inventory, is_standalone
from newsgen.output.assets import THEME
from newsgen.output.writer import OutputWriter, Written, check_output_folder, content_digest
from newsgen.records import replaced
from newsgen.site import most_read
from newsgen.urls import SEARCH_INDEX

# A build that finds the site up to date imports only the modules above: the parser, the
# site model, the search indexer and Jinja2 are imported by the steps that use them.
if TYPE_CHECKING:
    from newsgen.engine.edits import PageRecords, Restorer
    from newsgen.engine.keys import PageKeys
    from newsgen.load.standalone import Standalone
    from newsgen.model import Article, Photo
    from newsgen.output.search import Built, SearchIndex
    from newsgen.render.renderer import Renderer
    from newsgen.site.model import Entry, Page, Section, Site


@dataclass
class BuildOptions:
    site: Path = Path(".")
    output: Path | None = None
    base_url: str | None = None
    relative_urls: bool = False
    drafts: bool = False
    future: bool = False
    strict: bool = False
    keep_going: bool = False  # leave out articles that cannot be read, publish the others
    now: datetime | None = None
    jobs: int | None = None  # default: the number of cores
    cache_dir: Path | None = None  # default: .newsgen-cache/ at the site root


@dataclass
class BuildResult:
    output: Path
    articles: int
    excluded: int
    pages: Counter[str]
    static_files: int
    written: int
    unchanged: int
    removed: list[str]
    diagnostics: list[Diagnostic]
    timings: dict[str, float] = field(default_factory=dict)
    parsed: int = 0  # articles parsed (not taken from the cache)
    rendered: int = 0  # pages rendered (not kept from the last build)
    rendered_kinds: Counter[str] = field(default_factory=Counter)
    search: SearchIndex | None = None  # the search index, when this build (re)made it
    up_to_date: bool = False  # nothing had changed: nothing was parsed, rendered or written
    left_out: list[Diagnostic] = field(default_factory=list)  # with --keep-going: the files not published
    text_edit: bool = False  # only some articles' text had changed: only their pages were made (engine/edits.py)
    template_edit: bool = False  # only article pages' templates had changed: only article pages were made
    photos: int = 0  # photos shown
    photos_encoded: int = 0  # photos whose variants this build made (not taken from the cache)
    next_due: datetime | None = None  # when a future article falls due or breaking news expires

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def current_time(config: SiteConfig, given: datetime | None = None) -> datetime:
    """The build's clock: the time given, NEWSGEN_NOW (for tests and reproducible builds), or now."""
    if given is not None:
        return given
    env = os.environ.get("NEWSGEN_NOW")
    if env:
        value = datetime.fromisoformat(env)
        return value if value.tzinfo else value.replace(tzinfo=config.tz)
    return datetime.now(config.tz)


def resolve_config(options: BuildOptions) -> SiteConfig:
    config = load_config(options.site)
    return with_overrides(config, base_url=options.base_url)


def output_folder(options: BuildOptions, config: SiteConfig) -> Path:
    return options.output if options.output is not None else config.root / config.output_dir


def _jobs(options: BuildOptions) -> int:
    return max(1, options.jobs if options.jobs is not None else (os.cpu_count() or 1))


# ---------------------------------------------------------------- inputs


def _file_state(path: Path) -> tuple[int, int] | None:
    try:
        st = path.lstat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _tree_state(folder: Path) -> list[tuple[str, int, int]]:
    state = []
    if folder.is_dir():
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                p = Path(dirpath) / name
                try:
                    st = p.stat()
                except OSError:
                    continue
                state.append((p.relative_to(folder).as_posix(), st.st_size, st.st_mtime_ns))
    return state


# The modules outside load/ whose rules shape an article's record.
_LOADER_RULES = ("model.py", "vietnamese.py", "slugs.py", "safe_yaml.py", "vocabulary.py", "urls.py")


def _loader_code() -> str:
    """The loader's own source and the rules it reads by: a changed reader or rule re-reads
    every article, whatever the version says. (The bytes hashed as they are: their repr would
    cost more than the rest of a no-op build's start.)"""
    package = Path(__file__).parent
    files = [*sorted((package / "load").glob("*.py")), *(package / name for name in _LOADER_RULES)]
    h = hashlib.blake2b(digest_size=16)
    for p in files:
        data = p.read_bytes()
        h.update(f"{p.relative_to(package).as_posix()}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


_LOADER_CODE = _loader_code()


def _loader_scope(config: SiteConfig) -> str:
    """What an article's record depends on besides its file."""
    return digest(
        (__version__, _LOADER_CODE, str(config.content_path.resolve()), config.vocabulary, config.default_rubric,
         config.default_year, config.timezone)
    )  # fmt: skip


# ---------------------------------------------------------------- render (parallel)

# The modules a build imports for indexing and rendering (imported while the workers parse).
_AFTER_LOAD = (
    "newsgen.site.index", "newsgen.pages", "newsgen.render.renderer", "newsgen.engine.keys",
    "newsgen.engine.edits", "newsgen.output.assets", "newsgen.output.photos", "newsgen.output.search",
)  # fmt: skip
PARALLEL_RENDER_MIN = 200  # fewer pages than this are rendered in-process


@dataclass
class _RenderState:
    renderer: Renderer
    writer: OutputWriter
    pages: Sequence[Page]  # the site's pages, or a template edit's _RestoredPages
    cache: BuildCache
    content: Path
    keys: list[str] | None  # each page's key, made in the parent before the workers start (made
    # in a worker, keys would have it touch, and so copy, every object of the site model) ...
    key_of: Callable[[Page], str] | None = None  # ... or made where the page is (_RestoredPages);
    # with neither, no file of an earlier build can be kept, and _render_pages makes the keys
    records: PageRecords | None = None  # what stands around each article page, for later edits


@dataclass
class _RestoredPages(Sequence):
    """The article pages of a template edit, each restored from its stored record (as a text
    edit restores a few, engine/edits.Restorer) in the process that renders it: the parent reads
    the rows and the workers do the work, each sharing the neighbours of its own pages."""

    rows: list[tuple[str, str, str]]  # (stored path, URL, stored page record) of each article page
    restorer: Restorer
    home: tuple[str, str]  # the first breadcrumb

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> Page:  # type: ignore[override] (no slices)
        from newsgen.engine.edits import NotRestorable
        from newsgen.pages.articles import page

        path, url, record = self.rows[i]
        try:
            return page(self.restorer.entry(path, url, record), self.home)
        except NotRestorable as exc:  # met in a worker, after the checks the parent could make
            raise CacheDamaged(f"the stored page of {path}: {exc}") from None


def _cached_as(a: Article, content: Path | str) -> str:
    """The path an article is stored under in the cache (relative to the content folder)."""
    return stored_path(a.source, content)


def _with_body(a: Article, cache: BuildCache, content: Path) -> Article:
    """An article with its body back from the cache (the site model holds articles without)."""
    return replaced(a, blocks=cache.blocks(_cached_as(a, content)))


def _full_page(state: _RenderState, page: Page, bodies: dict[str, tuple] | None = None) -> Page:
    """An article page, and with `feed_content: full` a feed, gets its stories' bodies back from
    the cache before rendering (an article page's from `bodies` when given)."""
    from newsgen.pages.feeds import KINDS

    if page.kind in KINDS and state.renderer.config.feed_content == "full":
        entries = [replaced(e, article=_with_body(e.article, state.cache, state.content)) for e in page.entries]
        return replaced(page, entries=entries)
    if page.entry is None or page.kind != "article":
        return page
    a = page.entry.article
    path = _cached_as(a, state.content)
    blocks = bodies[path] if bodies is not None and path in bodies else state.cache.blocks(path)
    return replaced(page, entry=replaced(page.entry, article=replaced(a, blocks=blocks)))


def _render_one(
    state: _RenderState, page: Page, relpath: str, bodies: dict[str, tuple] | None = None
) -> tuple[str, Written | None]:
    """Render a page and write it unless the file already holds its bytes: (digest, how written)."""
    data = state.renderer.render(_full_page(state, page, bodies))
    d = content_digest(data)
    return d, None if state.writer.is_current(relpath, d) else state.writer.stage(relpath, data)


KEPT = "kept"  # a page whose file the last build made from the same key: not rendered

# What a render worker says of a page: its index, file, kind, digest, how it was written (or
# KEPT) and key (None: not made there); the parent need not look at the page (a template
# edit's parent has none).
_Rendered = tuple[int, str, str, str, Written | str | None, str | None]


def _render_chunk(indices: list[int]) -> list[_Rendered]:
    """Render the pages whose key changed; write those whose bytes changed; and (given
    state.records) stage what stands around each article page in the cache, from here: made
    and stored where the page is, the records never travel to the parent."""
    from newsgen.engine import workers
    from newsgen.urls import output_path

    state: _RenderState = workers.state()
    writer, keys, records = state.writer, state.keys, state.records
    out: list[_Rendered] = []
    for start in range(0, len(indices), workers.CHUNK):
        todo = []
        rows = []
        for i in indices[start : start + workers.CHUNK]:
            page = state.pages[i]
            relpath = output_path(page.url)
            key = keys[i] if keys is not None else state.key_of(page) if state.key_of is not None else None
            if records is not None and page.kind == "article" and page.entry is not None:
                rows.append((_cached_as(page.entry.article, state.content), page.url, records.record(page.entry)))
            if key is not None and writer.made_from(relpath, key):
                out.append((i, relpath, page.kind, "", KEPT, key))
            else:
                todo.append((i, page, relpath, key))
        if rows:
            state.cache.stage_article_pages(rows)
        bodies = state.cache.bodies(  # one query for these pages' articles
            [_cached_as(p.entry.article, state.content) for _, p, _, _ in todo if p.kind == "article" and p.entry]
        )
        for i, page, relpath, key in todo:
            out.append((i, relpath, page.kind, *_render_one(state, page, relpath, bodies), key))
    return out


def _render_order(pages: list[Page], todo: list[int]) -> list[int]:
    """The pages to render, those that show the same stories together: an article page by its
    story's date, a list by its newest story's (lists run newest first, 20 to a page, so a
    page's stories are of a few days). Each worker then takes runs of neighbouring dates (see
    workers.guided_chunks) and renders the teasers of its own days, not every teaser again."""

    def when(i: int) -> float:
        page = pages[i]
        entry = page.entry if page.entry is not None else (page.entries[0] if page.entries else None)
        return entry.article.date.timestamp() if entry is not None else 0.0

    return sorted(todo, key=when)


def _by_time(item: tuple[Any, Any]) -> float:
    """A stored page record's time (see edits.PageRecords), 0 where there is none."""
    when = item[0]
    return float(when) if type(when) in (int, float) else 0.0


def _lists_apart(pages: list[Page], todo: list[int], jobs: int) -> tuple[list[list[int]], list[int]]:
    """The list pages (every page but an article's) in a few long runs, handed out first, and
    the article pages: a worker that renders lists renders every story's list teasers, so
    the lists go to as few workers as keeps them busy (one of two, two of four ...) and
    those teasers are rendered once, not again in every worker; article pages, which show
    only related stories, share the rest of the work out."""
    lists = [i for i in todo if pages[i].kind != "article"]
    articles = [i for i in todo if pages[i].kind == "article"]
    runs = max(1, jobs // 2)
    size = -(-len(lists) // runs) if lists else 0
    return [lists[k : k + size] for k in range(0, len(lists), size)] if lists else [], articles


def _render_all(state: _RenderState, todo: list[int], jobs: int, progress: Callable[[int, int], None] | None):
    from newsgen.engine import workers

    done, total = 0, len(todo)
    parallel = jobs > 1 and len(todo) >= PARALLEL_RENDER_MIN
    leading: list[list[int]] = []
    if parallel:
        state.cache.close()  # each worker opens its own connection
        if isinstance(state.pages, list):  # (a template edit's are in the order of their records)
            leading, todo = _lists_apart(state.pages, _render_order(state.pages, todo), jobs)
    for results in workers.run(
        _render_chunk, todo, state, jobs, PARALLEL_RENDER_MIN, ordered=False, chunk=workers.GUIDED, leading=leading
    ):
        done += len(results)
        if progress:
            progress(done, total)
        yield from results


def _render_pages(
    state: _RenderState,
    indices: list[int],
    jobs: int,
    progress: Callable[[int, int], None] | None,
    key_of: Callable[[int], str] | None = None,
) -> tuple[Counter[str], int]:
    """Render (in workers when there are many) those of these pages whose key changed, keeping
    the others' files, and record each in the writer (with its key from `key_of` when the
    workers had none to check). Returns how many pages of each kind were rendered, and how many
    files were written."""
    kinds: Counter[str] = Counter()
    written = 0
    for i, relpath, kind, d, how, made_key in _render_all(state, indices, jobs, progress):
        key = made_key if made_key is not None else key_of(i)  # type: ignore[misc]
        if how == KEPT:
            if state.writer.keep(relpath, key):
                continue
            d, how = _render_one(state, state.pages[i], relpath)  # the file changed since a worker looked
        state.writer.record(relpath, d, how, key)
        kinds[kind] += 1
        written += how is not None
    return kinds, written


INDEX_PREFIX = f"{SEARCH_INDEX}/"  # the search index's files under the output folder


@dataclass(frozen=True)
class _StagedSearch:
    """A search index made beside the live one, waiting for the pages to be committed."""

    folder: Path  # <output>/.newsgen-search-new/
    indexes: dict[str, Built]  # every index the new shards.json lists, by folder
    made: bool  # whether any index was made anew
    months: dict[str, dict[str, str]]
    shards: int
    indexed: int
    recent: int


# ---------------------------------------------------------------- the build


def _valid_last_build(last: Any) -> bool:
    """A stored record of the last build with every field the next build reads."""
    return (
        isinstance(last, dict)
        and isinstance(last.get("fingerprint"), str)
        and isinstance(last.get("valid_until"), datetime)
        and last["valid_until"].tzinfo is not None  # compared with an aware time
        and all(isinstance(last.get(k), int) for k in ("articles", "excluded", "static_files", "files"))
        and isinstance(last.get("diagnostics"), list)
        and all(isinstance(d, Diagnostic) for d in last["diagnostics"])
    )


def _stored_due(last: dict) -> datetime | None:
    due = last.get("next_due")
    return due if isinstance(due, datetime) and due.tzinfo is not None else None


def _valid_references(value: Any) -> bool:
    """A stored record of the templates each template names: {source digest: [name, ...]}."""
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(n, str) for n in v) for k, v in value.items()
    )


def _valid_template_keys(value: Any) -> bool:
    """A stored record of each template's key: {template name: key}."""
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _valid_months(value: Any) -> bool:
    """A stored record of the search records by month: {month: {url: digest}}."""
    return isinstance(value, dict) and all(
        isinstance(m, str) and isinstance(urls, dict) and all(isinstance(u, str) and isinstance(d, str)
                                                              for u, d in urls.items())
        for m, urls in value.items()
    )  # fmt: skip


def _valid_until(site: Site, all_articles: list[Article], future: bool) -> datetime:
    """The first moment the same inputs would give another site: a future article falls due,
    an article leaves the news sitemap, a live blog stops being live, a breaking story leaves
    the "Tin nóng" bar, or the year in the footer changes."""
    from newsgen.model import LIVE_HOURS

    now = site.now
    moments = [datetime(now.year + 1, 1, 1, tzinfo=now.tzinfo)]
    live = timedelta(hours=LIVE_HOURS)
    moments += [t + live for e in site.entries if (times := e.article.live_times) and not e.article.live
                for t in (times[-1],) if t + live > now]  # fmt: skip
    if not future:
        moments += [a.date for a in all_articles if a.date > now]
    moments += [ends for e in site.entries if (ends := e.article.breaking_ends) is not None and ends > now]
    window = timedelta(days=site.config.news_sitemap_days)
    moments += [e.article.date + window for e in site.entries if e.article.date + window >= now]
    return min(moments)


def _next_due(all_articles: list[Article], now: datetime, options: BuildOptions) -> datetime | None:
    """When the site next changes by the clock alone: the first article not yet due is published,
    or a breaking story leaves the "Tin nóng" bar (a build at that time shows it)."""
    shown = [a for a in all_articles if options.drafts or not a.draft]
    moments = [ends for a in shown if (ends := a.breaking_ends) is not None and ends > now]
    if not options.future:
        moments += [a.date for a in shown if a.date > now]
    return min(moments, default=None)


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Build the site, holding its lock; a damaged cache is discarded (with a warning) and the
    build made again from the files."""
    t0 = time.perf_counter()
    config = resolve_config(options)
    cache_dir = options.cache_dir or config.root / CACHE_DIR
    with site_lock(cache_dir):
        try:
            return _Build(options, config, cache_dir, progress).run(t0)
        except CacheDamaged as exc:
            BuildCache(cache_dir, "").discard()
            result = _Build(options, config, cache_dir, progress).run(time.perf_counter())
            result.diagnostics.insert(
                0, Diagnostic(cache_dir, None, "warning", f"the build cache was damaged ({exc}): made again")
            )
            return result


class _Build:
    """One build, stage by stage: inputs, load, index, render, write, search."""

    def __init__(
        self, options: BuildOptions, config: SiteConfig, cache_dir: Path, progress: Callable[[int, int], None] | None
    ) -> None:
        self.options, self.config, self.progress = options, config, progress
        self.output = output_folder(options, config)
        self.site_static = config.root / config.static_dir
        self.site_templates = config.root / config.templates_dir
        self.jobs = _jobs(options)
        self.cache = BuildCache(cache_dir, _loader_scope(config))
        self.timings: dict[str, float] = {}
        self.hooks = plugins.of_group(config.plugins, "newsgen.hooks")
        self._intact: dict[str, bool] | None = None
        self._last: Any = ...  # the stored record of the last build, read once
        self.keeps_edits = False  # whether this build keeps each article page's record (store_article_pages)

    def run(self, t0: float) -> BuildResult:
        # Reading the inputs, the stored records and the articles, and indexing them, makes
        # hundreds of thousands of objects that live to the end and no cyclic garbage: the
        # collector is kept off until they are made, then they are frozen out of its way.
        frozen, collecting = gc.get_freeze_count(), gc.isenabled()
        gc.disable()
        try:
            files, found = self.inputs()
            if (done := self.up_to_date(files, found, t0)) is not None:
                return done
            if (done := self.text_edit(files, found, t0)) is not None:
                return done
            if (done := self.template_edit(files, found, t0)) is not None:
                return done
            articles, diagnostics, parsed, left_out = self.load(files, found, t0)
            site, renderer, assets, keys, diagnostics = self.index(articles, diagnostics)
            gc.freeze()
            if collecting:
                gc.enable()
            self.keeps_edits = not (self.hooks or left_out)  # then each article page's record is kept
            result = self.write(site, renderer, assets, keys, diagnostics)
            result.parsed, result.left_out = parsed, left_out
            result.next_due = _next_due(articles, site.now, self.options)
            edit_base = self.store_article_pages(site) if self.keeps_edits else None
            self.cache.set("url_history", self.url_history)
            self.cache.set(
                "last_build",
                {
                    **self.last_build, "valid_until": _valid_until(site, articles, self.options.future),
                    "edit_base": edit_base, "next_due": result.next_due,
                },
            )  # fmt: skip
            for hook in self.hooks:
                if hasattr(hook, "after_write"):
                    hook.after_write(result)
            return result
        finally:
            self.cache.close()
            if collecting:
                gc.enable()
            if not frozen:  # `newsgen serve` builds again and again in one process: let this build go
                gc.unfreeze()

    # -- inputs
    def inputs(self) -> tuple[list[SourceFile], list[Diagnostic]]:
        config = self.config
        check_output_folder(
            self.output,
            {
                "site root": config.root,
                "content folder": config.content_path,
                "templates folder": self.site_templates,
                "static folder": self.site_static,
            },
        )
        self.now = current_time(config, self.options.now)
        suffixes = tuple(readers(config))
        files, found = inventory(config.content_path, config.root, config.max_article_bytes, suffixes)
        # pages that are not news (content/trang/) are read with the rest, never as articles
        self.standalone_files = [f for f in files if f.is_article and is_standalone(f.relpath)]
        standalone = {f.relpath for f in self.standalone_files}
        files = [f._replace(is_article=False) if f.relpath in standalone else f for f in files]
        o = self.options
        config_bytes = (config.root / CONFIG_FILE).read_bytes() if (config.root / CONFIG_FILE).is_file() else b""
        # everything the build is made of but the articles' files, then those files
        rest = [
            __version__, str(self.output.resolve()), config_bytes, repr(config), o.relative_urls, o.drafts,
            o.future, o.strict, o.keep_going, _tree_state(self.site_static), _tree_state(THEME),
            plugins.fingerprint(config.plugins), _file_state(most_read.path_of(config.root)),
            [(str(d.path), d.line, d.level, d.message) for d in found],
            # a photo's or any other file's change takes the full path; an article's may not
            [(f.relpath, True) if f.is_article else (f.relpath, f.size, f.mtime_ns) for f in files],
        ]  # fmt: skip
        # ... of which all but the site's templates (which make no part of the site model)
        self.model_fingerprint = digest(rest)
        self.rest_fingerprint = digest([self.model_fingerprint, _tree_state(self.site_templates)])
        self.fingerprint = digest((self.rest_fingerprint, [(f.relpath, f.size, f.mtime_ns) for f in files]))
        self.writer = OutputWriter(self.output)
        return files, found

    def last_build_record(self) -> Any:
        """The stored record of the last build (validate it with _valid_last_build)."""
        if self._last is ...:
            self._last = self.cache.get("last_build")
        return self._last

    def up_to_date(self, files: list[SourceFile], found: list[Diagnostic], t0: float) -> BuildResult | None:
        """The last build's result when nothing it was made of has changed, else None."""
        writer, manifest = self.writer, self.writer.manifest
        last = self.last_build_record()
        if (
            any(d.level == "error" for d in found)
            or not _valid_last_build(last)
            or last["fingerprint"] != self.fingerprint
            or manifest.build != self.fingerprint
            or manifest.pending
            or manifest.problems
            or (self.config.search and manifest.search_stale)
            or self.now >= last["valid_until"]
            or not writer.all_whole()
        ):
            return None
        self.timings["load"] = time.perf_counter() - t0
        return BuildResult(
            output=self.output, articles=last["articles"], excluded=last["excluded"], pages=Counter(),
            static_files=last["static_files"], written=0, unchanged=last["files"], removed=[],
            diagnostics=last["diagnostics"], timings=self.timings, up_to_date=True, next_due=_stored_due(last),
        )  # fmt: skip

    # -- a text edit (engine/edits.py)
    def _edit_base(self, found: list[Diagnostic]) -> dict[str, Any] | None:
        """What the last full build stored for the edits that follow it (store_article_pages),
        when the last build, its output and its stored article pages can be built upon; else None."""
        manifest = self.writer.manifest
        last = self.last_build_record()
        base = last.get("edit_base") if _valid_last_build(last) else None
        if (
            not isinstance(base, dict)
            or self.hooks
            or any(d.level == "error" for d in found)
            or base.get("token") != self.cache.get("article_pages")
            or manifest.build != last.get("fingerprint")
            or manifest.pending
            or manifest.problems
            or manifest.search_stale
            or self.now >= last["valid_until"]
            or self.config.feed_content == "full"  # the feeds show the whole text: they change with it
        ):
            return None
        return base

    def text_edit(self, files: list[SourceFile], found: list[Diagnostic], t0: float) -> BuildResult | None:
        """The build when only the text of a few articles changed; None when the full path is needed."""
        from newsgen.engine import cache as cache_codec
        from newsgen.engine.edits import EDITS_MAX, NotRestorable, Restorer, lists_the_same, ordered_sections
        from newsgen.load.article import load_article
        from newsgen.load.folder import beside_of, summary

        config, writer = self.config, self.writer
        last = self.last_build_record()
        base = self._edit_base(found)
        if base is None or base.get("rest") != self.rest_fingerprint:
            return None
        months = self.cache.get("search_months") if config.search else {}
        if not _valid_months(months):
            return None
        stamps = self.cache.stamps()
        changed = [f for f in files if f.is_article and stamps.get(f.relpath) != (f.size, f.mtime_ns)]
        if not changed or len(changed) > EDITS_MAX:
            return None
        content = config.content_path

        def summary_of(path: str) -> Article:
            record = cache_codec.article_record(self.cache.summary(path), content / path)
            if record is None:
                raise NotRestorable(f"no stored record of {path}")
            return record

        diagnostics = list(last["diagnostics"])
        parsed: list[tuple[SourceFile, Article, Article]] = []  # the file, its new record, its old summary
        beside, _ = beside_of(files, config.vocabulary.rubrics, {posixpath.dirname(f.relpath) for f in changed})
        try:
            for f in changed:
                try:
                    article = load_article(f.path, config, root=content, beside=beside[f.relpath])
                except ContentError:
                    return None  # the full path reports it
                old = summary_of(f.relpath)
                if not lists_the_same(old, summary(article)):
                    return None
                if self.cache.others_with_headline_key({old.headline_key, article.headline_key}, f.relpath):
                    return None  # another article has (or had) its headline: it may be, or have been, a copy
                parsed.append((f, article, old))

            def page_of(path: str) -> tuple[str, str] | None:
                row = self.cache.article_page(path=path)
                return (row[1], row[2]) if row is not None else None

            restorer = Restorer(summary_of, page_of)
            sections = ordered_sections(base.get("sections"), restorer)
            entries = []
            o = self.options
            for f, article, _old in parsed:
                # published unless a draft or not yet due (a copy of another was ruled out above)
                published = (o.drafts or not article.draft) and (o.future or article.date <= self.now)
                row = self.cache.article_page(path=f.relpath)
                if published != (row is not None) or article.date > self.now or old.date > self.now:
                    return None  # published or taken down, or when the next one falls due may move
                if row is not None:
                    entries.append(restorer.entry(f.relpath, row[1], row[2], article))
        except NotRestorable:
            return None
        for f, article, old in parsed:  # the articles' own warnings, in place of the old ones
            gone = {(w.line, w.message) for w in old.warnings}
            diagnostics = [d for d in diagnostics if not (d.path == f.path and (d.line, d.message) in gone)]
            diagnostics += [Diagnostic(f.path, w.line, "warning", w.message) for w in article.warnings]
        diagnostics.sort(key=lambda d: (str(d.path), d.line or 0))

        restored = self._restored_site(entries, sections)
        if restored is None:
            return None
        site, pages, targets = restored
        if not all(t in writer.previous for t in targets):
            return None  # a stored URL that is not one of the last build's pages
        if not writer.keep_all_but(set(targets)):
            return None  # a file of the last build is gone or changed: the full path makes it again
        self.timings["load"] = time.perf_counter() - t0
        t2 = time.perf_counter()
        renderer, _assets, keys = self._renderer(site, ())
        written = 0
        try:
            writer.begin(targets)
            for page, target in zip(pages, targets, strict=True):
                written += writer.add(target, renderer.render(page), keys.key(page, renderer.page_date))
            self.cache.put_articles(
                (f.relpath, f.size, f.mtime_ns, cache_codec.dumps(replaced(summary(a), source=f.relpath)),
                 cache_codec.dumps(a.blocks), a.headline_key)
                for f, a, _old in parsed
            )  # fmt: skip
            self.timings["render"] = time.perf_counter() - t2
            new_index = None
            if config.search and written > 0:
                t4 = time.perf_counter()
                by_url = {e.url: e for e in entries}
                self._months(entries, renderer, months)

                def entry_of(url: str) -> Entry:
                    if url in by_url:
                        return by_url[url]
                    row = self.cache.article_page(url=url)
                    if row is None:
                        raise CacheDamaged(f"no stored page for {url}")
                    try:
                        return restorer.entry(row[0], url, row[2])
                    except NotRestorable as exc:
                        raise CacheDamaged(str(exc)) from None

                new_index = self.stage_search(months, entry_of, renderer)
                self.timings["search"] = time.perf_counter() - t4
            removed = writer.commit(build=self.fingerprint, save=new_index is None)
        except BaseException:
            writer.abort(targets)
            raise
        search_index = self.adopt_search(new_index) if new_index is not None else None
        pages_made = Counter({k: v for k, v in (last.get("pages") or {}).items() if isinstance(v, int)})
        self.cache.set("last_build", {**last, "fingerprint": self.fingerprint, "diagnostics": diagnostics})
        return BuildResult(
            output=self.output, articles=last["articles"], excluded=last["excluded"], pages=pages_made,
            static_files=last["static_files"], written=written, unchanged=len(writer.current) - written,
            removed=removed, diagnostics=diagnostics, timings=self.timings, parsed=len(parsed),
            rendered=len(pages), rendered_kinds=Counter(p.kind for p in pages), search=search_index, text_edit=True,
            next_due=_stored_due(last),
        )  # fmt: skip

    def _restored_site(
        self, entries: list[Entry], sections: list[Section]
    ) -> tuple[Site, list[Page], list[str]] | None:
        """The site of these entries, rebuilt from the stored records of their pages (with the
        pages that are not news, which every footer links), its article pages and their files;
        None when a page that is not news cannot be read (the full path reports it)."""
        from newsgen.i18n import messages
        from newsgen.pages import articles as article_pages
        from newsgen.site.model import Site
        from newsgen.urls import output_path

        site = Site(self.config, self.now, entries, sections, [], [], [])
        unread: list[Diagnostic] = []  # unchanged since the last build (their files are fingerprinted)
        self.standalone, self.views = self.load_others(unread, [], views=False)
        if unread:
            return None
        self._standalone_and_views(site)  # the footers link them; the lists are not on article pages
        site.pages = article_pages.pages(site, messages(self.config.language))
        return site, site.pages, [output_path(p.url) for p in site.pages]

    def template_edit(self, files: list[SourceFile], found: list[Diagnostic], t0: float) -> BuildResult | None:
        """The build when nothing changed but templates that only article pages use (the site
        model is then the last build's): every article page is rebuilt from what the last full
        build stored around it, as a text edit rebuilds a few (engine/edits.py), and made again
        where its key changed; every other page, feed and the search index stay as they are.
        None when anything else changed: the full path."""
        from newsgen.engine.edits import NotRestorable, Restorer, StoredSummaries, ordered_sections
        from newsgen.i18n import messages
        from newsgen.pages.common import home_crumb
        from newsgen.urls import output_path

        config, writer = self.config, self.writer
        last = self.last_build_record()
        base = self._edit_base(found)
        if (
            base is None
            or base.get("model") != self.model_fingerprint
            or base.get("rest") == self.rest_fingerprint  # nothing but articles changed: not this path
            or not _valid_template_keys(base.get("templates"))
            or not isinstance(base.get("list_templates"), list)
            or plugins.of_group(config.plugins, "newsgen.pages")
        ):
            return None
        stored = self.cache.summaries()
        articles = [f for f in files if f.is_article]
        if len(stored) != len(articles) or any(stored.get(f.relpath, (0, 0))[:2] != (f.size, f.mtime_ns)
                                               for f in articles):  # fmt: skip
            return None  # an article's file changed too
        content = config.content_path
        rows = self.cache.all_article_pages()
        pages_of = {path: (url, page) for path, url, page in rows}
        restorer = Restorer(StoredSummaries(stored, content), pages_of.get)
        try:
            sections = ordered_sections(base.get("sections"), restorer)
        except NotRestorable:
            return None
        # the site around the pages; the entries are restored where their pages are rendered
        restored = self._restored_site([], sections)
        if restored is None:
            return None
        site = restored[0]
        targets = [output_path(url) for _, url, _ in rows]
        made = last.get("pages")
        if not isinstance(made, dict) or made.get("article") != len(rows) or len(set(targets)) != len(rows):
            return None
        renderer, _assets, keys = self._renderer(site, (), templates=set(base["templates"]))
        now_keys = keys.templates
        if any(now_keys.get(n) != k for n, k in base["templates"].items() if n in base["list_templates"]):
            return None  # a template another page uses changed
        try:  # by date, as a full build renders them (_render_order): neighbours together
            when = [restorer.record(path, record).get("when") for path, _, record in rows]
        except NotRestorable:
            return None
        rows = [row for _, row in sorted(zip(when, rows, strict=True), key=_by_time)]
        # (the last check: keep_all_but keeps the other files for this path)
        if not all(t in writer.previous for t in targets) or not writer.keep_all_but(set(targets)):
            return None  # a stored URL that is not one of the last build's pages, or a file of it changed
        self.timings["load"] = time.perf_counter() - t0
        t2 = time.perf_counter()
        pages = _RestoredPages(rows, restorer, home_crumb(messages(config.language)))
        try:
            writer.begin(targets)
            key_of = functools.partial(keys.key, page_date=renderer.page_date)
            state = _RenderState(renderer, writer, pages, self.cache, content, None, key_of=key_of)
            kinds, written = _render_pages(state, list(range(len(pages))), self.jobs, self.progress)
            removed = writer.commit(build=self.fingerprint)
        except BaseException:
            writer.abort(targets)
            raise
        self.timings["render"] = time.perf_counter() - t2
        self.cache.set("last_build", {
            **last, "fingerprint": self.fingerprint,
            "edit_base": {**base, "rest": self.rest_fingerprint, "templates": {**base["templates"], **now_keys}},
        })  # fmt: skip
        pages_made = Counter({k: v for k, v in made.items() if isinstance(v, int)})
        return BuildResult(
            output=self.output, articles=last["articles"], excluded=last["excluded"], pages=pages_made,
            static_files=last["static_files"], written=written, unchanged=len(writer.current) - written,
            removed=removed, diagnostics=list(last["diagnostics"]), timings=self.timings,
            rendered=sum(kinds.values()), rendered_kinds=kinds, template_edit=True, next_due=_stored_due(last),
        )  # fmt: skip

    def store_article_pages(self, site: Site) -> dict[str, Any]:
        """Keep what stands around each article page (made by the render workers as they
        rendered it, engine/edits.PageRecords, and staged in the cache), for the edits that follow."""
        from newsgen.engine.edits import section_list

        self.cache.adopt_article_pages(self.fingerprint)
        return {
            "token": self.fingerprint, "rest": self.rest_fingerprint, "model": self.model_fingerprint,
            "sections": section_list(site.sections), "templates": self.template_keys,
            "list_templates": sorted({p.template for p in site.pages if p.kind != "article"}),
        }  # fmt: skip

    # -- load
    def _ready_to_index(self) -> None:
        """What indexing and rendering use first, made while the workers parse: the modules
        (imported here, not in the serial step after the load) and the site's messages."""
        from newsgen.i18n import messages

        for module in _AFTER_LOAD:
            importlib.import_module(module)
        messages(self.config.language)

    def load(
        self, files: list[SourceFile], found: list[Diagnostic], t0: float
    ) -> tuple[list[Article], list[Diagnostic], int, list[Diagnostic]]:
        """Every article, the warnings so far, how many were parsed, and (--keep-going) the files
        left out; errors stop the build here."""
        from newsgen.load.folder import load_all, other_files

        articles, errors, parsed = load_all(
            files, self.config, self.config.content_path, self.cache, self.jobs, meanwhile=self._ready_to_index
        )
        errors = [d for d in found if d.level == "error"] + errors
        left_out: list[Diagnostic] = []
        if self.options.keep_going:  # a file that cannot be read is left out; a folder that cannot be read is not
            files_out = [d for d in errors if not d.message.startswith("cannot read the folder")]
            errors = [d for d in errors if d not in files_out]
            left_out = [Diagnostic(d.path, d.line, "warning", f"left out: {d.message}") for d in files_out]
        others: list[Diagnostic] = []
        self.standalone, self.views = self.load_others(errors, others)
        if errors:
            raise BuildFailed(sorted(errors, key=lambda d: (str(d.path), d.line or 0)))
        for hook in self.hooks:
            if hasattr(hook, "after_load"):
                articles = hook.after_load(articles, self.config) or articles
        diagnostics = [d for d in found if d.level != "error"] + self.writer.problems + left_out
        standalone = {f.relpath for f in self.standalone_files}
        diagnostics += other_files([f for f in files if f.relpath not in standalone], articles) + others
        for a in articles:
            diagnostics.extend(Diagnostic(a.source, w.line, "warning", w.message) for w in a.warnings)
        diagnostics.sort(key=lambda d: (str(d.path), d.line or 0))
        self.timings["load"] = time.perf_counter() - t0
        return articles, diagnostics, parsed, left_out

    def load_others(
        self, errors: list[Diagnostic], diagnostics: list[Diagnostic], views: bool = True
    ) -> tuple[list[Standalone], list[most_read.Row] | None]:
        """The pages that are not news and the most-read file's rows; what cannot be read is an
        error (with --keep-going a warning, the page or the list left out)."""
        from newsgen.load.standalone import load_standalone
        from newsgen.vietnamese import sort_key

        def problem(exc: ContentError) -> None:
            d = Diagnostic(exc.path, exc.line, "error", exc.message)
            if self.options.keep_going:
                diagnostics.append(Diagnostic(d.path, d.line, "warning", f"left out: {d.message}"))
            else:
                errors.append(d)

        pages: list[Standalone] = []
        for f in self.standalone_files:
            try:
                page = load_standalone(f.path, self.config)
            except ContentError as exc:
                problem(exc)
                continue
            if self.options.drafts or not page.draft:
                pages.append(page)
        pages.sort(key=lambda p: (p.weight, sort_key(p.title)))
        rows = None
        try:
            rows, found = most_read.read_rows(self.config.root) if views else (None, [])
            diagnostics.extend(found)
        except ContentError as exc:
            problem(exc)
        return pages, rows

    # -- index
    def index(self, articles: list[Article], diagnostics: list[Diagnostic]):
        """The site model and its pages, the renderer, and each page's key."""
        from newsgen.i18n import messages
        from newsgen.load.folder import bodies_of
        from newsgen.pages import produce_pages
        from newsgen.site.index import index_site

        t1 = time.perf_counter()
        config, o = self.config, self.options
        kinds = plugins.of_group(config.plugins, "newsgen.pages")

        def pages(site: Site) -> None:  # (what no page reads: related stories, found meanwhile)
            self._moved_urls(site)
            self._standalone_and_views(site)
            produce_pages(site, messages(config.language), kinds)

        site = index_site(articles, config, now=self.now, drafts=o.drafts, future=o.future, jobs=self.jobs,
                          meanwhile=pages, bodies=bodies_of(config, config.content_path, self.cache))  # fmt: skip
        for hook in self.hooks:
            if hasattr(hook, "after_site"):
                hook.after_site(site)
        diagnostics = diagnostics + site.diagnostics
        if o.strict and diagnostics:
            raise BuildFailed([Diagnostic(d.path, d.line, "error", d.message) for d in diagnostics])
        plugin_templates = tuple(k.templates for k in kinds if k.templates is not None)
        renderer, assets, keys = self._renderer(site, plugin_templates)
        self.template_keys = keys.templates
        self.timings["index"] = time.perf_counter() - t1
        return site, renderer, assets, keys, diagnostics

    def _standalone_and_views(self, site: Site) -> None:
        """The pages that are not news (one per address) and the most-read list, into the site."""
        from newsgen import urls

        taken = {e.url for e in site.entries}
        for page in self.standalone:
            url = urls.standalone(page.slug)
            if url in taken:
                message = f"another page has the address {url}: left out (give it a 'slug:')"
                site.diagnostics.append(Diagnostic(page.source, None, "warning", message))
                continue
            taken.add(url)
            site.standalone.append(page)
        if self.views is not None:
            base_path = urls.UrlWriter(self.config.base_url).base_path
            others = {s.url for s in site.sections} | {urls.home(), *taken} | {urls.named(n) for n in urls.NAMED}
            site.most_read, found = most_read.most_read(
                site, self.views, base_path, others, self.config.most_read_count,
                most_read.path_of(self.config.root),
            )  # fmt: skip
            site.diagnostics.extend(found)

    def _moved_urls(self, site: Site) -> None:
        """The URLs each article had in earlier builds, kept as redirects to where it is now (a
        new headline or slug moved it); remembered in the build cache, and said once."""
        from newsgen import urls

        def safe(url: object) -> bool:  # a stored URL is data from a cache that may hold anything
            return isinstance(url, str) and urls.alias(url) == url

        content = self.config.content_path
        stored = self.cache.get("url_history")
        history = {p: [u for u in us if safe(u)] for p, us in stored.items()
                   if isinstance(p, str) and isinstance(us, list)} if isinstance(stored, dict) else {}  # fmt: skip
        last = {p: u for p, u in self.cache.article_urls().items() if safe(u)}
        self.url_history: dict[str, list[str]] = {}
        if not history and not last:
            return  # a first build: no article has had another URL
        for e in site.entries:
            path = _cached_as(e.article, content)
            earlier = list(history.get(path, ()))
            before = last.get(path)
            if before and before != e.url and before not in earlier:
                earlier.append(before)
                site.diagnostics.append(Diagnostic(
                    e.article.source, None, "warning",
                    f"its URL changed from {before} to {e.url}: the old one now redirects; add "
                    f"'aliases: [{before}]' to its front matter to keep the redirect if the build cache is deleted",
                ))  # fmt: skip
            e.moved_from = [u for u in earlier if u != e.url]
            if e.moved_from:
                self.url_history[path] = e.moved_from

    def _renderer(self, site: Site, plugin_templates: tuple[Path, ...], templates: set[str] | None = None):
        """The renderer of the site's pages, its assets, and what makes each page's key (from the
        keys of the templates the pages use, or of `templates`)."""
        from newsgen import urls
        from newsgen.engine.keys import PageKeys, template_keys
        from newsgen.output.assets import Assets
        from newsgen.render.renderer import Renderer

        config, o = self.config, self.options
        static_dirs = [self.site_static] if self.site_static.resolve() != (THEME / "static").resolve() else []
        assets = Assets([*static_dirs, THEME / "static"])
        link_writer = urls.UrlWriter(config.base_url, relative=o.relative_urls)
        renderer = Renderer(config, site, link_writer, assets, plugin_templates)
        failed = self.cache.get("photos_failed")  # as the last full build found them (a text edit)
        if isinstance(failed, list):
            renderer.failed_photos = {d for d in failed if isinstance(d, str)}
        global_material = (
            __version__, repr(dataclasses.replace(config, root=Path("."))), config.base_url, o.relative_urls,
            assets.fingerprint(), [(s.name, s.url) for s in site.sections], self.now.year,
            [(p.title, p.slug) for p in site.standalone],  # every footer links them
            plugins.fingerprint(config.plugins), renderer.messages.digest,
        )  # fmt: skip
        stored = self.cache.get("template_references")
        known = dict(stored) if _valid_references(stored) else {}
        before = len(known)
        templates = renderer.check_templates(
            lambda env: template_keys(env, templates or {p.template for p in site.pages}, known=known)
        )
        if len(known) != before:
            self.cache.set("template_references", known)
        return renderer, assets, PageKeys(site, global_material, templates)

    # -- render, write, search
    @staticmethod
    def _record_material(e: Entry, renderer: Renderer) -> tuple[str, ...]:
        """What an article's search record is made from (its digest covers the whole text)."""
        a = e.article
        return (e.url, a.digest, e.section.name, renderer.article_date(a), *(t.name for t in e.tags))

    def _months(self, entries: list[Entry], renderer: Renderer, months: dict[str, dict[str, str]]) -> None:
        """Put these entries' search records (by digest) in their months."""
        from newsgen.output.search import record_digest, shard_name

        for e in entries:
            name = shard_name(e.article.date.year, e.article.date.month)
            months.setdefault(name, {})[e.url] = record_digest(self._record_material(e, renderer))

    def stage_search(
        self, months: dict[str, dict[str, str]], entry_of: Callable[[str], Entry], renderer: Renderer
    ) -> _StagedSearch:
        """The search index, made beside the live one (adopt_search puts it in place): a
        Pagefind index per month (a large month in parts: search.month_parts), and one of the
        records changed since their month was indexed. A month's live index is taken over
        when its files are still the ones newsgen wrote and few of its records changed (see
        output/search.py). `months`: for each month, the URL and record digest of its articles.
        Made before the pages are committed, so that a build whose index cannot be made leaves
        the previous site, pages and index, whole."""
        from newsgen.model import plain_text
        from newsgen.output.search import (
            OVERLAY,
            SHARDS_FILE,
            Record,
            Shard,
            build_index,
            listing,
            make_record,
            month_parts,
            plan_index,
            read_built,
        )  # fmt: skip

        language = self.config.language
        content = self.config.content_path

        def records(urls: list[str]) -> list[Record]:
            entries = [entry_of(url) for url in urls]
            paths = [_cached_as(e.article, content) for e in entries]
            bodies = self.cache.bodies(paths)  # the text is the body's: no second copy is stored
            return [
                make_record(
                    url, e.article, plain_text(e.article.headline, e.article.lede, bodies[path]), e.section.name,
                    [t.name for t in e.tags], renderer.article_date(e.article),
                )
                for url, e, path in zip(urls, entries, paths, strict=True)
            ]  # fmt: skip

        def shard(name: str, members: dict[str, str]) -> Shard:
            return Shard(name, members, functools.partial(records, sorted(members)), language)

        shards = {
            part: shard(part, members)
            for name, month in months.items()
            for part, members in month_parts(name, month).items()
        }
        live = {
            folder: built
            for folder, built in read_built(self.cache.get("search_indexes")).items()
            if self._intact_folders().get(folder, False)
        }
        plan = plan_index(shards, live, lambda members: shard(OVERLAY, members))
        staged, made = build_index(self.output, plan, shards, self.jobs)
        indexes = {b.folder: b for b in plan.keep.values()} | made
        if plan.recent is not None and plan.recent.folder not in indexes:
            indexes[plan.recent.folder] = live[plan.recent.folder]
        try:
            (staged / SHARDS_FILE).write_text(
                json.dumps(listing(shards, indexes, plan), ensure_ascii=False), encoding="utf-8"
            )
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        return _StagedSearch(staged, indexes, bool(made), months, len(shards), len(plan.make),
                             len(plan.recent.members) if plan.recent else 0)  # fmt: skip

    def adopt_search(self, new: _StagedSearch) -> SearchIndex:
        """Put the staged index in place of the live one, once the pages are committed; the
        manifest is saved then, once for both. If that fails, the manifest says the index is
        stale, so that the next build makes it again."""
        from newsgen.output.search import SearchIndex, stored_built

        try:
            if new.made:  # else every index was already recorded (a record of more folders is harmless)
                self.cache.set("search_indexes", stored_built(new.indexes))
            self.cache.set("search_months", new.months)
            self.writer.adopt_folders(INDEX_PREFIX, new.folder, set(new.indexes), self.fingerprint)
        except BaseException:
            shutil.rmtree(new.folder, ignore_errors=True)
            with contextlib.suppress(OSError):
                self.writer.save_manifest(build="", search_stale=True)
            raise
        files = sorted(r for r in self.writer.current if r.startswith(INDEX_PREFIX))
        return SearchIndex(
            pages=sum(len(m) for m in new.months.values()), bytes=sum(self.writer.current[r].size for r in files),
            files=files, shards=new.shards, indexed=new.indexed, recent=new.recent,
        )  # fmt: skip

    def _intact_folders(self) -> dict[str, bool]:
        """For each folder of the live search index: whether every file the last build wrote
        there is still as it wrote it (write() kept exactly those)."""
        if self._intact is None:
            self._intact = {}
            for relpath in self.writer.previous:
                if relpath.startswith(INDEX_PREFIX) and "/" in relpath[len(INDEX_PREFIX) :]:
                    folder = relpath[len(INDEX_PREFIX) :].split("/", 1)[0]
                    self._intact[folder] = self._intact.get(folder, True) and relpath in self.writer.current
        return self._intact

    def _robots_warning(self) -> Diagnostic:
        """With a base_url that has a path, robots.txt is written where crawlers never look."""
        from newsgen import urls

        robots = self.output / urls.output_path(urls.robots())
        try:
            lines = robots.read_text(encoding="utf-8").strip().splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        host = urlsplit(self.config.base_url)
        where = f"{host.scheme}://{host.netloc}/robots.txt" if host.netloc else "/robots.txt at the host's root"
        shown = "".join(f"\n    {line}" for line in lines)
        return Diagnostic(
            self.config.root / CONFIG_FILE, None, "warning",
            f"base_url has a path ({urlsplit(self.config.base_url).path}): crawlers read robots.txt only at "
            f"{where}; serve these lines there:{shown}",
        )  # fmt: skip

    def photos(self, site: Site, diagnostics: list[Diagnostic]) -> tuple[dict[str, str], set[str]]:
        """The published variants of every photo the site shows that are not already in the
        output ({relpath: digest}, each in the variant cache), and the photos that cannot be
        published (by digest; their figures show the caption alone). Missing variants are
        encoded here, in the worker processes, before any page is rendered."""
        from newsgen.engine import workers
        from newsgen.output import photos as published

        t = time.perf_counter()
        shown: dict[str, Photo] = {}
        for e in site.entries:
            for photo in e.article.photos:
                shown.setdefault(photo.digest, photo)
        stored = self.cache.get("photo_variants")
        known: dict[str, str] = stored if isinstance(stored, dict) else {}
        cache = published.VariantCache(self.cache.folder / "photos")
        needed: dict[str, str] = {}
        digests: dict[str, str] = {}
        todo: list[Photo] = []
        for photo in shown.values():
            missing = False
            for v in published.variants(photo):
                digest = known.get(v.relpath)
                if isinstance(digest, str):
                    digests[v.relpath] = digest
                if self.writer.keep(v.relpath):
                    continue
                needed[v.relpath] = digest if isinstance(digest, str) else ""
                missing = missing or cache.get(v.relpath, needed[v.relpath]) is None
            if missing:
                todo.append(photo)
        failed: set[str] = set()
        state = (self.config.content_path, cache.folder)
        for results in workers.run(published.encode_chunk, todo, state, self.jobs, 2, ordered=False, chunk=1):
            for digest, outcome in results:
                photo = shown[digest]
                if isinstance(outcome, str):
                    failed.add(digest)
                    where = self.config.content_path / photo.source
                    diagnostics.append(Diagnostic(where, None, "warning", f"{outcome}: shown as a caption"))
                    for v in published.variants(photo):
                        needed.pop(v.relpath, None)
                    continue
                digests.update(outcome)
                needed.update({r: d for r, d in outcome.items() if r in needed})
        if digests != known:
            for relpath in set(known) - set(digests):  # variants of photos no longer shown
                cache.remove(relpath)
            self.cache.set("photo_variants", {r: digests[r] for r in sorted(digests)})
        if sorted(failed) != self.cache.get("photos_failed"):
            self.cache.set("photos_failed", sorted(failed))
        if shown:
            self.timings["photos"] = time.perf_counter() - t
        self.photos_encoded = len(todo) - len(failed)
        self.photos_shown = len(shown) - len(failed)
        return needed, failed

    def write(self, site: Site, renderer: Renderer, assets: Any, keys: PageKeys, diagnostics: list[Diagnostic]):
        from newsgen import urls
        from newsgen.engine.edits import PageRecords
        from newsgen.output.photos import VariantCache
        from newsgen.output.search import SHARDS_FILE

        config, writer = self.config, self.writer
        photo_files, renderer.failed_photos = self.photos(site, diagnostics)
        diagnostics.sort(key=lambda d: (str(d.path), d.line or 0))
        t2 = time.perf_counter()
        targets = [urls.output_path(page.url) for page in site.pages]
        try:
            records = PageRecords(str(config.content_path)) if self.keeps_edits else None
            if records is not None:
                self.cache.stage_article_pages()
            key_of = functools.partial(keys.key, page_date=renderer.page_date)
            # with files of an earlier build to keep, the workers need each page's key first; else
            # (a first build) the keys are made here while the workers render
            page_keys = [key_of(p) for p in site.pages] if writer.previous else None
            state = _RenderState(
                renderer, writer, site.pages, self.cache, config.content_path, page_keys, records=records
            )
            writer.begin(targets + [f.output for f in assets.files.values()] + sorted(photo_files))
            kinds, written = _render_pages(
                state, list(range(len(targets))), self.jobs, self.progress, lambda i: key_of(site.pages[i])
            )
            self.timings["render"] = time.perf_counter() - t2
            t3 = time.perf_counter()
            for f in assets.files.values():
                written += writer.add_file(f.output, f.source)
            variant_cache = VariantCache(self.cache.folder / "photos")
            for relpath, digest in sorted(photo_files.items()):
                data = variant_cache.get(relpath, digest)
                if data is None:
                    raise NewsgenError(variant_cache.folder, f"a photo variant left the build cache: {relpath}")
                written += writer.add(relpath, data)
            previous_index = [r for r in writer.previous if r.startswith(INDEX_PREFIX)]
            has_index = bool(previous_index)
            if config.search:
                for relpath in previous_index:  # kept unless re-indexed below
                    has_index = writer.keep(relpath) and has_index
                has_index = has_index and f"{INDEX_PREFIX}{SHARDS_FILE}" in writer.current
            pages_changed = written > 0 or any(
                not r.startswith(INDEX_PREFIX) for r in set(writer.previous) - set(writer.current)
            )
            reindex = config.search and (pages_changed or writer.manifest.search_stale or not has_index)
            self.timings["write"] = time.perf_counter() - t3
            new_index = None
            if reindex:  # made before the pages go in place: a failure leaves the previous site whole
                t4 = time.perf_counter()
                months: dict[str, dict[str, str]] = {}
                self._months(site.entries, renderer, months)
                by_url = {e.url: e for e in site.entries}
                new_index = self.stage_search(months, by_url.__getitem__, renderer)
                self.timings["search"] = time.perf_counter() - t4
            removed = writer.commit(build=self.fingerprint, save=new_index is None)
            unchanged = len(writer.current) - written
        except BaseException:
            # a failed build leaves the previous site as it was
            writer.abort(targets)
            raise
        search_index = self.adopt_search(new_index) if new_index is not None else None
        if renderer.writer.base_path != "/":
            diagnostics.append(self._robots_warning())
        self.last_build = {
            "fingerprint": self.fingerprint,
            "articles": len(site.entries),
            "excluded": site.excluded,
            "static_files": len(assets.files),
            "files": len(writer.current),
            "diagnostics": diagnostics,
            "pages": dict(Counter(p.kind for p in site.pages)),
        }
        return BuildResult(
            output=self.output, articles=len(site.entries), excluded=site.excluded,
            pages=Counter(p.kind for p in site.pages), static_files=len(assets.files), written=written,
            unchanged=unchanged, removed=removed, diagnostics=diagnostics, timings=self.timings,
            rendered=sum(kinds.values()), rendered_kinds=kinds, search=search_index,
            photos=self.photos_shown, photos_encoded=self.photos_encoded,
        )  # fmt: skip
