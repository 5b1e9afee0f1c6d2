"""YAML as data and nothing more, for front matter and newsgen.yaml alike.

libyaml (PyYAML's C parser) reads the text when PyYAML has it, five times faster than the pure
Python parser on a front-matter block; the events are checked first, so that a document with
aliases or nested too deeply is refused before anything is built from it."""

from __future__ import annotations

import re
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


# Most front matter is a few `key: value` lines, each value one plain word or phrase, number or
# date. Such a block is read here without a parser (a tenth of the time); which type each value
# is, and its value, come from the resolver and the constructors PyYAML itself would use. A value
# may hold letters, digits, single spaces and `.,+-/()'%`, and colons not followed by a space:
# nothing that could be YAML syntax. Any other block goes to the parser.
_FLAT_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):[ ]+([^\W_](?:[\w.,+\-/()'%]|:(?=[^\s:])| (?=[^ ]))*)")
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_IMPLICIT = (True, False)


def _flat(text: str) -> dict[str, Any] | None:
    """The mapping of a block of plain `key: value` lines; None for any other block."""
    data: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line:
            continue
        m = _FLAT_LINE.fullmatch(line)
        if m is None:
            return None
        key, value = m.groups()
        if _RESOLVER.resolve(yaml.ScalarNode, key, _IMPLICIT) != "tag:yaml.org,2002:str":
            return None  # `yes:`, `null:`: keys of other types
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, _IMPLICIT)
        if tag == "tag:yaml.org,2002:str":
            data[key] = value
        else:
            data[key] = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    return data or None


def load(text: str) -> Any:
    """The data of one YAML document; yaml.YAMLError (with problem and problem_mark) if the
    text is not YAML or is refused."""
    if (flat := _flat(text)) is not None:
        return flat
    _check(text)
    return yaml.load(text, Loader=Loader)  # noqa: S506 (a safe loader)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document (for line numbers), checked as load() checks."""
    _check(text)
    return yaml.compose(text, Loader=Loader)
