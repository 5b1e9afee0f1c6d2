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
    return name if name[:1].isupper() else None
