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
    return {str(k): _clean(v) for k, v in data.items()}, "\n".join(lines[i + 1 :]), i + 1


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
