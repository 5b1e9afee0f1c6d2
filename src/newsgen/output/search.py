"""Search with Pagefind: the index is built by Pagefind's own indexer (the
`pagefind[bin]` package, offline) into the output folder, under the base_url.

Vietnamese readers type without tone marks and write "đ" as "d". Pagefind (1.5)
folds tone marks but keeps "đ", so each article also carries, in an attribute
Pagefind indexes but readers never see, a copy of its text with every mark
removed and "đ" turned into "d" (see `folded_text`). The copy stands last in the article and
opens with FOLDED_MARK; the search page writes its excerpts from the text before the mark, so a
reader never sees the copy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from newsgen import urls
from newsgen.errors import NewsgenError
from newsgen.model import Article
from newsgen.vietnamese import fold

INDEX_DIR = urls.SEARCH_INDEX
FOLDED_ATTR = "data-khong-dau"
# Opens the folded copy, so that the search page can tell the text a reader sees (before the
# mark) from the copy (after it) and show excerpts from the former only.
FOLDED_MARK = "⁂"


def folded_text(article: Article) -> str:
    """The article's words without diacritics, "đ" as "d", lower case: what a reader may type."""
    return fold(" ".join(article.text.split("\n"))).lower()


@dataclass(frozen=True)
class SearchIndex:
    pages: int
    bytes: int
    files: list[str]  # under the output folder


STAGED_DIR = ".newsgen-search-new"  # the new index is made here, beside the live one


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def build_index(output: Path) -> tuple[SearchIndex, Path]:
    """Index the built site with Pagefind into <output>/.newsgen-search-new/; the caller puts it
    in place of <output>/pagefind/ once it is whole (the live index stays until then)."""
    target = output / STAGED_DIR
    _remove(target)
    cmd = [sys.executable, "-m", "pagefind", "--site", str(output), "--output-path", str(target), "--quiet"]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        _remove(target)
        raise NewsgenError(None, f"the search indexer (pagefind) could not run: {exc}") from None
    if result.returncode != 0 or not (target / "pagefind-entry.json").is_file():
        _remove(target)
        message = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["it wrote no index"]
        raise NewsgenError(None, f"the search indexer (pagefind) failed: {message[0]}; the previous index is kept")
    files: list[str] = []
    size = 0
    for dirpath, _dirs, names in os.walk(target):
        for name in names:
            path = Path(dirpath) / name
            files.append(f"{INDEX_DIR}/{path.relative_to(target).as_posix()}")
            size += path.stat().st_size
    pages = 0
    try:
        entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
        pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
    except (OSError, ValueError):
        pass
    return SearchIndex(pages, size, sorted(files)), target
