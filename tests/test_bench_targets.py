"""bench/targets.py: the targets of issue #13 checked against a benchmark run's figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from targets import checks, report  # noqa: E402


def _run(seconds: float, peak: float = 100.0, ok: bool = True) -> dict:
    return {"seconds": seconds, "peak_rss_mb": peak, "ok": ok, "note": ""}


def _tool(name: str, cold: float, noop: float, edit: float, template: float, peak: float, skipped: str = "") -> dict:
    return {
        "tool": name, "cold": _run(cold, peak), "noop": _run(noop), "edit": _run(edit),
        "template": _run(template), "files": 0, "skipped": skipped, "extra": {},
    }  # fmt: skip


def _results(plain_cold: float = 6.0, search_noop: float = 0.3) -> list[dict]:
    return [
        _tool("newsgen (search)", 20.0, search_noop, 0.6, 3.0, 500.0),
        _tool("newsgen (no search)", plain_cold, 0.25, 0.45, 3.0, 300.0),
        _tool("Hugo", 6.5, 6.5, 6.5, 6.5, 800.0),
        _tool("Hugo+Pagefind", 30.0, 20.0, 28.0, 25.0, 3000.0),
        _tool("Pelican", 0, 0, 0, 0, 0, skipped="N > --pelican-max 0"),
    ]


def test_each_target_is_the_ratio_within_the_run():
    found = {c.name: c for c in checks(10_000, _results())}
    assert round(found["cold build with search vs Hugo + Pagefind"].value, 3) == round(20 / 30, 3)
    assert found["cold build without search vs Hugo"].met  # 6.0 / 6.5
    assert found["no-op rebuild, newsgen (search) vs Hugo"].met  # 0.3 / 6.5 = 0.046
    assert found["one-article edit with search vs Hugo"].value == 0.6 / 6.5
    assert found["peak memory, newsgen (search) vs Hugo"].value == 500 / 800
    assert all(c.met for c in found.values()) and len(found) == 9


def test_a_ratio_over_its_limit_is_missed_however_little():
    found = {c.name: c for c in checks(10_000, _results(plain_cold=6.6, search_noop=0.33))}
    assert not found["cold build without search vs Hugo"].met  # 1.015
    assert not found["no-op rebuild, newsgen (search) vs Hugo"].met  # 0.0508
    text = report("10,000 real", 10_000, _results(plain_cold=6.6, search_noop=0.33))
    assert text.startswith("Targets at 10,000 real: 7 of 9 met")
    assert "- cold build without search vs Hugo: 1.015× (≤ 1.00×) MISSED" in text


def test_at_100000_only_the_memory_bound_applies_and_skipped_or_failed_tools_are_left_out():
    results = _results()
    results[0]["cold"] = _run(200.0, 1929.0)
    results[1]["cold"] = _run(80.0, 2100.0, ok=False)  # a failed build has no figure to check
    found = checks(100_000, results)
    assert [(c.name, c.met) for c in found] == [("peak memory, newsgen (search)", True)]
    assert "Pelican" not in report("100,000", 100_000, results)


def test_the_script_reads_a_results_file(tmp_path):
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"10000": {"articles": 10_000, "results": _results()}}), encoding="utf-8")
    out = subprocess.run([sys.executable, str(BENCH / "targets.py"), str(path)], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.startswith("Targets at 10,000 (10000): 9 of 9 met")
