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
    conn.putrequest(method, path, skip_accept_encoding=True)
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
