"""Plugins found by their entry points: the example plugin in tests/plugins/ (a page kind, a
reader, hooks) is made visible to importlib.metadata for these tests only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from newsgen import plugins
from newsgen.build import BuildOptions, build
from newsgen.config import load_config
from newsgen.errors import ConfigError
from sitegen import make_site, write_article

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PLUGINS = Path(__file__).parent / "plugins"


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.syspath_prepend(str(PLUGINS))
    plugins.rescan()
    import newsgen_nguon_tin

    newsgen_nguon_tin.SEEN.clear()
    yield newsgen_nguon_tin
    plugins.rescan()


def test_the_example_plugin_is_found_in_every_group(installed):
    assert plugins.installed() == ["nguon-tin"]
    groups = [p.group for p in plugins.enabled(None)]
    assert groups == ["newsgen.readers", "newsgen.pages", "newsgen.hooks"]
    assert plugins.fingerprint(None)[0] == ("nguon-tin", "newsgen.readers", "1.0")


def test_a_page_kind_a_reader_and_hooks_from_a_plugin(installed, tmp_path):
    site = make_site(tmp_path / "site", count=3)
    write_article(
        site / "content", "ngoai.tin", rubric="Thời sự", headline="Tin đọc bằng trình đọc của plugin", day=3, month=11
    )
    out = tmp_path / "out"
    result = build(BuildOptions(site=site, output=out, now=NOW, jobs=1))
    assert result.articles == 4 and result.pages["sources"] == 1
    page = BeautifulSoup((out / "nguon-tin" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text() == "Nguồn tin"
    assert [li.get_text() for li in page.select("ul.sources li")] == ["TTXVN (4)"]
    assert page.find("nav", class_="site-nav") is not None  # the plugin's template extends the theme's
    assert "/nguon-tin/" in (out / "sitemap.xml").read_text(encoding="utf-8")  # plugin pages come before it
    assert ["load 4", f"site {sum(result.pages.values())}", f"write {result.written}"] == installed.SEEN


def test_plugins_are_enabled_and_ordered_by_name_in_the_config(installed, tmp_path):
    site = make_site(tmp_path / "site", count=2, extra_config="plugins: []\n")
    write_article(site / "content", "ngoai.tin", rubric="Thời sự", headline="Tin không ai đọc", day=3, month=11)
    result = build(BuildOptions(site=site, output=tmp_path / "out", now=NOW, jobs=1))
    assert "sources" not in result.pages and result.articles == 2 and not installed.SEEN
    assert any(".tin" in d.message for d in result.warnings)  # no reader for it: skipped, with a warning


def test_a_plugin_that_is_not_installed_is_one_clear_error(installed, tmp_path):
    (tmp_path / "newsgen.yaml").write_text("plugins: [nguon-tin, khong-co]\n", encoding="utf-8")
    config = load_config(tmp_path)
    with pytest.raises(ConfigError, match="not installed: khong-co .installed plugins: nguon-tin"):
        plugins.enabled(config.plugins)


def test_configuration_names_plugins_never_import_paths(tmp_path):
    (tmp_path / "newsgen.yaml").write_text("plugins: newsgen_nguon_tin:pages\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'plugins' must be a list"):
        load_config(tmp_path)
