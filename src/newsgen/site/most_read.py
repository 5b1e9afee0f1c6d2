"""Most read ("Đọc nhiều"): the page views a newsroom drops in `data/doc-nhieu.csv`.

The file is what analytics tools export: a header row naming an address column (`url`, a full
URL or a path, with or without the base_url path; or `slug`) and a count column (`views`), in
any order, other columns ignored. The names GA4, Matomo, Plausible and Umami give these columns
are understood too, and so are the comment lines ("# ...") GA4 puts above the header, a BOM, a
semicolon or tab as separator and thousands written "12,345" or "12.345". Rows naming one story
(its address with a query string, an old address it redirects from) add up. Rows naming no
story of the site are left out with one warning; a page of the site that is not a story (the
front page, a rubric) is left out silently.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from newsgen.errors import ContentError, Diagnostic
from newsgen.load.sources import _inside as inside

if TYPE_CHECKING:
    from newsgen.site.model import Entry, Site

FILE = "data/doc-nhieu.csv"  # under the site root
MAX_BYTES = 50_000_000
_URL_COLUMNS = ("url", "page", "path", "page path", "page path and screen class", "page path + query string",
                "pagepath", "page url", "full page url", "label", "pathname", "address", "duong dan")  # fmt: skip
_SLUG_COLUMNS = ("slug",)
_VIEW_COLUMNS = ("views", "pageviews", "page views", "screenpageviews", "nb_hits", "nb_visits", "hits", "visits",
                 "luot xem", "count", "screen page views")  # fmt: skip
_NUMBER = re.compile(r"^\d{1,3}([,. \u00a0]\d{3})+$|^\d+$")


@dataclass(frozen=True)
class Row:
    line: int
    address: str  # a URL or path, or a slug when `by_slug`
    views: int
    by_slug: bool = False


def _header_name(cell: str) -> str:
    from newsgen.vietnamese import fold  # (imported when a file is read: every build asks path_of)

    return " ".join(fold(cell).lower().replace("_", " ").split()) if cell else ""


def _views(cell: str) -> int | None:
    cell = cell.strip()
    if not _NUMBER.match(cell):
        return None
    return int(re.sub(r"\D", "", cell))


def path_of(root: Path) -> Path:
    return root / FILE


def read_rows(root: Path) -> tuple[list[Row] | None, list[Diagnostic]]:
    """The rows of the site's most-read file; None when there is no file. A file that cannot be
    used raises ContentError naming it (and the line)."""
    path = path_of(root)
    if not os.path.lexists(path):
        return None, []
    if not inside(os.path.realpath(path), os.path.realpath(root)):
        raise ContentError(path, "a symlink out of the site: not read")
    from newsgen.load.text import read_bytes

    data = read_bytes(path, MAX_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError(path, "cannot decode the file: save it as UTF-8 CSV") from None
    if "\0" in text:
        raise ContentError(path, "not a CSV file (binary data)")
    lines = text.splitlines()
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].lstrip().startswith("#")):
        start += 1
    if start == len(lines):
        return [], [Diagnostic(path, None, "warning", "the file holds no rows: no most-read list")]
    sample = lines[start]
    delimiter = max((",", ";", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ContentError(path, f"not a CSV file: {exc}", start + 1) from None
    names = [_header_name(c) for c in header]
    url_col = next((names.index(n) for n in _URL_COLUMNS if n in names), None)
    slug_col = next((names.index(n) for n in _SLUG_COLUMNS if n in names), None)
    views_col = next((names.index(n) for n in _VIEW_COLUMNS if n in names), None)
    if (url_col is None and slug_col is None) or views_col is None:
        raise ContentError(
            path, "the header must name a 'url' (or 'slug') column and a 'views' column, "
            f"not {', '.join(repr(c) for c in header) or 'nothing'}", start + 1
        )  # fmt: skip
    rows: list[Row] = []
    bad: list[int] = []
    try:
        for n, cells in enumerate(reader, start + 2):
            if not any(c.strip() for c in cells):
                continue
            if cells[0].lstrip().startswith("#"):
                continue
            col = url_col if url_col is not None else slug_col
            assert col is not None
            address = cells[col].strip() if col < len(cells) else ""
            views = _views(cells[views_col]) if views_col < len(cells) else None
            if not address or views is None:
                bad.append(n)
                continue
            rows.append(Row(n, address[:2000], views, by_slug=url_col is None))
    except csv.Error as exc:
        raise ContentError(path, f"not a CSV file: {exc}", reader.line_num + start) from None
    found: list[Diagnostic] = []
    if bad:
        lines_named = ", ".join(str(b) for b in bad[:5]) + (" …" if len(bad) > 5 else "")
        found.append(Diagnostic(path, bad[0], "warning", f"{len(bad)} rows without an address and a whole number "
                                f"of views left out (lines {lines_named})"))  # fmt: skip
    return rows, found


def _site_path(address: str, base_path: str) -> str | None:
    """A row's address as a site-root path: /bai-viet/ for "https://host/base/bai-viet/?utm=1"."""
    parts = urlsplit(address)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    path = unquote(parts.path or "")
    if not path.startswith("/"):
        path = "/" + path
    if base_path != "/" and (path + "/").startswith(base_path):
        path = "/" + path[len(base_path) :]
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path


def most_read(site: Site, rows: list[Row], base_path: str, other_pages: set[str], count: int,
              path: Path) -> tuple[list[tuple[Entry, int]], list[Diagnostic]]:  # fmt: skip
    """The `count` most-viewed stories (their views summed over every row naming them), most
    viewed first, ties newest first; and a warning for the rows that name no page of the site."""
    by_url: dict[str, Entry] = {}
    by_slug: dict[str, Entry] = {}
    for e in reversed(site.entries):  # newest last: a slug two stories share names the newest
        by_url[e.url] = e
        for old in (*e.article.aliases, *e.moved_from):
            by_url.setdefault(old, e)
        by_slug[e.url.rstrip("/").rsplit("/", 1)[-1]] = e
        by_slug[e.article.slug] = e
    order = {id(e): i for i, e in enumerate(site.entries)}
    views: dict[int, int] = {}
    entries: dict[int, Entry] = {}
    unknown: list[Row] = []
    for row in rows:
        if row.by_slug:
            entry = by_slug.get(row.address.strip("/"))
        else:
            url = _site_path(row.address, base_path)
            entry = by_url.get(url) if url else None
            if entry is None and url in other_pages:
                continue
        if entry is None:
            unknown.append(row)
            continue
        views[id(entry)] = views.get(id(entry), 0) + row.views
        entries[id(entry)] = entry
    ranked = sorted(entries.values(), key=lambda e: (-views[id(e)], order[id(e)]))
    found: list[Diagnostic] = []
    if unknown:
        shown = ", ".join(f"line {r.line}: {r.address[:80]}" for r in unknown[:3]) + (" …" if len(unknown) > 3 else "")
        found.append(Diagnostic(path, unknown[0].line, "warning",
                                f"{len(unknown)} rows name no story of the site, left out ({shown})"))  # fmt: skip
    return [(e, views[id(e)]) for e in ranked[:count] if views[id(e)] > 0], found
