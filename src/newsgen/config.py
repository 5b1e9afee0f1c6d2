"""The site configuration (`newsgen.yaml`): defaults, loading and validation."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from newsgen import safe_yaml
from newsgen.deploy.targets import Target, parse_targets
from newsgen.errors import ConfigError
from newsgen.vocabulary import LISTS, Vocabulary

CONFIG_FILE = "newsgen.yaml"


@dataclass(frozen=True)
class SiteConfig:
    """Everything a site can set in `newsgen.yaml`, with its default."""

    title: str = "Tin tức"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    rubrics: tuple[str, ...] = ()
    default_rubric: str = "Tin tức"
    default_year: int | None = None
    content_dir: str = "content"
    output_dir: str = "public"
    templates_dir: str = "templates"
    static_dir: str = "static"
    page_size: int = 20
    permalink: str = "/{slug}/"
    publisher: str = ""
    logo: str | None = None
    search: bool = True
    max_article_bytes: int = 5_000_000  # a real article is a few dozen kilobytes
    related_count: int = 5  # related stories under an article
    home_latest: int = 10  # "Tin mới nhất": the latest stories, with their times, in the right column
    home_per_section: int = 5  # stories in each rubric's block on the front page
    home_secondary: int = 3  # the stories with thumbnails under the lead story
    most_read_count: int = 10  # "Đọc nhiều" in the right column (from data/doc-nhieu.csv)
    # the newsroom's details in every page's footer: ((key, value), ...) in NEWSROOM_KEYS order
    newsroom: tuple[tuple[str, str], ...] = ()
    feed_size: int = 20  # entries in each feed (Atom, RSS, JSON Feed)
    feed_content: str = "summary"  # what a feed entry holds: "summary" (the sapo) or "full" (the whole story)
    news_sitemap_days: int = 2  # how far back the news sitemap reaches
    words_per_minute: int = 200  # for the reading time
    plugins: tuple[str, ...] | None = None  # installed plugins to use, in order; None: all installed
    # words a site adds to the loader's vocabulary: ((list name, words), ...)
    vocabulary_added: tuple[tuple[str, tuple[str, ...]], ...] = ()
    deploy_targets: tuple[Target, ...] = ()  # where `newsgen deploy` publishes (deploy: targets:)
    root: Path = field(default=Path("."), compare=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def vocabulary(self) -> Vocabulary:
        """The loader's words with the site's added: its own rubrics first, then the wire's."""
        return _vocabulary(self.rubrics, self.vocabulary_added)

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir


@functools.lru_cache(maxsize=16)  # read for every article: made once for each site's words
def _vocabulary(rubrics: tuple[str, ...], added: tuple[tuple[str, tuple[str, ...]], ...]) -> Vocabulary:
    return Vocabulary().extended(rubrics=rubrics, **dict(added))


# What a footer may print of the newsroom, in this order (Vietnamese news sites print their
# press licence and editor-in-chief with the address).
NEWSROOM_KEYS = ("name", "address", "phone", "email", "licence", "editor_in_chief")


def _parse_newsroom(data: dict, path: Path, line: int | None) -> tuple[tuple[str, str], ...]:
    for k, v in data.items():
        if k not in NEWSROOM_KEYS:
            raise ConfigError(path, f"unknown newsroom detail '{k}'; known: {', '.join(NEWSROOM_KEYS)}", line)
        if not isinstance(v, (str, int)) or isinstance(v, bool) or not str(v).strip() or len(str(v)) > 500:
            raise ConfigError(path, f"'newsroom.{k}' must be text of 1 to 500 characters, not {v!r}", line)
    return tuple((k, " ".join(str(data[k]).split())) for k in NEWSROOM_KEYS if k in data)


# key -> (accepted types, description used in messages)
_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str,), "a string"),
    "description": ((str,), "a string"),
    "base_url": ((str,), "a URL string"),
    "language": ((str,), "a language code string"),
    "timezone": ((str,), "a time zone name such as Asia/Ho_Chi_Minh"),
    "rubrics": ((list,), "a list of rubric names"),
    "default_rubric": ((str,), "a string"),
    "default_year": ((int, type(None)), "a year such as 2024"),
    "content_dir": ((str,), "a folder path"),
    "output_dir": ((str,), "a folder path"),
    "templates_dir": ((str,), "a folder path"),
    "static_dir": ((str,), "a folder path"),
    "page_size": ((int,), "a positive whole number"),
    "permalink": ((str,), "a URL pattern such as /{slug}/ or /{section}/{year}/{slug}/"),
    "publisher": ((str,), "a string"),
    "logo": ((str, type(None)), "an image path"),
    "search": ((bool,), "true or false"),
    "max_article_bytes": ((int,), "a positive whole number of bytes"),
    "related_count": ((int,), "a whole number (0 or more)"),
    "home_latest": ((int,), "a whole number (0 or more)"),
    "home_per_section": ((int,), "a whole number (0 or more)"),
    "feed_size": ((int,), "a positive whole number"),
    "feed_content": ((str,), "summary or full"),
    "news_sitemap_days": ((int,), "a positive whole number of days"),
    "words_per_minute": ((int,), "a positive whole number"),
    "plugins": ((list,), "a list of installed plugin names"),
    "home_secondary": ((int,), "a whole number (0 or more)"),
    "most_read_count": ((int,), "a whole number (0 or more)"),
    "newsroom": ((dict,), "a mapping of the newsroom's details (" + ", ".join(NEWSROOM_KEYS) + ")"),
    "deploy": ((dict,), "a mapping with 'targets', a list of {name, url}"),
    "vocabulary": ((dict,), f"a mapping of word lists ({', '.join(n for n in LISTS if n != 'rubrics')})"),
}

_POSITIVE = ("page_size", "max_article_bytes", "feed_size", "news_sitemap_days", "words_per_minute")
_COUNTS = ("related_count", "home_latest", "home_per_section", "home_secondary", "most_read_count")
_FOLDERS = ("content_dir", "output_dir", "templates_dir", "static_dir")


def _line_of(node: yaml.Node | None, key: str) -> int | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, _v in node.value:
        if getattr(k, "value", None) == key:
            return k.start_mark.line + 1
    return None


def _relative_inside(folder: str) -> bool:
    p = PurePosixPath(folder.replace("\\", "/"))
    return bool(folder.strip()) and not p.is_absolute() and ".." not in p.parts and "\0" not in folder


_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _valid_permalink(pattern: str) -> bool:
    if "{slug}" not in pattern or not pattern.startswith("/") or not pattern.endswith("/"):
        return False
    if any(name not in ("slug", "section", "year", "month", "day") for name in _PLACEHOLDER.findall(pattern)):
        return False
    rest = _PLACEHOLDER.sub("x", pattern)
    if any(c in rest for c in "{}\\?#%\0") or any(ord(c) < 32 for c in rest):
        return False
    segments = rest[1:-1].split("/")
    return all(s not in ("", ".", "..") for s in segments)


def _parse_vocabulary(data: dict, path: Path, line: int | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    added = []
    for name, words in data.items():
        if name not in LISTS or name == "rubrics":
            known = ", ".join(n for n in LISTS if n != "rubrics")
            hint = " (rubrics are set with the top-level 'rubrics' key)" if name == "rubrics" else ""
            raise ConfigError(path, f"unknown vocabulary list '{name}'{hint}; known lists: {known}", line)
        if not isinstance(words, list) or not all(isinstance(w, str) and 0 < len(w.strip()) <= 60 for w in words):
            raise ConfigError(
                path, f"'vocabulary.{name}' must be a list of words or phrases of 1 to 60 characters", line
            )
        added.append((name, tuple(w.strip() for w in words)))
    return tuple(added)


def parse_config(data: Any, path: Path, node: yaml.Node | None = None) -> SiteConfig:
    """Validate a mapping read from `newsgen.yaml` into a SiteConfig."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(path, "the configuration must be a mapping of keys to values", 1)
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = _line_of(node, str(key))
        if key not in _TYPES:
            known = ", ".join(sorted(_TYPES))
            raise ConfigError(path, f"unknown key '{key}' (known keys: {known})", line)
        types, what = _TYPES[key]
        if isinstance(value, bool) and bool not in types or not isinstance(value, types):
            raise ConfigError(path, f"'{key}' must be {what}, not {type(value).__name__} {value!r}", line)
        if key == "rubrics":
            if not all(isinstance(r, str) and r.strip() for r in value):
                raise ConfigError(path, "'rubrics' must be a list of non-empty strings", line)
            value = tuple(r.strip() for r in value)
        if key == "vocabulary":
            key, value = "vocabulary_added", _parse_vocabulary(value, path, line)
        if key == "newsroom":
            value = _parse_newsroom(value, path, line)
        if key == "deploy":
            key, value = "deploy_targets", parse_targets(value, path, line)
        if key in _FOLDERS and not _relative_inside(value):
            raise ConfigError(
                path, f"'{key}' must be a folder inside the site (a relative path without '..'), not {value!r}"
                + ("; use --output for a folder elsewhere" if key == "output_dir" else ""), line
            )  # fmt: skip
        if key in _POSITIVE and value < 1:
            raise ConfigError(path, f"'{key}' must be a positive whole number, not {value}", line)
        if key in _COUNTS and value < 0:
            raise ConfigError(path, f"'{key}' must be a whole number (0 or more), not {value}", line)
        if key == "plugins":
            if not all(isinstance(n, str) and n.strip() for n in value):
                raise ConfigError(path, "'plugins' must be a list of installed plugin names", line)
            value = tuple(n.strip() for n in value)
        if key == "home_secondary" and value > 4:
            raise ConfigError(path, f"'home_secondary' must be 0 to 4 (stories under the lead), not {value}", line)
        if key == "feed_content" and value not in ("summary", "full"):
            raise ConfigError(path, f"'feed_content' must be summary or full, not {value!r}", line)
        if key == "default_year" and value is not None and not 1900 <= value <= 2999:
            raise ConfigError(path, f"'default_year' must be a year such as 2024, not {value}", line)
        if key == "timezone":
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ConfigError(path, f"'timezone' is not a known time zone: {value!r}", line) from None
        if key == "permalink" and not _valid_permalink(value):
            raise ConfigError(
                path, "'permalink' must start and end with /, contain {slug}, use only {slug}, {section}, "
                f"{{year}}, {{month}} and {{day}}, and no '.' or '..' segments, not {value!r}", line
            )  # fmt: skip
        if key == "base_url":
            if not value.startswith(("http://", "https://", "/")):
                raise ConfigError(path, f"'base_url' must start with http://, https:// or /, not {value!r}", line)
            if not value.endswith("/"):
                value += "/"
        values[key] = value
    return SiteConfig(root=path.parent, **values)


def load_config(root: Path) -> SiteConfig:
    """Read `newsgen.yaml` in the site root; a site without one gets the defaults."""
    path = root / CONFIG_FILE
    if not path.exists():
        return SiteConfig(root=root)
    if not path.is_file():
        raise ConfigError(path, "the configuration is not a regular file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read the configuration: {exc}") from None
    try:
        node = safe_yaml.compose(text)
        data = safe_yaml.load(text)
    except RecursionError:
        raise ConfigError(path, "invalid YAML: nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(path, f"invalid YAML: {problem}", line) from None
    return parse_config(data, path, node)


def with_overrides(config: SiteConfig, **changes: Any) -> SiteConfig:
    """A copy of the configuration with command-line overrides applied (None = keep)."""
    changes = {k: v for k, v in changes.items() if v is not None}
    if "base_url" in changes and not changes["base_url"].endswith("/"):
        changes["base_url"] += "/"
    return dataclasses.replace(config, **changes)
