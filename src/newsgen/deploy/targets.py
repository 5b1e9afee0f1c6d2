"""Deployment targets as `newsgen.yaml` names them (`deploy: targets:`), checked when the
configuration is read. Credentials never come from here: a URL that carries a user's password
or a key is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from newsgen.errors import ConfigError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_SCP = re.compile(r"^(?:[A-Za-z0-9_.-]+@)?[A-Za-z0-9_.-]+:(?!//)")  # user@host:/path (rsync over SSH)
_BRANCH = re.compile(r"^(?!-)(?!.*\.\.)(?!.*//)[A-Za-z0-9._/-]{1,100}(?<![./])$")
_KEYS = {"name", "url", "branch", "cname"}


@dataclass(frozen=True)
class Target:
    """One place a site is published: its name, URL and, for git, the branch and CNAME."""

    name: str
    url: str
    kind: str  # "s3", "git" or "rsync"
    branch: str = "gh-pages"
    cname: str | None = None

    @property
    def s3_bucket(self) -> str:
        return urlsplit(self.url).netloc

    @property
    def s3_prefix(self) -> str:
        """The key prefix the site lives under: "" or "tin-tuc/"."""
        path = urlsplit(self.url).path.strip("/")
        return f"{path}/" if path else ""

    @property
    def s3_options(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.url).query))

    @property
    def git_remote(self) -> str:
        return self.url.removeprefix("git+")


def kind_of(url: str) -> str | None:
    if url.startswith("s3://"):
        return "s3"
    if url.startswith("git+"):
        return "git"
    if url.startswith(("rsync://", "file://")) or _SCP.match(url):
        return "rsync"
    return None


def _has_password(url: str) -> bool:
    if _SCP.match(url) and "://" not in url:
        return False  # user@host: names a user, never a secret
    parts = urlsplit(url.removeprefix("git+"))
    return parts.password is not None or (parts.username is not None and kind_of(url) == "s3")


def parse_targets(value: object, path: Path, line: int | None) -> tuple[Target, ...]:
    """`deploy:` from newsgen.yaml: a mapping with `targets:`, a list of {name, url, ...}."""
    if not isinstance(value, dict) or set(value) != {"targets"} or not isinstance(value["targets"], list):
        raise ConfigError(path, "'deploy' must be a mapping with one key, 'targets': a list of {name, url}", line)
    targets: list[Target] = []
    for item in value["targets"]:
        if not isinstance(item, dict) or not {"name", "url"} <= set(item) or set(item) - _KEYS:
            raise ConfigError(
                path,
                f"each deploy target must be a mapping of name, url and optionally branch, cname; not {item!r}",
                line,
            )
        name, url = item["name"], item["url"]
        if not isinstance(name, str) or not _NAME.match(name):
            raise ConfigError(path, f"deploy target name must be letters, digits, '.', '_' or '-', not {name!r}", line)
        if any(t.name == name for t in targets):
            raise ConfigError(path, f"two deploy targets are named {name!r}", line)
        if not isinstance(url, str) or (kind := kind_of(url)) is None or any(ord(c) < 32 for c in url):
            raise ConfigError(
                path, f"deploy target {name!r}: url must start with s3://, git+ (any git URL), rsync:// or "
                f"file://, or be user@host:/path, not {url!r}", line,
            )  # fmt: skip
        if _has_password(url):
            raise ConfigError(
                path, f"deploy target {name!r}: credentials do not belong in newsgen.yaml; give them through the "
                "environment or the tool's own configuration (AWS_ACCESS_KEY_ID, ~/.ssh, git credential helpers)",
                line,
            )  # fmt: skip
        if kind == "s3" and not urlsplit(url).netloc:
            raise ConfigError(path, f"deploy target {name!r}: an s3:// URL needs a bucket: s3://bucket/path", line)
        branch = item.get("branch", "gh-pages")
        if not isinstance(branch, str) or not _BRANCH.match(branch) or branch.endswith(".lock"):
            raise ConfigError(path, f"deploy target {name!r}: 'branch' is not a git branch name: {branch!r}", line)
        cname = item.get("cname")
        if cname is not None and (not isinstance(cname, str) or not re.fullmatch(r"[A-Za-z0-9.-]{1,253}", cname)):
            raise ConfigError(path, f"deploy target {name!r}: 'cname' must be a host name, not {cname!r}", line)
        if kind != "git" and ("branch" in item or cname is not None):
            raise ConfigError(path, f"deploy target {name!r}: 'branch' and 'cname' are for git targets only", line)
        targets.append(Target(name=name, url=url, kind=kind, branch=branch, cname=cname))
    return tuple(targets)


def choose(targets: tuple[Target, ...], name: str | None, config_path: Path) -> Target:
    """The target a user named, or the only one."""
    if not targets:
        raise ConfigError(config_path, "no deploy targets: add 'deploy: targets: [{name: ..., url: ...}]'")
    if name is None:
        if len(targets) > 1:
            names = ", ".join(t.name for t in targets)
            raise ConfigError(config_path, f"several deploy targets ({names}): name the one to deploy to")
        return targets[0]
    for t in targets:
        if t.name == name:
            return t
    raise ConfigError(config_path, f"no deploy target named {name!r}; targets: {', '.join(t.name for t in targets)}")
