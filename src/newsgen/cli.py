"""The `newsgen` command line."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newsgen import __version__
from newsgen.build import BuildFailed, BuildOptions, BuildResult
from newsgen.build import build as run_build
from newsgen.config import CONFIG_FILE, SiteConfig, load_config
from newsgen.errors import NewsgenError, display_path, failure_line
from newsgen.load.readers import reader_for, readers

if TYPE_CHECKING:
    from newsgen.model import Article

# Each command imports what it needs when it runs: `newsgen build` on a site that is
# up to date must not pay for loading the parser, Markdown or Jinja2.


def _user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an error the user caused into one line on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (NewsgenError, OSError, MemoryError, sqlite3.Error) as exc:
            line = failure_line(exc)
            if line is None:
                raise
            click.echo(line, err=True)
            sys.exit(1)

    return wrapper


def find_site_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding a newsgen.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgen")
def cli() -> None:
    """newsgen: a static site generator for news written in the TTXVN layout."""


def _site_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--site",
        "site",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The site root (the folder with newsgen.yaml). Default: the current folder.",
    )(fn)


@cli.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@_site_option
@_user_errors
def check(directory: Path | None, strict: bool, site: Path | None) -> None:
    """Parse every article under DIRECTORY and report every problem.

    DIRECTORY defaults to the site's content folder.
    """
    from newsgen.check import load_folder

    root = site or (find_site_root(directory) if directory else None) or Path(".")
    config = load_config(root)
    content = directory if directory is not None else config.content_path
    report = load_folder(content, config)
    for diag in report.diagnostics:
        click.echo(diag.format())
    click.echo(report.summary())
    if report.errors or (strict and report.warnings):
        sys.exit(1)


def _config_for_file(path: Path, site: Path | None) -> tuple[SiteConfig, Path | None]:
    """The site configuration for one file, and its content root (None outside the site)."""
    root = site or find_site_root(path.parent) or Path(".")
    config = load_config(root)
    content = config.content_path
    try:
        path.resolve().relative_to(content.resolve())
        return config, content.resolve()
    except ValueError:
        return config, None


def _show_text(article: Article) -> str:
    from newsgen.model import Figure, Heading, Note, Paragraph, Quote, Raw
    from newsgen.vietnamese import format_datetime

    out: list[str] = []
    d = article.dateline
    dateline = "—"
    if d:
        bits = [d.agency, d.place, d.time_of_day]
        if d.day:
            bits.append(f"{d.day}/{d.month}" + (f"/{d.year}" if d.year else ""))
        dateline = ", ".join(b for b in bits if b)
    rows = [
        ("source", display_path(article.source)),
        ("rubric", article.section),
        ("headline", article.headline),
        ("lede", article.lede or "—"),
        ("agency", article.agency or "—"),
        ("dateline", dateline),
        ("date", f"{format_datetime(article.date)}  ({article.date.isoformat()}, from {article.date_source})"),
        ("byline", article.byline or "—"),
        ("tags", ", ".join(article.tags) or "—"),
        ("slug", article.slug),
        ("end mark", "yes" if article.end_mark else "no"),
        ("draft", "yes" if article.draft else "no"),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        out.append(f"{k.ljust(width)}  {v}")
    out.append(f"blocks ({len(article.blocks)}):")
    for n, b in enumerate(article.blocks, 1):
        if isinstance(b, Figure):
            credit = f"  [{b.credit_label or 'Ảnh'}: {b.credit}]" if b.credit else ""
            body = f"{b.caption or '(no caption)'}{credit}" + (f"  <{b.image}>" if b.image else "")
            if b.photo is not None:
                body += f"  <photo {b.photo.source}, {b.photo.width}×{b.photo.height}>"
            kind = "figure"
        elif isinstance(b, Heading):
            kind, body = "heading", b.text
        elif isinstance(b, Quote):
            kind, body = "quote", b.text
        elif isinstance(b, Note):
            kind, body = "note", f"{b.label}: {b.text}"
        elif isinstance(b, Paragraph):
            kind, body = "paragraph", b.text
        elif isinstance(b, Raw):
            kind, body = "html", b.html
        if len(body) > 110:
            body = body[:107] + "..."
        out.append(f"  {n:>3}. {kind:<9} {body}")
    if article.dropped:
        out.append("dropped: " + " | ".join(article.dropped))
    for w in article.warnings:
        out.append(f"warning: line {w.line}: {w.message}" if w.line else f"warning: {w.message}")
    return "\n".join(out)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@_site_option
@_user_errors
def show(file: Path, as_json: bool, site: Path | None) -> None:
    """Print what the parser understood of one article FILE."""
    from newsgen.load.article import load_article

    config, root = _config_for_file(file, site)
    if reader_for(file, config) is None:
        known = ", ".join(sorted(readers(config)))
        raise NewsgenError(file, f"not an article file ({file.suffix or 'no extension'}): newsgen reads {known}")
    article = load_article(file.resolve() if root else file, config, root=root)
    if as_json:
        text = json.dumps(article.to_json(source=display_path(file)), ensure_ascii=False, indent=2)
        sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
        sys.stdout.buffer.flush()
    else:
        sys.stdout.buffer.write(_show_text(article).encode("utf-8") + b"\n")
        sys.stdout.buffer.flush()


KIND_LABELS = {
    "article": "article pages",
    "home": "front page",
    "section": "rubric pages",
    "tag": "tag pages",
    "tags": "tag index",
    "author": "author pages",
    "authors": "author index",
    "place": "place pages",
    "places": "place index",
    "corrections": "corrections page",
    "sections": "rubric index",
    "year": "year archives",
    "month": "month archives",
    "day": "day archives",
    "feed": "Atom feeds",
    "rss": "RSS feeds",
    "json-feed": "JSON feeds",
    "sitemap": "sitemaps",
    "sitemap-index": "sitemap indexes",
    "news-sitemap": "news sitemaps",
    "robots": "robots.txt",
    "alias": "redirects",
    "404": "404 page",
    "search": "search page",
    "standalone": "standalone pages",
    "side": "side file (breaking, latest, most read)",
}


def _due(moment: Any) -> str:
    """When a scheduled article falls due, as a Vietnamese reader writes it, with its offset."""
    from newsgen.vietnamese import format_datetime

    return f"{format_datetime(moment)} (UTC{moment:%z}"[:-2] + ":" + f"{moment:%z}"[-2:] + ")"


def _summary(result: BuildResult, title: str) -> str:
    if result.up_to_date:
        due = f"\n  next scheduled change: {_due(result.next_due)}" if result.next_due else ""
        return (
            f"{title} is up to date in {display_path(result.output)} ({result.articles} articles, "
            f"{result.unchanged} files; nothing parsed, rendered or written; {result.seconds:.2f} s){due}"
        )
    rows: list[tuple[str, str]] = []
    left_out = f" ({result.excluded} drafts/future left out)" if result.excluded else ""
    rows.append(("articles", f"{result.articles}{left_out}"))
    for kind, label in KIND_LABELS.items():
        if result.pages.get(kind):
            rows.append((label, str(result.pages[kind])))
    rows.append(("static files", str(result.static_files)))
    rows.append(("articles parsed", f"{result.parsed} (the others from the cache)"))
    rows.append(("pages rendered", f"{result.rendered} of {sum(result.pages.values())}"))
    if result.photos:
        rows.append(("photos", f"{result.photos} ({result.photos_encoded} encoded, the others from the cache)"))
    rows.append(("files written", f"{result.written} ({result.unchanged} unchanged, {len(result.removed)} removed)"))
    if result.search is not None:
        rows.append(("search index", f"{result.search.pages} pages indexed, {result.search.bytes / 1024:.0f} KB"))
    rows.append(("warnings", str(len(result.warnings))))
    if result.next_due is not None:
        rows.append(("next scheduled", f"{_due(result.next_due)}: build again then"))
    if result.left_out:
        names = ", ".join(display_path(d.path) for d in result.left_out[:5])
        more = ", ..." if len(result.left_out) > 5 else ""
        rows.append(("left out", f"{len(result.left_out)} (--keep-going): {names}{more}"))
    phases = ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items())
    width = max(len(k) for k, _ in rows)
    lines = [f"Built {title} into {display_path(result.output)} in {result.seconds:.2f} s ({phases})"]
    lines += [f"  {k.ljust(width)}  {v}" for k, v in rows]
    return "\n".join(lines)


@cli.command()
@_site_option
@click.option(
    "--output", "-o", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: public/)."
)
@click.option("--base-url", help="Where the site will be published, e.g. https://example.org/tin-tuc/.")
@click.option("--relative-urls", is_flag=True, help="Write relative links, so the output can be browsed from disk.")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--keep-going", is_flag=True,
              help="Leave out articles that cannot be read (listed) and publish the others.")  # fmt: skip
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Worker processes for parsing and rendering (default: the number of cores).")  # fmt: skip
@_user_errors
def build(
    site: Path | None,
    output: Path | None,
    base_url: str | None,
    relative_urls: bool,
    drafts: bool,
    future: bool,
    strict: bool,
    keep_going: bool,
    jobs: int | None,
) -> None:
    """Build the site into the output folder."""
    options = BuildOptions(
        site=site or Path("."),
        output=output,
        base_url=base_url,
        relative_urls=relative_urls,
        drafts=drafts,
        future=future,
        strict=strict,
        keep_going=keep_going,
        jobs=jobs,
    )
    try:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            console = Console(stderr=True)
            with Progress(transient=True, console=console) as bar:
                task = bar.add_task("Rendering", total=None)
                result = run_build(options, lambda i, n: bar.update(task, completed=i, total=n))
        else:
            result = run_build(options)
    except BuildFailed as failed:
        for d in failed.diagnostics:
            click.echo(d.format(), err=True)
        click.echo(
            f"Build failed: {len(failed.diagnostics)} error(s); nothing was written "
            "(--keep-going publishes the articles that can be read).",
            err=True,
        )
        sys.exit(1)
    for d in result.diagnostics:
        click.echo(d.format(), err=True)
    config = load_config(options.site)
    click.echo(_summary(result, config.title))


@cli.command()
@_site_option
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one.")  # fmt: skip
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a web browser.")
@_user_errors
def serve(site: Path | None, port: int, bind: str, drafts: bool, future: bool, open_browser: bool) -> None:
    """Build the site, serve it on loopback and rebuild it when files change."""
    from newsgen.serve import ServeOptions
    from newsgen.serve import serve as run_serve

    def report(line: str) -> None:
        click.echo(line, err=True)

    def ready(url: str) -> None:
        click.echo(f"Serving the site at {url}  (Ctrl-C to stop)", err=False)
        sys.stdout.flush()
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    options = ServeOptions(
        build=BuildOptions(site=site or Path("."), drafts=drafts, future=future), bind=bind, port=port
    )

    def stop_on_sigterm(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_sigterm)
    with contextlib.suppress(KeyboardInterrupt):
        run_serve(options, report, ready)
    click.echo("Stopped.", err=True)


@cli.command()
@click.argument("name", required=False)
@_site_option
@click.option(
    "--output", "-o", type=click.Path(file_okay=False, path_type=Path), help="The built folder (default: public/)."
)
@click.option("--dry-run", is_flag=True, help="Say what would be uploaded and removed; change nothing.")
@_user_errors
def deploy(name: str | None, site: Path | None, output: Path | None, dry_run: bool) -> None:
    """Publish the built site to the target NAME of newsgen.yaml's deploy: targets
    (the only one when NAME is left out). Run newsgen build first."""
    from newsgen.deploy.publish import deploy as run_deploy
    from newsgen.engine.cache import CACHE_DIR
    from newsgen.engine.lock import site_lock

    root = site or Path(".")
    config = load_config(root)
    folder = output or config.root / config.output_dir
    with site_lock(config.root / CACHE_DIR):  # never while a build writes the folder
        result = run_deploy(config, folder, name, dry_run=dry_run)
    t = result.target
    what = "Would upload" if dry_run else "Uploaded"
    gone = "would remove" if dry_run else "removed"
    click.echo(
        f"{t.name} ({t.url}): {what} {len(result.uploaded)} file(s), {_size(result.bytes)}; "
        f"{gone} {len(result.deleted)}; {result.unchanged} unchanged." + (f" {result.note}." if result.note else "")
    )
    if result.kept:
        click.echo(
            f"  {len(result.kept)} file(s) there that newsgen did not put there were left: "
            + ", ".join(result.kept[:5])
            + (", ..." if len(result.kept) > 5 else "")
        )
    if dry_run:
        for p in result.uploaded[:50]:
            click.echo(f"  upload {p}")
        for p in result.deleted[:50]:
            click.echo(f"  remove {p}")


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--github-actions", is_flag=True,
              help="Also write .github/workflows/newsgen.yml: build on push and every 15 minutes, publish on "
                   "GitHub Pages (in an existing site, only that file is written).")  # fmt: skip
@_user_errors
def init(directory: Path, github_actions: bool) -> None:
    """Create a new site in DIRECTORY: newsgen.yaml and one sample article."""
    from newsgen.init import add_github_workflow, create_site

    exists = (directory / CONFIG_FILE).is_file()
    created = [] if exists and github_actions else create_site(directory)
    if github_actions:
        created.append(add_github_workflow(directory))
    for path in created:
        click.echo(f"created {display_path(path)}")
    if not exists:
        click.echo(f"Now run: cd {display_path(directory)} && newsgen build")


def main() -> None:
    """The `newsgen` program. Once a command has finished and its output is flushed, the process
    ends at once: Python's teardown would free a large build's objects one by one (a quarter of a
    second at 10,000 articles) for nothing. Every file and connection is closed by then."""
    try:
        cli(prog_name="newsgen")
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):  # sys.exit("message") prints it and exits 1
        print(code, file=sys.stderr)
        code = 1
    status = code if isinstance(code, int) else 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
