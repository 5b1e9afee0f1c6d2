"""Interface messages: one gettext catalogue per language (`vi.po`, the default, and `en.po`),
read with Babel and used by the templates (Jinja2's i18n extension) and the page producers.

msgids are English; the site's `language` picks the catalogue by its primary subtag
("vi", "vi-VN" -> vi.po). A language without a catalogue gets the English messages.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOGUES = Path(__file__).parent
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def available() -> list[str]:
    return sorted(p.stem for p in CATALOGUES.glob("*.po"))


@dataclass(frozen=True)
class Messages:
    """The interface messages of one language."""

    language: str
    locale: str  # "vi_VN": what Open Graph's og:locale wants
    translations: gettext.NullTranslations
    digest: str = ""  # of the catalogue file: part of every page's key

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def __call__(self, message: str, **values: object) -> str:
        """A message in the site's language, its %(name)s placeholders filled."""
        text = self.translations.gettext(message)
        return text % values if values else text

    def weekday(self, dt: datetime) -> str:
        return self.gettext(WEEKDAYS[dt.weekday()])


def _primary(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


@functools.lru_cache(maxsize=8)
def messages(language: str) -> Messages:
    """The catalogue for `language`, compiled once per process."""
    name = _primary(language)
    path = CATALOGUES / f"{name}.po"
    if not path.is_file():
        path = CATALOGUES / "en.po"
    data = path.read_bytes()
    catalog = read_po(io.BytesIO(data))
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return Messages(
        language, str(catalog.locale), gettext.GNUTranslations(mo), hashlib.blake2b(data, digest_size=16).hexdigest()
    )
