"""Plugins: installed Python packages that add readers, page kinds or build hooks, found by
their entry points (as MkDocs and Pytest find theirs). `newsgen.yaml` names plugins, never
import paths: without a `plugins` key every installed plugin is used, in name order;
`plugins: [a, b]` uses exactly these, in this order; `plugins: []` none.

Entry point groups (the entry point's name is the plugin's name; one plugin may register in
several groups under one name):

- `newsgen.readers`: a `newsgen.load.readers.Reader` (suffixes, and
  `parse(body, first_line, config) -> ArticleParts`), for article files of other suffixes.
- `newsgen.pages`: a `newsgen.pages.PageKind` (name, `produce(site, messages) -> [Page]`,
  the folder of its templates); its pages come after the built-in content pages and before
  the feeds and sitemaps.
- `newsgen.hooks`: an object with any of `after_load(articles, config) -> articles | None`,
  `after_site(site) -> None` (the model and its pages, before rendering) and
  `after_write(result) -> None` (the `BuildResult` of a build that wrote the site).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from newsgen.errors import ConfigError

GROUPS = ("newsgen.readers", "newsgen.pages", "newsgen.hooks")


@dataclass(frozen=True)
class Plugin:
    name: str
    group: str
    value: Any  # what the entry point loads
    version: str  # its distribution's version: part of every build's fingerprint


@functools.lru_cache(maxsize=1)
def _all_entry_points() -> metadata.EntryPoints:
    """Every installed distribution's entry points, read once: each read walks the metadata of
    every installed package (a few hundred in a large environment), and a build that finds its
    site up to date still needs to know its plugins."""
    return metadata.entry_points()


def _entry_points(group: str) -> list[metadata.EntryPoint]:
    return sorted(_all_entry_points().select(group=group), key=lambda ep: ep.name)


def installed() -> list[str]:
    """The names of every installed plugin."""
    return sorted({ep.name for group in GROUPS for ep in _entry_points(group)})


@functools.lru_cache(maxsize=8)
def enabled(names: tuple[str, ...] | None) -> tuple[Plugin, ...]:
    """The plugins to use, loaded: `names` from the configuration (None: all installed)."""
    available = installed()
    chosen = available if names is None else list(names)
    unknown = [n for n in chosen if n not in available]
    if unknown:
        have = ", ".join(available) or "none"
        raise ConfigError(None, f"plugin(s) not installed: {', '.join(unknown)} (installed plugins: {have})")
    found: list[Plugin] = []
    for name in chosen:
        for group in GROUPS:
            for ep in _entry_points(group):
                if ep.name != name:
                    continue
                try:
                    value = ep.load()
                except Exception as exc:  # a broken plugin is the user's to fix: one line, not a traceback
                    raise ConfigError(None, f"the plugin {name!r} ({group}) cannot be loaded: {exc}") from None
                version = ep.dist.version if ep.dist is not None else "?"
                found.append(Plugin(name, group, value, version))
    return tuple(found)


def rescan() -> None:
    """Forget what was found: the next question reads the installed packages again (after
    a plugin was installed into a running process, as the tests do)."""
    _all_entry_points.cache_clear()
    enabled.cache_clear()


def of_group(names: tuple[str, ...] | None, group: str) -> list[Any]:
    return [p.value for p in enabled(names) if p.group == group]


def fingerprint(names: tuple[str, ...] | None) -> tuple[tuple[str, str, str], ...]:
    """What the enabled plugins contribute to a build's fingerprint: names, groups, versions."""
    return tuple((p.name, p.group, p.version) for p in enabled(names))
