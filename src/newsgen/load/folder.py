"""load_all: every article of a content folder, for `build`, `check` and `serve` alike. Files
whose size and modification time the cache knows come from it; the others are parsed, in
worker processes when there are many."""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable
from pathlib import Path

from newsgen.config import SiteConfig
from newsgen.engine import cache as cache_codec
from newsgen.engine import workers
from newsgen.engine.cache import BuildCache
from newsgen.errors import CacheDamaged, ContentError, Diagnostic
from newsgen.load.duplicates import Bodies
from newsgen.load.photos import Beside, PhotoFile, is_photo, photos_by_article, rubric_slugs
from newsgen.load.sources import SourceFile, skipped_file
from newsgen.model import Article, Figure
from newsgen.records import replaced

PARALLEL_PARSE_MIN = 64  # fewer files than this are parsed in-process

Parsed = tuple[str, ContentError | str, bytes, bytes]  # (path, error or headline key, summary, body)


def summary(article: Article) -> Article:
    """The record without its body: what the index and every list page need."""
    images = tuple(b for b in article.blocks if isinstance(b, Figure) and (b.image or b.photo))
    return replaced(article, blocks=images)


def _parse_chunk(chunk: list[tuple[str, str, Beside]]) -> list[Parsed]:
    """Parse files; return each record's summary and body encoded for the cache, and its
    headline key: the parent stores them, and decodes the summary as it decodes a stored one
    (a third of the cost of unpickling the record, and nothing to pickle here)."""
    from newsgen.load.article import load_article

    config, content = workers.state()
    out: list[Parsed] = []
    for relpath, path, beside in chunk:
        try:
            article = load_article(Path(path), config, root=content, beside=beside)
        except ContentError as exc:
            out.append((relpath, exc, b"", b""))
            continue
        # stored with its source as a plain string, which the parent makes the file's path
        stored = cache_codec.dumps(replaced(summary(article), source=relpath))
        out.append((relpath, article.headline_key, stored, cache_codec.dumps(article.blocks)))
    return out


def _record(stored: bytes, f: SourceFile) -> Article:
    """An article's summary from its encoded record (stored, or just made by a worker), with
    its file's path as its source."""
    record = cache_codec.article_record(stored, f.path)
    if record is None:
        raise CacheDamaged(f"the stored record of {f.relpath} is not an article")
    return record


def bodies_of(config: SiteConfig, content: Path, cache: BuildCache | None) -> Bodies:
    """The blocks of loaded articles (the summaries load_all returns hold none): stored in the
    cache, or else read from their files again (`check` keeps no cache); an article that cannot
    be read again keeps the blocks it has."""
    from newsgen.load.article import load_article

    def bodies(articles: list[Article]) -> list[tuple]:
        paths = [cache_codec.stored_path(a.source, content) for a in articles]
        stored = cache.stored_bodies(paths) if cache is not None else {}
        out: list[tuple] = []
        for a, path in zip(articles, paths, strict=True):
            if path in stored:
                out.append(stored[path])
                continue
            try:
                out.append(load_article(a.source, config, root=content).blocks)
            except ContentError:
                out.append(a.blocks)
        return out

    return bodies


def beside_of(
    files: list[SourceFile], rubrics: tuple[str, ...] = (), folders: set[str] | None = None
) -> tuple[dict[str, Beside], dict[str, PhotoFile]]:
    """Each article's photos by place and name, and every photo file of the content folder;
    given `folders`, only for the articles and photos in those folders (a photo belongs to an
    article of its own folder: the others' answers would be the same)."""
    with_subfolders: set[str] = set()  # a question about the whole tree
    for f in files:
        folder = posixpath.dirname(f.relpath)
        while folder:
            folder = posixpath.dirname(folder)
            if folder in with_subfolders:
                break
            with_subfolders.add(folder)
    if folders is not None:
        files = [f for f in files if posixpath.dirname(f.relpath) in folders]
    photos = {f.relpath: PhotoFile(f.relpath, f.abspath, f.size, f.mtime_ns) for f in files if is_photo(f.relpath)}
    articles = [f.relpath for f in files if f.is_article]
    claimed, _, bundles = photos_by_article(articles, list(photos.values()), with_subfolders, rubric_slugs(rubrics))
    beside = {a: Beside(tuple(claimed.get(a, ())), posixpath.dirname(a) in bundles) for a in articles}
    return beside, photos


def _photos_unchanged(record: Article, beside: Beside, photos: dict[str, PhotoFile]) -> bool:
    """Whether the photo files a stored record was read with are as they were, and no photo
    has come to stand beside the article since."""
    for stamp in record.photo_stamps:
        if stamp.startswith("?"):  # a listed file that could not be found
            if stamp[1:] in photos:
                return False
            continue
        relpath = stamp.rsplit(":", 2)[0]
        current = photos.get(relpath)
        if current is None or current.stamp != stamp:
            return False
    return all(p.stamp in record.photo_stamps for p in beside.photos)


def other_files(files: list[SourceFile], articles: list[Article]) -> list[Diagnostic]:
    """The warning for each file of the content folder that is no article and no photo of one."""
    used = {stamp.rsplit(":", 2)[0] for a in articles for stamp in a.photo_stamps if not stamp.startswith("?")}
    out: list[Diagnostic] = []
    for f in files:
        if f.is_article or f.relpath in used:
            continue
        if is_photo(f.relpath):
            message = (
                "a photo no article claims: not published (name it after its article, put it in the "
                "article's own folder, or list it under 'images:')"
            )
            out.append(Diagnostic(f.path, None, "warning", message))
        else:
            out.append(skipped_file(f.path))
    return out


def load_all(
    files: list[SourceFile],
    config: SiteConfig,
    content: Path,
    cache: BuildCache | None,
    jobs: int,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[Article], list[Diagnostic], int]:
    """Every article (as a summary: its body stays in the cache), the errors met, and how many
    files were parsed. Without a cache (`check` of a folder) every file is parsed. `meanwhile`
    is called once while worker processes parse, if any do (what the caller needs next,
    made in the meantime)."""
    cached = cache.summaries() if cache is not None else {}
    beside, photos = beside_of(files, config.vocabulary.rubrics)
    articles: dict[str, Article] = {}
    todo: list[SourceFile] = []
    for f in files:
        if not f.is_article:
            continue
        hit = cached.get(f.relpath)
        if hit is not None and hit[0] == f.size and hit[1] == f.mtime_ns:
            record = _record(hit[2], f)
            if _photos_unchanged(record, beside[f.relpath], photos):
                articles[f.relpath] = record
                continue
        todo.append(f)
    errors: list[Diagnostic] = []
    by_path = {f.relpath: f for f in todo}
    work = [(f.relpath, f.abspath, beside[f.relpath]) for f in todo]
    with cache.putting_articles() if cache is not None else contextlib.nullcontext(None) as put:
        for results in workers.run(
            _parse_chunk, work, (config, content), jobs, PARALLEL_PARSE_MIN, meanwhile=meanwhile
        ):
            rows = []
            for relpath, result, stored, body in results:
                f = by_path[relpath]
                if isinstance(result, ContentError):
                    errors.append(Diagnostic(result.path or f.path, result.line, "error", result.message))
                    continue
                articles[relpath] = _record(stored, f)
                rows.append((relpath, f.size, f.mtime_ns, stored, body, result))
            if put is not None and rows:
                put(rows)  # while the workers parse the next chunks
    if cache is not None:
        gone = set(cached) - {f.relpath for f in files if f.is_article}
        if gone:
            cache.delete_articles(gone)
    ordered = [articles[f.relpath] for f in files if f.relpath in articles]
    return ordered, errors, len(todo)
