"""The same story filed twice: one rule for `check` and `build`.

Two files hold the same article when their headline and text read the same (case, spacing
and tone-mark placement aside). The earliest-dated copy is published, then the first path in
sort order; every other copy is reported and left out."""

from __future__ import annotations

import hashlib

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


def split_duplicates(articles: list[Article]) -> tuple[list[Article], list[Diagnostic]]:
    """The articles without the extra copies, and a warning for each copy left out."""
    copies: dict[str, list[Article]] = {}
    for a in articles:
        if a.content_key:
            copies.setdefault(a.content_key, []).append(a)
    # the published copy: the earliest-dated, then the first path (sorted only where there are copies)
    first = {k: min(same, key=lambda a: (a.date, str(a.source))) for k, same in copies.items() if len(same) > 1}
    kept: list[Article] = []
    warnings: list[Diagnostic] = []
    for a in articles:
        original = first.get(a.content_key) if a.content_key else None
        if original is None or original is a:
            kept.append(a)
        else:
            message = f"the same article as {display_path(original.source)}: published once, from there"
            warnings.append(Diagnostic(a.source, None, "warning", message))
    return kept, warnings
