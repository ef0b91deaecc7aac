"""Problems as ``validate`` prints them: one line each, or JSON for tools, and a summary."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, replace

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """One finding. `rule` names the check (``schema.org/range``, ``google-article/image``);
    `term` the schema.org term or field it is about, when there is one."""

    severity: str
    rule: str
    message: str
    path: str = "$"
    line: int = 1
    file: str = ""
    term: str = ""

    @property
    def kind(self) -> str:
        """The rule without its family: ``range`` for ``schema.org/range``."""
        return self.rule.rsplit("/", 1)[-1]

    def at(self, file: str, line: int | None = None) -> Problem:
        return replace(self, file=file, line=self.line if line is None else line)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""  # a record checked in code
        return f"{where}{self.path}: {self.severity}: {self.message} ({self.rule})"

    def as_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


def at_line(problems: list[Problem], line: int) -> list[Problem]:
    """`problems` placed at `line` (a node's), unless that is the unknown first line."""
    return problems if line == 1 else [replace(p, line=line) for p in problems]


def error(rule: str, message: str, path: str = "$", term: str = "") -> Problem:
    return Problem(ERROR, rule, message, path, term=term)


def warning(rule: str, message: str, path: str = "$", term: str = "") -> Problem:
    return Problem(WARNING, rule, message, path, term=term)


@dataclass
class Tally:
    """What a run checked and found, for the summary line and the exit code."""

    documents: Counter[str]
    severities: Counter[str]

    @staticmethod
    def empty() -> Tally:
        return Tally(Counter(), Counter())

    def add(self, problem: Problem) -> None:
        self.severities[problem.severity] += 1

    def failed(self, strict: bool) -> bool:
        return bool(self.severities[ERROR] or (strict and self.severities[WARNING])
                    or not self.documents)

    def summary(self) -> str:
        kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(self.documents.items()))
        return f"{sum(self.documents.values())} document(s) checked ({kinds or 'none'}): " \
               f"{self.severities[ERROR]} error(s), {self.severities[WARNING]} warning(s)"
