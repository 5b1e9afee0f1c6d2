"""The words the loader's recognisers know, as data: one place to read and extend them.

Each list is what real pages and agency copy print; matching is by `vietnamese.key` (case,
tone-mark placement and spacing do not matter) unless said otherwise. A site adds its own
words in `newsgen.yaml`:

    vocabulary:
      furniture: ["Nghe podcast"]
      sapo_tags: ["BGT"]

`Vocabulary.extended` joins them to these defaults; `recognise.Recognisers` compiles them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

# Rubrics the TTXVN wire and the papers that carry it use; a site adds its own (`rubrics:`).
RUBRICS = (
    "Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Thế giới", "Pháp luật", "Văn hóa", "Thể thao",
    "Giáo dục", "Y tế", "Khoa học - Công nghệ", "Công nghệ", "Đời sống", "Du lịch", "Môi trường",
    "Quốc phòng", "Đối ngoại", "Trong nước", "Quốc tế", "Giải trí", "Sức khỏe", "Bất động sản",
    "Tài chính", "Doanh nghiệp", "Nông nghiệp", "Địa phương", "Văn hóa - Xã hội", "Kinh tế - Xã hội",
    "Thời sự - Chính trị",
)  # fmt: skip

# Whole lines that are the page's, not the story's: buttons, menus, share and follow lines.
FURNITURE = (
    "Chia sẻ", "In bài", "Bản in", "Gửi bài", "Lưu bài", "Gửi email", "Facebook", "Twitter",
    "Zalo", "Email", "Print", "Share", "Quay lại", "Về đầu trang", "Trở về", "Trang chủ",
    "Theo dõi", "Nghe bài viết", "Nghe", "Tăng cỡ chữ", "Giảm cỡ chữ", "Copy link", "Sao chép liên kết",
    "Like", "Thích", "Tweet", "Chú thích ảnh", "Xem trên các nền tảng khác", "Bài gốc", "Gốc",
    "Đừng bỏ lỡ", "Theo dõi chúng tôi trên", "Các đơn vị thông tin của TTXVN", "Tải ứng dụng",
    "Nghe đọc bài", "Video đang được xem nhiều",
)  # fmt: skip

# Labels that open the page's trailer: what follows them is not the story.
TRAILERS = (
    "Xem thêm", "Tin liên quan", "Bài liên quan", "Tin cùng chuyên mục", "Tin khác",
    "Các tin khác", "Đọc thêm", "Tin mới", "Tin mới nhất", "Tin đọc nhiều", "Đọc nhiều",
    "Có thể bạn quan tâm", "Bạn có thể quan tâm", "Tin nổi bật", "Tin cùng chủ đề",
    "Xem tiếp", "Ý kiến bạn đọc", "Bình luận", "Gửi bình luận", "Viết bình luận",
)  # fmt: skip

# What a widget counts ("(0) Bình luận", "Lượt xem: 1.203", "12 chia sẻ").
COUNTERS = ("Bình luận", "Lượt xem", "Lượt đọc", "Lượt thích", "Số lần đọc", "Chia sẻ", "Trả lời")

# Tags a sapo opens with, without parentheses: "PNO - ", "TPO - ", "ND-" (exact case).
SAPO_TAGS = (
    "PNO", "TPO", "QPVN", "ND", "TTO", "VNE", "PLO", "NLĐO", "GDVN", "SGGP", "CAND", "QĐND", "ANTĐ", "HNM",
    "VOV", "VTV", "VTC", "VNA", "TTXVN", "DT", "LĐ", "ĐĐK", "KTĐT", "BNEWS", "VGP",
)  # fmt: skip

# Labels a photo credit starts with: "(Ảnh: Văn Điệp - TTXVN)", "Nguồn: AP", "Đồ họa: ...".
CREDIT_LABELS = (
    "Ảnh", "Ảnh minh họa", "Ảnh minh hoạ", "Ảnh tư liệu", "Ảnh chụp màn hình", "Ảnh internet",
    "Ảnh chụp lại", "Ảnh nguồn", "Ảnh tổng hợp", "Nguồn", "Nguồn ảnh", "Đồ họa", "Đồ hoạ",
    "Infographic", "Video", "Clip",
)  # fmt: skip

# Sources that sign a story with their name alone, in any case ("vnews", "VTV").
SOURCES = (
    "vnews", "VTV", "VOV", "VTC", "TTXVN", "VNA", "Vietnam+", "VietnamPlus", "Vnexpress", "Baomoi",
    "Chinhphu.vn", "VGP", "Reuters", "AFP", "AP", "Xinhua", "Yonhap", "Kyodo", "Sputnik", "TASS",
)  # fmt: skip

# Icon-font glyph names a page copy leaves before an entry heading ("report Thủ tướng ...").
ICON_GLYPHS = ("report", "photo", "photo_camera", "videocam", "video", "live", "schedule", "play_arrow", "image")


@dataclass(frozen=True)
class Vocabulary:
    """Every word list the recognisers use (see the module's constants for what each holds)."""

    rubrics: tuple[str, ...] = RUBRICS
    furniture: tuple[str, ...] = FURNITURE
    trailers: tuple[str, ...] = TRAILERS
    counters: tuple[str, ...] = COUNTERS
    sapo_tags: tuple[str, ...] = SAPO_TAGS
    credit_labels: tuple[str, ...] = CREDIT_LABELS
    sources: tuple[str, ...] = SOURCES
    icon_glyphs: tuple[str, ...] = ICON_GLYPHS

    def extended(self, **more: tuple[str, ...]) -> Vocabulary:
        """These lists with `more` words added; the words given first come first (a site's own
        rubrics before the wire's), repeats dropped."""
        changes = {}
        for name, words in more.items():
            changes[name] = tuple(dict.fromkeys((*words, *getattr(self, name))))
        return replace(self, **changes)


LISTS = tuple(f.name for f in fields(Vocabulary))
