"""Every URL rule in one place: where each kind of page lives, and how a URL is
written for the page that links to it (absolute, root-relative under base_url,
or relative for browsing from disk)."""

from __future__ import annotations

import functools
import hashlib
import posixpath
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
ROBOTS = "robots.txt"
FAVICON = "favicon.ico"
SEARCH_INDEX = "pagefind"  # Pagefind's index folder
TAGS = "chu-de"  # /chu-de/ : the tag index; /chu-de/<tag>/ : one tag
AUTHORS = "tac-gia"  # /tac-gia/ : the authors; /tac-gia/<name>/ : one author's articles
CORRECTIONS = "dinh-chinh"  # /dinh-chinh/ : every correction, newest first
PLACES = "dia-danh"  # /dia-danh/ : the places; /dia-danh/<name>/ : the stories filed from one
SECTIONS = "chuyen-muc"  # /chuyen-muc/ : the rubric index
SEARCH = "tim-kiem"
PAGE = "trang"  # /thoi-su/trang-2/
FEED = "feed.xml"  # Atom
RSS = "rss.xml"  # RSS 2.0
JSON_FEED = "feed.json"  # JSON Feed 1.1
ASSETS = "assets"
STANDALONE = "trang"  # /trang/gioi-thieu/ : a page that is not news (content/trang/)
SIDE = "tin-nhanh.json"  # the breaking bar and the right column, for pages that show them by script

# First path segments that articles may not take.
RESERVED = {
    TAGS,
    AUTHORS,
    PLACES,
    CORRECTIONS,
    SECTIONS,
    SEARCH,
    PAGE,
    ASSETS,
    NOT_FOUND,
    SITEMAP,
    NEWS_SITEMAP,
    ROBOTS,
    FEED,
    RSS,
    JSON_FEED,
    FAVICON,
    SEARCH_INDEX,
    STANDALONE,
    SIDE,
}


def is_reserved(url: str) -> bool:
    """Whether an article may not live at this URL: its first segment belongs to another kind
    of page, or is a year (the date archives)."""
    first = url.strip("/").split("/")[0]
    return first in RESERVED or first.isdigit() and len(first) == 4


def home() -> str:
    return "/"


def article(slug: str, section: str, date: datetime, pattern: str = "/{slug}/") -> str:
    return pattern.format(
        slug=slug,
        section=section_slug(section),
        year=f"{date.year:04d}",
        month=f"{date.month:02d}",
        day=f"{date.day:02d}",
    )


def section_slug(name: str) -> str:
    from newsgen.slugs import make_slug  # (python-slugify imported by the builds that make URLs)

    return make_slug(name) or "tin-tuc"


def section(name: str) -> str:
    return f"/{section_slug(name)}/"


def tag_slug(name: str) -> str:
    from newsgen.slugs import make_slug

    return make_slug(name) or "the"


def distinct_slug(slug: str, name_key: str) -> str:
    """A slug for a name that folds to one another name already has: a suffix of six hex
    digits from the name itself ("nha-trang-4f1c2a")."""
    return f"{slug}-{hashlib.blake2b(name_key.encode('utf-8'), digest_size=3).hexdigest()}"


def tag(name_slug: str) -> str:
    return f"/{TAGS}/{name_slug}/"


def author(name_slug: str) -> str:
    return f"/{AUTHORS}/{name_slug}/"


def author_index() -> str:
    return f"/{AUTHORS}/"


def corrections() -> str:
    return f"/{CORRECTIONS}/"


def place(name_slug: str) -> str:
    return f"/{PLACES}/{name_slug}/"


def place_index() -> str:
    return f"/{PLACES}/"


def standalone(slug: str) -> str:
    return f"/{STANDALONE}/{slug}/"


def side() -> str:
    """The small file with what changes with every new story (the breaking bar, the latest and
    most-read lists): article and other pages show it from there, so they need not change."""
    return f"/{SIDE}"


def tag_index() -> str:
    return f"/{TAGS}/"


def section_index() -> str:
    return f"/{SECTIONS}/"


def search() -> str:
    return f"/{SEARCH}/"


def year(y: int) -> str:
    return f"/{y:04d}/"


def month(y: int, m: int) -> str:
    return f"/{y:04d}/{m:02d}/"


def day(y: int, m: int, d: int) -> str:
    return f"/{y:04d}/{m:02d}/{d:02d}/"


def sitemap() -> str:
    return f"/{SITEMAP}"


def sitemap_part(n: int) -> str:
    """File n of a sitemap cut into several (listed by the sitemap index at sitemap())."""
    return f"/sitemap-{n}.xml"


def news_sitemap() -> str:
    return f"/{NEWS_SITEMAP}"


def robots() -> str:
    return f"/{ROBOTS}"


def not_found() -> str:
    return f"/{NOT_FOUND}"


def search_shards() -> str:
    """The list of the search index's months (see newsgen.output.search)."""
    return f"/{SEARCH_INDEX}/shards.json"


def paginated(first: str, n: int) -> str:
    """Page n of a list whose first page is at `first`: /thoi-su/ -> /thoi-su/trang-2/."""
    return first if n == 1 else f"{first}{PAGE}-{n}/"


def feed(list_url: str) -> str:
    """The Atom feed of a list (the site's, a rubric's, a tag's): /thoi-su/feed.xml."""
    return f"{list_url}{FEED}"


def feeds_beside(atom_url: str) -> dict[str, str]:
    """The three feeds of the list whose Atom feed is at `atom_url`: {"atom", "rss", "json"}."""
    list_url = atom_url.removesuffix(FEED)
    return {"atom": feed(list_url), "rss": rss(list_url), "json": json_feed(list_url)}


def rss(list_url: str) -> str:
    return f"{list_url}{RSS}"


def json_feed(list_url: str) -> str:
    return f"{list_url}{JSON_FEED}"


# The URLs templates ask for by name: url_for("search"), abs_url_for("sitemap").
NAMED = {
    "home": home,
    "feed": lambda: feed(home()),
    "rss": lambda: rss(home()),
    "json_feed": lambda: json_feed(home()),
    "search": search,
    "search_shards": search_shards,
    "tag_index": tag_index,
    "author_index": author_index,
    "place_index": place_index,
    "corrections": corrections,
    "section_index": section_index,
    "sitemap": sitemap,
    "news_sitemap": news_sitemap,
    "robots": robots,
    "not_found": not_found,
    "side": side,
}


def named(name: str) -> str:
    """The site-root URL of a page that has a name (see NAMED)."""
    try:
        return NAMED[name]()
    except KeyError:
        raise KeyError(f"no URL is named {name!r}; named URLs: {', '.join(sorted(NAMED))}") from None


def alias(value: str) -> str | None:
    """An old address an article keeps as a redirect (`aliases:` in front matter), as a
    site-root URL: "/tin-cu/", "tin-cu" (-> "/tin-cu/"), "/2020/05/bai.html"; None when it is
    not a plain path inside the site (a scheme, a query, "..", control characters)."""
    path = value.strip()
    if not path or len(path) > 1000 or "://" in path or any(c in path for c in "?#\\\0%") or \
            any(ord(c) < 32 for c in path):  # fmt: skip
        return None
    path = "/" + path.strip("/") + ("/" if path.endswith("/") or "." not in path.rsplit("/", 1)[-1] else "")
    segments = path.strip("/").split("/")
    if path == "/" or any(s in ("", ".", "..") or s.startswith(".") for s in segments):
        return None
    if not path.endswith(("/", ".html", ".htm")):  # a page, never a file of another kind
        return None
    return path


def output_path(url: str) -> str:
    """Where a URL's file lives under the output folder: /a/ -> a/index.html."""
    path = url.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


@dataclass(frozen=True)
class UrlWriter:
    """Writes links for one site: base_url may carry a path, or links may be relative."""

    base_url: str  # ends with "/"
    relative: bool = False

    @functools.cached_property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def absolute(self, url: str) -> str:
        """Full URL for canonical links, feeds and sitemaps."""
        if "://" in url:
            return url
        return self.base_url + url.lstrip("/")

    def link(self, url: str, page_url: str) -> str:
        """A link as written in the page at `page_url` (both site-root paths)."""
        if "://" in url or url.startswith(("mailto:", "#", "data:")):
            return url
        if not self.relative:
            return self.base_path + url.lstrip("/")
        target, _, fragment = url.partition("#")
        target_file = output_path(target) if target.endswith("/") else target.lstrip("/")
        page_dir = posixpath.dirname(output_path(page_url))
        rel = posixpath.relpath(target_file, page_dir or ".")
        return rel + (f"#{fragment}" if fragment else "")
