"""Small synthetic sites for build tests: original articles in the TTXVN layout."""

from __future__ import annotations

from pathlib import Path

from newsgen.output.writer import INTERNAL, Manifest, read_manifest

RUBRICS = ["Thời sự", "Kinh tế", "Thể thao"]
PLACES = ["Hà Nội", "Đà Nẵng", "Cần Thơ", "Huế", "Hải Phòng"]
TAGS = ["giao thông", "đầu tư", "Đồng Nai", "du lịch", "an sinh", "bóng đá"]


def write_article(
    content: Path,
    name: str,
    *,
    rubric: str,
    headline: str,
    day: int,
    month: int,
    year: int = 2026,
    tags: list[str] | None = None,
    front_matter: str = "",
) -> Path:
    place = PLACES[day % len(PLACES)]
    text = (
        f"{front_matter}{rubric}\n\n{headline}\n\n"
        f"Bản tin về {headline.lower()} được phóng viên ghi nhận tại {place}.\n\n"
        f"Quang cảnh sự kiện tại {place}. (Ảnh: Minh Khang/TTXVN)\n\n"
        f"(TTXVN) Sáng {day}/{month}/{year}, tại {place}, các cơ quan chức năng đã triển khai nhiều hoạt động.\n\n"
        "* Những con số đáng chú ý\n\n"
        "Theo báo cáo, kết quả đạt được cao hơn cùng kỳ năm trước ở hầu hết các chỉ tiêu./.\n\n"
        "Minh Khang\n"
    )
    if tags:
        text += f"\nTừ khóa: {', '.join(tags)}\n"
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_site(root: Path, count: int = 25, page_size: int = 10, extra_config: str = "", search: bool = False) -> Path:
    """A site with `count` articles over three rubrics and two months of 2026."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "newsgen.yaml").write_text(
        "title: Báo Thử\nbase_url: https://example.org/\n"
        f"page_size: {page_size}\npublisher: Tòa soạn Báo Thử\nsearch: {str(search).lower()}\n{extra_config}",
        encoding="utf-8",
    )
    content = root / "content"
    for i in range(count):
        rubric = RUBRICS[0] if i % 2 == 0 else RUBRICS[1 + i % 2]
        write_article(
            content,
            f"bai-{i:03d}.txt",
            rubric=rubric,
            headline=f"Tin số {i} về hoạt động của địa phương",
            day=1 + i % 28,
            month=10 + i % 2,
            tags=[TAGS[i % len(TAGS)], TAGS[(i + 1) % len(TAGS)]],
        )
    return root


def tree(folder: Path) -> dict[str, object]:
    """Every file's bytes, and what the manifest says newsgen owns (its digests: times and the
    build's fingerprint differ from folder to folder)."""
    files: dict[str, object] = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in INTERNAL
    }
    files["<owned>"] = read_manifest(folder)
    assert set(files["<owned>"]) == set(files) - {"<owned>"}
    for relpath, owned in Manifest.read(folder).files.items():  # the size and time each file has
        st = (folder / relpath).lstat()
        assert (owned.size, owned.mtime_ns) == (st.st_size, st.st_mtime_ns), relpath
    return files
