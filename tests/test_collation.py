"""Vietnamese dictionary order, compared with ICU's `vi` collation as Chromium implements it
(`Intl.Collator('vi')`): real place names, rubric and tag words, and people's names."""

from __future__ import annotations

import random

from newsgen.vietnamese import sort_key

PROVINCES = """An Giang; Bà Rịa - Vũng Tàu; Bạc Liêu; Bắc Giang; Bắc Kạn; Bắc Ninh; Bến Tre; Bình Dương;
Bình Định; Bình Phước; Bình Thuận; Cà Mau; Cao Bằng; Cần Thơ; Đà Nẵng; Đắk Lắk; Đắk Nông; Điện Biên;
Đồng Nai; Đồng Tháp; Gia Lai; Hà Giang; Hà Nam; Hà Nội; Hà Tĩnh; Hải Dương; Hải Phòng; Hậu Giang;
Hòa Bình; Hưng Yên; Khánh Hòa; Kiên Giang; Kon Tum; Lai Châu; Lạng Sơn; Lào Cai; Lâm Đồng; Long An;
Nam Định; Nghệ An; Ninh Bình; Ninh Thuận; Phú Thọ; Phú Yên; Quảng Bình; Quảng Nam; Quảng Ngãi;
Quảng Ninh; Quảng Trị; Sóc Trăng; Sơn La; Tây Ninh; Thái Bình; Thái Nguyên; Thanh Hóa;
Thành phố Hồ Chí Minh; Thừa Thiên Huế; Tiền Giang; Trà Vinh; Tuyên Quang; Vĩnh Long; Vĩnh Phúc; Yên Bái"""

PLACES = """Ba Đình; Hoàn Kiếm; Tây Hồ; Long Biên; Cầu Giấy; Đống Đa; Hai Bà Trưng; Hoàng Mai; Thanh Xuân;
Sóc Sơn; Đông Anh; Gia Lâm; Nam Từ Liêm; Bắc Từ Liêm; Thanh Trì; Mê Linh; Hà Đông; Sơn Tây; Ba Vì;
Phúc Thọ; Đan Phượng; Hoài Đức; Quốc Oai; Thạch Thất; Chương Mỹ; Thanh Oai; Thường Tín; Phú Xuyên;
Ứng Hòa; Mỹ Đức; Thủ Đức; Bình Thạnh; Gò Vấp; Phú Nhuận; Tân Bình; Tân Phú; Bình Tân; Củ Chi;
Hóc Môn; Bình Chánh; Nhà Bè; Cần Giờ; Hải Châu; Thanh Khê; Sơn Trà; Ngũ Hành Sơn; Liên Chiểu;
Cẩm Lệ; Hòa Vang; Hoàng Sa; Trường Sa; Ninh Kiều; Bình Thủy; Cái Răng; Ô Môn; Thốt Nốt; Hồng Bàng;
Lê Chân; Ngô Quyền; Kiến An; Đồ Sơn; Dương Kinh; Cát Hải; Bạch Long Vĩ; Thủy Nguyên; Vĩnh Bảo;
Tiên Lãng; Hạ Long; Cẩm Phả; Uông Bí; Móng Cái; Vân Đồn; Cô Tô; Sa Pa; Mộc Châu; Điện Biên Phủ;
Mường Lay; Đà Lạt; Bảo Lộc; Buôn Ma Thuột; Pleiku; Quy Nhơn; Tuy Hòa; Nha Trang; Cam Ranh; Phan Thiết;
Phan Rang - Tháp Chàm; Vũng Tàu; Côn Đảo; Biên Hòa; Thủ Dầu Một; Dĩ An; Thuận An; Rạch Giá;
Phú Quốc; Hà Tiên; Châu Đốc; Long Xuyên; Cao Lãnh; Sa Đéc; Mỹ Tho; Vị Thanh; Ngã Bảy; Hội An;
Tam Kỳ; Đông Hà; Đồng Hới; Vinh; Cửa Lò; Thanh Hóa; Sầm Sơn; Tam Điệp; Phủ Lý; Hưng Yên; Bắc Ninh;
Từ Sơn; Việt Trì; Yên Bái; Tuyên Quang; Hà Giang; Lạng Sơn; Cao Bằng; Thái Nguyên; Sông Công;
Vĩnh Yên; Phúc Yên; Hải Dương; Chí Linh; Uông Bí; Đông Triều; Quảng Yên; Mường Tè; Sìn Hồ;
Bắc Hà; Bát Xát; Mù Cang Chải; Trạm Tấu; Đồng Văn; Mèo Vạc; Yên Minh; Quản Bạ; Lũng Cú"""

PEOPLE = """Nguyễn Văn An; Nguyễn Thị Ánh; Nguyễn Thị Ảnh; Trần Văn Bình; Trần Thị Bích; Lê Văn Cường;
Lê Thị Cúc; Phạm Văn Dũng; Phạm Thị Dung; Hoàng Văn Đức; Hoàng Thị Đào; Huỳnh Văn Em; Phan Thị Êm;
Vũ Văn Giang; Võ Thị Hà; Đặng Văn Hải; Bùi Thị Hằng; Đỗ Văn Hiếu; Hồ Thị Hoa; Ngô Văn Hòa;
Dương Thị Huệ; Lý Văn Hùng; Mai Thị Hương; Đinh Văn Khoa; Trịnh Thị Lan; Lâm Văn Long; Tô Thị Mai;
Chu Văn Minh; Đàm Thị Nga; Lương Văn Nam; Quách Thị Ngọc; Tạ Văn Phong; Thái Thị Phương;
Kiều Văn Quang; Cao Thị Quyên; Lã Văn Sơn; Hà Thị Tâm; Vương Văn Thắng; Âu Thị Thanh; Ông Văn Thành;
Ứng Thị Thảo; Khúc Văn Thịnh; Giáp Thị Thu; Doãn Văn Tiến; Mạc Thị Trang; Lục Văn Trung;
Nông Thị Tuyết; Triệu Văn Tùng; Văn Thị Uyên; Ninh Văn Vinh; Kim Thị Xuân; Yên Văn Ý;
Minh Nguyệt; Thanh Liêm; Văn Điệp; Minh Quyết; Thành Đạt; Quang Quyết; Tuấn Anh; Anh Tuấn;
Hữu Quyết; Xuân Khu; Lâm Khánh; Nguyễn Điệp; Phương Hoa; Trọng Đạt; Vân Anh; Hồng Kiều"""

WORDS = """ma; mà; mả; mã; má; mạ; ba; bà; bả; bã; bá; bạ; ca; cà; cả; cá; cạ; thương; thường; thưởng;
thượng; thuong; thuỷ; nuôi; nuối; nuôi dạy; đường; dương; dưỡng; dường; đương; du lịch; đầu tư;
giao thông; an sinh; bóng đá; bóng chuyền; y tế; giáo dục; văn hóa; thể thao; thời sự; kinh tế;
xã hội; thế giới; pháp luật; khoa học; công nghệ; đời sống; nông nghiệp; môi trường; quốc phòng;
an ninh; đối ngoại; ASEAN; APEC; G20; COVID-19; 5G; Tết; tết Nguyên đán; Trung thu; Quốc hội;
Chính phủ; Bộ Y tế; Bộ Công an; Ngân hàng Nhà nước; Ủy ban nhân dân; ủy ban; uy tín; ủy thác;
Đảng ủy; đăng ký; đăng cai; đặng; đằng; đắng; đẳng; đẵng; đang; đàng; đáng; đãng; đạng"""


def names() -> list[str]:
    found: list[str] = []
    for block in (PROVINCES, PLACES, PEOPLE, WORDS):
        for name in block.replace("\n", " ").split(";"):
            name = " ".join(name.split())
            if name and name not in found:
                found.append(name)
    return found


def icu_order(browser, items: list[str]) -> list[str]:
    page = browser.new_page()
    try:
        return page.evaluate("w => w.slice().sort(new Intl.Collator('vi').compare)", items)
    finally:
        page.close()


def test_the_reference_list_is_a_few_hundred_names():
    assert len(names()) > 300


def test_vietnamese_order_is_icus(browser):
    items = names()
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == icu_order(browser, shuffled)


def test_tones_letters_case_and_punctuation_as_icu(browser):
    items = ["mạ", "má", "mã", "mả", "mà", "ma", "Ma", "MA", "đa", "da", "dz", "ăn", "an", "ân", "bá b", "báb",
             "ba b", "1a", "-a", "a-b", "ab", "ơ", "ô", "o", "ư", "u", "fa", "ja", "wa", "za", "ya", "ưa", "ứa",
             "ửa", "Á", "á", "à", "mà mạ", "mạ ma", "ma mạ", "mạ mà", "TP.HCM", "TP Hồ Chí Minh", "(TTXVN)",
             "10 năm", "9 năm", "A", "a", "Ă", "Â", "Đ", "d", "D", "Ê", "Ô", "Ơ", "Ư", "Bà Rịa - Vũng Tàu",
             "Bà Rịa", "O'Neil", "ô tô", "ôtô", "ố"]  # fmt: skip
    assert sorted(items, key=sort_key) == icu_order(browser, items)


def test_the_six_tones_in_dictionary_order():
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["Đà Nẵng", "Điện Biên", "Dak", "Ea"], key=sort_key) == ["Dak", "Đà Nẵng", "Điện Biên", "Ea"]
    assert sort_key("hoà bình")[:3] == sort_key("hòa bình")[:3]  # one word, two placements
