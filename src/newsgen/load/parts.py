"""What a reader found in one file, before dates, section and slug are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsgen.model import ArticleWarning, Block, Dateline


@dataclass
class ArticleParts:
    headline: str | None = None
    headline_line: int | None = None
    section_label: str | None = None
    lede: str | None = None
    agency: str | None = None
    dateline: Dateline | None = None
    date_line: datetime | None = None  # naive, printed near the top
    date_line_has_time: bool = True
    updated_line: datetime | None = None  # naive: a printed "Cập nhật ..." time
    live_dates: list[datetime] = field(default_factory=list)
    byline: str | None = None
    tags: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    end_mark: bool = False
    dropped: list[str] = field(default_factory=list)
    warnings: list[ArticleWarning] = field(default_factory=list)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ArticleWarning(line, message))
