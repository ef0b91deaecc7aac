"""Google Search's Article structured data rules (profile ``google-article``).

Google requires no property of an Article, NewsArticle or BlogPosting but recommends
some and says how their values must look. A recommended property that is missing is a
warning; a value Google cannot use (an image that is not a crawlable URL, an author
without a name, a date that is not ISO 8601 or a modification before the publication)
is an error. Each problem names its rule, ``google-article/<property>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from .model import Document, Link, Literal, Node, Value, walk
from .report import Problem, at_line, error, warning
from .vocabulary import Vocabulary, local

PROFILE = "google-article"
_ARTICLE = frozenset({"Article"})
_AGENT = frozenset({"Person", "Organization"})
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?"
                  r"(Z|[+-]\d\d:?\d\d)?)?")
_ZONE = re.compile(r"T.*(Z|[+-]\d\d:?\d\d)$")
_BYLINE = re.compile(r"(?i)(by|posted by|written by)\s")


def check(document: Document, vocab: Vocabulary) -> list[Problem]:
    """The rules for every Article (or subtype) node of the document."""
    problems: list[Problem] = []
    for node in walk(document.nodes):
        types = {name for t in node.types if (name := local(t))}
        if vocab.fits(types, _ARTICLE):
            problems += at_line(_article(node, vocab), node.line)
    return problems


def _values(node: Node, name: str) -> list[tuple[Value, str]]:
    return [(v, path) for p, v, path in node.values if local(p) == name]


def _rule(name: str) -> str:
    return f"{PROFILE}/{name}"


def _article(node: Node, vocab: Vocabulary) -> list[Problem]:
    problems = []
    headlines = _values(node, "headline")
    if not headlines:
        problems.append(warning(_rule("headline"), "no headline (recommended)", node.path))
    for value, path in headlines:
        if not isinstance(value, Literal) or not value.text.strip():
            problems.append(error(_rule("headline"), "headline must be non-empty text", path))
    images = _values(node, "image")
    if not images:
        problems.append(warning(_rule("image"), "no image (recommended)", node.path))
    for value, path in images:
        problems += _image(value, path)
    authors = _values(node, "author")
    if not authors:
        problems.append(warning(_rule("author"), "no author (recommended)", node.path))
    for value, path in authors:
        problems += _agent("author", value, path, vocab, url_wanted=True)
    for value, path in _values(node, "publisher"):
        problems += _agent("publisher", value, path, vocab, url_wanted=False)
    if not _values(node, "publisher"):
        problems.append(warning(_rule("publisher"), "no publisher", node.path))
    published = _date(node, "datePublished", problems, required=True)
    modified = _date(node, "dateModified", problems, required=False)
    # Two times are comparable when both name their zone, or neither (then the same one).
    if published and modified and published.zoned == modified.zoned and \
            _before(modified, published):
        problems.append(error(_rule("dateModified"), f"dateModified {modified.text} is before "
                              f"datePublished {published.text}", modified.path))
    return problems


def _before(one: _When, other: _When) -> bool:
    """Whether `one` is before `other`; a date without a time is its whole day, so it is
    before only an earlier day (an article modified "2021-03-05" and published at 09:00
    that day is not modified before it was published)."""
    if "T" not in one.text or "T" not in other.text:
        return one.when.date() < other.when.date()
    return one.when < other.when


def _url(value: Value) -> str | None:
    if isinstance(value, Link):
        return value.iri
    if isinstance(value, Literal):
        return value.text.strip()
    return None


def _crawlable(url: str) -> bool:
    return bool(re.match(r"(?i)https?://[^\s/]+", url)) and not any(c.isspace() for c in url)


def _image(value: Value, path: str) -> list[Problem]:
    if isinstance(value, Node):
        urls = [(u, at) for p, v, at in value.values if local(p) in ("url", "contentUrl")
                for u in [_url(v)] if u is not None]
        if not urls:
            return [warning(_rule("image"), "an ImageObject without url or contentUrl: Google "
                            "has no image to show", path)]
        return [p for u, at in urls for p in _image(Literal(u), at)]
    url = _url(value) or ""
    if not _crawlable(url):
        return [error(_rule("image"), f"image {url!r} is not an absolute http(s) URL "
                      "Google can crawl", path)]
    return []


def _agent(role: str, value: Value, path: str, vocab: Vocabulary, url_wanted: bool
           ) -> list[Problem]:
    if isinstance(value, Link):
        return []  # described elsewhere; nothing to check here
    if isinstance(value, Literal):
        return [warning(_rule(role), f"{role} is text {value.text[:60]!r}: give a Person or "
                        "Organization with a name", path)]
    problems = []
    types = {name for t in value.types if (name := local(t))}
    if not vocab.fits(types, _AGENT):
        problems.append(warning(_rule(f"{role}.type"), f"{role} should be a Person or an "
                                f"Organization, not {'/'.join(sorted(types)) or 'untyped'}",
                                path))
    names = [v.text.strip() for v, _ in _values(value, "name") if isinstance(v, Literal)]
    if not any(names):
        problems.append(error(_rule(f"{role}.name"), f"{role} has no name", path))
    elif role == "author" and any(_BYLINE.match(n) for n in names):
        problems.append(warning(_rule("author.name"), f"author name {names[0]!r} holds a "
                                "byline; give only the name", path))
    if url_wanted and not _values(value, "url") and not _values(value, "sameAs"):
        problems.append(warning(_rule(f"{role}.url"), f"{role} has no url (or sameAs) that "
                                "identifies them", path))
    return problems


@dataclass(frozen=True)
class _When:
    when: datetime  # aware; UTC when the text names no zone
    text: str
    path: str
    zoned: bool


def _date(node: Node, name: str, problems: list[Problem], required: bool) -> _When | None:
    """The first value of `name`, if it is ISO 8601; what is wrong with it goes to
    `problems`."""
    values = _values(node, name)
    if not values:
        if required:
            problems.append(warning(_rule(name), f"no {name} (recommended)", node.path))
        return None
    value, path = values[0]
    text = value.text.strip() if isinstance(value, Literal) else ""
    when = parse_iso(text)
    if when is None:
        problems.append(error(_rule(name), f"{name} {text!r} is not an ISO 8601 date or "
                              "date-time", path))
        return None
    zoned = bool(_ZONE.search(text))
    if not zoned:
        what = "date-time" if "T" in text else "date"
        problems.append(warning(_rule(f"{name}.timezone"), f"{name} {text} is a {what} "
                                "without a time zone; Google then assumes one", path))
    return _When(when, text, path, zoned)


def parse_iso(text: str) -> datetime | None:
    """An ISO 8601 date or date-time; UTC when it names no offset, None when malformed."""
    match = _ISO.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    offset = UTC
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        hours, minutes = int(zone[1:3]), int(zone[-2:])
        if hours > 23 or minutes > 59:
            return None
        offset = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                        int(second or 0), tzinfo=offset)
    except ValueError:
        return None
