"""User settings shared by every command: base IRI, zone override, publisher identity.

Read from ``newsexport.toml`` (``--config``, else ``./newsexport.toml`` when it
exists); command-line options override the file. Writers take a Settings and never
read the environment themselves, so output depends only on input + settings.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InputError
from .record import DEFAULT_BASE_URI

DEFAULT_CONFIG = Path("newsexport.toml")


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str | None = None
    logo: str | None = None


@dataclass(frozen=True)
class Settings:
    base_uri: str = DEFAULT_BASE_URI
    timezone: str | None = None
    publisher: Publisher | None = None
    feed: dict[str, Any] = field(default_factory=dict)  # [feed] table: title, limit, ...
    input_format: str | None = None  # --from: every input read as this format, no sniffing

    def __post_init__(self) -> None:
        """Checked however they are made: in code, from the file or from options."""
        object.__setattr__(self, "base_uri", check_base_uri(self.base_uri))
        if self.timezone is not None:
            check_timezone(self.timezone)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Settings:
        """Settings from a ``newsexport.toml`` file (an InputError naming it if it is bad)."""
        return load(Path(path))

    def with_options(self, **options: Any) -> Settings:
        """These settings, with every option that was given (not None) taking precedence."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


def check_base_uri(base: str) -> str:
    if not base.startswith(("http://", "https://", "urn:")) or \
            any(c in base for c in " <>\"{}|\\^`"):
        raise InputError(f"base URI {base!r} must be an http(s) or urn: IRI with no spaces",
                         field="base_uri")
    return base if base.endswith(("/", "#", ":")) else base + "/"


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)",
                         field="timezone") from None
    return name


def load(path: Path | None = None) -> Settings:
    """Settings from `path`, or from ./newsexport.toml if present, else the defaults."""
    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return Settings()
        path = DEFAULT_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read settings: {exc}", source=str(path)) from None
    known = {"base_uri", "timezone", "publisher", "feed"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(f"unknown setting(s) {', '.join(unknown)}; "
                         f"known: {', '.join(sorted(known))}", source=str(path))
    pub = data.get("publisher")
    publisher = None
    if pub is not None:
        if not isinstance(pub, dict) or not isinstance(pub.get("name"), str):
            raise InputError("[publisher] needs at least name = \"...\"", source=str(path),
                             field="publisher")
        for key in ("url", "logo"):
            value = pub.get(key)
            if value is not None and (not isinstance(value, str)
                                      or not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", value)):
                raise InputError(f"{value!r} is not an absolute http(s) URL", source=str(path),
                                 field=f"publisher.{key}")
        publisher = Publisher(pub["name"], pub.get("url"), pub.get("logo"))
    try:
        return Settings(publisher=publisher, feed=dict(data.get("feed", {}))).with_options(
            base_uri=data.get("base_uri"), timezone=data.get("timezone"))
    except InputError as exc:
        raise exc.located(str(path)) from None
