"""The safety the README promises, tried as an attacker and as a clumsy user would (issue 10):
never a stale page, never a path outside the site, never a traceback, and a failed or killed
build leaves the previous site whole. Each test first reproduced the fault it names."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsgen.build import BuildFailed, BuildOptions, build
from newsgen.engine.lock import site_lock
from newsgen.errors import ConfigError, NewsgenError, OutputError, SiteBusy
from newsgen.output.writer import (
    INTERNAL,
    MANIFEST,
    MANIFEST_VERSION,
    Manifest,
    OutputWriter,
    all_safe_relpaths,
    safe_relpath,
)
from sitegen import make_site, tree, write_article

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
ARTICLE = "tin-so-0-ve-hoat-dong-cua-dia-phuong/index.html"
ENV = {**os.environ, "NEWSGEN_NOW": NOW.isoformat()}


def run(site: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsgen", "build", "--site", str(site), *args],
        capture_output=True, text=True, env=ENV, timeout=kw.pop("timeout", 300), **kw,
    )  # fmt: skip


def clean_tree(site: Path, tmp: Path, **kw) -> dict:
    out = tmp / f"clean-{len(list(tmp.glob('clean-*')))}"
    build(BuildOptions(site=site, output=out, cache_dir=out.with_name(out.name + "-cache"), now=NOW, **kw))
    return tree(out)


def edit(site: Path, n: int, words: str) -> None:
    path = site / "content" / f"bai-{n:03d}.txt"
    text = path.read_text(encoding="utf-8").replace("Bản tin về", words, 1)
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a save a second later


@pytest.fixture
def site(tmp_path) -> Path:
    return make_site(tmp_path / "site", count=12, page_size=5)


# ------------------------------------------------------------------ 1. stale pages


@pytest.mark.parametrize("other", ["serve", "elsewhere"])
def test_a_build_into_another_folder_never_makes_the_next_one_skip_pages(site, tmp_path, other):
    public = site / "public"
    build(BuildOptions(site=site, now=NOW))
    edit(site, 0, "Bản tin mới nhất về")
    other_out = site / ".newsgen-cache" / "serve" if other == "serve" else tmp_path / "elsewhere"
    build(BuildOptions(site=site, output=other_out, now=NOW))  # what `newsgen serve` or --output does
    result = build(BuildOptions(site=site, now=NOW))
    assert result.rendered > 0
    assert "Bản tin mới nhất về" in (public / ARTICLE).read_text(encoding="utf-8")
    assert tree(public) == clean_tree(site, tmp_path)


def test_two_caches_for_one_folder_never_call_it_up_to_date(site, tmp_path):
    out = tmp_path / "out"
    build(BuildOptions(site=site, output=out, cache_dir=tmp_path / "cache-a", now=NOW))
    edit(site, 1, "Tin khác về")
    build(BuildOptions(site=site, output=out, cache_dir=tmp_path / "cache-b", now=NOW))
    edit(site, 1, "Bản tin về")  # back to what cache-a last built
    assert build(BuildOptions(site=site, output=out, cache_dir=tmp_path / "cache-a", now=NOW)).up_to_date is False
    assert tree(out) == clean_tree(site, tmp_path)


def test_damaged_output_files_are_written_again(site, tmp_path):
    public = site / "public"
    build(BuildOptions(site=site, now=NOW))
    (public / ARTICLE).write_bytes(b"")  # emptied
    feed = public / "feed.xml"
    feed.write_bytes(feed.read_bytes()[:100])  # cut
    (public / "index.html").write_bytes(b"\x00garbage" * 100)
    assert build(BuildOptions(site=site, now=NOW)).up_to_date is False
    assert tree(public) == clean_tree(site, tmp_path)


# ------------------------------------------------------------------ 2. outside the output


def test_a_tampered_manifest_never_deletes_outside_the_output(site, tmp_path):
    public = site / "public"
    build(BuildOptions(site=site, now=NOW))
    victim = tmp_path / "victim.txt"
    victim.write_text("not newsgen's")
    outside_rel = os.path.relpath(victim, public)
    data = json.loads((public / MANIFEST).read_text())
    for bad in (outside_rel, str(victim), "a/../../victim.txt", "./x", "a//b", "C:\\x", "a\x00b"):
        data["files"][bad] = ["0" * 32, 1, 1, ""]
    (public / MANIFEST).write_text(json.dumps(data))
    result = build(BuildOptions(site=site, now=NOW))
    assert victim.read_text() == "not newsgen's"
    assert any("not a path inside the folder" in d.message for d in result.warnings)
    assert tree(public) == clean_tree(site, tmp_path)


# Paths made of the segments and characters the rules are about, and newsgen's own file names.
_SEGMENTS = st.sampled_from(["a", "b.html", ".", "..", "...", "", "a\\b", "\x00", ".a"])
_PATHS = st.one_of(
    st.lists(_SEGMENTS, min_size=1, max_size=4).map("/".join),
    st.text(alphabet="a./\\\x00", max_size=6),
    st.sampled_from(INTERNAL),
    st.just("a" * 4097),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PATHS, max_size=4))
@example(["a/b.html"])
@example(["a//b"])
@example(["a/"])
@example(["/a"])
@example(["./a"])
@example(["a/.."])
@example(["..."])
@example(["a\\b"])
@example(["a\x00b"])
@example([""])
@example([INTERNAL[0]])
@example(["a" * 4097])
def test_checking_all_manifest_paths_at_once_agrees_with_checking_each(paths):
    assert all_safe_relpaths(paths) == all(safe_relpath(p) for p in paths)


def test_one_bad_manifest_entry_drops_only_itself(tmp_path):
    good = {"a/index.html": ["d1", 10, 20, "k1"], "b.xml": ["d2", 11, 21, ""]}
    bad_entries = {
        "../x": ["d", 1, 1, ""],  # a path outside
        "c.html": ["d", True, 1, ""],  # a size that is not a number
        "d.html": ["d", 1, 1],  # an entry cut short
        "e.html": "d",  # not an entry at all
    }
    for path, entry in bad_entries.items():
        data = {"version": MANIFEST_VERSION, "build": "b", "files": {**good, path: entry}}
        (tmp_path / MANIFEST).write_text(json.dumps(data))
        m = Manifest.read(tmp_path)
        assert {r: list(o) for r, o in m.files.items()} == good, path
        assert [d.message for d in m.problems] == [f"ignoring an entry that is not a path inside the folder: {path!r}"]
    (tmp_path / MANIFEST).write_text(json.dumps({"version": MANIFEST_VERSION, "build": "b", "files": good}))
    m = Manifest.read(tmp_path)
    assert {r: list(o) for r, o in m.files.items()} == good and m.problems == [] and m.build == "b"
    assert m.files["a/index.html"].size == 10 and m.files["a/index.html"].key == "k1"


def test_a_symlinked_folder_inside_the_output_is_never_written_through(site, tmp_path):
    public = site / "public"
    build(BuildOptions(site=site, now=NOW))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    page_dir = public / ARTICLE.split("/")[0]
    for f in page_dir.iterdir():
        f.unlink()
    page_dir.rmdir()
    page_dir.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError, match="symlink"):
        build(BuildOptions(site=site, now=NOW))
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    "permalink", ["/../../../escape/{slug}/", "/{slug}/../../x/", "/./{slug}/", "/{slug}//", "/{oops}/{slug}/"]
)
def test_permalinks_cannot_leave_the_output(site, permalink):
    with (site / "newsgen.yaml").open("a", encoding="utf-8") as f:
        f.write(f"permalink: {permalink}\n")
    with pytest.raises(ConfigError, match="permalink"):
        build(BuildOptions(site=site, now=NOW))


@pytest.mark.parametrize("relpath", ["../x.html", "/etc/x", "a/../../x", "", "a\\b"])
def test_the_writer_refuses_paths_outside_its_folder(tmp_path, relpath):
    writer = OutputWriter(tmp_path / "out")
    writer.begin([])
    with pytest.raises(OutputError, match="outside"):
        writer.add(relpath, b"x")


def test_a_symlink_put_in_a_folder_the_writer_just_made_is_still_refused(tmp_path):
    """In a folder a first build made (empty, so what goes in it is made without looking first),
    a link put there meanwhile is found and refused; the file it points to is untouched."""
    outside = tmp_path / "outside"
    outside.mkdir()
    writer = OutputWriter(tmp_path / "out")
    writer.begin(["a/b/index.html", "a/c/index.html"])
    writer.add("a/b/index.html", b"one")
    (tmp_path / "out" / "a" / "c").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="symlink"):
        writer.add("a/c/index.html", b"two")
    assert list(outside.iterdir()) == []
    assert (tmp_path / "out" / "a" / "b" / "index.html").read_bytes() == b"one"  # a first build writes in place


@pytest.mark.parametrize("key", ["content_dir", "output_dir", "static_dir"])
def test_configured_folders_stay_inside_the_site(site, key):
    with (site / "newsgen.yaml").open("a", encoding="utf-8") as f:
        f.write(f"{key}: ../../etc\n")
    with pytest.raises(ConfigError, match=key):
        build(BuildOptions(site=site, now=NOW))


# ------------------------------------------------------------------ 3. unreadable content


def test_an_unreadable_content_folder_is_an_error_not_an_empty_site(site, monkeypatch):
    public = site / "public"
    build(BuildOptions(site=site, now=NOW))
    before = tree(public)
    real_scandir = os.scandir
    content = str(site / "content")

    def scandir(path="."):
        if str(path) == content:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(site=site, now=NOW))
    assert "cannot read the folder: Permission denied" in failed.value.diagnostics[0].message
    assert tree(public) == before


# ------------------------------------------------------------------ 4. the cache is data


def test_a_planted_pickle_in_the_cache_never_runs(site, tmp_path):
    build(BuildOptions(site=site, now=NOW))
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    db = sqlite3.connect(site / ".newsgen-cache" / "cache.sqlite")
    db.execute("UPDATE articles SET summary=?, blocks=?", (pickle.dumps(Payload()), pickle.dumps(Payload())))
    db.execute("UPDATE meta SET v=? WHERE k='last_build'", (pickle.dumps(Payload()),))
    db.commit()
    db.close()
    edit(site, 2, "Bài sửa về")
    result = build(BuildOptions(site=site, now=NOW))
    assert not marker.exists()
    assert any("cache was damaged" in d.message for d in result.warnings)
    assert tree(site / "public") == clean_tree(site, tmp_path)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "folder", "fifo"])
def test_a_damaged_cache_is_discarded_and_made_again(site, tmp_path, damage):
    build(BuildOptions(site=site, now=NOW))
    db = site / ".newsgen-cache" / "cache.sqlite"
    for extra in (db.with_name("cache.sqlite-wal"), db.with_name("cache.sqlite-shm")):
        extra.unlink(missing_ok=True)
    if damage == "garbage":
        db.write_bytes(b"\x13not a database" * 500)
    elif damage == "truncated":
        db.write_bytes(db.read_bytes()[:1500])
    else:
        db.unlink()
        db.mkdir() if damage == "folder" else os.mkfifo(db)
    edit(site, 3, "Tin sửa về")
    r = run(site, timeout=120)
    if damage == "folder":  # not newsgen's to remove: one clear line
        assert r.returncode == 1 and "Traceback" not in r.stderr and "cache.sqlite" in r.stderr
        return
    assert r.returncode == 0, r.stderr
    assert "cache was damaged" in r.stderr and "Traceback" not in r.stderr
    assert run(site).returncode == 0  # healed: the next build uses it again
    assert tree(site / "public") == clean_tree(site, tmp_path)


# ------------------------------------------------------------------ 5, 12. what the text holds


def test_json_ld_and_feeds_are_well_formed_whatever_the_text_holds(site, tmp_path):
    write_article(site / "content", "bai-x.txt", rubric="Thời sự", headline="Tin\x01 đặc biệt <!--<script>",
                  day=5, month=11, front_matter='---\nlede: "Sapo <!--<script> </script> & \\x02 hết"\n---\n')  # fmt: skip
    build(BuildOptions(site=site, now=NOW))
    public = site / "public"
    page = next(p for p in public.rglob("index.html") if "tin-dac-biet" in str(p))
    html = page.read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    script = html[start : html.index("</script>", start)]
    assert "<" not in script and ">" not in script
    data = json.loads(script)
    assert data["headline"] == "Tin đặc biệt <!--<script>"
    assert "</main>" in html[start:]  # the page did not end inside the script
    for feed in [public / "feed.xml", *public.glob("*/feed.xml")]:
        ET.fromstring(feed.read_bytes())  # well-formed XML


# ------------------------------------------------------------------ 8. failures while writing and indexing


def _break_indexer(monkeypatch, tmp_path):
    """A pagefind that dies half-way, as on a full disk: it takes a request, then fails."""
    fake = tmp_path / "fakebin"
    fake.mkdir(exist_ok=True)
    script = fake / "pagefind"
    script.write_text("#!/bin/sh\nhead -c 10 > /dev/null\necho 'Error: No space left on device' >&2\nexit 1\n")
    script.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))


def test_a_failed_search_index_keeps_the_old_one_and_is_redone(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", count=8, search=True)
    public = site / "public"
    build(BuildOptions(site=site, now=NOW))
    index_before = {p: p.read_bytes() for p in (public / "pagefind").rglob("*") if p.is_file()}
    site_before = tree(public)
    assert (public / "pagefind" / "shards.json").is_file()
    edit(site, 0, "Tin tìm kiếm về")
    with monkeypatch.context() as m:
        _break_indexer(m, tmp_path)
        with pytest.raises(Exception, match="No space left"):
            build(BuildOptions(site=site, now=NOW))
    assert {p: p.read_bytes() for p in (public / "pagefind").rglob("*") if p.is_file()} == index_before
    # the index is made before the pages go in place: the pages are the previous ones too
    assert tree(public) == site_before
    again = build(BuildOptions(site=site, now=NOW))
    assert not again.up_to_date and again.search is not None  # the index is made again
    assert build(BuildOptions(site=site, now=NOW)).up_to_date


def test_an_indexer_that_answers_nonsense_is_stopped_and_named(tmp_path, monkeypatch):
    """Requests go to Pagefind in batches; an answer that is not one of its messages stops the
    build with a clear error at once (the indexer is stopped, never waited for)."""
    site = make_site(tmp_path / "site", count=4, search=True)
    fake = tmp_path / "fakebin"
    fake.mkdir()
    script = fake / "pagefind"
    script.write_text("#!/bin/sh\nhead -c 10 > /dev/null\nprintf 'not a message,'\nexec sleep 600\n")
    script.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    started = time.monotonic()
    with pytest.raises(NewsgenError, match="search indexer .pagefind. failed: it answered what is not"):
        build(BuildOptions(site=site, now=NOW))
    assert time.monotonic() - started < 60  # a bound that catches a hang, not a speed target


@pytest.fixture
def small_disk(tmp_path):
    """A 6 MB tmpfs, as a full disk is met in real life (needs root, as CI has)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_the_previous_site_stays_whole(site, tmp_path, small_disk):
    out = small_disk / "public"
    assert run(site, "--output", str(out)).returncode == 0
    before = tree(out)
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk to the last block
        for size in (65536, 4096, 512, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(fd)
    for n in range(12):
        edit(site, n, f"Bản tin dài hơn số {n} về " + "chi tiết " * 200)
    r = run(site, "--output", str(out))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "No space left on device" in r.stderr
    assert tree(out) == before
    filler.unlink()
    assert run(site, "--output", str(out)).returncode == 0
    assert tree(out) == clean_tree(site, tmp_path)


# ------------------------------------------------------------------ 8. killed builds


def _kill_during(site: Path, out: Path, delay: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "build", "--site", str(site), "--output", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
    )  # fmt: skip
    time.sleep(delay)
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    # workers of a killed parent end with it (their pipe closes) and hold the site's lock until
    # they do: wait until it is free (on a loaded machine that takes more than a moment)
    deadline = time.monotonic() + 60
    while True:
        try:
            with site_lock(site / ".newsgen-cache"):
                return
        except SiteBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_a_build_killed_at_any_moment_is_finished_by_the_next(tmp_path):
    site = make_site(tmp_path / "site", count=300, page_size=10)
    out = tmp_path / "out"
    started = time.perf_counter()
    assert run(site, "--output", str(tmp_path / "timing"), "--jobs", "2").returncode == 0
    whole = time.perf_counter() - started
    expected = clean_tree(site, tmp_path)
    for i, fraction in enumerate([0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]):
        if i % 2:  # between kills, the site changes, so killed builds have work to do
            edit(site, i, f"Lần sửa {i} về")
            expected = clean_tree(site, tmp_path)
        _kill_during(site, out, whole * fraction)
        r = run(site, "--output", str(out))
        assert r.returncode == 0, r.stderr
        assert tree(out) == expected, f"after a kill at {fraction:.0%} of a build"


def test_a_first_build_killed_half_way_is_not_refused(tmp_path):
    site = make_site(tmp_path / "site", count=300, page_size=10)
    out = tmp_path / "out"
    started = time.perf_counter()
    assert run(site, "--output", str(tmp_path / "timing")).returncode == 0
    whole = time.perf_counter() - started
    for attempt in range(4):
        _kill_during(site, out, whole * (0.4 + 0.1 * attempt))
        if out.exists() and any(out.iterdir()):
            break
    r = run(site, "--output", str(out))
    assert r.returncode == 0, r.stderr
    assert tree(out) == clean_tree(site, tmp_path)


# ------------------------------------------------------------------ 9. two builds at once


def test_a_second_build_stops_at_once_naming_the_first(site):
    with site_lock(site / ".newsgen-cache"):
        started = time.perf_counter()
        r = run(site)
        assert time.perf_counter() - started < 30
    assert r.returncode == 1
    assert f"another newsgen build of this site is running (process {os.getpid()})" in r.stderr
    assert "Traceback" not in r.stderr
    assert run(site).returncode == 0


def test_builds_started_together_never_crash_each_other(tmp_path):
    site = make_site(tmp_path / "site", count=120)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "newsgen", "build", "--site", str(site)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )  # fmt: skip
        for _ in range(3)
    ]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for code, err in results:
        assert "Traceback" not in err and "database is locked" not in err
        assert code == 0 or "another newsgen build" in err
    assert any(code == 0 for code, _ in results)
    assert run(site).returncode == 0
    assert tree(site / "public") == clean_tree(site, tmp_path)


# ------------------------------------------------------------------ 10. files that are not articles


def test_files_that_are_not_articles_are_skipped_with_a_warning(site, tmp_path):
    content = site / "content"
    (content / "passwd.txt").symlink_to("/etc/passwd")
    (content / "zero.txt").symlink_to("/dev/zero")
    (content / "loop").symlink_to(content, target_is_directory=True)
    (content / "dangling.txt").symlink_to(content / "nothing-here.txt")
    os.mkfifo(content / "fifo.txt")
    os.mkfifo(content / "fifo.md")
    bad_name = os.fsencode(str(content)) + b"/bai-\xff\xfe.txt"
    with open(bad_name, "wb") as f:
        f.write(b"Tin\n\nTieu de\n")
    inside = content / "nhom"
    inside.mkdir()
    (inside / "lien-ket.txt").symlink_to(content / "bai-000.txt")  # a symlink inside the site is fine
    r = run(site, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    for name, why in [
        ("passwd.txt", "symlink out of the site"),
        ("zero.txt", "symlink out of the site"),
        ("fifo.txt", "not a regular file"),
        ("fifo.md", "not a regular file"),
        ("loop", "symlink loop"),
        ("dangling.txt", "broken symlink"),
        ("bai-", "not valid UTF-8"),
    ]:
        assert any(name in line and why in line for line in r.stderr.splitlines()), (name, r.stderr)
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (site / "public").rglob("*.html"))
    assert "root:x:0:0" not in published


def test_an_oversized_article_is_a_clear_error(site):
    with (site / "newsgen.yaml").open("a", encoding="utf-8") as f:
        f.write("max_article_bytes: 2000\n")
    big = site / "content" / "bai-lon.txt"
    big.write_text("Thời sự\n\nTiêu đề\n\n" + "Một câu dài. " * 500, encoding="utf-8")
    r = run(site)
    assert r.returncode == 1
    assert "bai-lon.txt: error: the file is too large for an article" in r.stderr and "Traceback" not in r.stderr


# ------------------------------------------------------------------ 11, 14. one line, never a traceback


def test_deep_yaml_in_the_config_is_one_line(site):
    (site / "newsgen.yaml").write_text("title: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    r = run(site)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "newsgen.yaml" in r.stderr


def test_a_read_only_output_is_one_line(site, tmp_path):
    out = tmp_path / "ro"
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(out)] if out.mkdir() is None else [],
                       capture_output=True)  # fmt: skip
    if r.returncode != 0:
        pytest.skip("cannot mount a read-only tmpfs here")
    try:
        res = run(site, "--output", str(out))
        assert res.returncode == 1 and "Traceback" not in res.stderr
        assert "Read-only file system" in res.stderr
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


def test_the_summary_counts_each_phase_once(site):
    started = time.perf_counter()
    result = build(BuildOptions(site=site, now=NOW))
    wall = time.perf_counter() - started
    assert set(result.timings) <= {"load", "index", "photos", "render", "write", "search"}
    assert result.seconds <= wall + 0.01


def test_a_cache_folder_that_is_a_symlink_is_refused(site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / ".newsgen-cache").symlink_to(elsewhere, target_is_directory=True)
    r = run(site)
    assert r.returncode == 1 and "Traceback" not in r.stderr and ".newsgen-cache" in r.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_folder_holding_only_a_half_written_pending_list_is_newsgens(site, tmp_path):
    # what a first build killed at its very first write leaves
    out = tmp_path / "out"
    out.mkdir()
    (out / ".newsgen-pending.json.tmp").write_text('["index.ht')
    assert run(site, "--output", str(out)).returncode == 0
    assert not (out / ".newsgen-pending.json.tmp").exists() and (out / "index.html").is_file()
    # but a file of that name that is a link, or anything else beside it, is not newsgen's
    other = tmp_path / "other"
    other.mkdir()
    (tmp_path / "elsewhere.txt").write_text("keep")
    (other / ".newsgen-pending.json.tmp").symlink_to(tmp_path / "elsewhere.txt")
    r = run(site, "--output", str(other))
    assert r.returncode != 0 and "did not write" in r.stderr
    assert (tmp_path / "elsewhere.txt").read_text() == "keep"


def test_gathered_article_pages_replace_the_stored_ones_first_build_or_not(tmp_path):
    """A first build's gathered rows become the stored table whole; a later build's replace
    the stored rows (the changed ones written, the gone ones removed): the same rows either way,
    still found by path and by URL, and gathering starts afresh after."""
    from newsgen.engine.cache import BuildCache

    cache = BuildCache(tmp_path / "cache", "scope")
    first = [("a.txt", "/a/", "pa"), ("b.txt", "/b/", "pb")]
    cache.stage_article_pages()
    cache.stage_article_pages(first)
    cache.adopt_article_pages("one")
    assert cache.all_article_pages() == first and cache.get("article_pages") == "one"
    assert cache.article_page(url="/b/") == ("b.txt", "/b/", "pb")
    second = [("b.txt", "/b2/", "pb"), ("c.txt", "/c/", "pc")]
    cache.stage_article_pages()
    cache.stage_article_pages(second)
    cache.adopt_article_pages("two")
    assert cache.all_article_pages() == second and cache.get("article_pages") == "two"
    assert cache.article_page(url="/b/") is None and cache.article_page(url="/b2/") == ("b.txt", "/b2/", "pb")
    cache.adopt_article_pages("three")  # nothing gathered since: none stay
    assert cache.all_article_pages() == []
    indexes = {r[0] for r in cache.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "article_pages_url" in indexes
    cache.close()


def test_a_new_cache_takes_its_first_articles_in_rollback_mode_then_is_in_wal_mode(tmp_path):
    from newsgen.engine.cache import BuildCache

    def mode(cache):
        return cache.conn.execute("PRAGMA journal_mode").fetchone()[0]

    cache = BuildCache(tmp_path / "cache", "scope")
    assert mode(cache) == "delete"  # a database made here: each page written once
    cache.put_articles([("a.txt", 10, 1, b"{}", b"[]", "key")])
    assert mode(cache) == "wal"
    cache.close()
    again = BuildCache(tmp_path / "cache", "scope")
    assert mode(again) == "wal" and again.stamps() == {"a.txt": (10, 1)}
    again.close()
    untouched = BuildCache(tmp_path / "other", "scope")
    assert mode(untouched) == "delete"
    untouched.close()  # closed before any article: in WAL mode for whoever opens it next
    assert mode(BuildCache(tmp_path / "other", "scope")) == "wal"


def test_articles_put_as_they_come_are_stored_together_or_not_at_all(tmp_path):
    from newsgen.engine.cache import BuildCache

    cache = BuildCache(tmp_path / "cache", "scope")
    row = ("a.txt", 10, 1, b"{}", b"[]", "key")
    with pytest.raises(RuntimeError), cache.putting_articles() as put:
        put([row])
        put([("b.txt", *row[1:])])
        raise RuntimeError("a worker failed")
    assert cache.stamps() == {}  # none of them
    with cache.putting_articles() as put:
        put([row])
        put([("b.txt", *row[1:])])
    assert cache.stamps() == {"a.txt": (10, 1), "b.txt": (10, 1)}
    with cache.putting_articles():  # nothing put: no transaction begun
        pass
    cache.close()
