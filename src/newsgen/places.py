"""The place a dateline names, as one name however the newsroom spelt it: "TP.HCM",
"TP Hồ Chí Minh", "Tp. Hồ Chí Minh" and "Thành phố Hồ Chí Minh" are one city; "TP Cần Thơ"
and "Cần Thơ", "Tỉnh Lào Cai" and "Lào Cai" are one place. Each place gets a page."""

from __future__ import annotations

import re

from newsgen.vietnamese import collapse_spaces, key

HCMC = "Thành phố Hồ Chí Minh"
_HCMC_FORMS = {key(f) for f in ("TP.HCM", "TP HCM", "TPHCM", "TP. HCM", "Tp.HCM", "HCM", "Hồ Chí Minh",
                                "TP.Hồ Chí Minh", "TP Hồ Chí Minh", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh",
                                "Thành phố HCM", "T.P Hồ Chí Minh", "T.P. Hồ Chí Minh")}  # fmt: skip
# "TP Cần Thơ", "Tp. Đà Nẵng", "Thành phố Huế", "Tỉnh Lào Cai": the place is the name after it
_PREFIX = re.compile(r"^(?:thành phố|tp\.?|t\.p\.?|tỉnh)\s*(?=\S)", re.IGNORECASE)
# a unit of administration before a name: "Quận Ba Đình", "Huyện Sóc Sơn", "Thị xã Sơn Tây"
_UNIT = re.compile(r"^(?:quận|huyện|thị xã|thị trấn|xã|phường|đặc khu)\s+(?=\S)", re.IGNORECASE)
# three words or more after one of these is a person's name ("Đặng Xuân Quý"), not a place
_SURNAMES = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trịnh", "Đào", "Mai", "Trương", "Lương", "Tô", "Tạ", "Lâm", "Hà", "Chu",
}  # fmt: skip


def canonical_place(place: str | None) -> str | None:
    """The place's one name, or None when the text is no place name."""
    if not place:
        return None
    name = collapse_spaces(place).strip(" ,.:;-–()")
    if not name or len(name) > 60 or any(c.isdigit() for c in name):
        return None
    if key(name) in _HCMC_FORMS or key(name.replace(" ", "")) in _HCMC_FORMS:
        return HCMC
    rest = _PREFIX.sub("", name, count=1)
    if rest != name and rest[:1].isupper():
        name = rest
    return name if _looks_like_a_place(name) else None


# a first word that opens a person's name or a clause, never a place; and titles that open a
# person's name of three words or more but also places' ("Bà Rịa", "Anh" the country, "Cô Tô")
_TITLES = {"Ông", "Bà", "Anh", "Cô"}
_NOT_FIRST = {"Chị", "Em", "Chú", "Bác", "Cháu", "Đại", "ĐBQH", "PGS", "GS", "TS", "ThS",
              "BS", "Được", "Theo", "Tại", "Trong", "Với", "Ngày", "Sáng", "Chiều", "Tối", "Trưa", "Đêm", "Tàu",
              "TP", "Tp", "Ảnh"}  # fmt: skip


def _looks_like_a_place(name: str) -> bool:
    """A proper name (every word capitalised, after a unit such as "Quận"), not a person's: what
    a dateline that is no place ("Ảnh minh họa", "Bộ Giáo dục và Đào tạo", "Luật sư") fails. A
    name of two places joined by a dash ("Bà Rịa - Vũng Tàu") is read part by part."""
    parts = re.split(r"\s+[-–]\s+", _UNIT.sub("", name, count=1))
    return 0 < len(parts) <= 3 and all(_one_place(p.split(" ")) for p in parts)


def _one_place(words: list[str]) -> bool:
    if not words or len(words) > 6 or not all(w[:1].isupper() for w in words) or words[0] in _NOT_FIRST:
        return False
    return not (len(words) >= 3 and (words[0] in _SURNAMES or words[0] in _TITLES))
