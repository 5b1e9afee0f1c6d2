"""The media type of each file of a built site: one rule for the preview server and for
`newsgen deploy` (text always says charset=utf-8; newsgen writes nothing else)."""

from __future__ import annotations

import mimetypes

# file names whose type their suffix does not tell (see newsgen.urls)
BY_NAME = {
    "feed.xml": "application/atom+xml",
    "rss.xml": "application/rss+xml",
    "feed.json": "application/feed+json",
}
TEXT = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".csv": "text/csv",
}
BINARY = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
}


def media_type(relpath: str) -> str:
    """The Content-Type to send a file with, by its name."""
    name = relpath.rsplit("/", 1)[-1]
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if name in BY_NAME:
        return f"{BY_NAME[name]}; charset=utf-8"
    if suffix in TEXT:
        return f"{TEXT[suffix]}; charset=utf-8"
    if suffix in BINARY:
        return BINARY[suffix]
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"
