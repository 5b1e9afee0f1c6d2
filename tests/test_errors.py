"""Bad input is a user error with the file (and line) named, never a crash."""

from __future__ import annotations

import pytest

from newsgen.check import load_folder
from newsgen.config import SiteConfig
from newsgen.errors import ContentError, display_path
from newsgen.load.article import load_article


def _load(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return load_article(path, SiteConfig(), root=tmp_path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n \r\n", "empty"),
        (b"\x00\x01\x02\xff\xfe\x00binary", "binary"),
        (bytes(range(0, 32)) * 20, "not a text file"),
        (b"\x81\x8d\x8f\x90\x9d", "cannot decode"),
        ("Giá cả tăng mạnh".encode().decode("cp1252").encode("utf-8"), "double-encoded"),
    ],
)
def test_unusable_files(tmp_path, data, message):
    with pytest.raises(ContentError) as err:
        _load(tmp_path, "bad.txt", data)
    assert message in err.value.message
    assert err.value.path == tmp_path / "bad.txt"


def test_broken_yaml_names_the_line(tmp_path):
    with pytest.raises(ContentError) as err:
        _load(tmp_path, "bad.txt", "---\ntitle: Tin\ntags: [a, b\n---\nTiêu đề\n".encode())
    assert "front matter" in err.value.message
    assert err.value.line in (3, 4)
    assert err.value.format() == f"{display_path(err.value.path)}:{err.value.line}: error: {err.value.message}"


def test_unclosed_front_matter(tmp_path):
    with pytest.raises(ContentError, match="never closed"):
        _load(tmp_path, "bad.txt", b"---\ntitle: x\n")


def test_bad_front_matter_values(tmp_path):
    with pytest.raises(ContentError) as err:
        _load(tmp_path, "bad.txt", "---\ndate: ngày mai\n---\nTiêu đề\n".encode())
    assert err.value.line == 2 and "date" in err.value.message
    with pytest.raises(ContentError, match="draft"):
        _load(tmp_path, "bad2.txt", "---\ndraft: có\n---\nTiêu đề\n".encode())


def test_markdown_without_title(tmp_path):
    with pytest.raises(ContentError, match="title"):
        _load(tmp_path, "bad.md", "Chỉ có một đoạn văn.\n".encode())


def test_headline_only_is_a_warning(tmp_path):
    a = _load(tmp_path, "only.txt", "Chỉ có tiêu đề\n".encode())
    assert a.headline == "Chỉ có tiêu đề"
    assert any("only a headline" in w.message for w in a.warnings)


def test_unreadable_file(tmp_path):
    path = tmp_path / "gone.txt"
    path.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(ContentError, match="cannot read"):
        load_article(path, SiteConfig(), root=tmp_path)


def test_one_bad_file_never_hides_the_others(tmp_path):
    (tmp_path / "a.txt").write_text("Thời sự\n\nTin một\n\n(TTXVN) Sáng 1/2/2024, tại Hà Nội, có tin.\n")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes(b"\x00\x00junk")
    (tmp_path / "d.md").write_text("---\ntitle: [\n---\n")
    (tmp_path / "e.txt").write_text("Tin hai\n\nNội dung tin hai.\n\n(TTXVN) Ngày 3/4/2024, có tin./.\n")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    report = load_folder(tmp_path, SiteConfig())
    assert sorted(a.source.name for a in report.articles) == ["a.txt", "e.txt"]
    assert sorted(d.path.name for d in report.errors) == ["b.txt", "c.txt", "d.md"]
    assert [d.path.name for d in report.warnings] == ["photo.jpg"]
    assert report.summary() == "2 articles, 3 errors, 1 warning"
