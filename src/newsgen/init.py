"""`newsgen init`: a new site that builds at once with the default theme."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsgen.config import CONFIG_FILE
from newsgen.errors import NewsgenError
from newsgen.output.assets import THEME

SKELETON = THEME / "init"
WORKFLOW = THEME / "github" / "newsgen.yml"
WORKFLOW_PATH = Path(".github") / "workflows" / "newsgen.yml"


def add_github_workflow(directory: Path) -> Path:
    """A GitHub Actions workflow that builds the site on push and on a schedule and publishes it
    on GitHub Pages; an existing workflow file is never overwritten."""
    from newsgen import __version__
    from newsgen.config import load_config

    config = load_config(directory)
    target = directory / WORKFLOW_PATH
    if target.exists() or target.is_symlink():
        raise NewsgenError(target, "exists already; nothing was changed")
    text = WORKFLOW.read_text(encoding="utf-8")
    text = text.replace("__VERSION__", __version__).replace("__OUTPUT__", config.output_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


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
