"""YAML as data and nothing more, for front matter and newsgen.yaml alike.

libyaml (PyYAML's C parser) reads the text when PyYAML has it, five times faster than the pure
Python parser on a front-matter block; the events are checked first, so that a document with
aliases or nested too deeply is refused before anything is built from it."""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 20  # newsgen's YAML is a flat record with a few lists; nothing real nests deeper

Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(yaml.YAMLError):
    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


def _check(text: str) -> None:
    """Refuse aliases (a few lines of `&a [*a, *a]` expand to gigabytes when printed) and
    nesting deeper than MAX_DEPTH (5,000 nested lists exhaust Python's stack)."""
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        kind = type(event)
        if kind is yaml.AliasEvent:
            raise _Refused("aliases (*name) are not allowed", event.start_mark)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            depth -= 1


def load(text: str) -> Any:
    """The data of one YAML document; yaml.YAMLError (with problem and problem_mark) if the
    text is not YAML or is refused."""
    _check(text)
    return yaml.load(text, Loader=Loader)  # noqa: S506 (a safe loader)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document (for line numbers), checked as load() checks."""
    _check(text)
    return yaml.compose(text, Loader=Loader)
