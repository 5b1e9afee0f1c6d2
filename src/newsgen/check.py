"""Reading a whole content folder and collecting every problem in one pass."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.config import SiteConfig
from newsgen.errors import ContentError, Diagnostic
from newsgen.load.folder import bodies_of, load_all, other_files
from newsgen.load.readers import readers
from newsgen.load.sources import inventory, is_standalone
from newsgen.load.standalone import load_standalone
from newsgen.model import Article


@dataclass
class LoadReport:
    articles: list[Article] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]

    def summary(self) -> str:
        n, e, w = len(self.articles), len(self.errors), len(self.warnings)
        return (
            f"{n} article{'s' if n != 1 else ''}, {e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"
        )


def load_folder(content: Path, config: SiteConfig, jobs: int | None = None) -> LoadReport:
    """Load every article under `content` as `build` does, and place them in the site model as
    `build` does (drafts and future articles included), so that `check` reports every problem
    `build` would: unreadable files, warnings, duplicates, URL clashes. One bad file never hides
    the others."""
    from datetime import datetime

    from newsgen.site.index import index_site

    report = LoadReport()
    if not content.is_dir():
        report.diagnostics.append(Diagnostic(content, None, "error", "the content folder does not exist"))
        return report
    # A folder named on the command line outside the site is read as a site of its own.
    inside = content.resolve().is_relative_to(config.root.resolve())
    files, problems = inventory(
        content, config.root if inside else content, config.max_article_bytes, tuple(readers(config))
    )
    report.diagnostics.extend(problems)
    pages = [f for f in files if f.is_article and is_standalone(f.relpath)]  # not news: read as build reads them
    files = [f for f in files if f not in pages]
    for f in pages:
        try:
            load_standalone(f.path, config)
        except ContentError as exc:
            report.diagnostics.append(Diagnostic(exc.path or f.path, exc.line, "error", exc.message))
    articles, errors, _parsed = load_all(files, config, content, None, max(1, jobs or os.cpu_count() or 1))
    report.diagnostics.extend(other_files(files, articles))
    report.diagnostics.extend(errors)
    for a in articles:
        report.diagnostics.extend(Diagnostic(a.source, w.line, "warning", w.message) for w in a.warnings)
    site = index_site(
        articles, config, now=datetime.now(config.tz), drafts=True, future=True, bodies=bodies_of(config, content, None)
    )
    report.diagnostics.extend(site.diagnostics)
    report.articles = [e.article for e in site.entries]
    report.diagnostics.sort(key=lambda d: (str(d.path), d.line or 0))
    return report
