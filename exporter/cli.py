"""The ``newsexport`` command: a thin layer over the library, one module per verb.

Commands are imported only when run, so ``newsexport parse`` starts without
loading rdflib or lxml.
"""

from __future__ import annotations

import importlib
import sys

import click

from . import __version__
from .errors import InputError

# verb -> "module:function"
COMMANDS: dict[str, str] = {
    "parse": "exporter.commands.parse:parse",
    "validate": "exporter.commands.validate:validate",
    "export": "exporter.commands.export:export",
    "publish": "exporter.commands.publish:publish",
    "load": "exporter.commands.load:load",
    "query": "exporter.commands.query:query",
    "serve": "exporter.commands.serve:serve",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, function = target.split(":")
        return getattr(importlib.import_module(module), function)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsexport")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn news articles into validated, linked, syndicatable structured data.

    \b
    Examples:
      newsexport parse seeds/ -o records.jsonl
      newsexport validate records.jsonl
      newsexport COMMAND --help
    """
    ctx.obj = {"debug": debug}


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 1, never a traceback."""
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("newsexport: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except InputError as exc:
        click.echo(f"newsexport: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("newsexport: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:
        if "--debug" in sys.argv:
            raise
        click.echo(f"newsexport: internal error: {type(exc).__name__}: {exc} "
                   "(rerun with --debug for a traceback and report it)", err=True)
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)
