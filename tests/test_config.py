from __future__ import annotations

import pytest

from newsgen.config import load_config
from newsgen.errors import ConfigError


def _write(tmp_path, text):
    (tmp_path / "newsgen.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_defaults_without_a_file(tmp_path):
    config = load_config(tmp_path)
    assert config.language == "vi" and config.timezone == "Asia/Ho_Chi_Minh"
    assert config.content_path == tmp_path / "content"


def test_full_config(tmp_path):
    config = load_config(
        _write(
            tmp_path,
            "title: Báo Mẫu\nbase_url: https://example.org/tin-tuc\nlanguage: vi\ntimezone: Asia/Bangkok\n"
            "rubrics: [Bạn đọc, Kinh tế]\ndefault_rubric: Tin tức\ndefault_year: 2024\ncontent_dir: bai-viet\n",
        )
    )
    assert config.title == "Báo Mẫu"
    assert config.base_url == "https://example.org/tin-tuc/"
    assert config.rubrics == ("Bạn đọc", "Kinh tế")
    assert config.vocabulary.rubrics[0] == "Bạn đọc"
    assert config.default_year == 2024
    assert config.content_path == tmp_path / "bai-viet"


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("title: A\ncolour: red\n", "unknown key 'colour'", 2),
        ("default_year: hai nghìn\n", "'default_year' must be a year", 1),
        ("rubrics: Kinh tế\n", "'rubrics' must be a list", 1),
        ("page_size: 0\n", "'page_size' must be a positive", 1),
        ("page_size: true\n", "'page_size' must be", 1),
        ("timezone: Mars/Olympus\n", "not a known time zone", 1),
        ("base_url: example.org\n", "'base_url' must start with", 1),
        ("title: [unclosed\n", "invalid YAML", 2),
        ("- a\n- b\n", "must be a mapping", 1),
        ("title: A\nvocabulary:\n  colours: [red]\n", "unknown vocabulary list 'colours'", 2),
        ("vocabulary:\n  rubrics: [Xe]\n", "top-level 'rubrics'", 1),
        ("vocabulary:\n  furniture: Nghe\n", "'vocabulary.furniture' must be a list", 1),
        ("vocabulary: [a]\n", "'vocabulary' must be a mapping", 1),
    ],
)
def test_bad_config_names_the_key_and_line(tmp_path, text, fragment, line):
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    assert fragment in err.value.message
    assert err.value.line == line
    assert err.value.format().endswith(err.value.message)
    assert "newsgen.yaml" in err.value.format()


def test_vocabulary_words_are_added_to_the_defaults(tmp_path):
    config = load_config(
        _write(tmp_path, "rubrics: [Xe]\nvocabulary:\n  furniture: [Nghe podcast]\n  sapo_tags: [BGT]\n")
    )
    words = config.vocabulary
    assert words.furniture[0] == "Nghe podcast" and "Chia sẻ" in words.furniture
    assert words.sapo_tags[0] == "BGT" and "TPO" in words.sapo_tags
    assert words.rubrics[0] == "Xe" and "Thời sự" in words.rubrics
    assert load_config(tmp_path) == config  # the same words: the same configuration (and cache scope)


def test_a_site_word_list_changes_what_the_loader_reads(tmp_path):
    from newsgen.load.article import load_article

    (tmp_path / "bai.txt").write_text(
        "Xe buýt điện chạy tuyến mới\n\nBGT - Tuyến xe buýt điện mới chạy từ sáng nay.\n\n"
        "Nghe podcast\n\nThân bài của tin./.\n",
        encoding="utf-8",
    )
    plain = load_article(tmp_path / "bai.txt", load_config(tmp_path), root=tmp_path)
    assert plain.agency is None and "Nghe podcast" not in plain.dropped
    _write(tmp_path, "vocabulary:\n  furniture: [Nghe podcast]\n  sapo_tags: [BGT]\n")
    site = load_article(tmp_path / "bai.txt", load_config(tmp_path), root=tmp_path)
    assert site.agency == "BGT" and "Nghe podcast" in site.dropped
