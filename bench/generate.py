"""Generate N synthetic articles in the TTXVN layout for benchmarks.

    python bench/generate.py 10000 /tmp/site-10k

Deterministic for a given N and --seed: 12 rubrics, about 500 tags with a
long-tail (Zipf) distribution, photo captions with credits, `* ` sub-headings,
datelines, end marks and bylines, dates spread over several years, paragraphs
of realistic Vietnamese length. Files go to content/YYYY/MM/.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

RUBRICS = [
    "Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Thế giới", "Pháp luật",
    "Văn hóa", "Thể thao", "Giáo dục", "Y tế", "Khoa học - Công nghệ", "Đời sống",
]  # fmt: skip
PLACES = [
    "Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Huế", "Nha Trang", "Vinh",
    "Quy Nhơn", "Đà Lạt", "Hạ Long", "Buôn Ma Thuột", "Bắc Ninh", "Thanh Hóa", "Nam Định", "Cà Mau",
]  # fmt: skip
NAMES = [
    "Minh Quyết", "Thanh Tùng", "Văn Điệp", "Hoàng Linh", "Thu Hằng", "Phương Hoa", "Đức Thọ", "Xuân Triệu",
    "Ngọc Hà", "Quốc Khánh", "Thành Đạt", "Minh Tâm", "Lan Anh", "Hải Nam", "Bích Ngọc", "Trọng Đạt",
]  # fmt: skip
TIMES = ["Sáng", "Trưa", "Chiều", "Tối"]
SUBJECTS = [
    "Ủy ban nhân dân thành phố", "Bộ Giáo dục và Đào tạo", "Sở Y tế", "Ngân hàng Nhà nước", "các doanh nghiệp",
    "người dân địa phương", "Hội đồng nhân dân tỉnh", "Bộ Công Thương", "ngành nông nghiệp", "các nhà khoa học",
    "lực lượng chức năng", "Ban tổ chức", "đội tuyển quốc gia", "các chuyên gia kinh tế", "nhà trường",
]  # fmt: skip
VERBS = [
    "đã tổ chức", "tiếp tục triển khai", "công bố", "đề xuất", "hoàn thành", "khởi động", "đánh giá",
    "kiểm tra", "thông qua", "đẩy mạnh", "rà soát", "tổng kết", "ký kết", "hỗ trợ", "mở rộng",
]  # fmt: skip
OBJECTS = [
    "kế hoạch phát triển kinh tế - xã hội", "chương trình chuyển đổi số", "dự án giao thông trọng điểm",
    "đề án nâng cao chất lượng giáo dục", "chính sách hỗ trợ người lao động", "hoạt động xúc tiến thương mại",
    "công tác phòng chống thiên tai", "chiến dịch tiêm chủng mở rộng", "mô hình sản xuất nông nghiệp sạch",
    "giải pháp bảo vệ môi trường", "kế hoạch cải cách thủ tục hành chính", "lễ hội văn hóa truyền thống",
    "giải đấu thể thao khu vực", "chương trình nhà ở xã hội", "hệ thống y tế cơ sở",
]  # fmt: skip
TAILS = [
    "nhằm nâng cao đời sống của người dân", "trong bối cảnh kinh tế còn nhiều khó khăn",
    "với sự tham gia của hàng nghìn người", "theo đúng tiến độ đã đề ra", "góp phần thúc đẩy tăng trưởng bền vững",
    "trên địa bàn các quận, huyện", "trong năm nay và những năm tiếp theo", "với tổng kinh phí hơn 1.200 tỷ đồng",
    "bảo đảm an toàn và hiệu quả", "theo chỉ đạo của Chính phủ",
]  # fmt: skip
TAG_ROOTS = [
    "giao thông", "giáo dục", "y tế", "bóng đá", "kinh tế số", "nông nghiệp", "du lịch", "môi trường", "văn hóa",
    "xuất khẩu", "bất động sản", "chứng khoán", "ngân hàng", "an ninh", "biển đảo", "đầu tư công", "khởi nghiệp",
    "thời tiết", "lễ hội", "công nghệ", "năng lượng", "lao động", "nhà ở", "dân số", "thể thao",
]  # fmt: skip


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
    return s[0].upper() + s[1:] + "."


def lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def make_tags(count: int = 500) -> list[str]:
    tags = []
    for i in range(count):
        root = TAG_ROOTS[i % len(TAG_ROOTS)]
        place = PLACES[(i // len(TAG_ROOTS)) % len(PLACES)]
        tags.append(root if i < len(TAG_ROOTS) else f"{root} {place}" if i < 400 else f"{root} {place} {i}")
    return tags


def article_text(i: int, rng: random.Random, tags: list[str], weights: list[float], when: datetime) -> str:
    rubric = RUBRICS[i % len(RUBRICS)]
    place = rng.choice(PLACES)
    headline = f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} tại {place} (số {i})"
    name = rng.choice(NAMES)
    chosen = sorted(set(rng.choices(range(len(tags)), weights=weights, k=rng.randint(2, 5))))
    lines = [
        rubric,
        headline,
        paragraph(rng),
        f"Quang cảnh sự kiện tại {place}. (Ảnh: {name} - TTXVN)",
        f"(TTXVN) {rng.choice(TIMES)} {when.day}/{when.month}/{when.year}, tại {place}, {lower_first(sentence(rng))}",
    ]
    for section in range(rng.randint(2, 3)):
        lines.append(f"* {rng.choice(OBJECTS).capitalize()} {section + 1}")
        lines.extend(paragraph(rng) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.4:
            lines.append(f"{rng.choice(OBJECTS).capitalize()} tại {place}. (Ảnh: {rng.choice(NAMES)}/TTXVN)")
    lines[-1] = lines[-1].rstrip(".") + "./."
    lines.append(name)
    lines.append("Từ khóa: " + ", ".join(tags[t] for t in chosen))
    return "\n\n".join(lines) + "\n"


def generate(n: int, root: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    content.mkdir(parents=True)
    (root / "newsgen.yaml").write_text(
        "title: Báo Thử Nghiệm\nbase_url: https://example.org/\npage_size: 20\nsearch: false\n"
        f"rubrics: [{', '.join(RUBRICS)}]\n",
        encoding="utf-8",
    )
    tags = make_tags()
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(tags))]  # Zipf-like long tail
    start = datetime(2019, 1, 1, 8, 0)
    span = (datetime(2026, 6, 30) - start).total_seconds()
    for i in range(n):
        when = start + timedelta(seconds=span * i / max(1, n - 1))
        folder = content / f"{when.year:04d}" / f"{when.month:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"bai-{i:06d}.txt").write_text(article_text(i, rng, tags, weights, when), encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.count, args.folder, args.seed)


if __name__ == "__main__":
    main()
