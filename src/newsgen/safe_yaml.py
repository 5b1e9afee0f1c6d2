"""YAML as data and nothing more, for front matter and newsgen.yaml alike."""

from __future__ import annotations

import yaml

MAX_DEPTH = 20  # newsgen's YAML is a flat record with a few lists; nothing real nests deeper


class _Refused(yaml.YAMLError):
    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases (a few lines of `&a [*a, *a]` expand to gigabytes
    when printed) and with a nesting limit (5,000 nested lists exhaust Python's stack)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise _Refused("aliases (*name) are not allowed", self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
