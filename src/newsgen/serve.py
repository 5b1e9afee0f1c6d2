"""serve: the preview server. Builds the site into the cache folder, serves it
over HTTP on loopback under the base_url's path, rebuilds on changes seen by
watchfiles, and reloads open pages through server-sent events.

The reload script is added to HTML responses by this server only; it is never
written into a build's output.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import email.utils
import errno
import hashlib
import html
import ipaddress
import os
import posixpath
import selectors
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from newsgen.build import BuildFailed, BuildOptions, BuildResult, build, current_time, resolve_config
from newsgen.config import CONFIG_FILE
from newsgen.engine.cache import CACHE_DIR
from newsgen.errors import NewsgenError, PortInUse, failure_line
from newsgen.output.mediatypes import media_type
from newsgen.output.writer import BOOKKEEPING_PREFIX

EVENTS_PATH = "/__newsgen/events"


def reload_script(version: int) -> bytes:
    """The script the preview adds to each HTML page. It names the build it came from, so
    a page served just before a rebuild still learns of it."""
    return (
        f'<script>(function(){{var s=new EventSource("{EVENTS_PATH}?v={version}");'
        "s.onmessage=function(){location.reload()};})();</script>"
    ).encode()


def content_type(path: Path) -> str:
    return media_type(path.name)


@dataclass
class Preview:
    """What the server shows: the output folder, or the errors of the last build; and the open
    pages listening for rebuilds (each an event-stream socket, written to by `publish`)."""

    output: Path
    base_path: str
    errors: list[str] = field(default_factory=list)
    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)
    listeners: dict[socket.socket, int] = field(default_factory=dict)  # socket -> version it has seen
    warnings: list[str] = field(default_factory=list)  # of the last good build, as check and build print them

    def publish(self, errors: list[str]) -> None:
        with self.changed:
            self.errors = errors
            self.version += 1
            self.changed.notify_all()
        self.tell_listeners()

    def listen(self, sock: socket.socket, seen: int) -> None:
        with self.changed:
            self.listeners[sock] = seen
        self.tell_listeners()

    def tell_listeners(self, keep_alive: bool = False) -> None:
        """Tell every open page of a rebuild it has not heard of (or send a keep-alive comment).
        A page that cannot take the few bytes at once is dropped; it reconnects by itself."""
        with self.changed:
            version = self.version
            targets = list(self.listeners.items())
        dropped = []
        for sock, seen in targets:
            if seen != version:
                message = f"data: reload {version}\n\n".encode()
            elif keep_alive:
                message = b": keep-alive\n\n"
            else:
                continue
            try:
                sent = sock.send(message, socket.MSG_DONTWAIT)
                ok = sent == len(message)
            except OSError:
                ok = False
            with self.changed:
                if ok:
                    self.listeners[sock] = version
                else:
                    self.listeners.pop(sock, None)
                    dropped.append(sock)
        for sock in dropped:
            _close(sock)

    def close_listeners(self) -> None:
        with self.changed:
            targets = list(self.listeners)
            self.listeners.clear()
        for sock in targets:
            _close(sock)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


def error_page(errors: list[str]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(e)}</code></li>" for e in errors)
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Lỗi khi dựng trang</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5;color:#1a1a1a;background:#fff}"
        "h1{color:#a30d12}code{white-space:pre-wrap;font-size:1rem}li{margin:.5rem 0}</style></head>"
        "<body><main><h1>Lỗi khi dựng trang</h1><p>newsgen could not build the site. "
        "Fix the problem below and save: this page reloads by itself.</p>"
        f'<ul class="newsgen-errors">{items}</ul></main></body></html>'
    ).encode()


LOOPBACK_NAMES = ("localhost", "localhost.")
MAX_SEGMENT = 255  # longer than any file name the output can hold


def is_bookkeeping(relative: str) -> bool:
    """newsgen's own files in the output folder (its manifest and their temporary copies): never
    served, as never deployed."""
    return any(part.startswith(BOOKKEEPING_PREFIX) for part in relative.split("/"))


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() in LOOPBACK_NAMES


def host_allowed(header: str | None, bind: str) -> bool:
    """A Host header the preview answers: loopback names and addresses, and the bound address.
    A page on another name (DNS rebinding) gets nothing, so it cannot read drafts."""
    if header is None:
        return True  # HTTP/1.0 clients; a browser always sends Host
    host = header.strip()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.rsplit(":", 1)[0]
    if is_loopback(host):
        return True
    if bind in ("0.0.0.0", "::", ""):
        return True  # --bind to every address says: any name may reach it
    return host.lower() == bind.lower().strip("[]")


class FileCache:
    """Recently served files by (inode, size, time): a reader asking again for an unchanged page
    costs a stat, not a read and a digest. The file is opened once and read from that handle, so
    its bytes and its stat always belong together."""

    def __init__(self, entries: int = 4096) -> None:
        self.entries = entries
        self._lock = threading.Lock()
        self._files: dict[str, tuple[tuple[int, int, int], bytes, str]] = {}

    def read(self, path: Path) -> tuple[bytes, os.stat_result, str]:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
            name = str(path)
            with self._lock:
                hit = self._files.get(name)
            if hit is not None and hit[0] == stamp:
                return hit[1], st, hit[2]
            data = f.read()
        digest = hashlib.blake2b(data, digest_size=12).hexdigest()
        with self._lock:
            if len(self._files) >= self.entries:
                self._files.clear()
            self._files[name] = (stamp, data, digest)
        return data, st, digest


FILES = FileCache()


class Handler(BaseHTTPRequestHandler):
    server_version = "newsgen"
    preview: Preview  # set on the subclass made by make_server
    bind: str = "127.0.0.1"
    protocol_version = "HTTP/1.1"
    timeout = 10  # seconds a client may take to send its request
    handed_over = False  # the socket now belongs to the preview's listeners

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's API)
        pass

    def handle(self) -> None:
        """One request: the server hands the connection back to its selector between requests,
        so idle keep-alive connections hold no thread."""
        try:
            self.handle_one_request()
        except (TimeoutError, ConnectionError):
            self.close_connection = True

    # -- routing
    def do_HEAD(self) -> None:  # noqa: N802
        self._guarded(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._guarded(head=False)

    def _guarded(self, head: bool) -> None:
        if len(self.headers.get_all("Host") or []) > 1 or not host_allowed(self.headers.get("Host"), self.bind):
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"unknown host\n", "text/plain; charset=utf-8", head=head)
            return
        try:
            self._respond(head)
        except OSError:  # a name too long, a file gone: the reader gets an answer, never a dropped line
            if not self.handed_over:
                with contextlib.suppress(OSError):
                    self._send(HTTPStatus.NOT_FOUND, b"404 not found\n", "text/plain; charset=utf-8", head=head)

    def _other(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed\n", "text/plain; charset=utf-8",
                   head=False, extra={"Allow": "GET, HEAD"})  # fmt: skip

    do_POST = do_PUT = do_DELETE = do_PATCH = _other  # noqa: N815

    def _respond(self, head: bool) -> None:
        raw_path = urlsplit(self.path).path
        query = urlsplit(self.path).query
        if raw_path == EVENTS_PATH:
            self._events(head)
            return
        p = self.preview
        if p.base_path != "/" and raw_path in ("/", p.base_path.rstrip("/")):
            self._redirect(p.base_path)
            return
        if not raw_path.startswith(p.base_path):
            self._not_found(head)
            return
        relative = self._safe_relative(raw_path[len(p.base_path) :])
        if relative is None or is_bookkeeping(relative):
            self._not_found(head)
            return
        if p.errors and (relative == "" or relative.endswith((".html", "/")) or "." not in relative.split("/")[-1]):
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, error_page(p.errors) , "text/html; charset=utf-8",
                       head=head, inject=True, cache=False)  # fmt: skip
            return
        target = p.output / relative if relative else p.output
        real = self._inside_output(target)
        if real is None:
            self._not_found(head)
            return
        if real.is_dir():
            if not raw_path.endswith("/"):
                self._redirect(raw_path + "/" + (f"?{query}" if query else ""))
                return
            real = real / "index.html"
            if self._inside_output(real) is None or not real.is_file():
                self._not_found(head)
                return
        if not real.is_file():
            self._not_found(head)
            return
        self._file(real, head, HTTPStatus.OK)

    def _safe_relative(self, encoded: str) -> str | None:
        """The request path under the base, decoded, or None if it tries to leave the output."""
        lowered = encoded.lower()
        if "%2f" in lowered or "%5c" in lowered or "%00" in lowered or "\\" in encoded:
            return None
        decoded = unquote(encoded)
        if "\x00" in decoded or decoded.startswith("/"):
            return None
        parts = decoded.split("/")
        if any(part in ("..", ".") or len(part.encode("utf-8", "replace")) > MAX_SEGMENT for part in parts):
            return None
        normal = posixpath.normpath(decoded) if decoded else ""
        if normal.startswith(("..", "/")):
            return None
        return "" if normal == "." else normal + ("/" if decoded.endswith("/") and normal else "")

    def _inside_output(self, path: Path) -> Path | None:
        root = os.path.realpath(self.preview.output)
        real = os.path.realpath(path)
        if real != root and not real.startswith(root + os.sep):
            return None
        return Path(real)

    # -- responses
    def _not_found(self, head: bool) -> None:
        page = self.preview.output / "404.html"
        if page.is_file():
            self._file(page, head, HTTPStatus.NOT_FOUND)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"404 not found\n", "text/plain; charset=utf-8", head=head)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _file(self, path: Path, head: bool, status: HTTPStatus) -> None:
        try:
            data, stat, digest = FILES.read(path)  # whole file: a page being replaced is served old or new
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, b"404 not found\n", "text/plain; charset=utf-8", head=head)
            return
        ctype = content_type(path)
        inject = ctype.startswith("text/html")
        if status == HTTPStatus.OK:
            suffix = f"-r{self.preview.version}" if inject else ""
            etag = '"' + digest + suffix + '"'
            modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
            if self._not_modified(etag, stat.st_mtime):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
                self.end_headers()
                return
            self._send(status, data, ctype, head=head, inject=inject, extra={"ETag": etag, "Last-Modified": modified})
        else:
            self._send(status, data, ctype, head=head, inject=inject, cache=False)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return int(mtime) <= since
        return False

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        ctype: str,
        *,
        head: bool,
        inject: bool = False,
        cache: bool = True,
        extra: dict[str, str] | None = None,
    ) -> None:
        if inject:
            script = reload_script(self.preview.version)
            marker = data.rfind(b"</body>")
            data = data[:marker] + script + data[marker:] if marker >= 0 else data + script
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache" if cache else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self, head: bool) -> None:
        """Server-sent events: one message each time the site was rebuilt (or failed to). The
        connection is handed to the preview's listeners: no thread waits on it."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if head:
            return
        p = self.preview
        try:
            seen = int(parse_qs(urlsplit(self.path).query).get("v", [""])[0])
        except ValueError:
            seen = p.version
        self.wfile.write(b"retry: 1000\n\n")
        self.wfile.flush()
        self.handed_over = True
        p.listen(self.connection, seen)


class PreviewServer(socketserver.TCPServer):
    """An HTTP server for many readers on few threads: a selector holds every idle connection
    (keep-alive ones included) and a small pool of threads answers the requests that arrive."""

    allow_reuse_address = True
    request_queue_size = 1024  # the listen backlog: 200 readers connecting at once all get in
    workers = 32
    idle_timeout = 30.0  # seconds a keep-alive connection may stay silent
    max_connections = 4096

    def __init__(self, address: tuple[str, int], handler: type[Handler]) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.stopping = False
        self._selector = selectors.DefaultSelector()
        self._idle: dict[socket.socket, float] = {}
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()  # a worker wakes the selector to watch a socket again
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)  # a full pipe already means "wake up": never wait on it
        self._pool = concurrent.futures.ThreadPoolExecutor(self.workers, thread_name_prefix="newsgen-http")
        super().__init__(address, handler)  # closes what is above if it cannot bind

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self.socket.setblocking(False)
        self._selector.register(self.socket, selectors.EVENT_READ, "listen")
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        next_sweep = time.monotonic() + 1.0
        while not self.stopping:
            for key, _events in self._selector.select(timeout=poll_interval):
                if key.data == "listen":
                    self._accept()
                elif key.data == "wake":
                    with contextlib.suppress(OSError):
                        while self._wake_r.recv(4096):
                            pass
                else:
                    sock = key.fileobj
                    with self._lock:
                        self._selector.unregister(sock)
                        self._idle.pop(sock, None)
                    self._pool.submit(self._answer, sock, key.data)
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + 1.0
                self._sweep()

    def _accept(self) -> None:
        while True:
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of file descriptors: leave the rest in the backlog for now
                return
            if len(self._idle) >= self.max_connections:
                _close(sock)
                continue
            sock.setblocking(True)
            self._watch(sock, address, wake=False)

    def _watch(self, sock: socket.socket, address: object, wake: bool = True) -> None:
        with self._lock:
            self._idle[sock] = time.monotonic()
            self._selector.register(sock, selectors.EVENT_READ, address)
        if wake:
            with contextlib.suppress(OSError):
                self._wake_w.send(b"x")

    def _sweep(self) -> None:
        cutoff = time.monotonic() - self.idle_timeout
        with self._lock:
            stale = [s for s, since in self._idle.items() if since < cutoff]
            for sock in stale:
                self._selector.unregister(sock)
                del self._idle[sock]
        for sock in stale:
            _close(sock)

    def _answer(self, sock: socket.socket, address: object) -> None:
        handler: Handler | None = None
        try:
            handler = self.RequestHandlerClass(sock, address, self)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 (a broken connection must never stop the server)
            handler = None
        if handler is not None and handler.handed_over:
            return
        if handler is None or handler.close_connection or self.stopping:
            _close(sock)
        else:
            self._watch(sock, address)

    def shutdown(self) -> None:
        self.stopping = True
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def server_close(self) -> None:
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            idle = list(self._idle)
            self._idle.clear()
        for sock in idle:
            _close(sock)
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()


def make_server(preview: Preview, bind: str, port: int) -> PreviewServer:
    handler = type("PreviewHandler", (Handler,), {"preview": preview, "bind": bind})
    try:
        return PreviewServer((bind, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(
                None, f"port {port} is already in use on {bind}; choose another with --port (0 picks a free one)"
            ) from None
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT) or exc.errno == -2:
            raise NewsgenError(None, f"cannot listen on {bind}: {exc.strerror}") from None
        raise NewsgenError(None, f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from None
    except socket.gaierror as exc:
        raise NewsgenError(None, f"cannot listen on {bind}: {exc.strerror}") from None


@dataclass
class ServeOptions:
    build: BuildOptions
    bind: str = "127.0.0.1"
    port: int = 8000


def watched_paths(options: BuildOptions) -> tuple[Path, Callable[[object, str], bool]]:
    """The site root, and a filter that keeps changes to content, templates, static, the config
    and the most-read file."""
    from newsgen.site.most_read import FILE as MOST_READ

    config = resolve_config(options)
    root = config.root.resolve()
    wanted = [
        (root / config.content_dir).resolve(),
        (root / config.templates_dir).resolve(),
        (root / config.static_dir).resolve(),
    ]
    files = {root / CONFIG_FILE, root / MOST_READ}

    def keep(_change: object, path: str) -> bool:
        p = Path(path)
        if p in files:
            return True
        name = p.name
        if name.startswith(".") or name.endswith(("~", ".swp", ".swx", ".tmp")) or name.startswith("#"):
            return False
        return any(p == w or w in p.parents for w in wanted)

    return root, keep


def run_preview_build(
    options: BuildOptions, preview: Preview, report: Callable[[str], None], verb: str = "Rebuilt"
) -> BuildResult | None:
    started = time.perf_counter()
    try:
        result = build(options)
    except BuildFailed as failed:
        errors = [d.format() for d in failed.diagnostics]
    except Exception as exc:  # noqa: BLE001 (the preview keeps running whatever a build meets)
        line = failure_line(exc)
        errors = [line or f"error: the build failed unexpectedly: {type(exc).__name__}: {exc}"]
    else:
        warnings = [d.format() for d in result.diagnostics if d.level == "warning"]
        if warnings != preview.warnings:  # the same warnings as check and build, once each time they change
            for w in warnings:
                report(w)
            preview.warnings = warnings
        preview.publish([])
        seconds = time.perf_counter() - started
        report(f"{verb} in {seconds:.2f} s: {result.articles} articles, {result.written} files written")
        return result
    for e in errors:
        report(e)
    preview.publish(errors)
    return None


def serve(options: ServeOptions, report: Callable[[str], None], ready: Callable[[str], None] | None = None,
          stop: threading.Event | None = None) -> None:  # fmt: skip
    """Build, serve and watch until `stop` is set (or Ctrl-C)."""
    import watchfiles

    config = resolve_config(options.build)
    output = options.build.output or (config.root / CACHE_DIR / "serve")
    build_options = replace(options.build, output=output)
    from newsgen.urls import UrlWriter

    base_path = UrlWriter(config.base_url).base_path
    preview = Preview(output=output, base_path=base_path)
    server = make_server(preview, options.bind, options.port)
    stop = stop or threading.Event()
    first = run_preview_build(build_options, preview, report, verb="Built")
    due = first.next_due if first else None  # the next scheduled article: rebuilt by itself then
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in str(host) else host
    url = f"http://{shown}:{port}{base_path}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()

    def keep_alive() -> None:
        while not stop.wait(10):
            preview.tell_listeners(keep_alive=True)

    threading.Thread(target=keep_alive, daemon=True).start()
    if ready is not None:
        ready(url)
    root, keep = watched_paths(build_options)
    try:
        for changes in watchfiles.watch(root, watch_filter=keep, stop_event=stop, debounce=300, step=50,
                                        raise_interrupt=False, rust_timeout=1000, yield_on_timeout=True):  # fmt: skip
            if not changes:  # a second without changes: is a scheduled article due?
                if due is None or current_time(config) < due:
                    continue
                report(f"A scheduled article is due ({due.isoformat(timespec='seconds')})")
            else:
                names = sorted({Path(p).name for _, p in changes})
                report(f"Changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}")
            result = run_preview_build(build_options, preview, report)
            due = result.next_due if result else due
    finally:
        stop.set()
        server.shutdown()
        thread.join(timeout=5)
        preview.close_listeners()
        server.server_close()
