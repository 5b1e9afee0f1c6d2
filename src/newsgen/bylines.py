"""The people a byline names: "Minh Nguyệt - Thanh Liêm" is two, "Vũ Anh (Theo TTXVN)" one
(the agency credit kept apart), "Theo Hải Minh /VGP" one; an agency or a collective credit
("TTXVN", "Nhóm PV", "PV", "Theo TTXVN", "Nguồn: Trung tâm Tin tức", "vnews") is nobody.
Each person gets an author page; an unsigned piece or a collective credit gets none."""

from __future__ import annotations

import re

from newsgen.vietnamese import collapse_spaces, key

# what may stand before the names ("Bài và ảnh: Minh Anh")
_LEAD = re.compile(
    r"^(?:theo|nguồn|bài và ảnh|bài, ảnh|bài/ảnh|bài|ảnh|video|clip|thực hiện|nhóm thực hiện|ghi|"
    r"ghi chép|tin|tin, ảnh|tin và ảnh|biên dịch|lược dịch|dịch|tổng hợp|phóng viên)\s*[:\-–]?\s+",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\s*\([^()]*\)")
_SPLIT = re.compile(r"\s+[-–—]\s+|\s*[,;&]\s*|\s+và\s+|\s*/\s*(?=\S)")
# credits that name no one: a desk, a group, the reporters as such
_COLLECTIVE = {
    key(w) for w in (
        "PV", "P.V", "BTV", "CTV", "PV và CTV", "Nhóm PV", "Nhóm phóng viên", "Phóng viên", "Nhóm tác giả",
        "Ban Biên tập", "Ban Thời sự", "Tòa soạn", "Thông tấn xã Việt Nam", "Nhóm", "Ekip", "Tổng hợp",
        "Người Hà Nội", "Bạn đọc", "Admin", "Biên tập viên", "Cộng tác viên", "Nhóm thực hiện",
    )
}  # fmt: skip
_ORGANISATION = re.compile(
    r"^(?:báo|đài|tạp chí|cổng|trung tâm|ban|văn phòng|phòng|sở|bộ|ủy ban|uỷ ban|hội|thông tấn|kênh|truyền hình|"
    r"công an|viện|trường|nhóm|theo)\b",
    re.IGNORECASE,
)
_INITIAL = re.compile(r"^[A-ZĐ]\.$|^[A-ZĐ]\.[A-ZĐ]")  # "N.", "N.Thảo", "T.TRANG"


def _is_person(name: str, agency: str | None) -> bool:
    if not name or len(name) > 40 or key(name) in _COLLECTIVE:
        return False
    if agency and key(name) in (key(agency), key(agency).replace(" ", "")):
        return False
    if _ORGANISATION.match(name) or any(c.isdigit() for c in name) or re.search(r"\.(?:vn|com|net|org)\b", name, re.I):
        return False
    words = name.split(" ")
    if not 1 <= len(words) <= 5:
        return False
    if len(words) == 1 and not _INITIAL.match(words[0]) and (name.isupper() or len(name) <= 2):
        return False  # "TTXVN", "VOV", "PL": an organisation's initials, not a person
    return all(w[:1].isupper() for w in words)


def _display(name: str) -> str:
    """A name as a byline in capitals writes it, in the usual case: "N.THẢO" -> "N.Thảo"."""
    if not name.isupper():
        return name
    return " ".join(".".join(part[:1] + part[1:].lower() for part in w.split(".")) for w in name.split(" "))


def people(byline: str | None, agency: str | None = None) -> list[str]:
    """The people a byline names, in its order, each once."""
    if not byline:
        return []
    text = collapse_spaces(_PARENS.sub("", byline)).strip(" .:-–")
    text = _LEAD.sub("", text)
    found: list[str] = []
    for part in _SPLIT.split(text):
        name = _LEAD.sub("", part.strip(" .:-–")).strip()
        if _is_person(name, agency):
            name = _display(name)
            if all(key(name) != key(f) for f in found):
                found.append(name)
    return found
