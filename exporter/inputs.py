"""Finding inputs (files, directories, stdin) and turning their bytes into checked text.

Everything here raises InputError naming the file and the reason, so a batch can
report one bad input in one line and go on with the next.
"""

from __future__ import annotations

import codecs
import contextvars
import hashlib
import os
import re
import sys
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

# What a directory walk picks up; other files in a tree (images, .DS_Store) are not articles.
ARTICLE_SUFFIXES = (".txt", ".xml", ".json", ".jsonl", ".sgm", ".html", ".htm", ".xhtml",
                    ".html.gz", ".htm.gz")
# What a directory walk of `validate` picks up: documents of structured data.
CHECKED_SUFFIXES = (".json", ".jsonl", ".jsonld", ".ninjs", ".html", ".htm", ".html.gz", ".xml",
                    ".ttl", ".nt", ".nq", ".trig", ".rdf", ".owl")
MAX_LINE = 1_000_000  # characters; a longer "line" is not an article but a broken file
# What no article needs and XML cannot carry: C0 controls but tab, newline and carriage return
# (line ends), DEL, C1 controls, and the non-characters (U+FDD0-U+FDEF, U+xFFFE and U+xFFFF).
_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef" + "".join(
    f"{chr((plane << 16) | 0xFFFE)}{chr((plane << 16) | 0xFFFF)}" for plane in range(17)) + "]")
# The BMP's share of those, and where an astral one could be: two classes a regex scans ten
# times faster than the one above (its 34 astral non-characters are tested one by one).
_REMOVED_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# --strict: refuse an input holding them (as every input was refused before), instead of removing
# them with a warning. Set per read by exporter.pipeline, so no reader has to pass it on.
STRICT: contextvars.ContextVar[bool] = contextvars.ContextVar("strict", default=False)


class CleanedTextWarning(UserWarning):
    """Characters no article needs (control characters, non-characters) were removed."""


@dataclass(frozen=True)
class Input:
    """One input: `display` names it in messages, `name` is stable across machines."""

    display: str
    name: str
    path: Path | None  # None for stdin

    def read_bytes(self) -> bytes:
        if self.path is None:
            return sys.stdin.buffer.read()
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", source=self.display) from None


def discover(arguments: list[str], suffixes: tuple[str, ...] = ARTICLE_SUFFIXES
             ) -> Iterator[Input]:
    """Inputs in a stable order: files as given, directories walked recursively and sorted
    (their files with one of `suffixes`)."""
    for argument in arguments:
        if argument == "-":
            yield Input("<stdin>", "stdin", None)
            continue
        path = Path(argument)
        if path.is_dir():
            for found, name in _walk(path, "", suffixes):
                yield Input(str(found), name, found)
        elif path.exists():
            yield Input(argument, path.name, path)
        else:
            yield Input(argument, path.name or argument, path)  # read_bytes reports it


def _walk(folder: Path, prefix: str, suffixes: tuple[str, ...]) -> Iterator[tuple[Path, str]]:
    """Article files under `folder` and their names relative to the top (`prefix` + name).

    The order is ``sorted(top.rglob("*"))``'s, a Path comparing as its tuple of parts:
    each folder's entries by name, a subfolder's files just where its name sorts
    ("a/b.txt" before "a-b.txt" and "a.txt", as "a" < "a-b.txt" < "a.txt"). Only the
    entries of the folders on the current path are held, never the whole tree. As
    rglob, it lists symbolic links but does not walk into linked folders, and skips
    folders it may not read.
    """
    names: list[str] = []
    folders: set[str] = set()  # names alone and a set of the few folders: half the memory
    try:                       # of (name, is-folder) pairs in a folder of 100,000 files
        with os.scandir(folder) as scan:
            for entry in scan:
                names.append(entry.name)
                if entry.is_dir(follow_symlinks=False):
                    folders.add(entry.name)
    except PermissionError:
        return
    names.sort()
    for name in names:
        path = folder / name
        if name in folders:
            yield from _walk(path, f"{prefix}{name}/", suffixes)
        elif any(name.lower().endswith(s) and len(name) > len(s) for s in suffixes) \
                and path.is_file():  # ".txt" alone is a hidden file, not a .txt file
            yield path, prefix + name


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is a clear error.

    Never guesses a legacy encoding: mojibake that looks fine is worse than a refusal.
    """
    if not data.strip():
        raise InputError("empty file" if not data else "file holds only white space",
                         source=source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte {exc.start}", source=source) from None
    else:
        head = data[:8192]
        if head.count(b"\x00") * 100 > len(head):  # a stray NUL in text is removed below
            raise InputError("binary file (NUL bytes), not text", source=source)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise InputError(f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded "
                             "(convert the file to UTF-8)", source=source, line=line) from None
    return check_text(text, source)


def _after_lead_byte(text: str, at: int) -> bool:
    """Whether the C1 control at `at` continues a UTF-8 sequence read as Latin-1: a lead byte
    (Ã, ä, ð, ...) and continuation bytes, the sign of text decoded wrongly and encoded as
    UTF-8 again ("FranÃ\x83Â§ois", "ä¸\x80"), its letters perhaps decomposed since."""
    if not "\x80" <= text[at] <= "\x9f":
        return False
    for char in reversed(unicodedata.normalize("NFC", text[max(at - 6, 0):at])[-3:]):
        if not "\x80" <= char <= "\xbf":
            return "\xc2" <= char <= "\xf4"
    return False


def check_text(text: str, source: str) -> str:
    """`text` without control characters and non-characters (with one warning naming the
    first's line and column), or an InputError: for over-long lines, for text encoded as
    UTF-8 twice (removing its C1 controls would leave mojibake), and with --strict."""
    if len(text) > MAX_LINE:
        for number, line in enumerate(text.split("\n"), 1):
            if len(line) > MAX_LINE:
                raise InputError(f"line is {len(line):,} characters long (limit {MAX_LINE:,}); "
                                 "not an article", source=source, line=number)
    bad = _REMOVED.search(text) if _REMOVED_BMP.search(text) or _ASTRAL.search(text) else None
    if not bad:
        return text
    at = bad.start()
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    twice = next((m.start() for m in _REMOVED.finditer(text, at) if _after_lead_byte(
        text, m.start())), None)
    if twice is not None or STRICT.get():
        if twice is not None:
            at = twice
            line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        hint = " (text encoded as UTF-8 twice? repair the file)" if twice is not None else ""
        raise InputError(f"control character U+{ord(text[at]):04X} at column {column}{hint}",
                         source=source, line=line)
    cleaned, removed = _REMOVED.subn("", text)
    warnings.warn(CleanedTextWarning(
        f"{source}:{line}: removed {removed} control character(s) or non-character(s), the "
        f"first U+{ord(bad.group()):04X} at column {column} (--strict refuses the input)"),
        stacklevel=2)
    if not cleaned.strip():
        raise InputError("file holds only control characters and white space", source=source)
    return cleaned
