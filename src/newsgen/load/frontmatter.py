"""Optional YAML front matter between `---` lines at the top of any article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from newsgen.errors import ContentError
from newsgen.vietnamese import clean_text

MAX_DEPTH = 20  # front matter is a flat record with a few lists; nothing real nests deeper


class _Refused(yaml.YAMLError):
    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases (a few lines of `&a [*a, *a]` expand to gigabytes
    when printed) and with a nesting limit (5,000 nested lists exhaust Python's stack)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise _Refused("aliases (*name) are not allowed in front matter", self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _clean(value: Any) -> Any:
    """Strings as clean NFC text (no control characters), all the way down."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, number of lines before the body).

    The body keeps its own lines; the count lets the parser report line
    numbers of the whole file.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            break
    else:
        raise ContentError(path, "front matter opened with '---' is never closed", 1)
    block = "\n".join(lines[1:i])
    try:
        data = yaml.load(block, Loader=FrontMatterLoader) if block.strip() else {}  # noqa: S506 (a safe loader)
    except RecursionError:
        raise ContentError(path, "invalid front matter: nested too deeply", 2) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise ContentError(path, f"invalid front matter: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(path, "front matter must be a mapping of keys to values", 2)
    return {str(k): _clean(v) for k, v in data.items()}, "\n".join(lines[i + 1 :]), i + 1
