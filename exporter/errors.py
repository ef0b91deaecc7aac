"""One exception type for everything a user can get wrong, printed as one line."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: names where (file, line, field) and why, never a traceback."""

    def __init__(self, reason: str, *, source: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.source = source
        self.line = line
        self.field = field

    def located(self, source: str) -> InputError:
        """The same error, naming `source` if it named no file yet."""
        if self.source is None:
            self.source = source
        return self

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where += f":{self.line}"
        parts = [p for p in (where, self.field) if p]
        return ": ".join([*parts, self.reason])


class UsageError(InputError):
    """The call asks for what no input can give (options that do not go together, several
    formats on one stream): the command line's usage error, exit code 2."""
