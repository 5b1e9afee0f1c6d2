#!/usr/bin/env python3
"""How well newsgen reads the real-article corpus: build it, then compare every article page's
NewsArticle JSON-LD with the Hugo front matter of the same article (the truth).

Make the corpus first (../shared/bench/README.md): a Hugo site from make_corpus.py and the same
articles in the agency layout from to_ttxvn.py. Then, from the project root:

    python3 bench/check_corpus.py --hugo /work/corpus/hugo/all --txt /work/corpus/ng-all

It prints the misses of each field (--show N of them), then one line: how many articles were
built and, per field (headline, rubric, date, tags), the share the pages got right. It exits 1
when the build fails or a field is under --min percent (default 99.9).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import yaml

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
FIELDS = ("headline", "rubric", "date", "tags")


def norm(text: object) -> str:
    """NFC, spaces collapsed, invisible format characters (U+200B ...) dropped: newsgen drops
    them from what it publishes, and a reader never sees them."""
    text = unicodedata.normalize("NFC", str(text))
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())


def read_truth(hugo: Path) -> dict[str, dict]:
    truth = {}
    for path in sorted(hugo.glob("content/*/*.md")):
        if path.name.startswith("_"):
            continue
        _, front, _ = path.read_text(encoding="utf-8").split("---\n", 2)
        truth[path.stem] = yaml.safe_load(front)
    return truth


def build(newsgen: str, names: list[str], txt: Path, work: Path) -> tuple[Path, int]:
    site, out = work / "site", work / "out"
    (site / "content").mkdir(parents=True)
    (site / "newsgen.yaml").write_text("title: Corpus\nbase_url: https://example.org/\nsearch: false\n")
    for name in names:
        shutil.copy(txt / f"{name}.txt", site / "content")
    p = subprocess.run([newsgen, "build", "--site", str(site), "--output", str(out)], capture_output=True, text=True)
    lines = (p.stdout + p.stderr).splitlines()
    if p.returncode != 0:
        for line in [ln for ln in lines if "error" in ln][:10]:
            print("  " + line[:200])
        print(f"corpus: the build of {len(names)} real articles failed")
        sys.exit(1)
    return out, sum(1 for ln in lines if ": warning:" in ln)


def read_pages(out: Path) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for page in out.rglob("index.html"):
        for block in LD.findall(page.read_text(encoding="utf-8")):
            try:
                data = json.loads(block)
            except ValueError:
                continue
            if data.get("@type") == "NewsArticle":
                pages.setdefault(norm(data.get("headline", "")), []).append(data)
    return pages


def keywords(data: dict) -> list[str]:
    kw = data.get("keywords") or []
    return sorted(norm(k) for k in (kw if isinstance(kw, list) else [k for k in kw.split(", ") if k]))


def compare(names: list[str], truth: dict[str, dict], pages: dict[str, list[dict]]) -> dict[str, list[str]]:
    misses: dict[str, list[str]] = {f: [] for f in FIELDS}
    for name in names:
        want = truth[name]
        candidates = pages.get(norm(want["title"]))
        if not candidates:
            misses["headline"].append(f"{name}: no page headed {want['title']!r}")
            continue
        date = str(want["date"]).replace(" ", "T")[:16]
        rubric = norm(want["categories"][0])
        tags = sorted(norm(t) for t in want.get("tags") or [])
        # the corpus prints some stories twice: judge by the page that fits best
        got = max(
            candidates,
            key=lambda d: (str(d.get("datePublished"))[:16] == date, norm(d.get("articleSection")) == rubric),
        )
        if norm(got.get("articleSection")) != rubric:
            misses["rubric"].append(f"{name}: {got.get('articleSection')!r} != {rubric!r}")
        if str(got.get("datePublished"))[:16] != date:
            misses["date"].append(f"{name}: {got.get('datePublished')} != {date}")
        if keywords(got) != tags:
            misses["tags"].append(f"{name}: {keywords(got)} != {tags}")
    return misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hugo", type=Path, required=True, help="make_corpus.py's Hugo site (the truth)")
    ap.add_argument("--txt", type=Path, required=True, help="the same articles as agency text")
    ap.add_argument("--newsgen", default=shutil.which("newsgen") or "newsgen")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--min", type=float, default=99.9, help="fail under this percentage")
    ap.add_argument("--show", type=int, default=5, help="misses to print per field")
    args = ap.parse_args()
    truth = read_truth(args.hugo)
    names = [n for n in truth if (args.txt / f"{n}.txt").is_file()]
    names = names[: args.limit] if args.limit else names
    with tempfile.TemporaryDirectory(prefix="newsgen-corpus-") as tmp:
        out, warnings = build(args.newsgen, names, args.txt, Path(tmp))
        misses = compare(names, truth, read_pages(out))
    for field, rows in misses.items():
        for row in rows[: args.show]:
            print(f"  {field}: {row[:220]}")
    share = {f: 100.0 * (len(names) - len(misses[f])) / max(1, len(names)) for f in FIELDS}
    print(
        f"corpus: {len(names)} real articles built, {warnings} warnings; right: "
        + ", ".join(f"{f} {share[f]:.2f}% ({len(misses[f])} misses)" for f in FIELDS)
    )
    sys.exit(0 if all(v >= args.min for v in share.values()) else 1)


if __name__ == "__main__":
    main()
