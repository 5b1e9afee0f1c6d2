"""Photo files for the tests, made here: JPEGs with IPTC (as TTXVN's photo service writes it)
and XMP captions, EXIF orientation and GPS, CMYK, 16-bit and transparent PNGs, animated GIFs,
and broken ones."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image


def _iptc_segment(fields: dict[int, str]) -> bytes:
    """An APP13 "Photoshop 3.0" segment holding IPTC records 2:tag (UTF-8, declared as such)."""
    data = b"\x1c\x01\x5a\x00\x03\x1b%G"  # 1:90 coded character set: UTF-8
    for tag, value in fields.items():
        v = value.encode("utf-8")
        data += b"\x1c\x02" + bytes([tag]) + struct.pack(">H", len(v)) + v
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(data)) + data
    if len(data) % 2:
        resource += b"\x00"
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def xmp_packet(description: str | None = None, creator: str | None = None) -> bytes:
    parts = []
    if description:
        parts.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt></dc:description>'
        )
    if creator:
        parts.append(f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>")
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">' + "".join(parts) + "</rdf:Description>"
        "</rdf:RDF></x:xmpmeta>"
    ).encode()


def jpeg(
    path: Path,
    size: tuple[int, int] = (1000, 750),
    *,
    caption: str | None = None,
    byline: str | None = None,
    credit: str | None = None,
    xmp_caption: str | None = None,
    orientation: int | None = None,
    gps: bool = False,
    colour: tuple[int, int, int] = (180, 90, 40),
    mode: str = "RGB",
    icc: bytes | None = None,
) -> Path:
    """A JPEG; `caption`/`byline`/`credit` go into IPTC 2:120, 2:80, 2:110, `xmp_caption` into XMP,
    `icc` as its colour profile."""
    im = Image.new("RGB", size, colour)
    for x in range(0, size[0], max(1, size[0] // 8)):  # some detail, so sizes differ by width
        im.paste((colour[2], colour[0], colour[1]), (x, 0, x + max(1, size[0] // 16), size[1]))
    if mode == "CMYK":
        im = im.convert("CMYK")
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}
        exif[0x010F] = "MayAnhTest"
    buf = io.BytesIO()
    kwargs = {"quality": 90, "exif": exif.tobytes()} if (orientation or gps) else {"quality": 90}
    if xmp_caption:
        kwargs["xmp"] = xmp_packet(xmp_caption)
    if icc:
        kwargs["icc_profile"] = icc
    im.save(buf, "JPEG", **kwargs)
    data = buf.getvalue()
    fields = {k: v for k, v in ((120, caption), (80, byline), (110, credit)) if v}
    if fields:
        data = data[:2] + _iptc_segment(fields) + data[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def swapped_rgb_profile() -> bytes:
    """An ICC v2 RGB display profile whose red primary is sRGB's green and whose green is sRGB's
    red (gamma 2.2, D50): a file stored as pure red in it is green on screen, so a converter
    that ignores the profile is caught by the colour of a pixel."""
    red, green, blue = (0.3851, 0.7169, 0.0971), (0.4361, 0.2225, 0.0139), (0.1431, 0.0606, 0.7141)
    text = b"Swapped primaries test RGB"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text) + 1) + text + b"\0" + b"\0" * 8 + b"\0\0\0" + b"\0" * 67

    def xyz(v):
        return b"XYZ \0\0\0\0" + b"".join(_s15(c) for c in v)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"
    cprt = b"text\0\0\0\0" + b"No copyright, made by the tests\0"
    tags = [
        (b"desc", desc),
        (b"cprt", cprt),
        (b"wtpt", xyz((0.9642, 1.0, 0.8249))),
        (b"rXYZ", xyz(red)),
        (b"gXYZ", xyz(green)),
        (b"bXYZ", xyz(blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    table, data = b"", b""
    offset = 128 + 4 + 12 * len(tags)
    for sig, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"none"
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def png(path: Path, size: tuple[int, int] = (640, 480), mode: str = "RGBA") -> Path:
    if mode == "I;16":
        im = Image.new("I;16", size, 40000)
    else:
        im = Image.new(mode, size, (20, 120, 200, 128) if mode == "RGBA" else (20, 120, 200))
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "PNG")
    return path


def animated_gif(path: Path, size: tuple[int, int] = (300, 200)) -> Path:
    frames = [Image.new("P", size, i * 40) for i in range(3)]
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return path


def png_claiming(path: Path, width: int, height: int) -> Path:
    """A tiny PNG whose header claims width×height pixels (a decompression bomb's shape)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = zlib.compress(b"\x00" * 16)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat)) + b"IDAT" + idat + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
        + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    )  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- the bundled sample site's photos

# (article file under content/, photo file name, caption as the article prints it, photographer)
SAMPLE_PHOTOS = [
    ("2026/11/mien-bac-ret.txt", "mien-bac-ret.jpg", "Người dân Hà Nội mặc áo ấm ra đường buổi sáng.", "Minh Quyết"),
    ("2026/11/nha-hat-lon.txt", "nha-hat-lon.jpg", "Dàn nhạc trong đêm biểu diễn.", "Thành Đạt"),
    ("2026/11/hien-mau.txt", "hien-mau.jpg", "Sinh viên tham gia hiến máu.", "Minh Quyết"),
    ("2026/11/sea-games.txt", "sea-games.jpg", "Các vận động viên tại lễ xuất quân.", "Hoàng Linh"),
]


def scene(size: tuple[int, int], seed: int) -> Image.Image:
    """A drawn landscape (sky, sun, hills, water, a few buildings, grain): a picture with the
    detail and gradients of a photo, made here rather than taken from anyone."""
    import random

    from PIL import ImageDraw, ImageFilter

    rnd = random.Random(seed)
    w, h = size
    top = (rnd.randint(60, 140), rnd.randint(110, 180), rnd.randint(190, 250))
    bottom = (rnd.randint(200, 250), rnd.randint(170, 220), rnd.randint(140, 200))
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    r = h // 10
    sx, sy = rnd.randint(r, w - r), rnd.randint(r, h // 3)
    draw.ellipse([sx - r, sy - r, sx + r, sy + r], fill=(255, 230, 160))
    for layer in range(3):
        base = h * (0.45 + 0.12 * layer)
        points = [(0, h)] + [(x, base - rnd.randint(0, h // 6)) for x in range(0, w + 1, max(1, w // 12))] + [(w, h)]
        shade = 40 + 40 * layer
        draw.polygon(points, fill=(shade // 2, shade + rnd.randint(0, 40), shade // 2 + 20))
    for _ in range(rnd.randint(5, 12)):
        bx, bw, bh = rnd.randint(0, w), rnd.randint(w // 40, w // 15), rnd.randint(h // 10, h // 3)
        colour = tuple(rnd.randint(90, 230) for _ in range(3))
        draw.rectangle([bx, h * 0.85 - bh, bx + bw, h * 0.85], fill=colour)
        for wy in range(int(h * 0.85 - bh) + 6, int(h * 0.85) - 6, 14):
            draw.line([(bx + 4, wy), (bx + bw - 4, wy)], fill=(250, 240, 200), width=3)
    draw.rectangle([0, h * 0.85, w, h], fill=(40, 90, 140))
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    grain = Image.effect_noise(size, 18).convert("RGB")
    return Image.blend(im, grain, 0.06)


def _sample_photo(path: Path, size: tuple[int, int], seed: int, fields: dict[int, str]) -> Path:
    buf = io.BytesIO()
    scene(size, seed=seed).save(buf, "JPEG", quality=82, optimize=True)
    data = buf.getvalue()
    path.write_bytes(data[:2] + _iptc_segment(fields) + data[2:])
    return path


def make_sample_photos(repo: Path) -> list[Path]:
    """The bundled sample site's photos, next to their articles, with IPTC captions and
    credits; and the one `newsgen init` puts beside its first article."""
    out = []
    for n, (_article, name, caption, who) in enumerate(SAMPLE_PHOTOS):
        fields = {120: caption, 80: who, 110: "TTXVN", 115: "TTXVN"}
        out.append(_sample_photo(repo / "content" / "2026" / "11" / name, (1600, 1067), n, fields))
    init = repo / "src" / "newsgen" / "theme" / "init" / "content" / "bai-viet-dau-tien.jpg"
    out.append(_sample_photo(init, (1200, 800), 7, {120: "Giao diện trang tin trên điện thoại.", 80: "Tòa soạn"}))
    return out


if __name__ == "__main__":  # python tests/photofiles.py: remake the sample photos
    for p in make_sample_photos(Path(__file__).resolve().parent.parent):
        print(p, p.stat().st_size)
