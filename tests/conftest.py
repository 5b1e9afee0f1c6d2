"""Shared test helpers: fixture articles copied to a temporary folder with a fixed mtime."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings

from newsgen.config import SiteConfig
from newsgen.load.article import load_article
from newsgen.model import Article

# Property tests draw the same examples on every run (tests are deterministic), and keep no
# database of earlier failures between runs.
settings.register_profile("newsgen", derandomize=True, database=None)
settings.load_profile("newsgen")

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"
# Every copied fixture is dated 31/12/2024 12:00 in Hanoi, so guessed years are stable.
FIXED_MTIME = datetime(2024, 12, 31, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")).timestamp()


def set_mtime(path: Path, mtime: float = FIXED_MTIME) -> None:
    os.utime(path, (mtime, mtime))


@pytest.fixture(scope="session")
def articles_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("articles") / "content"
    shutil.copytree(ARTICLES, target)
    for path in target.rglob("*"):
        if path.is_file():
            set_mtime(path)
    return target


@pytest.fixture(scope="session")
def load(articles_dir: Path):
    def _load(name: str, config: SiteConfig | None = None) -> Article:
        return load_article(articles_dir / name, config or SiteConfig(), root=articles_dir)

    return _load


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_missing(reason: str) -> None:
    """Skip a browser test for want of a browser, except in CI, where it must run."""
    if os.environ.get("NEWSGEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests must run here (NEWSGEN_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright for Python; never a downloaded browser."""
    if not CHROMIUM.exists():
        _browser_missing("no /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


SAMPLE_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The bundled sample site, built once for the whole run: (output folder, BuildResult)."""
    from newsgen.build import BuildOptions, build

    out = tmp_path_factory.mktemp("sample") / "public"
    return out, build(BuildOptions(site=SAMPLE_ROOT, output=out, now=SAMPLE_NOW))


@pytest.fixture(scope="session")
def sample_server(sample_build):
    """The built sample site served as any static host would serve it, on a loopback port."""
    from serving import static_host

    out, _ = sample_build
    with static_host(out) as address:
        yield address
