"""The command line as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from newsgen.cli import cli


def run(*args: str, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "newsgen", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8"
    )


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("check", "show"):
        assert command in result.stdout


def test_show_readable(articles_dir):
    result = CliRunner().invoke(cli, ["show", str(articles_dir / "classic.txt")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Xuất khẩu gạo năm nay vượt mốc 8 triệu tấn" in out
    assert "rubric    Kinh tế" in out
    assert "figure    Bốc xếp gạo xuất khẩu tại cảng Cần Thơ.  [Ảnh: Thanh Liêm - TTXVN]" in out
    assert "heading   Giá bán bình quân cao nhất mười năm" in out
    assert "Thứ Năm, 18/12/2025 08:00" in out and "dateline+text" in out
    assert "dropped: Xem thêm" in out


def test_show_json_is_utf8_with_every_key(articles_dir):
    result = run("show", str(articles_dir / "classic.txt"), "--json", cwd=articles_dir)
    assert result.returncode == 0, result.stderr
    assert "\\u" not in result.stdout  # not ASCII-escaped
    record = json.loads(result.stdout)
    assert record["source"] == "classic.txt"
    assert record["headline"] == "Xuất khẩu gạo năm nay vượt mốc 8 triệu tấn"
    assert record["dateline"] == {"place": "Cần Thơ", "time_of_day": "sáng", "day": 18, "month": 12, "year": None}
    assert record["blocks"][2] == {"type": "heading", "text": "Giá bán bình quân cao nhất mười năm"}


def test_show_bad_file_is_one_line_and_exit_1(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run("show", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "bad.txt: error: the file is empty"
    assert "Traceback" not in result.stderr


def test_check_reports_every_problem(articles_dir, tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "good.txt").write_text(
        "Thời sự\n\nTin tốt\n\nMột câu mở đầu.\n\n(TTXVN) Sáng 1/2/2024, tại Hà Nội, có tin./.\n", encoding="utf-8"
    )
    (site / "content" / "guess.txt").write_text("Tin đoán năm\n\n(TTXVN) Sáng 1/2, tại Huế, có tin./.\n")
    (site / "content" / "empty.txt").write_text("")
    (site / "content" / "broken.md").write_text("---\ntitle: [\n---\n")
    result = run("check", cwd=site)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 1
    assert "content/broken.md:2: error: invalid front matter" in result.stdout
    assert "content/empty.txt: error: the file is empty" in lines
    assert any(line.startswith("content/guess.txt:3: warning: the year of 1/2 was guessed") for line in lines)
    assert lines[-1] == "2 articles, 2 errors, 1 warning"


def test_check_exit_codes_and_strict(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.txt").write_text("Tin đoán năm\n\n(TTXVN) Sáng 1/2, tại Huế, có tin./.\n")
    ok = run("check", str(content), cwd=tmp_path)
    assert ok.returncode == 0 and ok.stdout.strip().endswith("1 article, 0 errors, 1 warning")
    strict = run("check", str(content), "--strict", cwd=tmp_path)
    assert strict.returncode == 1


def test_check_bad_config_is_one_line(tmp_path):
    (tmp_path / "newsgen.yaml").write_text("titel: x\n")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("newsgen.yaml:1: error: unknown key 'titel'")
    assert "Traceback" not in result.stderr


def test_check_fixture_folder_has_no_errors(articles_dir):
    result = CliRunner().invoke(cli, ["check", str(articles_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("25 articles, 0 errors")
