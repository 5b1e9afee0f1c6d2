"""The same story filed twice: one rule for `check` and `build`.

Two files hold the same article when their headline and text read the same (case, spacing
and tone-mark placement aside). The earliest-dated copy is published, then the first path in
sort order; every other copy is reported and left out.

Copies share their headline's key, which the loader records for every article (a short digest,
cheap to make); only the articles that share one with another are read in full and compared,
so a site's bodies are not keyed on every build that parses them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from newsgen.errors import Diagnostic, display_path
from newsgen.model import Article, Figure, Heading, Note, Paragraph, Quote
from newsgen.vietnamese import key, key_text

# A printable mark no rule of key() touches or joins across (not a letter, not a space).
_APART = "\u2042"


def content_key(headline: str, lede: str | None, blocks: tuple) -> str:
    """A digest of what a reader reads: headline, sapo and the text of the body, each as key()
    reads it. The texts are keyed in one pass (joined by a character key() leaves alone), which
    gives each text's key() at a fraction of the cost of one call per paragraph."""
    texts = [headline, lede or ""]
    ends = ["\0", "\0"]
    for b in blocks:
        if isinstance(b, (Paragraph, Heading, Quote, Note)):
            texts.append(b.text)
            ends.append("\0")
        elif isinstance(b, Figure):
            texts.append(b.caption)
            ends.append("\1")
    joined = _APART.join(texts)
    if joined.count(_APART) == len(texts) - 1:
        keys = [k.strip() for k in key_text(joined).split(_APART)]
    else:  # a text holding the character itself
        keys = [key(t) for t in texts]
    # each key followed by its end (NUL after a text, U+0001 after a caption), hashed as one
    return hashlib.blake2b(
        "".join([k + end for k, end in zip(keys, ends, strict=True)]).encode(), digest_size=16
    ).hexdigest()


def headline_key(headline: str) -> str:
    """What every copy of a story shares: a digest of its headline as key() reads it (the
    headline's part of content_key)."""
    return hashlib.blake2b(key_text(headline).encode(), digest_size=8).hexdigest()


# The bodies (blocks) of these articles, in their order: the site model holds summaries.
Bodies = Callable[[list[Article]], Sequence[tuple]]


def split_duplicates(articles: list[Article], bodies: Bodies | None = None) -> tuple[list[Article], list[Diagnostic]]:
    """The articles without the extra copies, and a warning for each copy left out. Only the
    articles whose headline another shares are compared in full, with the blocks `bodies`
    gives (without it, the articles' own blocks)."""
    by_headline: dict[str, list[Article]] = {}
    for a in articles:
        if a.headline_key:
            by_headline.setdefault(a.headline_key, []).append(a)
    original_of: dict[int, Article] = {}  # id of a copy -> the published copy
    for same in by_headline.values():
        if len(same) < 2:
            continue
        blocks = bodies(same) if bodies is not None else [a.blocks for a in same]
        copies: dict[str, list[Article]] = {}
        for a, body in zip(same, blocks, strict=True):
            copies.setdefault(content_key(a.headline, a.lede, body), []).append(a)
        for group in copies.values():
            if len(group) > 1:
                # the published copy: the earliest-dated, then the first path
                first = min(group, key=lambda a: (a.date, str(a.source)))
                for a in group:
                    original_of[id(a)] = first
    kept: list[Article] = []
    warnings: list[Diagnostic] = []
    for a in articles:
        original = original_of.get(id(a))
        if original is None or original is a:
            kept.append(a)
        else:
            message = f"the same article as {display_path(original.source)}: published once, from there"
            warnings.append(Diagnostic(a.source, None, "warning", message))
    return kept, warnings
