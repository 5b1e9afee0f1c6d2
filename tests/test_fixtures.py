"""Each fixture article, checked field by field the way an editor would read it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import set_mtime
from newsgen.model import Figure, Heading, Note, Paragraph, Quote, Raw

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def kinds(article):
    return [type(b).__name__ for b in article.blocks]


def test_classic_wire_story(load):
    a = load("classic.txt")
    assert a.section == "Kinh tế"
    assert a.headline == "Xuất khẩu gạo năm nay vượt mốc 8 triệu tấn"
    assert a.lede.startswith("Nhờ giá bán bình quân tăng")
    assert a.agency == "TTXVN"
    assert (a.dateline.place, a.dateline.time_of_day, a.dateline.day, a.dateline.month, a.dateline.year) == (
        "Cần Thơ",
        "sáng",
        18,
        12,
        None,
    )
    # 18/12 with no year: the year named in the dateline's own paragraph ("năm 2025"), at 08:00 (sáng).
    assert a.date == datetime(2025, 12, 18, 8, 0, tzinfo=HCM)
    assert a.date_source == "dateline+text"
    assert not any("guessed" in w.message for w in a.warnings)
    assert a.byline == "Thanh Liêm"
    assert a.tags == ("xuất khẩu gạo", "nông nghiệp", "Đồng bằng sông Cửu Long")
    assert a.end_mark is True
    assert a.dropped == ("Xem thêm",)
    assert kinds(a) == [
        "Figure",
        "Paragraph",
        "Heading",
        "Paragraph",
        "Paragraph",
        "Figure",
        "Heading",
        "Paragraph",
    ]
    lead = a.blocks[0]
    assert (lead.caption, lead.credit, lead.credit_label) == (
        "Bốc xếp gạo xuất khẩu tại cảng Cần Thơ.",
        "Thanh Liêm - TTXVN",
        "Ảnh",
    )
    assert a.blocks[5] == Figure(lead.caption, lead.credit, "Ảnh", line=a.blocks[5].line)  # repeated in place
    assert a.blocks[1].text.startswith("(TTXVN) Sáng 18/12, tại Cần Thơ")  # dateline stays in the body
    assert a.blocks[2].text == "Giá bán bình quân cao nhất mười năm"
    assert a.blocks[-1].text.endswith("lượng gạo xuất khẩu.")  # end mark removed, sentence kept
    assert "1.126 hợp đồng" in a.blocks[-1].text
    assert a.slug == "xuat-khau-gao-nam-nay-vuot-moc-8-trieu-tan"


def test_place_dateline_with_full_year(load):
    a = load("place_dateline.txt")
    assert a.section == "Giáo dục"
    assert a.dateline.place == "Hà Nội" and a.dateline.agency == "TTXVN"
    assert a.date == datetime(2024, 3, 5, 8, 0, tzinfo=HCM)
    assert a.date_source == "dateline"
    assert a.warnings == ()
    assert a.byline == "Thanh Tùng" and a.agency == "TTXVN"
    assert a.figures[0].credit == "Thanh Tùng/TTXVN"
    assert "GD&ĐT" in a.blocks[2].text


def test_foreign_desk_paris(load):
    a = load("foreign.txt")
    assert a.section == "Thế giới"
    assert (a.dateline.place, a.dateline.day, a.dateline.month) == ("Paris", 14, 7)
    assert a.date == datetime(2024, 7, 14, 0, 0, tzinfo=HCM)
    caption, credit = a.figures[0].caption, a.figures[0].credit
    assert (caption, credit, a.figures[0].credit_label) == (
        "Một đại lộ tại Paris vào mùa hè.",
        "AFP/TTXVN",
        "Ảnh tư liệu",
    )
    assert a.figures[1].credit == "TTXVN phát"
    # "Thu Hằng (TTXVN)" joined by non-breaking spaces
    assert a.byline == "Thu Hằng" and a.agency == "TTXVN"


def test_foreign_desk_correspondent(load):
    a = load("bangkok.txt")
    assert a.dateline.place == "Bangkok" and a.dateline.agency == "TTXVN"
    assert a.date == datetime(2025, 3, 12, 0, 0, tzinfo=HCM)
    assert a.date_source == "dateline"
    assert a.byline == "Thành Trung"


def test_date_line_then_rubric(load):
    a = load("date_line_top.txt")
    assert a.section == "Thể thao"
    assert a.headline == "Đội tuyển bóng chuyền nữ giành vé dự giải châu Á"
    assert a.date == datetime(2023, 5, 13, 17, 27, tzinfo=HCM)
    assert a.date_source == "date_line"
    assert a.dateline.place == "Nhà thi đấu Phú Thọ"


def test_date_line_sharing_the_rubric(load):
    a = load("date_line_rubric.txt")
    assert a.section == "Trong nước"
    assert a.headline == "Mưa lớn gây sạt lở trên quốc lộ 6"
    assert a.date == datetime(2015, 8, 18, 7, 0, tzinfo=HCM)
    assert a.agency is None and a.byline is None


def test_date_line_sharing_a_credit(load):
    a = load("date_line_credit.txt")
    assert a.date == datetime(2015, 8, 18, 14, 15, tzinfo=HCM)
    assert a.agency == "Tuổi trẻ"
    assert a.byline == "Theo Minh Anh/Tuổi trẻ"
    assert a.section == "Tin tức"  # the config default
    assert a.end_mark is False


def test_two_digit_year(load):
    a = load("two_digit_year.txt")
    assert a.date == datetime(2014, 7, 11, 11, 35, tzinfo=HCM)
    assert a.headline == "Khánh thành cầu treo cho học sinh vùng cao"


def test_no_lede_body_opens_with_dateline(load):
    a = load("no_lede.txt")
    assert a.lede is None
    assert a.blocks[0].text.startswith("(TTXVN) Tối 2/9/2024")
    assert a.dateline.place == "Phủ Chủ tịch" and a.dateline.time_of_day == "tối"
    assert a.date == datetime(2024, 9, 2, 19, 0, tzinfo=HCM)
    assert a.byline == "Phương Hoa"


def test_lede_with_source_tag(load):
    a = load("lede_tag.txt")
    assert a.lede.startswith("(PLVN) - Cơ quan Cảnh sát điều tra")  # the sapo as printed, its tag kept
    assert a.agency == "PLVN"
    assert a.byline == "Nhóm PV"
    assert a.date_source == "mtime"
    assert any("no date found" in w.message for w in a.warnings)


def test_infographic_headline_and_caption(load):
    a = load("infographic.txt")
    assert a.lede is None
    assert kinds(a) == ["Figure"]
    assert (a.blocks[0].caption, a.blocks[0].credit, a.blocks[0].credit_label) == (
        "Tăng trưởng GDP theo quý năm 2024.",
        "Vietnam+",
        "Nguồn",
    )


def test_live_blog_timestamps_are_headings(load):
    a = load("live_blog.txt")
    assert a.date == datetime(2018, 6, 4, 17, 42, tzinfo=HCM)
    assert a.date_source == "live_blog"
    assert kinds(a) == ["Heading", "Paragraph"] * 3
    assert a.blocks[0].text == "17:42 Ngày 04/06/2018"
    assert a.lede is None


def test_no_end_mark_trailer_dropped(load):
    a = load("no_end_mark.txt")
    assert a.end_mark is False
    assert a.byline == "PV"
    assert kinds(a) == ["Paragraph", "Paragraph"]
    assert "Tin liên quan" in a.dropped
    assert "- Mở rộng bảo hiểm y tế cho người cao tuổi" in a.dropped
    assert "Bình luận (0)" in a.dropped
    assert any(d.startswith("©") for d in a.dropped)


def test_end_mark_after_ellipsis_and_credit_line(load):
    a = load("ellipsis_end.txt")
    assert a.end_mark is True
    assert a.blocks[-1].text.endswith("trước năm 2021...")
    assert a.agency == "TTXVN/Vietnam+"
    assert a.byline == "(TTXVN/Vietnam+)" and a.person is None  # the credit as printed
    assert (a.dateline.day, a.dateline.month) == (20, 11)


def test_page_furniture_around_the_story(load):
    a = load("furniture_top.txt")
    assert a.section == "Xã hội"  # from the breadcrumb
    assert a.headline == "Người dân phố cổ phân loại rác tại nguồn"
    assert a.dropped == ("baotintuc.vn", "Người dân phố cổ phân loại rác tại nguồn", "Bản in")
    assert kinds(a) == ["Figure", "Paragraph", "Paragraph", "Paragraph"]
    assert a.byline == "Minh Đức"


def test_numbered_and_standalone_subheadings(load):
    a = load("numbered_headings.txt")
    assert a.section == "Khoa học - Công nghệ"
    headings = [b.text for b in a.blocks if isinstance(b, Heading)]
    assert headings == [
        "Phát triển hạ tầng đi trước",
        "1. Lấy người dân làm trung tâm",
        "2. Dữ liệu phải dùng chung",
        "II. Nhìn lại chặng đường",
        "GS. TS Nguyễn Minh Tâm (Viện Công nghệ thông tin):",
    ]
    assert a.dateline.place == "Đà Nẵng"  # the heading opening the body does not hide the dateline
    assert a.byline == "Hoài Nam"


def test_editor_note_and_block_quote(load):
    a = load("editor_note_quote.txt")
    note = a.blocks[0]
    assert isinstance(note, Note) and note.label == "Lời tòa soạn"
    assert note.text.startswith("Nghề làm nón lá")
    assert isinstance(a.blocks[2], Quote) and a.blocks[2].text.startswith("Chiếc nón phải có mười sáu vành")
    assert a.dateline.place == "làng Phú Cam"
    assert a.byline == "Tin, ảnh: Khánh Vân"


def test_lede_repeated_as_first_paragraph(load):
    a = load("lede_repeated.txt")
    assert a.lede.startswith("Hơn 10.000 con cá giống")
    assert kinds(a) == ["Paragraph", "Paragraph"]
    assert a.blocks[0].text.startswith("Hoạt động do Chi cục")
    assert a.byline == "Bài và ảnh: Quốc Dũng"


def test_credits_under_headline_and_caption_variants(load):
    a = load("credits_top.txt")
    assert a.byline == "Ngọc Mai"
    assert a.agency == "TTXVN/Vietnam+"
    assert a.lede.startswith("Giá các mặt hàng xăng dầu")
    figs = [(f.caption, f.credit, f.credit_label) for f in a.figures]
    assert figs == [
        ("Một cửa hàng xăng dầu tại Hà Nội", "VGP", "Ảnh"),
        ("Người dân đổ xăng trong buổi chiều", "TTXVN", "Ảnh minh họa"),
        ("Cảnh xếp hàng tại cây xăng.", None, None),
    ]
    assert a.date == datetime(2024, 10, 3, 15, 0, tzinfo=HCM)


def test_front_matter_overrides(load):
    a = load("front_matter.txt")
    assert a.headline == "Khai mạc Tuần lễ Văn hóa - Du lịch biển"
    assert a.section == "Du lịch"
    assert a.date == datetime(2024, 6, 1, 19, 30, tzinfo=HCM)
    assert a.date_source == "front_matter"
    assert a.tags == ("du lịch biển", "Khánh Hòa", "lễ hội")
    assert a.byline == "Lan Phương"
    assert a.slug == "tuan-le-van-hoa-du-lich-bien-2024"
    assert a.image == "/anh/le-hoi-bien.jpg"
    assert a.meta == {} and a.featured  # `featured: true` pins it to the front page
    assert a.lede.startswith("Tuần lễ văn hóa")  # the parser still reads the body


def test_markdown_article(load):
    a = load("markdown.md")
    assert a.format == "md"
    assert a.headline == "Mở rộng vùng trồng cà phê đặc sản ở Tây Nguyên"
    assert a.tags == ("cà phê", "Tây Nguyên")
    assert a.end_mark is True
    assert kinds(a) == ["Paragraph", "Figure", "Heading", "Paragraph", "Raw", "Quote", "Paragraph"]
    assert "<strong>Đắk Lắk</strong>" in a.blocks[0].html
    fig = a.blocks[1]
    assert (fig.image, fig.caption, fig.credit) == (
        "/anh/ca-phe.jpg",
        "Thu hoạch cà phê tại Buôn Ma Thuột.",
        "Đình Văn/TTXVN",
    )
    assert isinstance(a.blocks[4], Raw) and "<li>Diện tích: 5.000 ha</li>" in a.blocks[4].html
    assert '<a href="https://example.org/">' in a.blocks[3].html
    assert a.blocks[-1].text.endswith("trong năm tới.")


def test_messy_characters(load):
    a = load("messy_chars.txt")
    assert a.headline == "Đà Lạt mở thêm 5 tuyến xe buýt"  # Ð (U+00D0) read as Đ, spaces collapsed
    assert "\u00a0" not in a.lede and "\u200b" not in a.lede and "  " not in a.lede
    assert a.dateline.place == "TP.HCM"
    assert '"Chúng tôi muốn học sinh đi xe buýt an toàn" và “tiết kiệm”' in a.blocks[1].text
    assert a.end_mark is True
    assert a.blocks[-1] == Paragraph("Chương trình sẽ được mở rộng trong năm học tới", line=a.blocks[-1].line)
    assert a.byline == "BT"
    assert a.slug == "da-lat-mo-them-5-tuyen-xe-buyt"


def test_rubric_from_folder_name(load):
    a = load("the-thao/folder_rubric.txt")
    assert a.section == "Thể thao"


def test_year_from_folder_path(load):
    a = load("2022/12/path_year.txt")
    assert a.date == datetime(2022, 12, 3, 8, 0, tzinfo=HCM)
    assert a.date_source == "dateline+path"
    assert a.warnings == ()


def test_year_from_config(load):
    from newsgen.config import SiteConfig

    a = load("classic.txt", SiteConfig(default_year=2023))  # a year named in the text comes first
    assert a.date == datetime(2025, 12, 18, 8, 0, tzinfo=HCM) and a.date_source == "dateline+text"


def test_hard_wrapped_lines_are_joined(load):
    a = load("hardwrap.txt")
    assert a.headline == "Nông dân miền Tây chuyển sang nuôi tôm kết hợp trồng lúa"
    assert (
        a.lede == "Mô hình lúa - tôm giúp nông dân thích ứng với xâm nhập mặn và tăng thu nhập trên cùng một diện tích."
    )
    assert a.dateline.place == "Bạc Liêu"
    assert len(a.blocks) == 2


def test_configured_rubric_is_recognised(articles_dir, tmp_path):
    from newsgen.config import SiteConfig
    from newsgen.load.article import load_article

    path = tmp_path / "ban-doc.txt"
    path.write_text("Bạn đọc viết\n\nĐường làng sáng đèn\n\nCả xóm góp tiền lắp đèn đường.\n", encoding="utf-8")
    plain = load_article(path, SiteConfig(), root=tmp_path)  # a rubric even when not listed
    assert plain.section == "Bạn đọc viết" and plain.headline == "Đường làng sáng đèn"
    custom = load_article(path, SiteConfig(rubrics=("Bạn đọc viết",)), root=tmp_path)
    assert custom.section == "Bạn đọc viết" and custom.headline == "Đường làng sáng đèn"


def test_record_has_every_key(load):
    record = load("classic.txt").to_json()
    for k in (
        "source",
        "section",
        "headline",
        "lede",
        "agency",
        "dateline",
        "date",
        "date_source",
        "byline",
        "tags",
        "slug",
        "blocks",
        "end_mark",
        "dropped",
        "warnings",
    ):
        assert k in record
    assert record["date"] == "2025-12-18T08:00:00+07:00"
    assert record["blocks"][0] == {
        "type": "figure",
        "caption": "Bốc xếp gạo xuất khẩu tại cảng Cần Thơ.",
        "credit": "Thanh Liêm - TTXVN",
        "credit_label": "Ảnh",
        "image": None,
    }


@pytest.mark.parametrize(
    ("first", "second", "section", "headline"),
    [
        ("Xe cộ", "Mẫu xe điện mới ra mắt thị trường", "Xe cộ", "Mẫu xe điện mới ra mắt thị trường"),
        ("Khoa học - Công nghệ", "Vệ tinh thứ ba được phóng lên quỹ đạo", "Khoa học - Công nghệ", None),
        ("Đối thoại:", "Người dân hỏi, chính quyền trả lời", None, "Người dân hỏi, chính quyền trả lời"),
        ("Hà Nội", "Phố cổ đón khách dịp cuối tuần", None, "Phố cổ đón khách dịp cuối tuần"),
        ("Mưa lớn ở miền Trung", "Nhiều tỉnh miền Trung có mưa to trong ba ngày qua.", None, "Mưa lớn ở miền Trung"),
        ("BẢN TIN SÁNG", "Giá vàng tăng nhẹ trong phiên đầu tuần", None, None),
    ],
)
def test_a_short_label_before_a_headline_is_a_rubric(tmp_path, first, second, section, headline):
    from newsgen.config import SiteConfig
    from newsgen.load.article import load_article

    path = tmp_path / "bai.txt"
    path.write_text(
        f"{first}\n\n{second}\n\nĐoạn sapo của bài viết này.\n\nThân bài có nội dung./.\n", encoding="utf-8"
    )
    article = load_article(path, SiteConfig(default_rubric="Tin tức"), root=tmp_path)
    if section is not None:
        assert article.section == section and article.headline == second
    else:
        assert article.section == "Tin tức"
    if headline is not None:
        assert article.headline == headline


def test_a_date_and_time_on_the_headline_line_is_the_date_line(tmp_path):
    from newsgen.config import SiteConfig
    from newsgen.load.article import load_article

    path = tmp_path / "bai.txt"
    path.write_text(
        "Đội tuyển giành huy chương vàng sau trận chung kết 18/12/2025 23:08\n\nSapo của bài.\n\nThân bài./.\n"
    )
    a = load_article(path, SiteConfig(), root=tmp_path)
    assert a.headline == "Đội tuyển giành huy chương vàng sau trận chung kết"
    assert a.date.strftime("%d/%m/%Y %H:%M") == "18/12/2025 23:08" and a.date_source == "date_line"
    path.write_text("Lịch cắt điện Hà Nội ngày 25/5/2017\n\nSapo của bài.\n\nThân bài./.\n")
    assert load_article(path, SiteConfig(), root=tmp_path).headline == "Lịch cắt điện Hà Nội ngày 25/5/2017"


@pytest.mark.parametrize(
    ("headline", "lede", "opener", "folder", "expected", "source"),
    [
        (
            "Tổng kết công tác",
            "Sapo nói về kế hoạch.",
            "Chiều 27/12, tại Hà Nội, hội nghị tổng kết năm 2022 diễn ra.",
            "",
            2022,
            "dateline+text",
        ),
        (
            "Tổng kết công tác",
            "Kết quả năm 2021 được công bố.",
            "Chiều 27/12, tại Hà Nội, hội nghị diễn ra.",
            "",
            2021,
            "dateline+text",
        ),
        (
            "Tổng kết năm 2019",
            "Sapo không nêu năm.",
            "Chiều 27/12, tại Hà Nội, hội nghị diễn ra.",
            "",
            2019,
            "dateline+text",
        ),
        (
            "Tổng kết năm 2019",
            "Sapo không nêu năm.",
            "Chiều 27/12, tại Hà Nội, hội nghị diễn ra.",
            "2020/12/",
            2020,
            "dateline+path",
        ),
        (
            "Tổng kết công tác",
            "Sapo không nêu năm.",
            "Chiều 27/12, tại Hà Nội, hội nghị diễn ra.",
            "",
            2024,
            "dateline+mtime",
        ),
    ],
)
def test_the_year_comes_from_the_best_evidence(tmp_path, headline, lede, opener, folder, expected, source):
    from newsgen.config import SiteConfig
    from newsgen.load.article import load_article

    path = tmp_path / folder / "bai.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Thời sự\n\n{headline}\n\n{lede}\n\n(TTXVN) {opener}\n\nThân bài./.\n", encoding="utf-8")
    set_mtime(path)
    a = load_article(path, SiteConfig(), root=tmp_path)
    assert (a.date.year, a.date.month, a.date.day, a.date_source) == (expected, 12, 27, source)
    assert any("guessed" in w.message for w in a.warnings) == (source == "dateline+mtime")


def test_default_year_comes_after_the_text_and_before_the_file_time(tmp_path):
    from newsgen.config import SiteConfig
    from newsgen.load.article import load_article

    path = tmp_path / "bai.txt"
    path.write_text(
        "Thời sự\n\nTổng kết công tác\n\nSapo.\n\n(TTXVN) Chiều 27/12, tại Huế, hội nghị diễn ra.\n\nHết./.\n"
    )
    set_mtime(path)
    a = load_article(path, SiteConfig(default_year=2023), root=tmp_path)
    assert (a.date.year, a.date_source, a.warnings) == (2023, "dateline+config", ())
