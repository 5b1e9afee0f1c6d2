"""`newsgen serve`: a real server on a loopback port answering real HTTP requests."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from pathlib import Path

import pytest

from serving import ServeProcess
from sitegen import make_site, write_article

ARTICLE = "/tin-so-0-ve-hoat-dong-cua-dia-phuong/"


def request(server: ServeProcess, path: str, method: str = "GET", headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.putrequest(method, path, skip_accept_encoding=True, skip_host="Host" in (headers or {}))
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = make_site(tmp_path_factory.mktemp("serve") / "site", count=6)
    (site / "static").mkdir()
    (site / "static" / "app.js").write_text("console.log('newsgen');\n")
    (site / "static" / "anh").mkdir()
    (site / "static" / "anh" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    )
    return site


@pytest.fixture(scope="module")
def server(site):
    proc = ServeProcess(site)
    yield proc
    assert proc.stop() == 0


@pytest.mark.parametrize(
    ("path", "ctype"),
    [
        ("/", "text/html; charset=utf-8"),
        (ARTICLE, "text/html; charset=utf-8"),
        ("/feed.xml", "application/atom+xml; charset=utf-8"),
        ("/thoi-su/feed.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/anh/logo.svg", "image/svg+xml; charset=utf-8"),
    ],
)
def test_content_types(server, path, ctype):
    resp, body = request(server, path)
    assert resp.status == 200
    assert resp.getheader("Content-Type") == ctype
    assert int(resp.getheader("Content-Length")) == len(body)


def test_css_and_js_content_types(server):
    resp, body = request(server, "/")
    css = body.decode().split('rel="stylesheet" href="')[1].split('"')[0]
    resp, _ = request(server, css)
    assert resp.status == 200 and resp.getheader("Content-Type") == "text/css; charset=utf-8"
    js = [line for line in (server_output_files(server)) if line.startswith("app.") and line.endswith(".js")]
    resp, _ = request(server, "/" + js[0])
    assert resp.getheader("Content-Type") == "text/javascript; charset=utf-8"


def server_output_files(server: ServeProcess) -> list[str]:
    out = Path(server.proc.args[server.proc.args.index("--site") + 1]) / ".newsgen-cache" / "serve"
    return [p.name for p in out.iterdir()]


def test_missing_page_is_404_with_the_site_404_page(server):
    resp, body = request(server, "/khong-co-trang-nay/")
    assert resp.status == 404
    assert "Không tìm thấy trang" in body.decode()


def test_directory_without_slash_redirects(server):
    resp, _ = request(server, "/thoi-su?x=1")
    assert resp.status == 301
    assert resp.getheader("Location") == "/thoi-su/?x=1"


def test_head_sends_headers_only(server):
    resp, body = request(server, ARTICLE, "HEAD")
    assert resp.status == 200 and body == b""
    assert int(resp.getheader("Content-Length")) > 1000


def test_etag_and_last_modified_give_304(server):
    resp, _ = request(server, ARTICLE)
    etag, modified = resp.getheader("ETag"), resp.getheader("Last-Modified")
    assert etag and modified
    resp, body = request(server, ARTICLE, headers={"If-None-Match": etag})
    assert resp.status == 304 and body == b""
    resp, body = request(server, "/feed.xml", headers={"If-Modified-Since": formatdate(time.time() + 60, usegmt=True)})
    assert resp.status == 304
    resp, _ = request(server, "/feed.xml", headers={"If-Modified-Since": formatdate(0, usegmt=True)})
    assert resp.status == 200


def test_no_directory_listing(server):
    resp, body = request(server, "/anh/")
    assert resp.status == 404
    assert b"logo.svg" not in body


def test_other_methods_are_refused(server):
    resp, _ = request(server, "/", "POST")
    assert resp.status == 405


@pytest.mark.parametrize(
    "path",
    [
        "/../newsgen.yaml",
        "/../../etc/passwd",
        "/%2e%2e/newsgen.yaml",
        "/%2e%2e%2fnewsgen.yaml",
        "/thoi-su/..%2f..%2fnewsgen.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%5cnewsgen.yaml",
        "/..\\newsgen.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/%00",
        "http://127.0.0.1/../newsgen.yaml",
        "/./../newsgen.yaml",
        "/leak/passwd",
        "/leak-file.txt",
    ],
)
def test_nothing_outside_the_output_is_served(server, site, path):
    out = site / ".newsgen-cache" / "serve"
    if not (out / "leak").is_symlink():
        (out / "leak").symlink_to("/etc")
        (out / "leak-file.txt").symlink_to(site / "newsgen.yaml")
    resp, body = request(server, path)
    assert resp.status in (400, 404)
    assert b"root:" not in body and b"page_size" not in body


@pytest.mark.parametrize("path", ["/.newsgen-manifest.json", "/.newsgen-pending.json", "/.newsgen-manifest.json.tmp"])
def test_newsgens_own_files_are_never_served(server, site, path):
    out = site / ".newsgen-cache" / "serve"
    assert (out / ".newsgen-manifest.json").is_file()
    (out / ".newsgen-pending.json.tmp").write_text("[]", encoding="utf-8")
    resp, body = request(server, path)
    assert resp.status == 404 and b'"files"' not in body


def test_reload_script_only_in_served_pages(server, site):
    _, body = request(server, ARTICLE)
    assert b"EventSource" in body and b"/__newsgen/events" in body
    out = site / ".newsgen-cache" / "serve"
    assert all(b"EventSource" not in p.read_bytes() for p in out.rglob("*.html"))


def test_change_rebuilds_once_and_pages_reload(server, site):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    _, page = request(server, ARTICLE)
    events_url = page.decode().split('new EventSource("')[1].split('"')[0]
    assert events_url.startswith("/__newsgen/events?v=")
    conn.request("GET", events_url)
    events = conn.getresponse()
    assert events.getheader("Content-Type").startswith("text/event-stream")
    assert events.fp.readline() == b"retry: 1000\n"
    before = server.count("Rebuilt")
    content = site / "content"
    for i in range(10):  # a burst of saves
        write_article(content, f"moi-{i}.txt", rubric="Thời sự", headline=f"Tin nóng số {i}", day=20, month=11)
    server.wait_for("Rebuilt", before + 1)
    line = events.fp.readline()
    while line in (b"\n", b": keep-alive\n"):
        line = events.fp.readline()
    assert line.startswith(b"data: reload")
    conn.close()
    time.sleep(1.0)
    assert server.count("Rebuilt") == before + 1
    resp, body = request(server, "/tin-nong-so-9/")
    assert resp.status == 200 and "Tin nóng số 9" in body.decode()


def test_error_page_then_recovery(server, site):
    path = site / "content" / "bai-002.txt"
    good = path.read_text(encoding="utf-8")
    before = server.count("Rebuilt") + server.count("content/")
    path.write_text("---\ntitle: [\n---\n", encoding="utf-8")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        resp, body = request(server, ARTICLE)
        if resp.status == 500:
            break
        time.sleep(0.1)
    assert resp.status == 500
    text = body.decode()
    assert "bai-002.txt:2: error: invalid front matter" in text
    assert any("bai-002.txt:2: error" in line for line in server.stderr_lines)
    path.write_text(good, encoding="utf-8")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        resp, body = request(server, ARTICLE)
        if resp.status == 200:
            break
        time.sleep(0.1)
    assert resp.status == 200 and "Tin số 0" in body.decode()
    assert server.count("Rebuilt") + server.count("content/") > before


def test_requests_during_rebuilds_are_whole(server, site):
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            resp, body = request(server, ARTICLE)
            if resp.status != 200 or not body.rstrip().endswith(b"</html>"):
                errors.append(f"{resp.status} {body[-40:]!r}")

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    before = server.count("Rebuilt")
    for i in range(3):
        (site / "static" / "app.js").write_text(f"console.log({i});\n")
        server.wait_for("Rebuilt", before + i + 1)
    stop.set()
    for t in threads:
        t.join()
    assert errors == []


def test_served_under_the_base_url_path(tmp_path):
    site = make_site(tmp_path / "site", count=2, extra_config="")
    config = site / "newsgen.yaml"
    config.write_text(config.read_text().replace("https://example.org/", "https://example.org/tin-tuc/"))
    proc = ServeProcess(site)
    try:
        assert proc.url.endswith("/tin-tuc/")
        resp, body = request(proc, "/tin-tuc/")
        assert resp.status == 200 and b'href="/tin-tuc/thoi-su/"' in body
        resp, _ = request(proc, "/")
        assert resp.status == 301 and resp.getheader("Location") == "/tin-tuc/"
        resp, _ = request(proc, "/tin-tuc/thoi-su/")
        assert resp.status == 200
        resp, _ = request(proc, "/thoi-su/")
        assert resp.status == 404
    finally:
        assert proc.stop() == 0


def test_port_in_use_is_one_clear_line(tmp_path):
    site = make_site(tmp_path / "site", count=1)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "newsgen", "serve", "--site", str(site), "--port", str(port)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"error: port {port} is already in use on 127.0.0.1; choose another with --port (0 picks a free one)"
    )


def test_ctrl_c_stops_cleanly(tmp_path):
    site = make_site(tmp_path / "site", count=1)
    proc = ServeProcess(site)
    port = proc.port
    assert proc.stop() == 0
    assert any(line == "Stopped." for line in proc.stderr_lines)
    assert not any("Traceback" in line for line in proc.stderr_lines)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # nothing listens any more


def test_starts_with_a_broken_site_and_recovers(tmp_path):
    site = make_site(tmp_path / "site", count=1)
    (site / "content" / "hong.txt").write_bytes(b"")
    proc = ServeProcess(site)
    try:
        resp, body = request(proc, "/")
        assert resp.status == 500 and "hong.txt: error: the file is empty" in body.decode()
        (site / "content" / "hong.txt").unlink()
        proc.wait_for("Rebuilt", 1)
        resp, _ = request(proc, "/")
        assert resp.status == 200
    finally:
        proc.stop()


# ------------------------------------------------------------------ many readers, hostile requests


def _raw(port: int, data: bytes, timeout: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def test_200_readers_connecting_at_once_are_all_answered(server):
    results: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(200)

    def reader():
        start.wait()
        try:
            resp, body = request(server, ARTICLE)
            ok = resp.status == 200 and len(body) == int(resp.getheader("Content-Length")) and b"</html>" in body
        except OSError:
            ok = False
        with lock:
            results.append(ok)

    threads = [threading.Thread(target=reader) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 200 and all(results)


def test_1000_idle_connections_do_not_keep_the_next_reader_out(server):
    idle = []
    try:
        for _ in range(1000):
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=10))
        resp, body = request(server, "/")
        assert resp.status == 200 and b"</html>" in body
    finally:
        for s in idle:
            s.close()


def test_idle_connections_are_closed_after_a_while(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finishes its request
        started = time.monotonic()
        while s.recv(65536):
            pass
        assert time.monotonic() - started < 45


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.nip.io", "attacker.test:8000"])
def test_other_host_names_get_nothing(server, host):
    resp, body = request(server, ARTICLE, headers={"Host": host})
    assert resp.status == 421 and b"html" not in body


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST:8000", "[::1]:8000", "127.0.0.2"])
def test_loopback_host_names_are_answered(server, host):
    resp, _ = request(server, ARTICLE, headers={"Host": host})
    assert resp.status == 200


def test_a_long_path_segment_is_a_404_not_a_dropped_connection(server):
    resp, _ = request(server, "/" + "a" * 8192 + "/")
    assert resp.status == 404
    data = _raw(server.port, b"GET /" + b"%C3%A1" * 3000 + b" HTTP/1.0\r\n\r\n")
    assert data.startswith(b"HTTP/1.") and b" 404 " in data.split(b"\r\n", 1)[0]
    resp, _ = request(server, "/")
    assert resp.status == 200
    assert not [line for line in server.stderr_lines if "Traceback" in line]


def test_every_open_page_hears_of_each_rebuild(server, site):
    pages = []
    try:
        for _ in range(300):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=20)
            s.sendall(b"GET /__newsgen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            pages.append(s)
        for s in pages:  # each stream has started: headers and the retry line
            buf = b""
            while b"retry:" not in buf:
                buf += s.recv(4096)
        before = server.count("Rebuilt")
        article = site / "content" / "bai-004.txt"
        article.write_text(article.read_text(encoding="utf-8").replace("Bản tin", "Tin vắn", 1), encoding="utf-8")
        server.wait_for("Rebuilt", before + 1)
        told = 0
        for s in pages:
            buf = b""
            while b"data: reload" not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
            told += b"data: reload" in buf
        assert told == 300
    finally:
        for s in pages:
            s.close()


def test_a_failing_build_is_one_line_on_the_error_page_and_the_preview_goes_on(monkeypatch, tmp_path):
    import errno

    from newsgen import serve as serve_module
    from newsgen.build import BuildOptions

    def disk_full(_options):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "index.html"))

    monkeypatch.setattr(serve_module, "build", disk_full)
    preview = serve_module.Preview(output=tmp_path, base_path="/")
    lines: list[str] = []
    assert serve_module.run_preview_build(BuildOptions(site=tmp_path), preview, lines.append) is None
    assert preview.errors == lines and len(lines) == 1
    assert "index.html: error: No space left on device" in lines[0] and "disk is full" in lines[0]


def test_the_preview_prints_the_warnings_build_prints(tmp_path):
    site = make_site(tmp_path / "site", count=3)
    (site / "content" / "ghi-chu.doc").write_text("không phải bài")
    proc = ServeProcess(site)
    try:
        proc.wait_for("Built", 1)
        assert any("ghi-chu.doc: warning: not an article file" in line for line in proc.stderr_lines)
    finally:
        assert proc.stop() == 0


def test_a_scheduled_article_appears_when_it_falls_due(tmp_path):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    site = make_site(tmp_path / "site", count=2)
    due = (datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) + timedelta(seconds=8)).replace(microsecond=0)
    write_article(site / "content", "hen-gio.txt", rubric="Thời sự", headline="Tin hẹn giờ đăng", day=1, month=11,
                  front_matter=f"---\ndate: {due.isoformat()}\n---\n")  # fmt: skip
    proc = ServeProcess(site, clock=None)  # the real clock
    try:
        resp, _ = request(proc, "/tin-hen-gio-dang/")
        assert resp.status == 404  # not yet
        proc.wait_for("A scheduled article is due", 1, timeout=40)
        proc.wait_for("Rebuilt", 1, timeout=40)
        resp, body = request(proc, "/tin-hen-gio-dang/")
        assert resp.status == 200 and "Tin hẹn giờ đăng" in body.decode()
    finally:
        assert proc.stop() == 0


def test_the_preview_watches_the_most_read_file(tmp_path):
    from newsgen.build import BuildOptions
    from newsgen.serve import watched_paths

    (tmp_path / "content").mkdir()
    root, keep = watched_paths(BuildOptions(site=tmp_path))
    assert keep(None, str(root / "data" / "doc-nhieu.csv"))
    assert keep(None, str(root / "newsgen.yaml")) and keep(None, str(root / "content" / "a.txt"))
    assert not keep(None, str(root / "data" / "khac.csv")) and not keep(None, str(root / "public" / "index.html"))
