"""Benchmark newsgen against Hugo, Hugo + Pagefind and Pelican on the same articles.

    python bench/run.py --corpus /work/corpus --sizes 10000 all 100000   # real articles
    python bench/run.py --sizes 1000 10000                              # generated articles

With --corpus, the articles are the real-article corpus of ../shared/bench (made by its
make_corpus.py: CORPUS/hugo/N and CORPUS/pelican/N); newsgen's input is made from the Hugo
site by its to_ttxvn.py (--to-ttxvn), so every tool builds the same articles. A size that
is larger than the corpus ("100000", "1000000") repeats all of it, each copy with distinct
titles (" (2)", " (3)", ...) and dates (a year later per copy). newsgen is timed with search on
(its Pagefind index included) and with `search: false`; Hugo alone and Hugo followed by
Pagefind over its output (`python -m pagefind`, as a Hugo site adds search), each build.

For each N: generate N articles (bench/generate.py), convert them for Hugo
(Debian's `hugo`) and Pelican (installed by this script into a throwaway
virtual environment) with equivalent page sets (articles; rubric, tag and
date-archive pages paginated by 20; feeds), then time, for each tool: a cold
build into a fresh folder, a rebuild with nothing changed, a rebuild after
editing one article, a rebuild after editing the article template; and record
peak memory (PSS summed over the tool's processes: shared pages counted once) and the files written.
Prints one Markdown table per size with the ratios of newsgen to each peer, then the targets
of issue #13 that apply at that size, each met or missed (bench/targets.py).

Disk state matters on this kind of machine (deleting a large tree slows the
next writes), so every timed build writes to a folder that never existed and
the script syncs and pauses before each timing. Peers are skipped only when
they cannot be installed, or above --hugo-max / --pelican-max (said so).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from peers import convert  # noqa: E402
from targets import report  # noqa: E402

PAUSE = 3.0


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    ok: bool
    note: str = ""


@dataclass
class ToolResult:
    tool: str
    cold: Run | None = None
    noop: Run | None = None
    edit: Run | None = None
    template: Run | None = None
    files: int = 0
    skipped: str = ""
    extra: dict = field(default_factory=dict)


def _tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes: the sum of their proportional
    set sizes (PSS), so that pages forked workers share with their parent count once."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(cmd: list[str], cwd: Path, env: dict | None = None, timeout: float = 7200) -> Run:
    subprocess.run(["sync"], check=False)
    time.sleep(PAUSE)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    poller.join()
    ok = proc.returncode == 0
    # a tool killed by a signal (the kernel's out-of-memory killer: SIGKILL) says nothing itself
    said = out.decode("utf-8", "replace")[-400:]
    how = f"killed by signal {-proc.returncode}; " if proc.returncode < 0 else f"exit {proc.returncode}; "
    note = "" if ok else how + said
    return Run(round(seconds, 2), round(peak / 2**20, 1), ok, note)


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder)) if folder.is_dir() else 0


def edit_first_article(content: Path, suffix: str) -> Path:
    path = sorted(content.rglob(f"*{suffix}"))[len(list(content.rglob(f"*{suffix}"))) // 2]
    text = path.read_text(encoding="utf-8")
    marker = "./." if "./." in text else "\n\n"
    text = text.replace(marker, " Bài viết được cập nhật thêm thông tin." + marker, 1)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the tools


def compile_newsgen() -> None:
    """Write newsgen's bytecode, as installing it with pip does: a checkout run with
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module it imports on every build."""
    package = Path(__import__("newsgen").__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], capture_output=True, check=False)


def bench_newsgen(site: Path, jobs: int | None, label: str = "newsgen") -> ToolResult:
    r = ToolResult(label)
    compile_newsgen()
    theme_article = Path(__import__("newsgen").__file__).parent / "theme" / "templates" / "article.html"
    (site / "templates").mkdir(exist_ok=True)
    shutil.copy(theme_article, site / "templates" / "article.html")  # the site's own copy, edited below
    shutil.rmtree(site / ".newsgen-cache", ignore_errors=True)
    out = site / f"public-{time.time_ns()}"
    cmd = [sys.executable, "-m", "newsgen", "build", "--site", str(site), "--output", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    r.cold = measure(cmd, site)
    r.files = count_files(out)
    r.noop = measure(cmd, site)
    edit_first_article(site / "content", ".txt")
    r.edit = measure(cmd, site)
    tpl = site / "templates" / "article.html"
    tpl.write_text(
        tpl.read_text(encoding="utf-8").replace("</article>", "<p>Bản quyền thuộc tòa soạn.</p></article>", 1)
    )
    r.template = measure(cmd, site)
    return r


def _hugo_binary() -> str | None:
    hugo = shutil.which("hugo")
    if hugo is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], capture_output=True, check=False)
        hugo = shutil.which("hugo")
    return hugo


def _pagefind_after(hugo_run: Run, out: Path) -> Run:
    """Pagefind over Hugo's output, after a Hugo build: the two as one build."""
    pf = measure([sys.executable, "-m", "pagefind", "--site", str(out), "--quiet"], out.parent)
    return Run(round(hugo_run.seconds + pf.seconds, 2), max(hugo_run.peak_rss_mb, pf.peak_rss_mb),
               hugo_run.ok and pf.ok, hugo_run.note + pf.note)  # fmt: skip


def bench_hugo(site: Path, with_pagefind: bool = False) -> list[ToolResult]:
    """Hugo, and (with_pagefind) Hugo followed by Pagefind over its output after each build."""
    r = ToolResult("Hugo")
    both = ToolResult("Hugo+Pagefind")
    hugo = _hugo_binary()
    if hugo is None:
        r.skipped = both.skipped = "hugo could not be installed (apt-get install hugo)"
        return [r, both] if with_pagefind else [r]
    r.extra["version"] = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    shutil.rmtree(site / "resources", ignore_errors=True)
    out = site / f"public-{time.time_ns()}"
    cmd = [hugo, "--quiet", "--destination", str(out)]

    def timed(attr: str) -> None:
        setattr(r, attr, measure(cmd, site))
        if with_pagefind:
            setattr(both, attr, _pagefind_after(getattr(r, attr), out))

    timed("cold")
    r.files = count_files(out)
    both.files = count_files(out)
    timed("noop")
    edit_first_article(site / "content", ".md")
    timed("edit")
    single = site / "layouts" / "_default" / "single.html"
    single.write_text(
        single.read_text(encoding="utf-8").replace("</article>", "<p>Bản quyền thuộc tòa soạn.</p></article>", 1)
    )
    timed("template")
    return [r, both] if with_pagefind else [r]


def pelican_env(workdir: Path) -> Path | None:
    venv = workdir / "pelican-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        res = subprocess.run([str(python), "-m", "pip", "install", "-q", "pelican", "markdown"], capture_output=True)
        if res.returncode != 0:
            return None
    return venv


def bench_pelican(site: Path, workdir: Path) -> ToolResult:
    r = ToolResult("Pelican")
    venv = pelican_env(workdir)
    if venv is None:
        r.skipped = "pelican could not be installed from PyPI"
        return r
    python = str(venv / "bin" / "python")
    r.extra["version"] = subprocess.run(
        [python, "-m", "pelican", "--version"], capture_output=True, text=True
    ).stdout.strip()
    themes = subprocess.run([python, "-c", "import pelican, os; print(os.path.dirname(pelican.__file__))"],
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    shutil.rmtree(site / "theme", ignore_errors=True)
    shutil.copytree(Path(themes) / "themes" / "notmyidea", site / "theme")
    conf = site / "pelicanconf.py"
    if "THEME" not in conf.read_text():
        conf.write_text(conf.read_text() + 'THEME = "theme"\n')
    out = site / f"output-{time.time_ns()}"
    cmd = [python, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(out), "-q"]
    r.cold = measure(cmd, site)
    r.files = count_files(out)
    r.noop = measure(cmd, site)
    edit_first_article(site / "content", ".md")
    r.edit = measure(cmd, site)
    article = site / "theme" / "templates" / "article.html"
    article.write_text(
        article.read_text(encoding="utf-8").replace("</article>", "<p>Bản quyền thuộc tòa soạn.</p></article>", 1)
    )
    r.template = measure(cmd, site)
    return r


# ---------------------------------------------------------------- the table


def fmt(run: Run | None, what: str) -> str:
    if run is None:
        return "—"
    if not run.ok:
        return "failed"
    return f"{run.seconds:.2f}" if what == "s" else f"{run.peak_rss_mb:.0f}"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "—"


# Which tool each newsgen figure is held against (the targets are these ratios).
RATIOS = [
    ("newsgen (search)", "Hugo+Pagefind"),
    ("newsgen (search)", "Hugo"),
    ("newsgen (no search)", "Hugo"),
    ("newsgen", "Hugo"),
    ("newsgen", "Pelican"),
    ("newsgen (no search)", "Pelican"),
]


def table(label: str, n: int, results: list[ToolResult]) -> str:
    by_tool = {r.tool: r for r in results}
    pairs = [(a, b) for a, b in RATIOS if a in by_tool and b in by_tool and not by_tool[b].skipped]
    head = "| N | figure | " + " | ".join(r.tool for r in results) + " | " + " | ".join(f"{a} / {b}" for a, b in pairs)
    lines = [head + " |", "|" + "---|" * (2 + len(results) + len(pairs))]

    def row(name: str, get) -> None:
        vals = {r.tool: (None if r.skipped else get(r)) for r in results}
        cells = [("—" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))) for v in vals.values()]
        rat = [ratio(vals[a], vals[b]) for a, b in pairs]
        lines.append(f"| {label} | {name} | " + " | ".join(cells + rat) + " |")

    def secs(attr):
        return lambda r: getattr(r, attr).seconds if getattr(r, attr) and getattr(r, attr).ok else None

    row("cold build (s)", secs("cold"))
    row("articles/s (cold)", lambda r: round(n / r.cold.seconds, 1) if r.cold and r.cold.ok else None)
    row("peak memory, PSS (MB)", lambda r: r.cold.peak_rss_mb if r.cold and r.cold.ok else None)
    row("no-op rebuild (s)", secs("noop"))
    row("one-article edit (s)", secs("edit"))
    row("one-template edit (s)", secs("template"))
    row("files written (cold)", lambda r: r.files if r.cold and r.cold.ok else None)
    notes = [f"- {r.tool}: skipped ({r.skipped})" for r in results if r.skipped]
    for r in results:
        for k in ("cold", "noop", "edit", "template"):
            run = getattr(r, k)
            if run is not None and not run.ok:
                notes.append(f"- {r.tool} {k} failed: {run.note}")
    return "\n".join(lines + notes)


# ---------------------------------------------------------------- the real-article corpus


def _repeat_hugo(source: Path, target: Path, n: int) -> int:
    """A Hugo site of n articles: the corpus' articles, then copies of them with distinct
    titles, file names and dates (copy k: title + " (k)", a year later per copy)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("content", "public*", "resources"))
    files = sorted(p for p in (source / "content").rglob("*.md") if not p.name.startswith("_"))
    for p in (source / "content").rglob("_*.md"):
        dest = target / "content" / p.relative_to(source / "content")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, dest)
    made = 0
    copy = 0
    while made < n:
        for p in files:
            if made >= n:
                break
            text = p.read_text(encoding="utf-8")
            name = p.name
            if copy:
                _, front, body = text.split("---\n", 2)
                lines = []
                for line in front.splitlines():
                    if line.startswith("title: "):
                        title = line[len("title: ") :]
                        line = f'title: {title[:-1]} ({copy + 1})"' if title.endswith('"') else f"{line} ({copy + 1})"
                    elif line.startswith("date: "):
                        line = f"date: {int(line[6:10]) + copy}{line[10:]}"
                    lines.append(line)
                text = "---\n" + "\n".join(lines) + "\n---\n" + body
                name = f"{p.stem}-{copy + 1}.md"
            dest = target / "content" / p.parent.relative_to(source / "content") / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
            made += 1
        copy += 1
    return made


def real_sites(
    corpus: Path, size: str, base: Path, to_ttxvn: Path, pelican_max: int
) -> tuple[int, Path, Path | None, Path]:
    """For one size of the real corpus: the Hugo site, the Pelican site (up to pelican_max)
    and the newsgen site, all copied under `base` (the tools write into them)."""
    hugo = base / "hugo"
    if (corpus / "hugo" / size).is_dir():
        shutil.copytree(corpus / "hugo" / size, hugo, ignore=shutil.ignore_patterns("public*", "resources"))
        n = sum(1 for p in (hugo / "content").rglob("*.md") if not p.name.startswith("_"))
    else:
        n = _repeat_hugo(corpus / "hugo" / "all", hugo, int(size))
    pelican = None
    if n <= pelican_max and (corpus / "pelican" / size).is_dir():
        pelican = base / "pelican"
        shutil.copytree(corpus / "pelican" / size, pelican, ignore=shutil.ignore_patterns("output*", "theme"))
    site = base / "newsgen"
    site.mkdir(parents=True)
    subprocess.run([sys.executable, str(to_ttxvn), str(hugo), str(site / "content")], check=True, capture_output=True)
    (site / "newsgen.yaml").write_text(
        "title: Tin tức\nbase_url: https://example.org/\npage_size: 20\nsearch: true\n", encoding="utf-8"
    )
    return n, hugo, pelican, site


def bench_real(args: argparse.Namespace, size: str) -> tuple[int, list[ToolResult]]:
    base = args.workdir / size
    shutil.rmtree(base, ignore_errors=True)
    print(f"== real corpus, {size}: copying", file=sys.stderr, flush=True)
    n, hugo, pelican, site = real_sites(args.corpus, size, base, args.to_ttxvn, args.pelican_max)
    results = []
    print(f"   newsgen, search on ({n:,} articles)", file=sys.stderr, flush=True)
    results.append(bench_newsgen(site, args.jobs, "newsgen (search)"))
    config = site / "newsgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("search: true", "search: false"), encoding="utf-8")
    shutil.rmtree(site / "templates", ignore_errors=True)
    print("   newsgen, search off", file=sys.stderr, flush=True)
    results.append(bench_newsgen(site, args.jobs, "newsgen (no search)"))
    if n <= args.hugo_max:
        print("   Hugo" + (", then Pagefind" if n <= args.pagefind_max else ""), file=sys.stderr, flush=True)
        results.extend(bench_hugo(hugo, with_pagefind=n <= args.pagefind_max))
        if n > args.pagefind_max:
            results.append(ToolResult("Hugo+Pagefind", skipped=f"N > --pagefind-max {args.pagefind_max}"))
    else:
        results.append(ToolResult("Hugo", skipped=f"N > --hugo-max {args.hugo_max}"))
    if pelican is not None:
        print("   Pelican", file=sys.stderr, flush=True)
        results.append(bench_pelican(pelican, args.workdir))
    else:
        results.append(ToolResult("Pelican", skipped=f"N > --pelican-max {args.pelican_max}"))
    shutil.rmtree(base, ignore_errors=True)
    return n, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=None, help="numbers of articles; with --corpus also 'all'")
    parser.add_argument("--corpus", type=Path, default=None, help="the real-article corpus (make_corpus.py --out)")
    parser.add_argument("--to-ttxvn", type=Path, default=HERE.parent.parent / "shared" / "bench" / "to_ttxvn.py")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsgen-bench"))
    parser.add_argument("--jobs", type=int, default=None, help="newsgen --jobs (default: the number of cores)")
    parser.add_argument("--hugo-max", type=int, default=100000)
    parser.add_argument("--pagefind-max", type=int, default=40000,
                        help="Pagefind over Hugo needs ~0.3 MB per article in one index (10 GB at 34,621)")  # fmt: skip
    parser.add_argument("--pelican-max", type=int, default=10000, help="Pelican takes hours past this size")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results here")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    args.workdir.mkdir(parents=True, exist_ok=True)
    tables = []
    raw = {}
    sizes = args.sizes or (["10000", "all", "100000"] if args.corpus else ["1000", "10000", "100000"])
    for size in sizes:
        if args.corpus is not None:
            n, results = bench_real(args, size)
            label = f"{n:,} real"
        else:
            n = int(size)
            base = args.workdir / size
            shutil.rmtree(base, ignore_errors=True)
            print(f"== N = {n:,}: generating", file=sys.stderr, flush=True)
            site = generate(n, base / "newsgen")
            hugo = base / "hugo" if n <= args.hugo_max else None
            pelican = base / "pelican" if n <= args.pelican_max else None
            convert(site, hugo, pelican)
            results = [bench_newsgen(site, args.jobs)]
            results += bench_hugo(hugo) if hugo is not None else [ToolResult("Hugo", skipped="N > --hugo-max")]
            if pelican is not None:
                results.append(bench_pelican(pelican, args.workdir))
            else:
                results.append(ToolResult("Pelican", skipped=f"N > --pelican-max {args.pelican_max}"))
            shutil.rmtree(base, ignore_errors=True)
            label = f"{n:,}"
        raw[size] = {"articles": n, "results": [asdict(r) for r in results]}
        tables.append(table(label, n, results) + "\n\n" + report(label, n, raw[size]["results"]))
        print(tables[-1], flush=True)
        subprocess.run(["sync"], check=False)
        if args.json:
            args.json.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nMachine: {cores} cores. Wall-clock seconds; peak memory: PSS summed over each tool's processes.")
    print("\n\n".join(tables))


if __name__ == "__main__":
    main()
