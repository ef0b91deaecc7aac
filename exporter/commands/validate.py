"""``newsexport validate``: check records against the Article schema."""

from __future__ import annotations

import click

from ..errors import InputError
from ..inputs import Input, decode, discover
from ..publishing import warnings_to
from ..readers.records import documents
from ..validation import errors
from .common import ConsoleReporter


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
def validate(files: tuple[str, ...]) -> int:
    """Validate Article records (JSON, a JSON array, or JSON lines) against the schema.

    Each problem is one line: FILE:LINE: $.json.path: reason. The exit code is 0
    only when every record is valid.

    \b
    Examples:
      newsexport validate records.jsonl
      newsexport parse seeds/ | newsexport validate -
    """
    problems = checked = 0
    with warnings_to(ConsoleReporter().warning):  # control characters removed, say
        for item in discover(list(files)):
            problems_in, checked_in = _validate(item)
            problems += problems_in
            checked += checked_in
    click.echo(f"{checked} record(s) checked, {problems} problem(s)", err=True)
    return 1 if problems or not checked else 0


def _validate(item: Input) -> tuple[int, int]:
    """(problems, records) of one file, each problem printed as one line."""
    problems = checked = 0
    try:
        for line, value in documents(decode(item.read_bytes(), item.display), item.display):
            checked += 1
            if isinstance(value, InputError):
                problems += 1
                click.echo(str(value), err=True)
                continue
            for problem in errors(value):
                problems += 1
                click.echo(f"{item.display}:{line}: {problem}", err=True)
    except InputError as exc:
        problems += 1
        click.echo(str(exc.located(item.display)), err=True)
    return problems, checked
