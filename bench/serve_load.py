"""Load on the preview server: many readers at once while an editor saves articles.

    python bench/serve_load.py SITE [--clients 200] [--seconds 30] [--edit-every 3] [--think 0.5]

Starts `newsgen serve --port 0` on SITE (a copy is edited, never SITE itself),
then runs CLIENTS reader threads on loopback for SECONDS, each fetching pages of
the site over keep-alive connections, waiting THINK seconds between pages (0: as fast as
answers come, which measures the server's throughput more than a reader's wait), while an
"editor" rewrites one article every EDIT_EVERY seconds (so the server rebuilds
under load). Prints requests, errors (refused connections, time-outs, non-200
answers, bodies shorter than their Content-Length or HTML cut before
`</html>`), rebuilds, and latency percentiles. Loopback only; bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def start(site: Path) -> tuple[subprocess.Popen, int, list[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "serve", "--site", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
    line = proc.stdout.readline()
    m = re.search(r":(\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit(f"newsgen serve did not start: {line!r}")
    return proc, int(m.group(1)), log


def pages_of(site: Path, port: int) -> list[str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/sitemap.xml")
    body = conn.getresponse().read().decode()
    conn.close()
    paths = [re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>", body)]
    return paths[:500] or ["/"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--edit-every", type=float, default=3)
    ap.add_argument("--think", type=float, default=0.5, help="seconds each reader waits between pages")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsgen-load-"))
    site = work / "site"
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns(".newsgen-cache", "public"))
    proc, port, log = start(site)
    paths = pages_of(site, port)
    articles = sorted((site / "content").rglob("*.txt"))
    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: dict[str, int] = {}

    def error(kind: str) -> None:
        with lock:
            errors[kind] = errors.get(kind, 0) + 1

    def reader(n: int) -> None:
        conn: http.client.HTTPConnection | None = None
        i = n
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 7
            started = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path)
                resp = conn.getresponse()
                body = resp.read()
            except (OSError, http.client.HTTPException) as exc:
                error(type(exc).__name__)
                if conn is not None:
                    conn.close()
                conn = None
                continue
            took = time.perf_counter() - started
            if resp.status != 200:
                error(f"HTTP {resp.status}")
            elif len(body) != int(resp.getheader("Content-Length", "-1")):
                error("partial body")
            elif path.endswith("/") and not body.rstrip().endswith(b"</html>"):
                error("HTML cut short")
            with lock:
                latencies.append(took)
            if args.think:
                time.sleep(args.think)
        if conn is not None:
            conn.close()

    def editor() -> None:
        n = 0
        while time.monotonic() < deadline - args.edit_every:
            time.sleep(args.edit_every)
            target = articles[n % len(articles)]
            text = target.read_text(encoding="utf-8")
            target.write_text(text + f"\n\nCập nhật lần {n}.\n" if n % 2 == 0 else text.rstrip() + "\n", "utf-8")
            n += 1

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(args.clients)]
    threads.append(threading.Thread(target=editor))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=args.seconds + 60)
    proc.send_signal(2)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(work, ignore_errors=True)

    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    rebuilds = sum(1 for line in log if line.startswith("Rebuilt"))
    run = f"clients {args.clients} (think {args.think} s), {args.seconds:.0f} s"
    print(f"{run}, {len(paths)} distinct pages, rebuilds: {rebuilds}")
    print(f"requests answered: {len(latencies)} ({len(latencies) / args.seconds:.0f}/s)")
    print(f"errors: {sum(errors.values())} {errors if errors else ''}")
    if latencies:
        print(
            f"latency ms: p50 {pct(0.50):.1f}, p90 {pct(0.90):.1f}, p99 {pct(0.99):.1f}, "
            f"max {latencies[-1] * 1000:.1f}, mean {statistics.mean(latencies) * 1000:.1f}"
        )


if __name__ == "__main__":
    main()
