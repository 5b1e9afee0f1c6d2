"""render: the Jinja2 environment, its filters, and page -> bytes."""

from __future__ import annotations

import email.utils
import io
import math
import re
import traceback
import types
from collections.abc import Callable, MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.runtime
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.utils import _PassArg
from markupsafe import Markup, escape

from newsgen import compact_json, urls
from newsgen.config import SiteConfig
from newsgen.errors import TemplateError
from newsgen.i18n import messages
from newsgen.model import Article, Photo
from newsgen.output import photos
from newsgen.output.assets import THEME, Assets
from newsgen.output.search import FOLDED_MARK
from newsgen.render.literal_messages import LiteralMessages
from newsgen.render.memo import Memo
from newsgen.site.model import Entry, Page, Section, Site
from newsgen.urls import UrlWriter

T = TypeVar("T")

# Templates the helpers render (teaser(), site_nav(), partial()) rather than the page templates'
# include tags: every page's key counts them (engine.keys).
PARTIALS = ("_teaser.html", "_nav.html", "_masthead.html", "_footer.html", "_side.html", "_breaking.html",
            "_feeds.html")  # fmt: skip


MEMO_SIZE = 32768  # teasers, links, dates, partials a renderer keeps: a few weeks of news


def reading_time(article: Article, words_per_minute: int = 200) -> int:
    return max(1, math.ceil(article.word_count / words_per_minute))


def truncate_words(text: str, count: int) -> str:
    words = (text or "").split()
    return text if len(words) <= count else " ".join(words[:count]) + "…"


def json_ld(data: dict[str, Any]) -> Markup:
    # <, > and & written as JSON escapes: no text ("</script>", "<!--<script>") can end or
    # change the script element (the HTML parser's script-data states), and the data is the same.
    text = compact_json.dumps(data)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


# Each byte as a URL's path writes it: letters, digits, "_.-~" and "/" as they are, any other
# byte as %XX; Jinja2's `urlencode` of a string (urllib's quoting) byte for byte, in one
# str.translate instead of a Python call a byte.
_QUOTED = {b: chr(b) if chr(b) in "_.-~/" or chr(b).isascii() and chr(b).isalnum() else f"%{b:02X}" for b in range(256)}


def urlencode(value: Any) -> str:
    """Jinja2's `urlencode` filter, faster for a string (a share link, a headline)."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1").translate(_QUOTED)
    return jinja2.filters.do_urlencode(value)


def _takes_nothing(fn: object) -> bool:
    """Whether Jinja2 calls this as it is: no context, evaluation context or environment
    passed first (the checks Jinja2's Context.call makes on every call)."""
    inner = getattr(fn, "__call__", None)  # noqa: B004 (Jinja2's own test for a callable object)
    return callable(fn) and _PassArg.from_obj(fn) is None and (inner is None or _PassArg.from_obj(inner) is None)


# A method of a built-in type (`a.date.isoformat`, `page.extra.get`): it can carry no attribute,
# so none of Jinja2's pass_context marks, and is called as it is.
_BUILTIN_METHOD = types.BuiltinMethodType


class _Context(jinja2.runtime.Context):
    """A template's context that calls the helpers the renderer registered (found once to take
    no context) and methods of built-in types directly: Jinja2 otherwise makes the same five
    attribute checks on every call, and an article page makes a few dozen, a feed forty.
    Anything else is called as Jinja2 calls it."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja2's signature)
        if type(__obj) is _BUILTIN_METHOD or __self.environment.direct.get(id(__obj)) is __obj:  # type: ignore[attr-defined]
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


_new_str = str.__new__
try:
    from markupsafe._speedups import _escape_inner  # markupsafe's own C escaping
except ImportError:  # pragma: no cover (markupsafe without its compiled part)
    from markupsafe._native import _escape_inner


def _escape(s: Any) -> Markup:
    """markupsafe.escape, with a plain string (nearly every value a page shows) made Markup
    without the two Python calls (escape, Markup.__new__) that markupsafe 3 makes for it, and
    Markup itself (what the helpers give: a teaser, a date, a partial; a page prints a few dozen)
    as it is, where markupsafe would copy it; anything else goes to markupsafe.escape."""
    kind = type(s)
    if kind is str:
        return _new_str(Markup, _escape_inner(s))
    if kind is Markup:
        return s
    return escape(s)


_DIRECT = "_newsgen_direct"  # the name, in a compiled template's namespace, of the helpers called directly


class _DirectCalls(CodeGenerator):
    """Jinja2's code generator, but a call of a name, `url(e.url)`, compiles to

        (f(args) if _newsgen_direct.get(id(f := <the name>)) is f else context.call(<the name>, args))

    so that a helper the renderer registered as taking no context (Environment.direct: kept
    alive there, so compared by identity) is called as it is, without the Python frame of
    Context.call; any other value of the name (a macro, a variable, an undefined name) goes to
    Jinja2's call as before. The only difference: a helper's StopIteration is not turned into an
    undefined value (the helpers raise none). An article page makes a few dozen such calls, a
    tag page forty, a feed a hundred."""

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        if forward_caller or not isinstance(node.node, nodes.Name) or self.environment.is_async:
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        self.write("(_newsgen_f(")
        saved, self.stream = self.stream, io.StringIO()  # the arguments, without Jinja2's extra ones
        try:
            self.signature(node, frame)
            arguments = self.stream.getvalue()
        finally:
            self.stream = saved
        self.write(arguments.removeprefix(", "))
        self.write(f") if {_DIRECT}.get(id(_newsgen_f := ")
        self.visit(node.node, frame)
        self.write(")) is _newsgen_f else ")
        super().visit_Call(node, frame, forward_caller=False)
        self.write(")")


class _Template(jinja2.Template):
    """A compiled template whose `{{ ... }}` escape with _escape (the name `escape` in the code
    Jinja2 generates is looked up in the template's own namespace, the globals of its render
    functions), and whose calls of names find the helpers to call directly there (_DirectCalls)."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):  # type: ignore[no-untyped-def]
        template = super().from_code(environment, code, globals, uptodate)
        namespace = template.root_render_func.__globals__
        if namespace.get("escape") is escape:
            namespace["escape"] = _escape
        namespace[_DIRECT] = environment.direct
        return template


class _Environment(jinja2.Environment):
    """Jinja2's environment with the globals of each template as one plain dict: a template
    copies its globals into every render's context, and copying a dict is much faster than
    copying Jinja2's default chain of mappings. The renderer sets every global before the
    first template loads, then `call_directly` the ones that take no context."""

    context_class = _Context
    template_class = _Template
    code_generator_class = _DirectCalls

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.direct: dict[int, object] = {}  # id -> the helper itself (kept alive, compared by identity)
        self._loaded: dict[tuple[str, str | None], jinja2.Template] = {}

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:  # noqa: A002 (Jinja2's signature)
        """Jinja2's get_template, each template found once: with auto_reload off a name always
        gives the same template, and a page asks for several (its own, what it extends, each
        import: a teaser imports its macros every time it is rendered)."""
        if globals is not None or not isinstance(name, str):
            return super().get_template(name, parent, globals)
        template = self._loaded.get((name, parent))
        if template is None:
            template = self._loaded[(name, parent)] = super().get_template(name, parent)
        return template

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:  # type: ignore[override]
        return {**self.globals, **(d or {})}

    def call_directly(self) -> None:
        """Mark the globals that take no context to be called directly (by _Context.call and
        the code _DirectCalls generates); the one dict, which compiled templates hold."""
        self.direct.clear()
        self.direct.update({id(v): v for v in self.globals.values() if _takes_nothing(v)})


class Renderer:
    def __init__(
        self, config: SiteConfig, site: Site, writer: UrlWriter, assets: Assets, plugin_templates: tuple[Path, ...] = ()
    ) -> None:
        self.config = config
        self.site = site
        self.writer = writer
        self.assets = assets
        self.plugin_templates = plugin_templates
        # the site's own templates first, then page plugins', then the default theme's
        self.template_dirs = [config.root / config.templates_dir, *plugin_templates, THEME / "templates"]
        self.messages = messages(config.language)
        self.page_url = "/"
        # What pages share, rendered once and kept while pages of nearby dates still show it
        # (bounded: see Memo).
        self._teasers: Memo[tuple[int, int, bool, bool], Markup] = Memo(MEMO_SIZE)
        self._navs: dict[tuple[int, bool], Markup] = {}  # one a rubric
        self._partials: Memo[Any, Markup] = Memo(MEMO_SIZE)
        self._links: Memo[str, str] = Memo(MEMO_SIZE)  # site-root URL -> as written (links not relative)
        self._dates: Memo[tuple[Any, ...], str] = Memo(MEMO_SIZE)
        self._teaser_template: jinja2.Template = None  # type: ignore[assignment]
        self._nav_template: jinja2.Template = None  # type: ignore[assignment]
        self.env = _Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.template_dirs]),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # one environment per build: no need to stat templates per page
            extensions=["jinja2.ext.i18n", LiteralMessages],
        )
        self.env.extend(newsgen_translate=self.messages.gettext)
        self._translated: dict[str, Markup] = {}
        self.failed_photos: set[str] = set()  # by digest: photos that could not be published
        self._lead_photo: Photo | None = None  # of the page being rendered
        self._absolute = False  # links written as full URLs (a feed's story bodies)
        self._feed_body: jinja2.Template | None = None
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=self.gettext, ngettext=self.ngettext, newstyle=False
        )
        # `_` itself, not the extension's alias that looks `gettext` up through the template's
        # context on every call (a derived context inside blocks that set variables).
        self.env.globals["_"] = self.gettext
        self.env.filters.update(
            article_date=self.article_date,
            reading_time=lambda a: reading_time(a, config.words_per_minute),
            truncate_words=truncate_words,
            urlencode=urlencode,
            block_kind=lambda b: type(b).__name__.lower(),
            rfc822=lambda dt: email.utils.format_datetime(dt),
            moment=self.moment,
            short_moment=self.short_moment,
        )
        self.env.globals.update(
            config=config,
            site=site,
            folded_mark=FOLDED_MARK,
            locale=self.messages.locale,
            url=self.url,
            url_of=urls.named,
            feeds_beside=urls.feeds_beside,
            url_for=lambda name: self.url(urls.named(name)),
            abs_url=writer.absolute,
            abs_url_for=lambda name: writer.absolute(urls.named(name)),
            asset=lambda name: self.url(assets.url(name)),
            image_tag=self._image_tag,
            picture=self.picture,
            thumbnail=self.thumbnail,
            lead_photo=self.lead_photo,
            largest_photo=lambda photo: "/" + photos.largest(photo).relpath,
            published=self.published,
            partial=self.partial,
            teaser=self.teaser,
            date_tag=self.date_tag,
            site_nav=self.site_nav,
            json_ld=json_ld,
            article_ld=self.article_ld,
            feed_body=self.feed_body,
            byline=self.byline,
            json_feed=self.json_feed,
            feed_updated=self.feed_updated,
            live_now=self.live_now,
            breadcrumb_ld=self.breadcrumb_ld,
            page_image=self.page_image,
            page_date=self.page_date,
            current_section=self.current_section,
            side_column=self.side_column,
            breaking_bar=self.breaking_bar,
            side_file=self.side_file,
            standalone_url=lambda p: urls.standalone(p.slug),
            newsroom_label=self.newsroom_label,
        )
        self.env.call_directly()

    def __getstate__(self) -> dict:
        """Sent to a spawned worker as what it is made of; the worker makes its own environment."""
        return {
            "args": (self.config, self.site, self.writer, self.assets, self.plugin_templates),
            "failed_photos": self.failed_photos,
        }

    def __setstate__(self, state: dict) -> None:
        self.__init__(*state["args"])  # type: ignore[misc]
        self.failed_photos = state["failed_photos"]

    # -- helpers exposed to templates
    def gettext(self, message: str, **values: object) -> Markup:
        """`_("...")` in a template: the message in the site's language, as trusted markup
        (catalogue messages may hold links), its %(name)s placeholders filled with escaped
        values, as Jinja2's "new style" gettext does; each message looked up once per build."""
        text = self._translated.get(message)
        if text is None:
            text = self._translated[message] = Markup(self.messages.gettext(message))
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> Markup:
        text = Markup(self.messages.translations.ngettext(singular, plural, n))
        return text % {"num": n, **values}

    def article_date(self, a: Article) -> str:
        """ "Thứ Ba, 27/12/2022 15:00", or without the time when the hour is not known (each
        written once per build: a story's date is shown on its page and in every list)."""
        key = (a.date, a.date.utcoffset(), a.date_has_time)  # equal instants at two offsets differ
        text = self._dates.get(key)
        if text is None:
            day = f"{self.messages.weekday(a.date)}, {a.date:%d/%m/%Y}"
            text = self._dates[key] = f"{day} {a.date:%H:%M}" if a.date_has_time else day
        return text

    def date_tag(self, a: Article) -> Markup:
        """An article's date as its page and every teaser show it: `<time datetime="...">Thứ Ba,
        27/12/2022 15:00</time>` (made once per build for each date)."""
        key = (a.date, a.date.utcoffset(), a.date_has_time, "time")
        html = self._dates.get(key)
        if html is None:
            text = escape(self.article_date(a))
            html = self._dates[key] = Markup(f'<time datetime="{a.date.isoformat()}">{text}</time>')
        return html

    def moment(self, when: Any) -> str:
        """Any time as Vietnamese readers write it: "Thứ Ba, 27/12/2022 15:00"."""
        return f"{self.messages.weekday(when)}, {when:%d/%m/%Y %H:%M}"

    def short_moment(self, a: Article) -> str:
        """A story's time in a short list: "15:00 27/12" this year, "27/12/2022" before."""
        if a.date.year != self.site.now.year:
            return f"{a.date:%d/%m/%Y}"
        return f"{a.date:%H:%M %d/%m}" if a.date_has_time else f"{a.date:%d/%m}"

    def _shared(self, name: str, parts: dict[str, Any]) -> Markup:
        """A part rendered once per build for every page that shows it (links not relative)."""
        cache_key = "side:" + name
        if not self.writer.relative and (cached := self._partials.get(cache_key)) is not None:
            return cached
        html = Markup(self.env.get_template(name).render(**parts))
        if not self.writer.relative:
            self._partials[cache_key] = html
        return html

    def newsroom_label(self, key: str) -> Markup:
        labels = {"name": "Newsroom", "address": "Address", "phone": "Phone", "email": "Email",
                  "licence": "Licence", "editor_in_chief": "Editor-in-chief"}  # fmt: skip
        return self.gettext(labels[key])

    def side_column(self, parts: dict[str, Any]) -> Markup:
        """The right column: "Tin mới nhất" with times, and "Đọc nhiều" when page views are known."""
        return self._shared("_side.html", parts)

    def breaking_bar(self, parts: dict[str, Any]) -> Markup:
        """The "Tin nóng" bar, or nothing when no story is breaking news now."""
        return self._shared("_breaking.html", parts) if parts["breaking"] else Markup("")

    def side_file(self, page: Page) -> str:
        """The small file pages show the bar and the right column from: both as HTML (links from
        the site's root: the script resolves them against this file's address) and when each
        breaking story leaves the bar, so that a page read after that does not show it."""
        parts = page.extra["side"]
        data = {
            "breaking": str(self.breaking_bar(parts)).strip(),
            "until": [e.article.breaking_ends.isoformat() for e in parts["breaking"]],
            "side": str(self.side_column(parts)).strip(),
        }
        return compact_json.dumps(data)

    def partial(self, name: str, /, **values: Any) -> Markup:
        """A part of pages rendered from `values` alone (the masthead, the footer, the feed links
        of a rubric: see PARTIALS), never from `page`: rendered once per build for each set of
        values, unless links are relative (they then depend on the page's folder)."""
        cache_key = (name, *sorted(values.items())) if values else name
        if not self.writer.relative and (cached := self._partials.get(cache_key)) is not None:
            return cached
        html = Markup(self.env.get_template(name).render(**values))
        if not self.writer.relative:
            self._partials[cache_key] = html
        return html

    def url(self, target: str) -> str:
        """A link to a site-root URL as written in the page being rendered."""
        if self._absolute:
            return self.writer.absolute(target)
        if self.writer.relative:
            return self.writer.link(target, self.page_url)
        link = self._links.get(target)
        if link is None:  # the same on every page: a page links a few dozen, most of them shared
            link = self._links[target] = self.writer.link(target, self.page_url)
        return link

    def byline(self, entry: Entry) -> Markup:
        """The byline as printed, each person it names a link to their page."""
        text = str(escape(entry.article.byline or ""))
        at = 0  # the names stand in the byline in the order they were found in it
        for person in entry.authors:
            found = re.compile(re.escape(str(escape(person.name))), re.IGNORECASE).search(text, at)
            if found:
                link = f'<a href="{escape(self.url(person.url))}" rel="author">{found.group(0)}</a>'
                text = text[: found.start()] + link + text[found.end() :]
                at = found.start() + len(link)
        return Markup(text)

    def feed_body(self, article: Article) -> str:
        """A story's body as HTML for a feed entry (every link a full URL), as text: a feed's
        template escapes it."""
        if self._feed_body is None:
            self._feed_body = self.env.from_string('{% from "_macros.html" import blocks %}{{ blocks(items) }}')
        self._absolute = True
        try:
            return str(self._feed_body.render(items=article.blocks)).strip()
        finally:
            self._absolute = False

    def _live_update(self, entry: Any, page: Page) -> dict[str, Any]:
        text = " ".join(b.text for b in entry.blocks if hasattr(b, "text") and isinstance(b.text, str)).strip()
        return {
            "@type": "BlogPosting",
            "headline": truncate_words(text, 20) if text else entry.stamp,
            "datePublished": entry.time.isoformat(),
            "url": self.writer.absolute(page.url) + "#" + entry.anchor,
            "articleBody": text,
        }

    def live_now(self, article: Article) -> bool:
        """Whether a live blog is still live as this build sees the time."""
        return article.live_at(self.site.now)

    def feed_updated(self, page: Page, rfc822: bool = False) -> str:
        """When a feed last changed: its newest entry's change; an empty feed never changed (the
        epoch): a feed's bytes depend on its entries only, never on the build's clock."""
        when = max((e.article.modified for e in page.entries), default=datetime(1970, 1, 1, tzinfo=UTC))
        return email.utils.format_datetime(when) if rfc822 else when.isoformat()

    def json_feed(self, page: Page) -> str:
        """A JSON Feed 1.1 document of the page's entries."""
        absolute = self.writer.absolute
        full = self.config.feed_content == "full"
        items = []
        for e in page.entries:
            a = e.article
            item: dict[str, Any] = {"id": absolute(e.url), "url": absolute(e.url), "title": a.headline}
            if full:
                item["content_html"] = self.feed_body(a)
            else:
                item["content_text"] = a.lede or a.headline
            if a.lede:
                item["summary"] = a.lede
            photo = self.lead_photo(a)
            if photo is not None:
                item["image"] = absolute("/" + photos.largest(photo).relpath)
            item["date_published"] = a.date.isoformat()
            item["authors"] = [{"name": a.byline or a.agency or self.config.publisher or self.config.title}]
            item["tags"] = [e.section.name, *(t.name for t in e.tags)]
            items.append(item)
        feed: dict[str, Any] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": page.title,
            "home_page_url": absolute(page.first_url),
            "feed_url": absolute(page.url),
            "language": self.config.language,
        }
        if self.config.description:
            feed["description"] = self.config.description
        # one member, and one item, a line: readable, and made by json's C encoder (which an
        # indented dump does not use)
        head = ",\n".join(f"{compact_json.dumps(k)}:{compact_json.dumps(v)}" for k, v in feed.items())
        return f'{{{head},\n"items":[\n' + ",\n".join(map(compact_json.dumps, items)) + "\n]}\n"

    def teaser(self, entry: Entry, level: int = 3, show_lede: bool = True, show_section: bool = True) -> Markup:
        """An article's teaser (headline, rubric, date, lede). The same teaser appears on
        many list pages, so it is rendered once and reused wherever links do not depend
        on the page (that is, unless links are relative)."""
        cache_key = (id(entry), level, show_lede, show_section)
        if not self.writer.relative and (cached := self._teasers.get(cache_key)) is not None:
            return cached
        html = Markup(
            self._teaser_template.render(entry=entry, level=level, show_lede=show_lede, show_section=show_section)
        )
        if not self.writer.relative:
            self._teasers[cache_key] = html
        return html

    def site_nav(self, page: Page) -> Markup:
        """The rubric navigation, the current rubric marked; the same on most pages, so cached."""
        current = self.current_section(page)
        cache_key = (id(current), page.kind == "home")
        if not self.writer.relative and (cached := self._navs.get(cache_key)) is not None:
            return cached
        html = Markup(self._nav_template.render(page=page, current=current))
        if not self.writer.relative:
            self._navs[cache_key] = html
        return html

    def published(self, photo: Photo | None) -> bool:
        """Whether a photo's variants are published (a photo that failed to encode is not)."""
        return photo is not None and photo.digest not in self.failed_photos

    def picture(self, photo: Photo, alt: str, lead: bool | None = None) -> Markup:
        """A photo as <picture>: AVIF and WebP sources, a JPEG <img>; the lead picture (by
        default an article page's first photo) loads at once, the others lazily."""
        lead = photo is self._lead_photo if lead is None else lead
        return photos.picture(photo, alt or photo.alt or "", self.url, lead=lead)

    def thumbnail(self, photo: Photo) -> Markup:
        return photos.thumbnail(photo, self.url)

    def lead_photo(self, article: Article) -> Photo | None:
        """An article's first published photo: its picture in lists and social cards."""
        return next((p for p in article.photos if self.published(p)), None)

    def _image_tag(self, src: str, alt: str) -> Markup:
        size = self.assets.size_of(src) if src.startswith("/") else None
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        link = self.url(src)
        return Markup(f'<img src="{escape(link)}" alt="{escape(alt)}"{dims} loading="lazy" decoding="async">')

    def page_image(self, page: Page) -> str | None:
        """The site-root URL of the page's picture for social cards and structured data: the
        front matter's `image:`, else its first photo (the largest JPEG), else its first image."""
        if page.entry is None:
            return None
        a = page.entry.article
        if a.image:
            return a.image
        for f in a.figures:
            if f.photo is not None and self.published(f.photo):
                return "/" + photos.largest(f.photo).relpath
            if f.image:
                return f.image
        return None

    @staticmethod
    def page_date(page: Page) -> Any:
        if page.entry is not None:
            return page.entry.article.modified
        return page.entries[0].article.date if page.entries else None

    @staticmethod
    def current_section(page: Page) -> Section | None:
        if page.entry is not None:
            return page.entry.section
        return page.extra.get("section")

    def _publisher(self) -> dict[str, Any]:
        org: dict[str, Any] = {"@type": "NewsMediaOrganization", "name": self.config.publisher or self.config.title}
        org["url"] = self.writer.absolute("/")
        if self.config.logo:
            org["logo"] = {"@type": "ImageObject", "url": self.writer.absolute(self.config.logo)}
        return org

    def article_ld(self, page: Page) -> dict[str, Any]:
        assert page.entry is not None
        e = page.entry
        a = e.article
        author: dict[str, Any] | list[dict[str, Any]]
        if e.authors:  # each person with the page of their articles (Google's article guidelines)
            people = [{"@type": "Person", "name": p.name, "url": self.writer.absolute(p.url)} for p in e.authors]
            author = people[0] if len(people) == 1 else people
        else:  # an agency's or a desk's credit
            author = {
                "@type": "Organization",
                "name": a.person or a.agency or self.config.publisher or self.config.title,
            }
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.headline,
            "datePublished": a.date.isoformat(),
            "dateModified": a.modified.isoformat(),
            "author": author,
            "publisher": self._publisher(),
            "articleSection": e.section.name,
            "inLanguage": self.config.language,
            "mainEntityOfPage": self.writer.absolute(e.url),
            "url": self.writer.absolute(e.url),
        }
        if a.live_times and page.kind == "article":
            entries = a.live_entries
            data["@type"] = "LiveBlogPosting"
            data["coverageStartTime"] = a.live_times[0].isoformat()
            if not self.live_now(a):
                data["coverageEndTime"] = a.live_times[-1].isoformat()
            data["liveBlogUpdate"] = [self._live_update(e, page) for e in entries]
        if a.corrections:
            data["correction"] = [
                {
                    "@type": "CorrectionComment",
                    "text": c.text,
                    **({"datePublished": c.date.isoformat()} if c.date else {}),
                }
                for c in a.corrections
            ]
        if e.places:
            place = e.places[0]
            data["contentLocation"] = {"@type": "Place", "name": place.name, "url": self.writer.absolute(place.url)}
        if a.lede:
            data["description"] = a.lede
        if e.tags:
            data["keywords"] = ", ".join(t.name for t in e.tags)
        if not a.image and (photo := self.lead_photo(a)) is not None:
            data["image"] = [self.writer.absolute(u) for u in photos.card_images(photo)]
        elif (image := self.page_image(page)) is not None:
            data["image"] = [self.writer.absolute(image)]
        if a.agency:
            data["sourceOrganization"] = {"@type": "Organization", "name": a.agency}
        return data

    def breadcrumb_ld(self, page: Page) -> dict[str, Any]:
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "name": name, "item": self.writer.absolute(link)}
                for i, (name, link) in enumerate(page.breadcrumbs, 1)
            ],
        }

    def check_templates(self, compute: Callable[[jinja2.Environment], T]) -> T:
        """Run `compute` over the environment's templates, a syntax error becoming a TemplateError."""
        try:
            return compute(self.env)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(exc.filename or exc.name, exc.message or str(exc), exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(None, f"template not found: {exc.name}") from None

    # -- the one entry point
    def render(self, page: Page) -> bytes:
        self.page_url = page.url
        self._lead_photo = None
        if page.entry is not None and page.kind == "article":
            self._lead_photo = self.lead_photo(page.entry.article)
        try:
            if self._teaser_template is None:
                self._teaser_template = self.env.get_template("_teaser.html")
                self._nav_template = self.env.get_template("_nav.html")
            template = self.env.get_template(page.template)
            return template.render(page=page).encode("utf-8")
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                exc.filename or exc.name or page.template, exc.message or str(exc), exc.lineno
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(None, f"template not found: {exc.name}") from None
        except Exception as exc:  # an error inside a template while rendering
            path, line = self._template_frame(exc)
            if path is None:
                raise
            raise TemplateError(path, f"while rendering {page.url}: {type(exc).__name__}: {exc}", line) from None

    def _template_frame(self, exc: BaseException) -> tuple[Path | None, int | None]:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".txt")):
                return Path(frame.filename), frame.lineno
        return None, None
