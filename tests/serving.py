"""Helpers for tests that run `newsgen serve` as a user would: a real process on a loopback port."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

NOW = "2026-11-28T12:00:00+07:00"


class ServeProcess:
    def __init__(self, site: Path, *args: str, clock: str | None = NOW) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("NEWSGEN_NOW", None)
        if clock is not None:  # None: the real clock
            env["NEWSGEN_NOW"] = clock
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsgen", "serve", "--site", str(site), "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self.stderr_lines: list[str] = []
        self.stdout_lines: list[str] = []
        self._threads = [
            threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout_lines), daemon=True),
            threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr_lines), daemon=True),
        ]
        for t in self._threads:
            t.start()
        self.url = self._wait_for_url()

    @staticmethod
    def _pump(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    def _wait_for_url(self, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.stdout_lines:
                m = re.search(r"(http://\S+)", line)
                if m:
                    return m.group(1)
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise AssertionError(f"newsgen serve did not start: {self.stderr_lines}")

    @property
    def origin(self) -> str:
        m = re.match(r"(http://[^/]+)", self.url)
        assert m
        return m.group(1)

    @property
    def port(self) -> int:
        return int(self.origin.rsplit(":", 1)[1])

    def count(self, prefix: str) -> int:
        return sum(1 for line in self.stderr_lines if line.startswith(prefix))

    def wait_for(self, prefix: str, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count(prefix) >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"waited for {count} x {prefix!r}: {self.stderr_lines}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(2)  # SIGINT, as Ctrl-C
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for t in self._threads:
            t.join(timeout=2)
        return self.proc.returncode


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript"}  # fmt: skip

    def log_message(self, *args: object) -> None:
        pass


class _StaticServer(http.server.ThreadingHTTPServer):
    # A static host's listen backlog, not the 5 of socketserver's default: a browser opens
    # several connections at once, and a search page fetches some thirty files in a burst.
    request_queue_size = 128
    daemon_threads = True


@contextlib.contextmanager
def static_host(folder: Path) -> Iterator[str]:
    """A built site served from `folder` as any static host serves it, on a loopback port:
    yields its address."""
    httpd = _StaticServer(("127.0.0.1", 0), functools.partial(_StaticHandler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
