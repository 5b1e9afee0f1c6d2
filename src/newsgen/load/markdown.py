"""The reader for Markdown articles (`.md`): front matter plus a Markdown body.

The body is rendered with the `markdown` package; each top-level element
becomes a block, and paragraphs that stand alone as captions, datelines or
the end mark are recognised as in agency text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
from markdown.extensions import Extension
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor

from newsgen.load import recognise as rc
from newsgen.load.parts import ArticleParts
from newsgen.model import Figure, Heading, Paragraph, Quote, Raw

_STASH = re.compile("\x02[^\x03]*\x03")


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
    return html.strip()


def _inner(md: markdown.Markdown, el: ET.Element) -> str:
    html = _html(md, el)
    return re.sub(r"^<[^>]+>|</[a-z0-9]+>$", "", html).strip()


def _text(el: ET.Element) -> str:
    return re.sub(r"\s+", " ", _STASH.sub("", "".join(el.itertext()))).strip()


def parse_markdown(body: str, first_line: int) -> ArticleParts:
    md = _renderer()
    md.convert(body)
    children: list[ET.Element] = getattr(md, "newsgen_children", [])
    parts = ArticleParts()
    tail = False
    for el in children:
        text = _text(el)
        if tail:
            b = rc.parse_byline(text) if el.tag == "p" else None
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
            parts.blocks.append(Figure(img.get("alt") or img.get("title") or "", image=img.get("src")))
            continue
        text, ended = rc.strip_end_mark(text)
        inner = _inner(md, el)
        if ended:
            parts.end_mark = True
            inner = re.sub(r"\s*/\.\s*$", "", inner)
            tail = True
            if not text.strip(" ."):
                continue
        cap = rc.parse_caption(text)
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
