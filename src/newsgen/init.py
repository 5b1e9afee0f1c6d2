"""`newsgen init`: a new site that builds at once with the default theme."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsgen.config import CONFIG_FILE
from newsgen.errors import NewsgenError
from newsgen.output.assets import THEME

SKELETON = THEME / "init"


def create_site(directory: Path) -> list[Path]:
    if (directory / CONFIG_FILE).exists():
        raise NewsgenError(directory / CONFIG_FILE, "a site already exists here; nothing was changed")
    if directory.exists() and not directory.is_dir():
        raise NewsgenError(directory, "exists and is not a folder")
    created: list[Path] = []
    for source in sorted(SKELETON.rglob("*")):
        if source.is_dir() or source.name.startswith(".") or "__pycache__" in source.parts:
            continue
        target = directory / source.relative_to(SKELETON)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        created.append(target)
    return created
