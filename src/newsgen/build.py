"""build: configuration -> load -> index -> render -> write, with a summary."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsgen import urls
from newsgen.assets import THEME, Assets
from newsgen.check import load_folder
from newsgen.config import SiteConfig, load_config, with_overrides
from newsgen.errors import Diagnostic
from newsgen.render import Renderer
from newsgen.site import build_site
from newsgen.write import OutputWriter, check_output_folder


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
    now: datetime | None = None


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


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    config = resolve_config(options)
    output = output_folder(options, config)
    site_static = config.root / config.static_dir
    check_output_folder(
        output,
        {
            "site root": config.root,
            "content folder": config.content_path,
            "templates folder": config.root / config.templates_dir,
            "static folder": site_static,
        },
    )
    report = load_folder(config.content_path, config)
    timings["load"] = time.perf_counter() - t0
    if report.errors:
        raise BuildFailed(report.errors)

    t1 = time.perf_counter()
    now = _now(config, options.now)
    site = build_site(report.articles, config, now=now, drafts=options.drafts, future=options.future)
    diagnostics = report.diagnostics + site.diagnostics
    if options.strict and diagnostics:
        raise BuildFailed([Diagnostic(d.path, d.line, "error", d.message) for d in diagnostics])
    timings["index"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    static_dirs = [site_static] if site_static.resolve() != (THEME / "static").resolve() else []
    assets = Assets([*static_dirs, THEME / "static"])
    writer_urls = urls.UrlWriter(config.base_url, relative=options.relative_urls)
    renderer = Renderer(config, site, writer_urls, assets)
    out = OutputWriter(output)
    written = 0
    kinds: Counter[str] = Counter()
    try:
        total = len(site.pages)
        for i, page in enumerate(site.pages, 1):
            data = renderer.render(page)
            written += out.add(urls.output_path(page.url), data)
            kinds[page.kind] += 1
            if progress is not None:
                progress(i, total)
        timings["render"] = time.perf_counter() - t2
        t3 = time.perf_counter()
        for f in assets.files.values():
            written += out.add_file(f.output, f.source)
        removed = out.commit()
        timings["write"] = time.perf_counter() - t3
    except BaseException:
        out.abort()  # a failed build leaves the previous site as it was
        raise
    return BuildResult(
        output=output,
        articles=len(site.entries),
        excluded=site.excluded,
        pages=kinds,
        static_files=len(assets.files),
        written=written,
        unchanged=out.unchanged,
        removed=removed,
        diagnostics=diagnostics,
        timings=timings,
    )
