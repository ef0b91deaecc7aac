"""User settings shared by every command: base IRI, zone override, publisher identity.

Read from ``newsexport.toml`` (``--config``, else ``./newsexport.toml`` when it
exists); command-line options override the file. Writers take a Settings and never
read the environment themselves, so output depends only on input + settings.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import iri
from .errors import InputError
from .record import DEFAULT_BASE_URI

DEFAULT_CONFIG = Path("newsexport.toml")
FEED_IRIS = ("id", "link", "self", "base_url")  # [feed] settings that are IRIs
STANDARDS_ENVIRONMENT = "NEWSEXPORT_STANDARDS"  # the folder of IPTC's schemas, for validate
DEFAULT_STORE = Path("newsexport-store")  # the embedded store when none is named
DEFAULT_BATCH = 100  # graphs per transaction / request


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
    strict: bool = False  # refuse inputs with control characters instead of removing them

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


def check_base_uri(base: object) -> str:
    """The base every IRI is minted under: an http(s) or urn: IRI (RFC 3987) ending in
    "/", "#" or ":" ("/" is added), so that every IRI minted from it is one too."""
    if not isinstance(base, str) or not base.startswith(("http://", "https://", "urn:")):
        raise InputError(f"base URI {base!r} must be an http(s) or urn: IRI", field="base_uri")
    base = base if base.endswith(("/", "#", ":")) else base + "/"
    problem = iri.problem(base + "article/0")
    if problem:
        raise InputError(f"base URI {base!r} is not a valid IRI: {problem}", field="base_uri")
    return base


def check_timezone(name: object) -> str:
    if not isinstance(name, str):
        raise InputError(f"time zone {name!r} must be a string such as \"Asia/Shanghai\"",
                         field="timezone")
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
    try:
        return Settings(publisher=_publisher(data.get("publisher")),
                        feed=_feed(data.get("feed", {}))).with_options(
            base_uri=data.get("base_uri"), timezone=data.get("timezone"))
    except InputError as exc:
        raise exc.located(str(path)) from None


def check_url(value: object, field: str) -> str:
    """An absolute http(s) URL that is a valid IRI (publisher url and logo)."""
    if not isinstance(value, str) or not value.startswith(("http://", "https://")) or \
            not iri.is_iri(value):
        raise InputError(f"{value!r} is not an absolute http(s) URL", field=field)
    return value


def check_name(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{value!r} must be a name that is not empty or blank", field=field)
    return value


def _publisher(table: object) -> Publisher | None:
    if table is None:
        return None
    if not isinstance(table, dict) or "name" not in table:
        raise InputError("[publisher] needs at least name = \"...\"", field="publisher")
    urls = {key: check_url(table[key], f"publisher.{key}")
            for key in ("url", "logo") if table.get(key) is not None}
    return Publisher(check_name(table["name"], "publisher.name"), **urls)


def _feed(table: object) -> dict[str, Any]:
    """The [feed] table; the feed writer checks its values, but for the IRIs (checked here,
    where they enter)."""
    if not isinstance(table, dict):
        raise InputError(f"[feed] must be a table, not {table!r}", field="feed")
    for key in FEED_IRIS:
        value = table.get(key)
        if isinstance(value, str) and iri.problem(value):
            raise InputError(f"{value!r} is not a valid IRI: {iri.problem(value)}",
                             field=f"feed.{key}")
    return dict(table)
