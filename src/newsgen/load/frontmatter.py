"""Optional YAML front matter between `---` lines at the top of any article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from newsgen.errors import ContentError


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
        data = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise ContentError(path, f"invalid front matter: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(path, "front matter must be a mapping of keys to values", 2)
    return {str(k): v for k, v in data.items()}, "\n".join(lines[i + 1 :]), i + 1
