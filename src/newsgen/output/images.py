"""Image sizes read from file headers (PNG, GIF, JPEG, WebP, SVG), so that every
<img> carries width and height and nothing shifts while a page loads."""

from __future__ import annotations

import re
import struct
from pathlib import Path


def image_size(path: Path) -> tuple[int, int] | None:
    try:
        data = path.read_bytes()[:65536] if path.suffix.lower() != ".svg" else path.read_bytes()
    except OSError:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        chunk = data[12:16]
        if chunk == b"VP8 ":
            w, h = struct.unpack("<HH", data[26:30])
            return w & 0x3FFF, h & 0x3FFF
        if chunk == b"VP8L":
            b = data[21:25]
            return 1 + (((b[1] & 0x3F) << 8) | b[0]), 1 + (((b[3] & 0xF) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
        if chunk == b"VP8X":
            return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return w, h
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            i += 2 + length
        return None
    if path.suffix.lower() == ".svg":
        text = data.decode("utf-8", "replace")
        root = re.search(r"<svg\b[^>]*>", text)
        if root:
            w = re.search(r'\bwidth="([\d.]+)(?:px)?"', root.group(0))
            h = re.search(r'\bheight="([\d.]+)(?:px)?"', root.group(0))
            if w and h:
                return round(float(w.group(1))), round(float(h.group(1)))
            vb = re.search(r'viewBox="[\d.\-]+[ ,]+[\d.\-]+[ ,]+([\d.]+)[ ,]+([\d.]+)"', root.group(0))
            if vb:
                return round(float(vb.group(1))), round(float(vb.group(2)))
    return None
