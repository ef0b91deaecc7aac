"""Header lines: who credits the story, who wrote and edited it, when it was published.

Pages print these in any order, one per line or glued into one ("By Li Ming | China Daily
| Updated: 2015-04-03 10:20", "Source:China Military Online Editor:Wang Fang 2015-04-03
20:36:21", "Xinhua) 09:19, July 29, 2021"). A line is read as labelled parts (Source:,
Editor:, By, Updated:, a parenthesised credit), time stamps and known source names; it is a
header line when little of it is left unexplained.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from ... import sources
from .stamps import RELATIVE, Stamp, find_clock, find_stamps

_MAX_CHARS = 300
_PART = re.compile(
    r"\((?P<paren>[^()|]{1,60})\)"
    r"|(?P<label>^(?:from|por|par|von)(?= [A-Z])|"
    r"(?<![\w'])(?:source|(?:web )?editors?(?: in charge)?|by|updated|published|"
    r"posted|last updated|release time|publish(?:ed)? (?:on|time)|date|publié le|"
    r"veröffentlicht(?: am)?|actualizado|publicado|oppdatert|reporter|writer|author|"
    r"photos?)(?![\w'])(?: ?[:：]| (?=[A-Z\d]))?)"
    r"|(?P<sep>[|•·丨]|(?<= )[-–—]{1,2}(?= |$)|^[-–—] |[,;、])"
    r"|(?P<word>[^\s|•·丨(),;、]+)", re.IGNORECASE)
_DATE_LABEL = re.compile(r"\b(?:date|published|posted|updated)\s*:\s*(?:[A-Z][a-z]+,?\s*)?$",
                         re.IGNORECASE)
_UPDATED = re.compile(r"updated|last|actualizado|oppdatert", re.IGNORECASE)
_BY = re.compile(r"by|from|por|par|von|reporter|writer|author", re.IGNORECASE)
# Ranks and honorifics before a name in a byline ("By Senior Colonel Tan Kefei, Deputy ...").
_RANK = re.compile(r"^(?:(?:senior|junior|lieutenant|major|brigadier|rear|vice)\s+)?"
                   r"(?:colonel|general|captain|admiral|commander|major|lieutenant|dr\.?|"
                   r"prof\.?|professor|ambassador|sir|dame)\s+", re.IGNORECASE)
# A title after the name: "..., Deputy Director General of the Information Office".
_TITLE = re.compile(r"(?:deputy|director|general|minister|spokes(?:wo)?(?:man|person)|chief|"
                    r"head|president|chairman|secretary|editor|correspondent|professor|"
                    r"ambassador|officer|manager|founder|analyst|fellow|researcher)\b",
                    re.IGNORECASE)
# Words of page furniture that are never part of a name ("Print E-mail", "Text Version").
_UI_WORDS = {"print", "e-mail", "email", "mail", "share", "comment", "comments", "version",
             "text", "download", "save", "font", "size", "close", "menu", "home", "news",
             "channel", "video", "photo", "photos", "more", "follow", "subscribe", "app",
             "large", "medium", "small", "read", "listen", "min", "caption", "image", "rights",
             "information"}
# Words of a byline that are no one's name: "By CCTV reporter Li Ming", "Xinhua writers A, B".
_ROLE = re.compile(r"(?:staff|senior|chief|special|our)?\s*(?:reporters?|writers?|"
                   r"correspondents?|contributors?|editors?)\b", re.IGNORECASE)
_GENERIC = re.compile(r"(?:agencies|wires?|staff|agency reports?|news desk|newsroom|"
                      r"wire services?|online)", re.IGNORECASE)
_PLACE_SUFFIX = re.compile(r"\s+(?:in|from|at|en|aus|in the)\s+[A-Z][\w .'-]*$")
_NAME_WORD = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-Z]{2,}|de|da|van|von|der|bin|binti|al|"
                        r"el|la|le|du|dos|di|y)")


@dataclass
class Facts:
    """What one header line says."""

    stamps: list[tuple[Stamp, bool]] = field(default_factory=list)  # (stamp, is an update)
    clock_only: tuple | None = None
    source: str | None = None
    people: list[str] = field(default_factory=list)
    byline_org: str | None = None
    editors: list[str] = field(default_factory=list)
    leftover: int = 0
    words: int = 0
    labels: int = 0

    def said(self) -> list[str]:
        """A short account of the parts found, for --explain."""
        out = [("updated " if upd else "date ") + s.day.isoformat()
               + (f" {s.clock.isoformat('minutes')}" if s.clock else "") for s, upd in self.stamps]
        if self.clock_only:
            out.append(f"time {self.clock_only[0].isoformat('minutes')}")
        if self.source:
            out.append(f"source {self.source!r}")
        if self.people or self.byline_org:
            out.append(f"byline {self.people or [self.byline_org]}")
        if self.editors:
            out.append(f"editors {self.editors}")
        return out


def name_list(text: str) -> list[str]:
    """Names of a byline: "Li Ming and Wang Fang in Beijing, Jane Doe in Wuhan"."""
    parts = re.split(r"\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|&|/|、)\s*", text.strip(" .-–—"))
    names = []
    for part in parts:
        part = _PLACE_SUFFIX.sub("", part.strip(" .")).strip()
        if part:
            names.append(part)
    return names


def is_name(text: str) -> bool:
    """A person's name as bylines print it: two to five capitalised words, no digits."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.fullmatch(w) for w in words) and \
        not _GENERIC.search(text) and not sources.lookup(text) and \
        not any(w.lower() in _UI_WORDS for w in words)


def _byline(facts: Facts, text: str) -> None:
    """People and credited source of a byline's text."""
    text = text.strip(" .-–—")
    for start, end, _ in sources.mentions(text):
        before = _ROLE.sub(" ", text[:start]).strip(" ,")
        after = text[end:].strip(" ,")
        if not before or _GENERIC.fullmatch(before):
            facts.source = facts.source or sources.tidy_name(
                text[:end] if before or re.match(r"\s*(?:in|from)\b", text[end:]) else text)
            if re.search(r"\bstaff\b", text, re.IGNORECASE):
                facts.byline_org = sources.tidy_name(text)
            elif after and not sources.lookup(after):
                facts.leftover += _unexplained(after)
            return
        facts.source = facts.source or text[start:end]
        facts.leftover += _unexplained(after) if after and not sources.lookup(after) else 0
        text = before
        break
    text = _ROLE.sub(" ", text).strip()
    first, comma, title = text.partition(",")
    if comma and _TITLE.match(title.strip()) and _looks_named(_RANK.sub("", first.strip())):
        facts.people.append(_RANK.sub("", first.strip()))  # a name, then its holder's title
        return
    names = [n for n in name_list(text) if not _GENERIC.fullmatch(n)]
    if len(names) >= 2 and len(names[-1].split()) == 1 and len(names[0].split()) >= 2 and \
            "," in text:
        names.pop()  # "By Jane Doe, Abuja": where she files from
    if not names and _GENERIC.search(text):
        facts.source = facts.source or sources.tidy_name(text)
        return
    agencies = [n for n in names if sources.lookup(n)]
    if agencies:
        facts.source = facts.source or agencies[0]
        names = [n for n in names if n not in agencies]
    if all(_looks_named(n) for n in names):
        facts.people += names
    else:
        facts.leftover += _unexplained(text) + 1


def _unexplained(text: str) -> int:
    """How many words of `text` a header line leaves unexplained (page furniture counts not)."""
    words = [w.strip("()[]:,.").lower() for w in re.split(r"[\s)(]+", text)]
    return sum(1 for w in words if w and w not in _UI_WORDS and w != "s")


def _looks_named(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and all(_NAME_WORD.fullmatch(w) for w in words) and \
        not any(w.lower() in _UI_WORDS for w in words)


_CREDITS = re.compile(
    r"\(?(?:additional )?reporting by (?P<by>[^;()]+?)"
    r"(?:[;,] ?(?:and )?(?:writing|editing|additional reporting|compiled) by (?P<ed>[^;()]+?))*"
    r"\)?\.?", re.IGNORECASE)


def read_credits(text: str) -> Facts | None:
    """A wire story's closing credit: "Reporting by A and B; Editing by C"."""
    match = _CREDITS.fullmatch(text) if len(text) < 300 else None
    if not match or (text.startswith("(") and not text.rstrip(".").endswith(")")
                     and match.group("ed") is None):
        return None  # "(Reporting by A, B, C and" cut by the excerpt's end names no one yet
    facts = Facts(words=len(text.split()))
    names = [n for n in name_list(match.group("by")) if _looks_named(n)
             and not _GENERIC.search(n) and not sources.mentions(n)]
    facts.people += names
    editing = re.search(r"editing by (?P<ed>[^;()]+)", text, re.IGNORECASE)
    if editing:
        facts.editors += [n.rstrip(".") for n in name_list(editing.group("ed"))]
    return facts


def read_header(text: str, anchor: date | None) -> Facts | None:
    """The facts of a header line, or None when `text` reads as anything else."""
    if len(text) > _MAX_CHARS:
        return None
    facts = Facts()
    enclosed = re.fullmatch(r"\((?P<inner>[^()]*:[^()]*)\)", text)
    if enclosed:  # "(Web editor: Li Ming, Wang Fang)"
        text = enclosed.group("inner")
    stamps = find_stamps(text, anchor)
    masked = text
    for stamp in reversed(stamps):
        masked = masked[:stamp.start] + " | " + masked[stamp.end:]
    if not stamps and (clock := find_clock(text)):
        facts.clock_only = clock
        masked = masked[:clock[2]] + " | " + masked[clock[3]:]
    if stamps or facts.clock_only:
        masked = RELATIVE.sub(" | ", masked)  # "KYODO NEWS - 5 hours ago - 09:21"
    facts.words = len(text.split())
    # Past this many unexplained words the line is no header (unless it opens with its stamp
    # or labels it), and the count only grows: the rest of the line need not be read.
    limit = max(4, facts.words // 3)
    labelled = bool(stamps) and bool(_DATE_LABEL.search(text[:stamps[0].start]))
    may_fail = not (stamps and stamps[0].start == 0) and not labelled
    updated = False
    after_byline = False
    for label, words in _chunks(masked):
        if may_fail and facts.leftover > limit:
            return None
        if after_byline and label is None and len(words) == 1 and not facts.source and \
                ("." in words[0] or sources.lookup(words[0])) and \
                words[0] in text and f"({words[0]})" in text.replace("( ", "(").replace(" )", ")"):
            facts.source = sources.tidy_name(words[0])  # "By Li Ming (example.com)"
            after_byline = False
            continue
        after_byline = bool(label and _BY.fullmatch(label.rstrip(": ：").lower()))
        value = " ".join(words).strip()
        kind = label.rstrip(": ：").lower() if label else ""
        if label:
            facts.labels += 1
        if kind == "source":
            if value:
                facts.source = facts.source or sources.tidy_name(value)
        elif kind.startswith(("editor", "web editor")):
            facts.editors += [n for n in name_list(value) if n.lower() != "bianji"]
        elif label and _BY.fullmatch(kind):
            if value:
                _byline(facts, value)
        elif label and kind.startswith("photo"):
            facts.leftover += len(words) + 1
        elif label:
            updated = updated or bool(_UPDATED.match(kind))
            facts.leftover += len(words)
        elif value:
            _plain(facts, value)
    if updated and stamps:  # "Updated: <stamp>", not "<stamp> / Updated 19 hours ago"
        updated = bool(_UPDATED.search(text[:stamps[0].start]))
    for n, stamp in enumerate(stamps):
        facts.stamps.append((stamp, updated and n == 0 and len(stamps) == 1))
    if _UPDATED.search(text) and len(stamps) >= 2:
        facts.stamps[-1] = (facts.stamps[-1][0], True)
    found = bool(stamps or facts.clock_only or facts.source or facts.people or facts.editors
                 or facts.byline_org)
    if not found:
        return None
    if facts.leftover > limit and may_fail:
        return None  # a line that opens with a time stamp (or "DATE:" one) is a header line
    return facts


def _plain(facts: Facts, value: str) -> None:
    """An unlabelled part: a credited source ("China Daily", "Xinhua)") or unexplained words."""
    value = value.strip(" )(-–—:")
    if not value:
        return
    initials = re.fullmatch(r"(?P<name>.+?) ?/ ?[a-z]{2,4}", value)
    if initials and is_name(initials["name"]) and not facts.people:
        facts.people.append(initials["name"])  # "Jane Doe / jr": the author, the editor's initials
        return
    if sources.lookup(value):
        facts.source = facts.source or sources.tidy_name(value)
        if re.search(r"\bstaff\b", value, re.IGNORECASE):
            facts.byline_org = sources.tidy_name(value)
        return
    found = sources.mentions(value)
    if found:
        start, end, _ = found[0]
        before, after = value[:start].strip(" ,-"), value[end:].strip(" ,-")
        facts.source = facts.source or value[start:end]
        if before and is_name(before) and not facts.people:
            facts.people.append(before)  # "Jane Doe China Plus Published: ..."
        elif before:
            facts.leftover += _unexplained(before)
        facts.leftover += _unexplained(after)
        return
    facts.leftover += _unexplained(value)


def _keeps_commas(label: str) -> bool:
    """Bylines and editor lines list names with commas: "By A, B and C", "Editor: A, B"."""
    kind = label.rstrip(": ：").lower()
    return bool(_BY.fullmatch(kind)) or "editor" in kind


def _chunks(text: str) -> Iterator[tuple[str | None, list[str]]]:
    """(label, words) runs of a header line; a parenthesised part is a run of its own. Made
    as they are read, so a line given up on after a few runs is not split to its end."""
    label: str | None = None
    words: list[str] = []
    in_byline = False
    for match in _PART.finditer(text):
        part = match.lastgroup  # which of the four alternatives matched (none matches empty)
        if part == "word":
            words.append(match.group("word"))
            continue
        if part == "sep" and in_byline and match.group("sep") in ",、":
            words.append(",")
            continue
        if label or words:
            yield label, words
        label, words = None, []
        in_byline = False
        if part == "paren":
            yield None, [match.group("paren")]
        elif part == "label":
            label = match.group("label")
            in_byline = _keeps_commas(label)
    if label or words:
        yield label, words
