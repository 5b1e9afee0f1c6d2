"""Convert a benchmark site to Hugo's and Pelican's formats, with equivalent page sets:
every article, rubric (category) pages and tag pages paginated by 20, feeds and a sitemap.

The articles are read with newsgen's own loader (not timed), so every peer gets the same
headline, date, rubric, tags, lede and body.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from newsgen.config import SiteConfig, load_config
from newsgen.load.article import load_article
from newsgen.load.readers import readers
from newsgen.load.sources import inventory
from newsgen.model import Figure, Heading, Paragraph

HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "vi"
title = "Báo Thử Nghiệm"
paginate = 20
disableKinds = []
[taxonomies]
  category = "categories"
  tag = "tags"
  year = "years"
  month = "months"
  day = "days"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Taxonomies.categories.ByCount }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
{{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006 15:04" }}</time>
{{ range .Params.categories }}<a href="{{ "/categories/" | relURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}</p>
<p class="lede">{{ .Params.lede }}</p>{{ .Content }}
<ul>{{ range .Params.tags }}<li><a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "02/01/2006 15:04" }}</p><p>{{ .Params.lede }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
({{ .Count }})</li>{{ end }}
</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}{{ range first 11 .Site.RegularPages.ByDate.Reverse }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.lede }}</p></article>{{ end }}{{ end }}
""",
}

PELICAN_CONF = """AUTHOR = "Tòa soạn"
SITENAME = "Báo Thử Nghiệm"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag-{slug}.atom.xml"
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/{date:%d}/index.html"
"""


def _body_markdown(article) -> str:
    parts = []
    for b in article.blocks:
        if isinstance(b, Heading):
            parts.append(f"## {b.text}")
        elif isinstance(b, Figure):
            credit = f" ({b.credit_label or 'Ảnh'}: {b.credit})" if b.credit else ""
            parts.append(f"*{b.caption}{credit}*")
        elif isinstance(b, Paragraph):
            parts.append(b.text)
    return "\n\n".join(parts) + "\n"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def convert(site: Path, hugo: Path | None, pelican: Path | None) -> None:
    config: SiteConfig = load_config(site)
    for target in (hugo, pelican):
        if target is not None and target.exists():
            shutil.rmtree(target)
    if hugo is not None:
        (hugo / "content" / "posts").mkdir(parents=True)
        (hugo / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
        for taxonomy in ("years", "months", "days"):  # archives: pages, no feeds (as newsgen)
            index = hugo / "content" / taxonomy / "_index.md"
            index.parent.mkdir(parents=True, exist_ok=True)
            index.write_text(f"---\ntitle: {taxonomy}\ncascade:\n  outputs: [HTML]\n---\n", encoding="utf-8")
        for name, text in HUGO_LAYOUTS.items():
            path = hugo / "layouts" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if pelican is not None:
        (pelican / "content").mkdir(parents=True)
        (pelican / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    files, _found = inventory(config.content_path, config.root, config.max_article_bytes, tuple(readers(config)))
    for f in files:
        if not f.is_article:
            continue
        path = f.path
        a = load_article(path, config, root=config.content_path)
        body = _body_markdown(a)
        stem = path.stem
        if hugo is not None:
            front = (
                f"---\ntitle: {_yaml_str(a.headline)}\ndate: {a.date.isoformat()}\nslug: {a.slug}\n"
                f"categories: [{_yaml_str(a.section)}]\ntags: [{', '.join(_yaml_str(t) for t in a.tags)}]\n"
                f'years: ["{a.date:%Y}"]\nmonths: ["{a.date:%Y-%m}"]\ndays: ["{a.date:%Y-%m-%d}"]\n'
                f"lede: {_yaml_str(a.lede or '')}\n---\n\n"
            )
            (hugo / "content" / "posts" / f"{stem}.md").write_text(front + body, encoding="utf-8")
        if pelican is not None:
            meta = (
                f"Title: {a.headline}\nDate: {a.date:%Y-%m-%d %H:%M}\nSlug: {a.slug}-{stem}\nCategory: {a.section}\n"
                f"Tags: {', '.join(a.tags)}\nSummary: {a.lede or ''}\n\n"
            )
            (pelican / "content" / f"{stem}.md").write_text(meta + body, encoding="utf-8")
