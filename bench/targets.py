"""The speed and memory targets of issue #13, checked against one benchmark run.

    python bench/targets.py bench/results-2026-12-03-real-9.json

prints, for each size of the run, every target with the ratio measured in that run and
whether it was met; bench/run.py prints the same after each table. The targets hold at the
real corpus' 10,000 and 34,621 articles (the 100,000 bound at 100,000 and above); ratios
are taken within one run, as the machine's speed moves from hour to hour.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MEMORY_BOUND_MB = 2048  # "< 2 GB" at 100,000 articles and more, read as 2 GiB (the bench counts MiB)


@dataclass(frozen=True)
class Check:
    name: str
    value: float  # the ratio (or MiB) measured
    limit: float
    met: bool
    unit: str = "×"

    def line(self) -> str:
        sign = "≤" if self.unit == "×" else "<"
        shown = f"{self.value:.3f}×" if self.unit == "×" else f"{self.value:,.0f} MiB"
        bound = f"{self.limit:.2f}×" if self.unit == "×" else f"{self.limit:,.0f} MiB"
        return f"- {self.name}: {shown} ({sign} {bound}) {'met' if self.met else 'MISSED'}"


def _seconds(result: dict[str, Any], what: str) -> float | None:
    run = result.get(what)
    return run["seconds"] if isinstance(run, dict) and run.get("ok") else None


def _peak(result: dict[str, Any]) -> float | None:
    run = result.get("cold")
    return run["peak_rss_mb"] if isinstance(run, dict) and run.get("ok") else None


def checks(articles: int, results: list[dict[str, Any]]) -> list[Check]:
    """The targets that apply to a run of this many articles, with what the run measured
    (a target whose figures are missing, a tool skipped or failed, is left out)."""
    by_tool = {r["tool"]: r for r in results if not r.get("skipped")}
    out: list[Check] = []

    def ratio(name: str, tool: str, what: str, peer: str, peer_what: str, limit: float) -> None:
        if tool not in by_tool or peer not in by_tool:
            return
        mine, theirs = _seconds(by_tool[tool], what), _seconds(by_tool[peer], peer_what)
        if mine is not None and theirs:
            out.append(Check(name, mine / theirs, limit, mine / theirs <= limit))

    search, plain = "newsgen (search)", "newsgen (no search)"
    if articles < 100_000:
        ratio("cold build with search vs Hugo + Pagefind", search, "cold", "Hugo+Pagefind", "cold", 1.0)
        ratio("cold build without search vs Hugo", plain, "cold", "Hugo", "cold", 1.0)
        for tool in (search, plain):
            ratio(f"no-op rebuild, {tool} vs Hugo", tool, "noop", "Hugo", "noop", 0.05)
        ratio("one-article edit with search vs Hugo", search, "edit", "Hugo", "edit", 0.10)
        for tool in (search, plain):
            ratio(f"one-template edit, {tool} vs Hugo", tool, "template", "Hugo", "template", 0.5)
        hugo = _peak(by_tool["Hugo"]) if "Hugo" in by_tool else None
        for tool in (search, plain):
            mine = _peak(by_tool[tool]) if tool in by_tool else None
            if mine is not None and hugo:
                out.append(Check(f"peak memory, {tool} vs Hugo", mine / hugo, 1.0, mine <= hugo))
    else:
        for tool in (search, plain):
            mine = _peak(by_tool[tool]) if tool in by_tool else None
            if mine is not None:
                out.append(Check(f"peak memory, {tool}", mine, MEMORY_BOUND_MB, mine < MEMORY_BOUND_MB, unit="MB"))
    return out


def report(label: str, articles: int, results: list[dict[str, Any]]) -> str:
    found = checks(articles, results)
    if not found:
        return f"Targets at {label}: none applies or no figures to check."
    missed = sum(not c.met for c in found)
    head = f"Targets at {label}: {len(found) - missed} of {len(found)} met"
    return "\n".join([head, *(c.line() for c in found)])


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    raw = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    for size, run in raw.items():
        print(report(f"{run['articles']:,} ({size})", run["articles"], run["results"]))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
