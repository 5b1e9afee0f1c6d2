"""Page furniture that web copies of a story carry, each kind in a text written for the test."""

from __future__ import annotations

from newsgen.config import SiteConfig
from newsgen.load.article import load_article
from newsgen.model import Figure, Heading, Paragraph

HEADLINE = "Thành phố mở thêm ba tuyến xe buýt điện nối các khu đô thị mới"
LEDE = "Từ tháng tới, ba tuyến xe buýt điện mới sẽ nối trung tâm với các khu đô thị phía tây."


def read(tmp_path, *blocks: str, config: SiteConfig | None = None):
    path = tmp_path / "bai.txt"
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return load_article(path, config or SiteConfig(), root=tmp_path)


def texts(article, kind):
    return [b.text for b in article.blocks if isinstance(b, kind)]


def figures(article):
    return [(b.caption, b.credit) for b in article.blocks if isinstance(b, Figure)]


BODY = "Sở Giao thông cho biết các tuyến mới chạy từ 5 giờ sáng đến 10 giờ đêm mỗi ngày."
LAST = "Giá vé được giữ như các tuyến hiện có./."


def test_the_headline_again_as_a_plain_letter_alt_text_is_dropped(tmp_path):
    alt = "thanh pho mo them ba tuyen xe buyt dien noi cac khu do thi moi"
    a = read(tmp_path, HEADLINE, LEDE, alt, "Xe buýt điện chạy thử trên phố. (Ảnh: Minh Anh)", BODY, LAST)
    assert alt in a.dropped
    assert texts(a, Paragraph) == [BODY, LAST[:-2]]


def test_the_headline_printed_twice_is_dropped_and_the_sapo_kept(tmp_path):
    a = read(tmp_path, HEADLINE, HEADLINE, LEDE, BODY, LAST)
    assert a.headline == HEADLINE and a.lede == LEDE and list(a.dropped) == [HEADLINE]


def test_a_related_link_in_brackets_is_dropped(tmp_path):
    link = "[Xe buýt điện: lựa chọn của nhiều đô thị lớn trong khu vực]"
    a = read(tmp_path, HEADLINE, LEDE, BODY, link, LAST)
    assert link in a.dropped and texts(a, Paragraph) == [BODY, LAST[:-2]]


def test_related_headlines_between_sapo_and_story(tmp_path):
    run_together = (
        "Hà Nội thử nghiệm làn đường riêng cho xe buýt trên hai tuyến phố lớn "
        "Người dân hào hứng đi xe buýt điện miễn phí trong tuần đầu "
        "Thêm trạm sạc công cộng cho ô tô điện ở các quận nội thành"
    )
    long_one = "Người dân hào hứng đi xe buýt điện miễn phí trong tuần đầu tiên"
    a = read(tmp_path, HEADLINE, LEDE, run_together, long_one, BODY, LAST)
    assert list(a.dropped) == [run_together, long_one]
    assert texts(a, Paragraph)[0] == BODY


def test_a_short_sub_heading_after_the_sapo_is_kept(tmp_path):
    a = read(tmp_path, HEADLINE, LEDE, "Nhanh, sạch, rẻ", BODY, LAST)
    assert texts(a, Heading) == ["Nhanh, sạch, rẻ"] and not a.dropped


def test_a_caption_with_its_credit_on_the_next_line(tmp_path):
    caption = "Lãnh đạo thành phố cắt băng khai trương tuyến xe buýt điện đầu tiên"
    a = read(tmp_path, HEADLINE, LEDE, BODY, caption, "Ảnh: Thu Hà", LAST)
    assert figures(a) == [(caption, "Thu Hà")]
    assert caption not in texts(a, Heading)


def test_image_file_names_are_dropped_and_do_not_make_the_next_paragraph_a_caption(tmp_path):
    a = read(tmp_path, HEADLINE, LEDE, BODY, "xe-buyt-dien-1-2044.jpg", "Tuyến thứ hai chạy qua cầu mới.", LAST)
    assert "xe-buyt-dien-1-2044.jpg" in a.dropped
    assert texts(a, Paragraph) == [BODY, "Tuyến thứ hai chạy qua cầu mới.", LAST[:-2]]


def test_an_alt_text_glued_before_its_caption_is_cut_off(tmp_path):
    glued = f"{HEADLINE} ảnh 1Hành khách lên xe tại bến cuối. Ảnh: Quốc Việt - TTXVN"
    a = read(tmp_path, HEADLINE, LEDE, glued, BODY, LAST)
    assert figures(a) == [("Hành khách lên xe tại bến cuối.", "Quốc Việt - TTXVN")]


def test_a_bare_archive_label_closes_a_caption(tmp_path):
    a = read(tmp_path, HEADLINE, LEDE, BODY, "Bến xe buýt cũ trước khi cải tạo. Ảnh tư liệu.", LAST)
    assert figures(a) == [("Bến xe buýt cũ trước khi cải tạo.", "Ảnh tư liệu")]


def test_long_starred_line_is_a_paragraph_and_a_name_pair_a_heading(tmp_path):
    item = (
        "* Hai thành phố ký kết hợp tác: Ngày 3/4, lãnh đạo hai thành phố đã ký biên bản ghi nhớ về "
        "phát triển giao thông công cộng, trong đó có việc trao đổi kinh nghiệm vận hành xe buýt điện "
        "và đào tạo lái xe."
    )
    a = read(tmp_path, HEADLINE, LEDE, BODY, "Hà Nội-Viêng Chăn", item, LAST)
    assert texts(a, Heading) == ["Hà Nội-Viêng Chăn"]
    assert item in texts(a, Paragraph)


def test_a_credit_line_closes_the_story_and_the_widget_after_it_is_dropped(tmp_path):
    teaser = "Thêm trạm sạc công cộng cho ô tô điện ở các quận nội thành"
    a = read(tmp_path, HEADLINE, LEDE, BODY, "TTXVN/Báo Giao thông", teaser, teaser, "Chia sẻ:")
    assert a.byline == "TTXVN/Báo Giao thông" and a.agency == "TTXVN/Báo Giao thông"
    assert texts(a, Paragraph) == [BODY] and a.dropped.count(teaser) == 2


def test_a_source_signing_in_lower_case(tmp_path):
    a = read(tmp_path, HEADLINE, LEDE, "vnews", "Tin cùng chuyên mục")
    assert a.byline == "vnews" and a.agency == "vnews" and not a.blocks


def test_the_site_name_under_the_headline_is_dropped(tmp_path):
    a = read(tmp_path, HEADLINE, "Báo Giao thông", "Gốc", LEDE, BODY, LAST)
    assert list(a.dropped) == ["Báo Giao thông", "Gốc"] and a.lede == LEDE and not texts(a, Heading)


def test_icon_names_and_questions_make_entry_headings(tmp_path):
    a = read(
        tmp_path,
        HEADLINE,
        LEDE,
        "Đi xe buýt điện ở đâu?",
        BODY,
        "report Tuyến đầu tiên chính thức lăn bánh",
        "Xe khởi hành đúng 5 giờ sáng từ bến trung tâm.",
        LAST,
    )
    assert texts(a, Heading) == ["Đi xe buýt điện ở đâu?", "report Tuyến đầu tiên chính thức lăn bánh"]
    assert texts(a, Paragraph) == [BODY, "Xe khởi hành đúng 5 giờ sáng từ bến trung tâm.", LAST[:-2]]
