"""Published photos: each source photo as a few widths in AVIF and WebP with a JPEG fallback,
made once and kept in the build cache (named by the source's bytes and the settings, so a
rebuild with unchanged photos encodes nothing), and the <picture> markup that offers them.

The published files carry no metadata: EXIF (GPS, camera, owner), XMP and IPTC stay behind;
the picture is turned upright by its EXIF orientation and converted to sRGB first."""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import stat
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from newsgen.model import Photo
from newsgen.slugs import make_slug

WIDTHS = (480, 800, 1200, 1600)  # never above the source's own width
FORMATS = ("avif", "webp", "jpeg")  # in the order a <picture> offers them
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSION = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
QUALITY = {"avif": 55, "webp": 75, "jpeg": 80}
AVIF_SPEED = 8  # libavif's 0 (slowest, smallest) .. 10; 8 keeps a 1,000-photo archive in minutes
# Thumbnails for lists and the front page: one shape, cropped around the focal point.
THUMB_RATIO = "3x2"
THUMB_WIDTHS = (240, 480)
# Crops for search engines' article markup (Google asks for 16x9, 4x3 and 1x1), JPEG.
CARD_RATIOS = ("16x9", "4x3", "1x1")
CARD_WIDTH = 1200
SETTINGS = (
    f"v1 {WIDTHS} {sorted(QUALITY.items())} avif-speed {AVIF_SPEED} thumb {THUMB_RATIO} {THUMB_WIDTHS} "
    f"cards {CARD_RATIOS} {CARD_WIDTH}"
)
FOLDER = "anh"  # published under /anh/
SIZES = "(min-width: 820px) 760px, 100vw"  # the story column
THUMB_SIZES = "(min-width: 700px) 180px, 34vw"


@dataclass(frozen=True)
class Variant:
    relpath: str  # under the output folder
    width: int
    height: int
    format: str
    crop: str | None = None  # "3x2", "16x9", ...: cut to that shape around the focal point


def widths_of(photo: Photo) -> list[int]:
    """The widths published for a photo: the standard ones below its own, and its own (up to
    the largest standard one): never upscaled."""
    top = min(photo.width, WIDTHS[-1])
    return [w for w in WIDTHS if w < top] + [top]


def _ratio(crop: str) -> float:
    w, h = crop.split("x")
    return int(w) / int(h)


def crop_box(width: int, height: int, crop: str, focal: tuple[float, float] | None) -> tuple[int, int, int, int]:
    """The largest box of the crop's shape inside width×height, centred on the focal point
    (the middle by default) as far as the picture's edges allow."""
    r = _ratio(crop)
    if width / height > r:
        bw, bh = round(height * r), height
    else:
        bw, bh = width, round(width / r)
    fx, fy = focal or (0.5, 0.5)
    left = min(max(round(fx * width - bw / 2), 0), width - bw)
    top = min(max(round(fy * height - bh / 2), 0), height - bh)
    return left, top, left + bw, top + bh


def _name(photo: Photo) -> tuple[str, str]:
    name = make_slug(posixpath.splitext(posixpath.basename(photo.source))[0])[:60] or "anh"
    focal = f" {photo.focal}" if photo.focal else ""
    tag = hashlib.blake2b(f"{photo.digest} {SETTINGS}{focal}".encode(), digest_size=5).hexdigest()
    return name, tag


def _cropped(photo: Photo, crop: str, widths: tuple[int, ...], formats: tuple[str, ...]) -> list[Variant]:
    name, tag = _name(photo)
    left, top, right, bottom = crop_box(photo.width, photo.height, crop, photo.focal)
    box_w = right - left
    r = _ratio(crop)
    out = []
    for w in sorted({min(w, box_w) for w in widths}):
        h = max(1, round(w / r))
        for fmt in formats:
            out.append(Variant(f"{FOLDER}/{tag[:2]}/{name}-{tag}-{crop}-{w}.{EXTENSION[fmt]}", w, h, fmt, crop))
    return out


def full_variants(photo: Photo) -> list[Variant]:
    name, tag = _name(photo)
    out = []
    for w in widths_of(photo):
        h = max(1, round(photo.height * w / photo.width))
        for fmt in FORMATS:
            out.append(Variant(f"{FOLDER}/{tag[:2]}/{name}-{tag}-{w}.{EXTENSION[fmt]}", w, h, fmt))
    return out


def thumb_variants(photo: Photo) -> list[Variant]:
    return _cropped(photo, THUMB_RATIO, THUMB_WIDTHS, FORMATS)


def card_variants(photo: Photo) -> list[Variant]:
    """One JPEG per shape search engines ask for, as wide as CARD_WIDTH when the photo allows."""
    out = []
    for crop in CARD_RATIOS:
        out.extend(_cropped(photo, crop, (CARD_WIDTH,), ("jpeg",)))
    return out


def variants(photo: Photo) -> list[Variant]:
    """Every file published for a photo."""
    return full_variants(photo) + thumb_variants(photo) + card_variants(photo)


def largest(photo: Photo, fmt: str = "jpeg") -> Variant:
    return [v for v in full_variants(photo) if v.format == fmt][-1]


def _picture(vs: list[Variant], alt: str, link, sizes: str, lead: bool, css: str = "") -> Markup:
    sources = []
    for fmt in FORMATS[:-1]:
        srcset = ", ".join(f"{escape(link('/' + v.relpath))} {v.width}w" for v in vs if v.format == fmt)
        sources.append(f'<source type="{MIME[fmt]}" srcset="{srcset}" sizes="{sizes}">')
    jpegs = [v for v in vs if v.format == "jpeg"]
    srcset = ", ".join(f"{escape(link('/' + v.relpath))} {v.width}w" for v in jpegs)
    default = jpegs[min(1, len(jpegs) - 1)]
    loading = 'loading="eager" fetchpriority="high"' if lead else 'loading="lazy"'
    cls = f' class="{css}"' if css else ""
    img = (
        f'<img src="{escape(link("/" + default.relpath))}" srcset="{srcset}" sizes="{sizes}" '
        f'width="{jpegs[-1].width}" height="{jpegs[-1].height}" alt="{escape(alt)}" {loading} decoding="async">'
    )
    return Markup(f"<picture{cls}>{''.join(sources)}{img}</picture>")


def picture(photo: Photo, alt: str, link, lead: bool = False, sizes: str = SIZES) -> Markup:
    """<picture> with a <source> per modern format and the JPEG as <img>: explicit width and
    height (nothing shifts as it loads), lazy unless it is the lead picture."""
    return _picture(full_variants(photo), alt, link, sizes, lead)


def thumbnail(photo: Photo, link, lead: bool = False) -> Markup:
    """A list's thumbnail: the photo cut to one shape around its focal point. Its alt text is
    empty: the headline beside it says what the story is."""
    return _picture(thumb_variants(photo), "", link, THUMB_SIZES, lead, "thumb")


def card_images(photo: Photo) -> list[str]:
    """Site-root URLs of the 16x9, 4x3 and 1x1 crops, for structured data."""
    return ["/" + v.relpath for v in card_variants(photo)]


# ---------------------------------------------------------------- encoding


class PhotoFailed(Exception):
    """A photo that cannot be decoded or encoded (the message names why)."""


def encode(source: Path, photo: Photo) -> dict[str, bytes]:
    """Every variant of one photo: {relpath: bytes}. Raises PhotoFailed."""
    from PIL import Image, ImageCms, ImageOps

    try:
        data = source.read_bytes()
    except OSError as exc:
        raise PhotoFailed(f"cannot read it: {exc.strerror or exc}") from None
    if hashlib.blake2b(data, digest_size=16).hexdigest() != photo.digest:
        raise PhotoFailed("the file changed while the site was built")
    vs = variants(photo)
    from newsgen.load.photos import MAX_PIXELS

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        im = Image.open(io.BytesIO(data))
        if im.format == "JPEG":
            # decode at the smallest scale still larger than every variant needs (2-8x faster)
            im.draft("RGB", _oriented(im, *_decode_size(photo, vs)))
        icc = im.info.get("icc_profile")
        im = ImageOps.exif_transpose(im)
        im = _srgb(im, icc, ImageCms)
        scale = im.width / photo.width  # the decoded picture against the photo's full size
        out: dict[str, bytes] = {}
        full = im
        for width in sorted({v.width for v in vs if v.crop is None}, reverse=True):
            same = [v for v in vs if v.crop is None and v.width == width]
            size = (width, same[0].height)
            full = full if full.size == size else full.resize(size, Image.LANCZOS)
            for v in same:  # each smaller width from the one above it: faster, and as sharp
                out[v.relpath] = _save(full, v.format, Image)
        for crop in sorted({v.crop for v in vs if v.crop}):
            box = crop_box(photo.width, photo.height, crop, photo.focal)
            piece = im.crop(tuple(min(round(c * scale), lim) for c, lim in zip(box, (*im.size, *im.size), strict=True)))
            for width in sorted({v.width for v in vs if v.crop == crop}, reverse=True):
                same = [v for v in vs if v.crop == crop and v.width == width]
                size = (width, same[0].height)
                piece = piece if piece.size == size else piece.resize(size, Image.LANCZOS)
                for v in same:
                    out[v.relpath] = _save(piece, v.format, Image)
    except PhotoFailed:
        raise
    except Exception as exc:  # Pillow raises many kinds on a damaged file  # noqa: BLE001
        raise PhotoFailed(f"the picture cannot be decoded ({type(exc).__name__}: {exc})") from None
    return out


def _decode_size(photo: Photo, vs: list[Variant]) -> tuple[int, int]:
    """The smallest decoded size (upright) from which every variant is a reduction."""
    scale = 0.0
    for v in vs:
        if v.crop is None:
            scale = max(scale, v.width / photo.width)
        else:
            left, _, right, _ = crop_box(photo.width, photo.height, v.crop, photo.focal)
            scale = max(scale, v.width / (right - left))
    scale = min(1.0, scale)
    return max(1, round(photo.width * scale)), max(1, round(photo.height * scale))


def _oriented(im, width: int, height: int) -> tuple[int, int]:
    """The decoding size wanted, in the file's own orientation."""
    orientation = im.getexif().get(0x0112, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _srgb(im, icc: bytes | None, ImageCms):  # noqa: N803 (the module, imported lazily)
    """The picture in RGB or RGBA, sRGB: CMYK and 16-bit pictures converted, a colour profile
    other than sRGB applied."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 256).convert("L")
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("LA", "PA"):
        im = im.convert("RGBA")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in (ImageCms.getProfileDescription(profile) or "").lower():
                mode = "RGBA" if im.mode == "RGBA" else "RGB"
                im = ImageCms.profileToProfile(im, profile, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (OSError, ImageCms.PyCMSError, ValueError):
            pass  # a damaged profile: the pixels as they are
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGB")
    return im


def _save(im, fmt: str, Image) -> bytes:  # noqa: N803
    buf = io.BytesIO()
    if fmt == "jpeg":
        if im.mode == "RGBA":  # no alpha in JPEG: on white
            flat = Image.new("RGB", im.size, (255, 255, 255))
            flat.paste(im, mask=im.getchannel("A"))
            im = flat
        im.save(buf, "JPEG", quality=QUALITY["jpeg"], optimize=True, progressive=True)
    elif fmt == "webp":
        im.save(buf, "WEBP", quality=QUALITY["webp"], method=4)
    else:
        im.save(buf, "AVIF", quality=QUALITY["avif"], speed=AVIF_SPEED)
    return buf.getvalue()


# ---------------------------------------------------------------- the cache of variants


class VariantCache:
    """Encoded variants in the build cache's `photos/` folder, each file named by its relpath
    with its digest kept beside it in the name list; a file that does not match is made again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, relpath: str) -> Path | None:
        name = relpath.replace("/", "_")
        if not name or name.startswith(".") or os.sep in name:
            return None
        return self.folder / name

    def _ready(self) -> bool:
        try:
            st = os.lstat(self.folder)
        except FileNotFoundError:
            try:
                self.folder.mkdir(parents=True)
            except OSError:
                return False
            return True
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode)  # never through a symlink

    def get(self, relpath: str, digest: str | None) -> bytes | None:
        """The stored bytes, if they are there, a regular file, and have this digest."""
        path = self._path(relpath)
        if path is None or digest is None or not self._ready():
            return None
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            data = f.read(64 * 1024 * 1024 + 1)
        return data if variant_digest(data) == digest else None

    def put(self, relpath: str, data: bytes) -> None:
        path = self._path(relpath)
        if path is None or not self._ready():
            return
        temp = path.with_name(path.name + ".tmp")
        try:
            if os.path.lexists(temp):
                os.unlink(temp)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def remove(self, relpath: str) -> None:
        path = self._path(relpath)
        if path is None or not self._ready():
            return
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError:
            pass


def variant_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# ---------------------------------------------------------------- a build's photos


def encode_chunk(chunk: list[Photo]) -> list[tuple[str, dict[str, str] | str]]:
    """(worker) Encode photos into the variant cache: for each, {relpath: digest} of its
    variants, or the reason it failed."""
    from newsgen.engine import workers

    content, folder = workers.state()
    cache = VariantCache(folder)
    out: list[tuple[str, dict[str, str] | str]] = []
    for photo in chunk:
        try:
            encoded = encode(content / photo.source, photo)
        except PhotoFailed as exc:
            out.append((photo.digest, str(exc)))
            continue
        digests = {}
        for relpath, data in encoded.items():
            cache.put(relpath, data)
            digests[relpath] = variant_digest(data)
        out.append((photo.digest, digests))
    return out
