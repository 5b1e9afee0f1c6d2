"""Benchmark newsgen against Hugo and Pelican on the same synthetic articles.

    python bench/run.py                      # N = 1,000, 10,000 and 100,000
    python bench/run.py --sizes 1000 10000   # some sizes only

For each N: generate N articles (bench/generate.py), convert them for Hugo
(Debian's `hugo`) and Pelican (installed by this script into a throwaway
virtual environment) with equivalent page sets (articles; rubric, tag and
date-archive pages paginated by 20; feeds), then time, for each tool: a cold
build into a fresh folder, a rebuild with nothing changed, a rebuild after
editing one article, a rebuild after editing the article template; and record
peak memory (PSS summed over the tool's processes: shared pages counted once) and the files written.
Prints one Markdown table with the ratios newsgen/Hugo and newsgen/Pelican.

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
    note = "" if ok else out.decode("utf-8", "replace")[-400:]
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


def bench_newsgen(site: Path, jobs: int | None) -> ToolResult:
    r = ToolResult("newsgen")
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


def bench_hugo(site: Path) -> ToolResult:
    r = ToolResult("Hugo")
    hugo = shutil.which("hugo")
    if hugo is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], capture_output=True, check=False)
        hugo = shutil.which("hugo")
    if hugo is None:
        r.skipped = "hugo could not be installed (apt-get install hugo)"
        return r
    r.extra["version"] = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    shutil.rmtree(site / "resources", ignore_errors=True)
    out = site / f"public-{time.time_ns()}"
    cmd = [hugo, "--quiet", "--destination", str(out)]
    r.cold = measure(cmd, site)
    r.files = count_files(out)
    r.noop = measure(cmd, site)
    edit_first_article(site / "content", ".md")
    r.edit = measure(cmd, site)
    single = site / "layouts" / "_default" / "single.html"
    single.write_text(
        single.read_text(encoding="utf-8").replace("</article>", "<p>Bản quyền thuộc tòa soạn.</p></article>", 1)
    )
    r.template = measure(cmd, site)
    return r


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


def table(n: int, results: list[ToolResult], cores: int) -> str:
    peers = results[1:]
    head = (
        "| N | figure | newsgen | "
        + " | ".join(p.tool for p in peers)
        + " | "
        + " | ".join(f"newsgen/{p.tool}" for p in peers)
        + " |"
    )
    lines = [head, "|" + "---|" * (3 + 2 * len(peers))]

    def row(label: str, get) -> None:
        vals = [get(r) for r in results]
        cells = [("—" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))) for v in vals]
        rat = [
            ratio(vals[0], v) if isinstance(vals[0], (int, float)) and isinstance(v, (int, float)) else "—"
            for v in vals[1:]
        ]
        lines.append(f"| {n:,} | {label} | " + " | ".join(cells) + " | " + " | ".join(rat) + " |")

    def secs(attr):
        return lambda r: getattr(r, attr).seconds if getattr(r, attr) and getattr(r, attr).ok else None

    row("cold build (s)", secs("cold"))
    row("articles/s (cold)", lambda r: round(n / r.cold.seconds, 1) if r.cold and r.cold.ok else None)
    row("peak memory, PSS (MB)", lambda r: r.cold.peak_rss_mb if r.cold and r.cold.ok else None)
    row("no-op rebuild (s)", secs("noop"))
    row("one-article edit (s)", secs("edit"))
    row("one-template edit (s)", secs("template"))
    row("files written (cold)", lambda r: r.files if r.cold and r.cold.ok else None)
    notes = [f"- {p.tool}: skipped ({p.skipped})" for p in peers if p.skipped]
    return "\n".join(lines + notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsgen-bench"))
    parser.add_argument("--jobs", type=int, default=None, help="newsgen --jobs (default: the number of cores)")
    parser.add_argument("--hugo-max", type=int, default=100000)
    parser.add_argument("--pelican-max", type=int, default=10000, help="Pelican takes hours past this size")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results here")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    args.workdir.mkdir(parents=True, exist_ok=True)
    tables = []
    raw = {}
    for n in args.sizes:
        base = args.workdir / str(n)
        shutil.rmtree(base, ignore_errors=True)
        print(f"== N = {n:,}: generating", file=sys.stderr, flush=True)
        site = generate(n, base / "newsgen")
        hugo = base / "hugo" if n <= args.hugo_max else None
        pelican = base / "pelican" if n <= args.pelican_max else None
        convert(site, hugo, pelican)
        results = []
        print("   newsgen", file=sys.stderr, flush=True)
        results.append(bench_newsgen(site, args.jobs))
        if hugo is not None:
            print("   Hugo", file=sys.stderr, flush=True)
            results.append(bench_hugo(hugo))
        else:
            results.append(ToolResult("Hugo", skipped=f"N > --hugo-max {args.hugo_max}"))
        if pelican is not None:
            print("   Pelican", file=sys.stderr, flush=True)
            results.append(bench_pelican(pelican, args.workdir))
        else:
            results.append(ToolResult("Pelican", skipped=f"N > --pelican-max {args.pelican_max}"))
        tables.append(table(n, results, cores))
        raw[n] = [asdict(r) for r in results]
        print(tables[-1], flush=True)
        shutil.rmtree(base, ignore_errors=True)
        subprocess.run(["sync"], check=False)
    print(f"\nMachine: {cores} cores. Wall-clock seconds; peak memory: PSS summed over each tool's processes.")
    print("\n\n".join(tables))
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
