"""The reader for Markdown articles (`.md`): front matter plus a Markdown body.

The body is rendered with the `markdown` package; each top-level element
becomes a block, and paragraphs that stand alone as captions, datelines or
the end mark are recognised as in agency text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
import nh3
from markdown.extensions import Extension
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor

from newsgen.errors import ContentError
from newsgen.load import recognise as rc
from newsgen.load.parts import ArticleParts
from newsgen.model import Figure, Heading, Paragraph, Quote, Raw
from newsgen.vocabulary import Vocabulary

_STASH = re.compile("\x02[^\x03]*\x03")

# Raw HTML in an article is cleaned by an allow-list (nh3, on html5ever): formatting, links,
# lists, tables and images stay; scripts, styles, frames, forms, event handlers (onclick,
# onerror) and javascript: URLs go.
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize(html: str) -> str:
    return nh3.clean(html, url_schemes=_URL_SCHEMES, link_rel=None)


# Python-Markdown rescans from every "[" (a link?) and every "<" (a tag?) that does not close
# soon: a line of 100,000 of them would take hours. Where a text holds that many, those that
# cannot open a link or a tag are hidden from Markdown as private-use characters and put back
# as plain text afterwards. Real articles hold far fewer, and are given to Markdown untouched.
_DEFUSE_FROM = 200
_REACH = 1000  # characters a link text or a tag may span
_BRACKET, _ANGLE = "\ue000", "\ue001"
_PRIVATE = re.compile(f"[{_BRACKET}{_ANGLE}]")


def _defuse(body: str) -> str:
    body = _PRIVATE.sub("", body)
    if body.count("[") > _DEFUSE_FROM:
        body = _defuse_brackets(body)
    if body.count("<") > _DEFUSE_FROM:
        body = _defuse_angles(body)
    return body


def _restore(text: str, html: bool) -> str:
    if _BRACKET in text or _ANGLE in text:
        text = text.replace(_BRACKET, "[").replace(_ANGLE, "&lt;" if html else "<")
    return text


def _defuse_brackets(text: str) -> str:
    open_at: list[int] = []
    keep: set[int] = set()
    for i, c in enumerate(text):
        if c == "[":
            open_at.append(i)
        elif c == "]" and open_at:
            start = open_at.pop()
            if i - start <= _REACH and len(open_at) < 3:
                # "[text](" must close its parenthesis soon too, or Markdown looks to the end
                if text.startswith("(", i + 1) and text.find(")", i + 2, i + 2 + _REACH) < 0:
                    continue
                keep.add(start)
    out = []
    last = 0
    for i in (m.start() for m in re.finditer(r"\[", text)):
        if i not in keep:
            out.append(text[last:i])
            out.append(_BRACKET)
            last = i + 1
    out.append(text[last:])
    return "".join(out)


def _defuse_angles(text: str) -> str:
    out = []
    last = 0
    for m in re.finditer("<", text):
        i = m.start()
        close = text.find(">", i + 1, i + 1 + _REACH)
        again = text.find("<", i + 1, close if close >= 0 else i + 1 + _REACH)
        if close < 0 or again >= 0:
            out.append(text[last:i])
            out.append(_ANGLE)
            last = i + 1
    out.append(text[last:])
    return "".join(out)


class _Collect(Treeprocessor):
    """Runs after the inline patterns: keeps the finished top-level elements."""

    def run(self, root: ET.Element) -> None:
        self.md.newsgen_children = list(root)  # type: ignore[attr-defined]


class _CollectExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (markdown's API)
        md.treeprocessors.register(_Collect(md), "newsgen_collect", 0)


def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=["extra", "sane_lists", _CollectExtension()], output_format="html")


def _html(md: markdown.Markdown, el: ET.Element) -> str:
    html = to_html_string(el)
    for pp in md.postprocessors:
        html = pp.run(html)
    return sanitize(_restore(html.strip(), html=True))


def _inner(md: markdown.Markdown, el: ET.Element) -> str:
    html = _html(md, el)
    return re.sub(r"^<[^>]+>|</[a-z0-9]+>$", "", html).strip()


def _text(el: ET.Element) -> str:
    return _restore(re.sub(r"\s+", " ", _STASH.sub("", "".join(el.itertext()))).strip(), html=False)


def parse_markdown(body: str, first_line: int, vocabulary: Vocabulary) -> ArticleParts:
    md = _renderer()
    try:
        md.convert(_defuse(body))
    except RecursionError:
        raise ContentError(None, "the Markdown nests too deeply (lists or quotes inside each other)") from None
    children: list[ET.Element] = getattr(md, "newsgen_children", [])
    words = rc.recognisers(vocabulary)
    parts = ArticleParts()
    tail = False
    for el in children:
        text = _text(el)
        if tail:
            b = words.parse_byline(text) if el.tag == "p" else None
            if b is not None:
                if b.byline:
                    parts.byline = f"{parts.byline}, {b.byline}" if parts.byline else b.byline
                parts.agency = parts.agency or b.agency
            elif text:
                parts.dropped.append(text)
            continue
        if el.tag == "h1" and parts.headline is None and not parts.blocks:
            parts.headline = text
            continue
        if re.fullmatch(r"h[1-6]", el.tag):
            parts.blocks.append(Heading(text, level=max(2, int(el.tag[1])), html=_inner(md, el)))
            continue
        if el.tag == "blockquote":
            parts.blocks.append(Quote(text, html=_inner(md, el)))
            continue
        if el.tag != "p":
            parts.blocks.append(Raw(_html(md, el)))
            continue
        tags = rc.parse_tags(text)
        if tags is not None:
            parts.tags.extend(tags)
            continue
        imgs = list(el.iter("img"))
        if len(imgs) == 1 and not text:
            img = imgs[0]
            src = img.get("src") or ""
            if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE) and not src.lower().startswith(("http:", "https:")):
                src = ""  # javascript:, data: and other schemes are no picture
            parts.blocks.append(Figure(img.get("alt") or img.get("title") or "", image=src or None))
            continue
        text, ended = rc.strip_end_mark(text)
        inner = _inner(md, el)
        if ended:
            parts.end_mark = True
            inner = re.sub(r"\s*/\.\s*$", "", inner)
            tail = True
            if not text.strip(" ."):
                continue
        cap = words.parse_caption(text)
        if cap is not None:
            prev = parts.blocks[-1] if parts.blocks else None
            if isinstance(prev, Figure) and prev.image and prev.credit is None:
                parts.blocks[-1] = Figure(cap.caption or prev.caption, cap.credit, cap.label, image=prev.image)
            else:
                parts.blocks.append(Figure(cap.caption, cap.credit, cap.label))
            continue
        if parts.dateline is None and not any(isinstance(b, Paragraph) for b in parts.blocks):
            m = rc.parse_dateline(text)
            if m is not None and (m.has_when or m.dateline.agency):
                parts.dateline = m.dateline
                parts.agency = m.dateline.agency
        parts.blocks.append(Paragraph(text, html=inner))
    return parts
