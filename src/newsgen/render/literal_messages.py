"""A Jinja2 extension that compiles `{{ _("a message") }}` — a message with no values to fill —
to its translation, so that the interface words of every page cost nothing when it renders.

The environment's `newsgen_translate(message) -> str` gives the translation (trusted text: it
may hold markup, as `_()` output does). Messages with values (`_("%(n)s min read", n=...)`)
and every other expression are left to `_()` at render time."""

from __future__ import annotations

from collections.abc import Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

_PATTERN = ["variable_begin", "name", "lparen", "string", "rparen", "variable_end"]


class LiteralMessages(Extension):
    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translate = self.environment.newsgen_translate  # type: ignore[attr-defined]
        held: list[Token] = []
        for token in stream:
            if not held and token.type != "variable_begin":
                yield token
                continue
            held.append(token)
            types = [t.type for t in held]
            if types != _PATTERN[: len(types)] or (len(held) > 1 and held[1].value != "_"):
                yield from held
                held = []
            elif len(held) == len(_PATTERN):
                yield Token(held[0].lineno, "data", translate(held[3].value))
                held = []
        yield from held
