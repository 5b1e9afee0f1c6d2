"""Optional YAML front matter between `---` lines at the top of any article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from newsgen import safe_yaml
from newsgen.errors import ContentError
from newsgen.vietnamese import clean_text


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
    # Line by line up to the closing line only: the body is sliced off, never split into lines.
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).strip() != "---":
        return {}, text, 0
    if first_end < 0:
        raise ContentError(path, "front matter opened with '---' is never closed", 1)
    start, i = first_end + 1, 1  # where line i starts
    while True:
        end = text.find("\n", start)
        if (text[start:] if end < 0 else text[start:end]).strip() in ("---", "..."):
            break
        if end < 0:
            raise ContentError(path, "front matter opened with '---' is never closed", 1)
        start, i = end + 1, i + 1
    block = text[first_end + 1 : start - 1]
    try:
        data = safe_yaml.load(block) if block.strip() else {}
    except RecursionError:
        raise ContentError(path, "invalid front matter: nested too deeply", 2) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # libyaml puts a problem found at the end of the block on the line after it (the closing
        # `---`); the reader is sent to the block's last line instead.
        line = min(mark.line, i - 2) + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise ContentError(path, f"invalid front matter: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(path, "front matter must be a mapping of keys to values", 2)
    return {str(k): _clean(v) for k, v in data.items()}, "" if end < 0 else text[end + 1 :], i + 1


def key_line(text: str, name: str) -> int | None:
    """The line of the file on which front matter key `name` stands (for messages): looked for
    in the front matter only, line by line, so that a long body is never split to find it."""
    prefix = f"{name}:"
    start = 0
    for number in range(1, 201):
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.startswith(prefix):
            return number
        if end < 0 or (number > 1 and line.strip() in ("---", "...")):
            return None
        start = end + 1
    return None
