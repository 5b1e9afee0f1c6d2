"""An article's photos: which files beside it are its own, what their headers say of them,
and which caption of the text each one illustrates.

Three ways a photo belongs to an article, all inside the content folder:
- a bundle: a folder that holds exactly one article file (and no folder), with its pictures;
- a file named after the article: `bao-so-5.jpg`, `bao-so-5-2.jpg` (`NAME-N` belongs to NAME
  unless an article `NAME-N` exists);
- `images:` in the front matter, file names relative to the article's folder.

Pairing: a photo whose embedded caption (IPTC Caption-Abstract, XMP dc:description) reads as
one of the text's captions goes there; the others take the remaining captions in order; a
photo left over becomes a figure of its own, with its embedded caption and credit."""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from newsgen.errors import ContentError
from newsgen.model import ArticleWarning, Figure, Paragraph, Photo
from newsgen.slugs import make_slug
from newsgen.vietnamese import clean_text, collapse_spaces, key

PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
MAX_PIXELS = 100_000_000  # a larger picture is refused before it is decoded (decompression bombs)
MAX_PHOTO_BYTES = 64 * 1024 * 1024
_NUMBERED = re.compile(r"^(?P<name>.+)-(?P<n>\d{1,3})$")


def rubric_slugs(rubrics: tuple[str, ...]) -> frozenset[str]:
    return frozenset(make_slug(r) for r in rubrics)


def is_photo(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in PHOTO_SUFFIXES


# ---------------------------------------------------------------- which files are whose


@dataclass(frozen=True)
class PhotoFile:
    relpath: str  # relative to the content folder, "/"-separated
    abspath: str
    size: int
    mtime_ns: int

    @property
    def stamp(self) -> str:
        return f"{self.relpath}:{self.size}:{self.mtime_ns}"


@dataclass(frozen=True)
class Beside:
    """What lies beside an article in the content folder: its photos by place and name, and
    whether its folder is a bundle (then not a rubric folder)."""

    photos: tuple[PhotoFile, ...] = ()
    bundle: bool = False


def _order(relpath: str) -> tuple:
    """File order with numbers read as numbers: NAME, NAME-2, NAME-10."""
    stem = posixpath.splitext(posixpath.basename(relpath))[0]
    m = _NUMBERED.match(stem)
    return (m["name"], int(m["n"])) if m else (stem, 0)


def photos_by_article(
    articles: list[str],
    photos: list[PhotoFile],
    folders_with_subfolders: set[str],
    rubric_slugs: frozenset[str] = frozenset(),
) -> tuple[dict[str, list[PhotoFile]], list[PhotoFile], set[str]]:
    """Each article's photos found by place and name (relative paths, "/"-separated), the
    photos no article claims that way, and the folders that are bundles. A folder named after a
    rubric (`the-thao/`) stays a rubric folder even when it holds one article and its photos."""
    by_folder: dict[str, list[str]] = {}
    for a in articles:
        by_folder.setdefault(posixpath.dirname(a), []).append(a)
    with_photos = {posixpath.dirname(p.relpath) for p in photos}
    bundles = {
        folder
        for folder, names in by_folder.items()
        if len(names) == 1 and folder and folder not in folders_with_subfolders and folder in with_photos
        and make_slug(posixpath.basename(folder)) not in rubric_slugs
    }  # fmt: skip
    stems = {(posixpath.dirname(a), posixpath.splitext(posixpath.basename(a))[0]): a for a in articles}
    claimed: dict[str, list[PhotoFile]] = {}
    unclaimed: list[PhotoFile] = []
    for p in photos:
        folder = posixpath.dirname(p.relpath)
        stem = posixpath.splitext(posixpath.basename(p.relpath))[0]
        owner = stems.get((folder, stem))
        if owner is None and (m := _NUMBERED.match(stem)):
            owner = stems.get((folder, m["name"]))
        if owner is None and folder in bundles:
            owner = by_folder[folder][0]
        if owner is None:
            unclaimed.append(p)
        else:
            claimed.setdefault(owner, []).append(p)
    for files in claimed.values():
        files.sort(key=lambda p: _order(p.relpath))
    return claimed, unclaimed, bundles


def photo_files_beside(
    article: Path, content: Path, suffixes: frozenset[str], rubric_slugs: frozenset[str] = frozenset()
) -> tuple[list[PhotoFile], bool]:
    """For one article read on its own (`newsgen show`): its photos by place and name, and
    whether its folder is a bundle. Only regular files directly in its folder are looked at."""
    folder = article.parent
    articles: list[str] = []
    photos: list[PhotoFile] = []
    has_subfolders = False
    base = relative_folder(folder, content)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return [], False
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                has_subfolders = True
                continue
            if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                continue  # a symlink is followed by the build's inventory, which keeps it inside the site
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        relpath = posixpath.join(base, entry.name) if base else entry.name
        if os.path.splitext(entry.name)[1].lower() in suffixes:
            articles.append(relpath)
        elif is_photo(entry.name):
            photos.append(PhotoFile(relpath, entry.path, st.st_size, st.st_mtime_ns))
    me = posixpath.join(base, article.name) if base else article.name
    if me not in articles:
        articles.append(me)
    claimed, _, bundles = photos_by_article(articles, photos, {base} if has_subfolders else set(), rubric_slugs)
    return claimed.get(me, []), base in bundles


def relative_folder(folder: Path, content: Path) -> str:
    """A folder's path inside the content folder, "/"-separated ("" for the content folder
    itself, or for a folder outside it)."""
    try:
        rel = folder.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel


# ---------------------------------------------------------------- `images:` in the front matter


@dataclass(frozen=True)
class ListedPhoto:
    """One entry of `images:` in the front matter."""

    file: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    focal: tuple[float, float] | None = None


def listed_photos(value: Any, path: Path, line: int | None) -> list[ListedPhoto]:
    """`images:` as a list of file names or of mappings (file, caption, credit, alt, focal)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ContentError(path, "'images' must be a list of files (or of file, caption, credit, alt, focal)", line)
    out: list[ListedPhoto] = []
    for item in value:
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"].strip():
            raise ContentError(path, "each entry of 'images' needs a 'file'", line)
        unknown = set(item) - {"file", "caption", "credit", "alt", "focal"}
        if unknown:
            allowed = "file, caption, credit, alt, focal"
            raise ContentError(path, f"'images' entries take {allowed}; not {', '.join(sorted(unknown))}", line)
        texts = {}
        for name in ("caption", "credit", "alt"):
            v = item.get(name)
            if v is not None and not isinstance(v, (str, int, float)):
                raise ContentError(path, f"'{name}' of an image must be text", line)
            texts[name] = collapse_spaces(str(v)) or None if v is not None else None
        out.append(ListedPhoto(item["file"].strip(), focal=_focal(item.get("focal"), path, line), **texts))
    return out


def _focal(value: Any, path: Path, line: int | None) -> tuple[float, float] | None:
    """`focal: [0.3, 0.4]` or `focal: "0.3,0.4"`: where the subject is, from the left and the top."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    try:
        x, y = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ContentError(path, "'focal' of an image is two numbers from 0 to 1: [x, y]", line) from None
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise ContentError(path, "'focal' of an image is two numbers from 0 to 1: [x, y]", line)
    return (x, y)


def resolve_listed(listed: ListedPhoto, article: Path, content: Path) -> tuple[PhotoFile | None, str | None]:
    """The file an `images:` entry names (relative to the article's folder, never out of the
    content folder), or why it cannot be used."""
    name = listed.file
    if "\\" in name or name.startswith("/") or "\0" in name:
        return None, f"image {name!r}: give a path relative to the article's folder"
    if not is_photo(name):
        return None, f"image {name!r}: not a photo file ({', '.join(sorted(PHOTO_SUFFIXES))})"
    target = article.parent / name
    root = content.resolve()
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, f"image {name!r}: the file does not exist"
    if not real.is_relative_to(root):
        return None, f"image {name!r}: outside the content folder"
    try:
        st = real.stat()
    except OSError as exc:
        return None, f"image {name!r}: cannot read it ({exc.strerror or exc})"
    if not real.is_file():
        return None, f"image {name!r}: not a regular file"
    return PhotoFile(real.relative_to(root).as_posix(), str(real), st.st_size, st.st_mtime_ns), None


# ---------------------------------------------------------------- what a photo's headers say


def read_photo(f: PhotoFile) -> Photo:
    """A photo's size and embedded caption and credit. Raises ValueError with a reader's
    message for a file that is not a usable picture."""
    from PIL import Image, IptcImagePlugin, UnidentifiedImageError

    if f.size == 0:
        raise ValueError("the file is empty")
    if f.size > MAX_PHOTO_BYTES:
        raise ValueError(f"the file is too large for a photo ({f.size:,} bytes)")
    try:
        data = Path(f.abspath).read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read it: {exc.strerror or exc}") from None
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            Image.open(io.BytesIO(data)).verify()  # the stream is whole (PNG checksums, ...)
            im = Image.open(io.BytesIO(data))
            width, height = im.size
            if width * height > MAX_PIXELS:
                raise ValueError(f"{width}×{height} pixels is more than a photo needs (limit {MAX_PIXELS:,})")
            if width < 1 or height < 1:
                raise ValueError("the picture has no pixels")
            orientation = im.getexif().get(0x0112, 1)
            iptc = IptcImagePlugin.getiptcinfo(im) or {}
            xmp = im.info.get("xmp") or b""
        except ValueError:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ValueError(_reason(exc)) from None
        except Exception as exc:  # Pillow raises many kinds on a damaged file  # noqa: BLE001
            raise ValueError(f"the picture is damaged ({type(exc).__name__}: {exc})") from None
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    caption = _iptc_text(iptc, (2, 120)) or _xmp_text(xmp, "dc:description")
    credit = _iptc_text(iptc, (2, 80)) or _xmp_text(xmp, "dc:creator") or _iptc_text(iptc, (2, 110))
    credit = credit or _xmp_text(xmp, "photoshop:Credit")
    return Photo(f.relpath, digest, width, height, caption, credit)


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "decompression bomb" in text.lower() or "exceeds limit" in text:
        return "too many pixels to decode safely (a decompression bomb?)"
    return "not a picture newsgen can read"


def _iptc_text(iptc: dict, tag: tuple[int, int]) -> str | None:
    value = iptc.get(tag)
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, bytes):
        return None
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = value.decode("cp1252", "replace")
    return collapse_spaces(clean_text(text)) or None


_XMP_FIELD = {
    name: re.compile(
        rf"<{name}\b[^>]*>(?:\s*<rdf:(?:Alt|Seq|Bag)>\s*<rdf:li\b[^>]*>(?P<li>.*?)</rdf:li>|(?P<plain>[^<]*))"
        rf"|\b{name}=\"(?P<attr>[^\"]*)\"",
        re.DOTALL,
    )
    for name in ("dc:description", "dc:creator", "photoshop:Credit")
}
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}


def _xmp_text(xmp: bytes | str, name: str) -> str | None:
    """One field of an XMP packet, read as text (never parsed as XML: no entity is expanded)."""
    if not xmp:
        return None
    text = xmp.decode("utf-8", "replace") if isinstance(xmp, bytes) else xmp
    m = _XMP_FIELD[name].search(text[:200_000])
    if not m:
        return None
    value = m["li"] or m["plain"] or m["attr"] or ""
    value = re.sub(r"&(?:lt|gt|quot|apos|amp);", lambda e: _ENTITIES[e.group(0)], value)
    return collapse_spaces(clean_text(value)) or None


# ---------------------------------------------------------------- pairing


def _same_caption(embedded: str, text: str) -> bool:
    a, b = key(embedded).strip(" ."), key(text).strip(" .")
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 20 and (a in b or b in a))


def pair_photos(blocks: tuple, photos: list[Photo]) -> tuple[tuple, list[ArticleWarning]]:
    """The body with each photo in its figure, and what the pairing could not do."""
    if not photos:
        return blocks, []
    out = list(blocks)
    open_captions = [i for i, b in enumerate(out) if isinstance(b, Figure) and not b.image and b.photo is None]
    placed: dict[int, Photo] = {}
    left: list[Photo] = []
    for photo in photos:  # first by what the photo says of itself
        hit = next((i for i in open_captions if photo.caption and _same_caption(photo.caption, out[i].caption)), None)
        if hit is None:
            left.append(photo)
        else:
            placed[hit] = photo
            open_captions.remove(hit)
    rest: list[Photo] = []
    for photo in left:  # then in order
        if open_captions:
            placed[open_captions.pop(0)] = photo
        else:
            rest.append(photo)
    for i, photo in placed.items():  # the photo's own credit stands when the text gives none
        out[i] = replace(out[i], photo=photo, credit=out[i].credit or photo.credit)
    warnings_: list[ArticleWarning] = []
    for i in open_captions:
        warnings_.append(ArticleWarning(out[i].line, "a photo caption with no photo file: shown as a caption"))
    if rest:
        extra = [Figure(p.caption or "", p.credit, photo=p) for p in rest]
        for p in rest:
            what = "its embedded caption" if p.caption else "no caption"
            message = f"photo {p.source}: no caption of the text names it; shown with {what}"
            warnings_.append(ArticleWarning(None, message))
        if not placed:  # the first photo leads the story, before its first paragraph
            first = next((i for i, b in enumerate(out) if isinstance(b, Paragraph)), len(out))
            out.insert(first, extra.pop(0))
        out.extend(extra)
    return tuple(out), warnings_
