"""Reading a whole content folder and collecting every problem in one pass."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.config import SiteConfig
from newsgen.errors import ContentError, Diagnostic
from newsgen.load import load_article
from newsgen.load.duplicates import split_duplicates
from newsgen.load.sources import inventory, skipped_file
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


def article_diagnostics(article: Article) -> Iterator[Diagnostic]:
    for w in article.warnings:
        yield Diagnostic(article.source, w.line, "warning", w.message)


def load_folder(content: Path, config: SiteConfig) -> LoadReport:
    """Load every article under `content`; one bad file never hides the others."""
    report = LoadReport()
    if not content.is_dir():
        report.diagnostics.append(Diagnostic(content, None, "error", "the content folder does not exist"))
        return report
    # A folder named on the command line outside the site is read as a site of its own.
    inside = content.resolve().is_relative_to(config.root.resolve())
    files, problems = inventory(content, config.root if inside else content, config.max_article_bytes)
    report.diagnostics.extend(problems)
    for f in files:
        path = f.path
        if not f.is_article:
            report.diagnostics.append(skipped_file(path))
            continue
        try:
            article = load_article(path, config, root=content)
        except ContentError as exc:
            report.diagnostics.append(Diagnostic(exc.path or path, exc.line, "error", exc.message))
            continue
        report.articles.append(article)
        report.diagnostics.extend(article_diagnostics(article))
    report.articles, duplicates = split_duplicates(report.articles)
    report.diagnostics.extend(duplicates)
    return report
