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

import dataclasses
import gc
import hashlib
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen import __version__
from newsgen.config import CONFIG_FILE, SiteConfig, load_config, with_overrides
from newsgen.engine import cache as cache_codec
from newsgen.engine.cache import BuildCache, CacheDamaged
from newsgen.engine.lock import site_lock
from newsgen.errors import ContentError, Diagnostic
from newsgen.load.sources import SourceFile, inventory, skipped_file
from newsgen.model import Article, Figure
from newsgen.output.assets import THEME
from newsgen.output.search import INDEX_DIR, SearchIndex, build_index
from newsgen.output.writer import OutputWriter, check_output_folder, content_digest

if TYPE_CHECKING:  # the parser, the index and Jinja2 are imported only when a build has work to do
    from newsgen.render.renderer import Renderer
    from newsgen.site.model import Page, Site

CACHE_DIR = ".newsgen-cache"
PARALLEL_PARSE_MIN = 64  # fewer files than this are parsed in-process
PARALLEL_RENDER_MIN = 200  # fewer pages than this are rendered in-process
CHUNK = 64


class BuildFailed(Exception):
    """Content problems that stop a build; each is one `path:line: error: ...` line."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"{len(diagnostics)} problem(s)")


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

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def _now(config: SiteConfig, given: datetime | None) -> datetime:
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


def digest(material: object) -> str:
    return hashlib.blake2b(repr(material).encode("utf-8"), digest_size=16).hexdigest()


def _loader_code() -> str:
    """The loader's own source: a changed reader re-reads every article, whatever the version says."""
    folder = Path(__file__).parent / "load"
    return digest([(p.name, p.read_bytes()) for p in sorted(folder.glob("*.py"))])


_LOADER_CODE = _loader_code()


def _loader_scope(config: SiteConfig) -> str:
    """What an article's record depends on besides its file."""
    return digest(
        (__version__, _LOADER_CODE, str(config.content_path.resolve()), config.vocabulary, config.default_rubric,
         config.default_year, config.timezone)
    )  # fmt: skip


# ---------------------------------------------------------------- load (parallel)

_PARSE: tuple[SiteConfig, Path] | None = None  # set in the parent, inherited by forked workers


def _parse_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, Article | ContentError, bytes, bytes]]:
    """Parse files; return each record's summary with the summary and body already encoded
    for the cache, so that the parent does as little as possible."""
    from newsgen.load import load_article

    assert _PARSE is not None
    config, content = _PARSE
    out: list[tuple[str, Article | ContentError, bytes, bytes]] = []
    for relpath, path in chunk:
        try:
            article = load_article(Path(path), config, root=content)
        except ContentError as exc:
            out.append((relpath, exc, b"", b""))
            continue
        summary = _summary(article)
        # Stored with its source as a plain string: rebuilding 10,000 Path objects costs more
        # than unpickling the records; the parent puts the Path back.
        stored = cache_codec.dumps(dataclasses.replace(summary, source=relpath))
        out.append((relpath, summary, stored, cache_codec.dumps(article.blocks)))
    return out


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _parse_all(todo: list[SourceFile], config: SiteConfig, content: Path, jobs: int):
    global _PARSE
    _PARSE = (config, content)
    work = [(f.relpath, f.abspath) for f in todo]
    try:
        if jobs == 1 or len(work) < PARALLEL_PARSE_MIN:
            for chunk in _chunks(work, CHUNK):
                yield from _parse_chunk(chunk)
        else:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(jobs) as pool:
                for results in pool.imap(_parse_chunk, _chunks(work, CHUNK)):
                    yield from results
    finally:
        _PARSE = None


def _summary(article: Article) -> Article:
    """The record without its body: what the index and every list page need."""
    images = tuple(b for b in article.blocks if isinstance(b, Figure) and b.image)
    return dataclasses.replace(article, blocks=images)


def load_articles(
    files: list[SourceFile], config: SiteConfig, content: Path, cache: BuildCache, jobs: int
) -> tuple[list[Article], list[Diagnostic], int]:
    """Every article (as a summary), the errors, and how many were parsed."""
    cached = cache.summaries()
    articles: dict[str, Article] = {}
    todo: list[SourceFile] = []
    for f in files:
        if not f.is_article:
            continue
        hit = cached.get(f.relpath)
        if hit is not None and hit[0] == f.size and hit[1] == f.mtime_ns:
            summary = cache_codec.loads(hit[2])
            if not isinstance(summary, Article):
                raise CacheDamaged(f"the stored record of {f.relpath} is not an article")
            object.__setattr__(summary, "source", f.path)  # a frozen record: set once, as it is made
            articles[f.relpath] = summary
        else:
            todo.append(f)
    errors: list[Diagnostic] = []
    rows = []
    by_path = {f.relpath: f for f in todo}
    for relpath, result, stored, body in _parse_all(todo, config, content, jobs):
        f = by_path[relpath]
        if isinstance(result, ContentError):
            errors.append(Diagnostic(result.path or f.path, result.line, "error", result.message))
            continue
        articles[relpath] = result
        rows.append((relpath, f.size, f.mtime_ns, stored, body))
    if rows:
        cache.put_articles(rows)
    gone = set(cached) - {f.relpath for f in files if f.is_article}
    if gone:
        cache.delete_articles(gone)
    ordered = [articles[f.relpath] for f in files if f.relpath in articles]
    return ordered, errors, len(todo)


# ---------------------------------------------------------------- render (parallel)


@dataclass
class _RenderState:
    renderer: Renderer
    writer: OutputWriter
    pages: list[Page]
    cache: BuildCache
    content: Path


_RENDER: _RenderState | None = None  # set in the parent, inherited by forked workers


def _full_page(state: _RenderState, page: Page) -> Page:
    """An article page gets its body back from the cache before rendering."""
    if page.entry is None or page.kind != "article":
        return page
    a = page.entry.article
    relpath = str(a.source)[len(str(state.content)) + 1 :].replace(os.sep, "/")
    full = dataclasses.replace(a, blocks=state.cache.blocks(relpath))
    return dataclasses.replace(page, entry=dataclasses.replace(page.entry, article=full))


def _render_chunk(indices: list[int]) -> list[tuple[int, str, str | None]]:
    """Render pages; write those whose bytes changed. Returns (page index, digest, how written)."""
    from newsgen.urls import output_path

    state = _RENDER
    assert state is not None
    out = []
    for i in indices:
        page = state.pages[i]
        data = state.renderer.render(_full_page(state, page))
        d = content_digest(data)
        relpath = output_path(page.url)
        if state.writer.is_current(relpath, d):
            out.append((i, d, None))
        else:
            out.append((i, d, state.writer.stage(relpath, data)))
    return out


def _render_all(state: _RenderState, todo: list[int], jobs: int, progress: Callable[[int, int], None] | None):
    global _RENDER
    _RENDER = state
    done = 0
    try:
        if jobs == 1 or len(todo) < PARALLEL_RENDER_MIN:
            for chunk in _chunks(todo, CHUNK):
                results = _render_chunk(chunk)
                done += len(results)
                if progress:
                    progress(done, len(todo))
                yield from results
        else:
            state.cache.close()  # each worker opens its own connection
            gc.freeze()  # keep the collector from touching (and so copying) the parent's objects
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(jobs) as pool:
                for results in pool.imap_unordered(_render_chunk, _chunks(todo, CHUNK)):
                    done += len(results)
                    if progress:
                        progress(done, len(todo))
                    yield from results
    finally:
        _RENDER = None
        gc.unfreeze()


# ---------------------------------------------------------------- the build


def _valid_until(site: Site, all_articles: list[Article], future: bool) -> datetime:
    from newsgen.site.model import NEWS_SITEMAP_DAYS

    """The first moment the same inputs would give another site: a future article falls due,
    an article leaves the news sitemap, or the year in the footer changes."""
    now = site.now
    moments = [datetime(now.year + 1, 1, 1, tzinfo=now.tzinfo)]
    if not future:
        moments += [a.date for a in all_articles if a.date > now]
    window = timedelta(days=NEWS_SITEMAP_DAYS)
    moments += [e.article.date + window for e in site.entries if e.article.date + window >= now]
    return min(moments)


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Build the site, holding its lock; a damaged cache is discarded (with a warning) and the
    build made again from the files."""
    t0 = time.perf_counter()
    config = resolve_config(options)
    cache_dir = options.cache_dir or config.root / CACHE_DIR
    with site_lock(cache_dir):
        try:
            return _build(options, config, cache_dir, t0, progress)
        except CacheDamaged as exc:
            BuildCache(cache_dir, "").discard()
            result = _build(options, config, cache_dir, time.perf_counter(), progress)
            result.diagnostics.insert(
                0, Diagnostic(cache_dir, None, "warning", f"the build cache was damaged ({exc}): made again")
            )
            return result


def _build(
    options: BuildOptions,
    config: SiteConfig,
    cache_dir: Path,
    t0: float,
    progress: Callable[[int, int], None] | None,
) -> BuildResult:
    timings: dict[str, float] = {}
    output = output_folder(options, config)
    site_static = config.root / config.static_dir
    site_templates = config.root / config.templates_dir
    check_output_folder(
        output,
        {
            "site root": config.root,
            "content folder": config.content_path,
            "templates folder": site_templates,
            "static folder": site_static,
        },
    )
    jobs = _jobs(options)
    content = config.content_path
    files, found = inventory(content, config.root, config.max_article_bytes)
    problems = [d for d in found if d.level == "error"]
    now = _now(config, options.now)
    cache = BuildCache(cache_dir, _loader_scope(config))
    try:
        config_bytes = (config.root / CONFIG_FILE).read_bytes() if (config.root / CONFIG_FILE).is_file() else b""
        fingerprint = digest(
            (
                __version__, str(output.resolve()), config_bytes, repr(config), options.relative_urls, options.drafts,
                options.future, options.strict, options.keep_going, [(f.relpath, f.size, f.mtime_ns) for f in files],
                _tree_state(site_templates), _tree_state(site_static), _tree_state(THEME),
            )
        )  # fmt: skip
        writer = OutputWriter(output)
        manifest = writer.manifest
        last = cache.get("last_build")
        if (
            not problems
            and last is not None
            and last["fingerprint"] == fingerprint
            and manifest.build == fingerprint
            and not manifest.pending
            and not manifest.problems
            and not (config.search and manifest.search_stale)
            and now < last["valid_until"]
            and all(writer.verified(rel) is not None for rel in writer.previous)
        ):
            timings["load"] = time.perf_counter() - t0
            return BuildResult(
                output=output, articles=last["articles"], excluded=last["excluded"], pages=Counter(),
                static_files=last["static_files"], written=0, unchanged=last["files"], removed=[],
                diagnostics=last["diagnostics"], timings=timings, up_to_date=True,
            )  # fmt: skip

        # load
        articles, errors, parsed = load_articles(files, config, content, cache, jobs)
        errors = problems + errors
        timings["load"] = time.perf_counter() - t0
        left_out: list[Diagnostic] = []
        if options.keep_going:  # a file that cannot be read is left out; a folder that cannot be read is not
            files_out = [d for d in errors if not d.message.startswith("cannot read the folder")]
            errors = [d for d in errors if d not in files_out]
            left_out = [Diagnostic(d.path, d.line, "warning", f"left out: {d.message}") for d in files_out]
        if errors:
            raise BuildFailed(sorted(errors, key=lambda d: (str(d.path), d.line or 0)))
        diagnostics = [d for d in found if d.level != "error"] + writer.problems + left_out
        diagnostics += [skipped_file(f.path) for f in files if not f.is_article]
        for a in articles:
            diagnostics.extend(Diagnostic(a.source, w.line, "warning", w.message) for w in a.warnings)
        diagnostics.sort(key=lambda d: (str(d.path), d.line or 0))

        # index
        from newsgen import urls
        from newsgen.engine.keys import PageKeys, template_keys
        from newsgen.output.assets import Assets
        from newsgen.render.renderer import Renderer
        from newsgen.site.model import build_site

        t1 = time.perf_counter()
        site = build_site(articles, config, now=now, drafts=options.drafts, future=options.future)
        diagnostics += site.diagnostics
        if options.strict and diagnostics:
            raise BuildFailed([Diagnostic(d.path, d.line, "error", d.message) for d in diagnostics])
        static_dirs = [site_static] if site_static.resolve() != (THEME / "static").resolve() else []
        assets = Assets([*static_dirs, THEME / "static"])
        writer_urls = urls.UrlWriter(config.base_url, relative=options.relative_urls)
        renderer = Renderer(config, site, writer_urls, assets)
        global_material = (
            __version__, repr(dataclasses.replace(config, root=Path("."))), config.base_url, options.relative_urls,
            assets.fingerprint(), [(s.name, s.url) for s in site.sections], now.year,
        )  # fmt: skip
        templates = renderer.check_templates(lambda env: template_keys(env, {p.template for p in site.pages}))
        keys = PageKeys(site, global_material, templates)
        page_keys = [keys.key(p, renderer.page_date) for p in site.pages]
        timings["index"] = time.perf_counter() - t1

        # render
        t2 = time.perf_counter()
        todo: list[int] = []
        for i, page in enumerate(site.pages):
            if not writer.keep(urls.output_path(page.url), page_keys[i]):
                todo.append(i)
        kinds: Counter[str] = Counter()
        written = 0
        index_prefix = f"{INDEX_DIR}/"
        try:
            state = _RenderState(renderer, writer, site.pages, cache, content)
            writer.begin(
                [urls.output_path(site.pages[i].url) for i in todo] + [f.output for f in assets.files.values()]
            )
            for i, d, how in _render_all(state, todo, jobs, progress):
                writer.record(urls.output_path(site.pages[i].url), d, how, page_keys[i])
                kinds[site.pages[i].kind] += 1
                written += how is not None
            timings["render"] = time.perf_counter() - t2
            t3 = time.perf_counter()
            for f in assets.files.values():
                written += writer.add_file(f.output, f.source)
            previous_index = [r for r in writer.previous if r.startswith(index_prefix)]
            has_index = bool(previous_index)
            if config.search:
                for relpath in previous_index:  # kept unless re-indexed below
                    has_index = writer.keep(relpath) and has_index
                has_index = has_index and f"{index_prefix}pagefind-entry.json" in writer.current
            pages_changed = written > 0 or any(
                not r.startswith(index_prefix) for r in set(writer.previous) - set(writer.current)
            )
            reindex = config.search and (pages_changed or manifest.search_stale or not has_index)
            # Until the new index is in place the folder says its index is stale: a build that
            # fails or is killed while indexing leaves the old index, and the next build redoes it.
            removed = writer.commit(build="" if reindex else fingerprint, search_stale=reindex)
            unchanged = len(writer.current) - written
        except BaseException:
            # a failed build leaves the previous site as it was
            writer.abort([urls.output_path(site.pages[i].url) for i in todo])
            raise
        timings["write"] = time.perf_counter() - t3
        search_index = None
        if reindex:
            t4 = time.perf_counter()
            search_index, staged = build_index(output)
            writer.adopt_tree(index_prefix, staged, fingerprint)
            timings["search"] = time.perf_counter() - t4
        cache.set(
            "last_build",
            {
                "fingerprint": fingerprint,
                "valid_until": _valid_until(site, articles, options.future),
                "articles": len(site.entries),
                "excluded": site.excluded,
                "static_files": len(assets.files),
                "files": len(writer.current),
                "diagnostics": diagnostics,
            },
        )
        return BuildResult(
            output=output, articles=len(site.entries), excluded=site.excluded,
            pages=Counter(p.kind for p in site.pages), static_files=len(assets.files), written=written,
            unchanged=unchanged, removed=removed, diagnostics=diagnostics, timings=timings,
            parsed=parsed, rendered=len(todo), rendered_kinds=kinds, search=search_index, left_out=left_out,
        )  # fmt: skip
    finally:
        cache.close()
