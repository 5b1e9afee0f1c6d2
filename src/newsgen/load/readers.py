"""Readers: which parser reads an article file, chosen by its suffix. The agency text and
Markdown readers are built in; a reader plugin (entry point group `newsgen.readers`) adds
suffixes, or takes one over."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen import plugins
from newsgen.config import SiteConfig

if TYPE_CHECKING:  # the parsers are imported when a file is parsed
    from newsgen.load.parts import ArticleParts


@dataclass(frozen=True)
class Reader:
    name: str  # the record's "format"
    suffixes: tuple[str, ...]  # lower case, with the dot
    parse: Callable[[str, int, SiteConfig], ArticleParts]  # (body after front matter, its first line, config)


def _agency_text(body: str, first_line: int, config: SiteConfig) -> ArticleParts:
    from newsgen.load.ttxvn import parse_ttxvn

    return parse_ttxvn(body, first_line, config.vocabulary)


def _markdown(body: str, first_line: int, config: SiteConfig) -> ArticleParts:
    from newsgen.load.markdown import parse_markdown

    return parse_markdown(body, first_line, config.vocabulary)


BUILTIN = (Reader("txt", (".txt",), _agency_text), Reader("md", (".md", ".markdown"), _markdown))


@functools.lru_cache(maxsize=8)
def _table(plugin_readers: tuple[Reader, ...]) -> dict[str, Reader]:
    table = {s: r for r in BUILTIN for s in r.suffixes}
    for reader in plugin_readers:
        for suffix in reader.suffixes:
            table[suffix.lower()] = reader
    return table


def readers(config: SiteConfig | None = None) -> dict[str, Reader]:
    """Suffix -> reader: the built-in ones, then the enabled plugins' (a later one wins).
    Worked out once per set of plugin readers; callers must not change the table."""
    names = config.plugins if config is not None else None
    return _table(tuple(plugins.of_group(names, "newsgen.readers")))


def suffix_of(path: Path | str) -> str:
    return os.path.splitext(str(path))[1].lower()


def reader_for(path: Path | str, config: SiteConfig | None = None) -> Reader | None:
    return readers(config).get(suffix_of(path))
