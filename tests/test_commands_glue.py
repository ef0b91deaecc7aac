"""The command line is a thin layer over the Python API (issue 21): each command's module is
under 100 lines of click glue, and no command reaches past ``exporter.api`` into the
library's internals, nor the library into the commands, so the two cannot drift."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import exporter.api

from .conftest import ROOT

COMMANDS = ROOT / "exporter" / "commands"
VERBS = sorted(p for p in COMMANDS.glob("*.py") if p.stem not in ("__init__", "common"))
MAX_LINES = 100
# What a command module may import from the package: the API, and the shared click glue.
ALLOWED = {"exporter.api", "exporter.commands.common"}


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[:len(parts) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def reaches_past_the_api(source: str, package: str = "exporter.commands") -> list[str]:
    """Each import of the package's internals in `source` (a module of `package`), and
    each private name it takes from the API."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, package)
            modules = [f"{module}.{alias.name}" if module in ("exporter", "exporter.commands")
                       else module for alias in node.names]
            if module == "exporter.api":
                modules += [f"exporter.api.{a.name}" for a in node.names if a.name[0] == "_"]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "api" and node.attr.startswith("_"):
            modules = [f"exporter.api.{node.attr}"]
        else:
            continue
        found += [m for m in modules if (m == "exporter" or m.startswith("exporter."))
                  and m not in ALLOWED and not _public(m)]
    return found


def _public(module: str) -> bool:
    """`exporter.NAME` for a name of the stable API (``exporter.__all__``)."""
    import exporter
    package, _, name = module.rpartition(".")
    return package == "exporter" and name in exporter.__all__


@pytest.mark.parametrize("path", VERBS, ids=lambda p: p.stem)
def test_each_command_is_under_100_lines_over_the_api_only(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) < MAX_LINES, f"{path.name}: glue only, please"
    assert reaches_past_the_api(source) == [], path.name
    assert "from .. import api" in source  # each command calls the API


def test_the_shared_glue_uses_the_api_only_too() -> None:
    assert reaches_past_the_api((COMMANDS / "common.py").read_text(encoding="utf-8")) == []


def test_the_check_catches_a_command_reaching_into_internals() -> None:
    reaching = ("from ..store import Loader\nfrom ..publishing.loading import LoadState\n"
                "import exporter.pipeline\nfrom exporter import readers\n"
                "from ..api import _write\nx = api._check\n")
    assert reaches_past_the_api(reaching) == [
        "exporter.store", "exporter.publishing.loading", "exporter.pipeline",
        "exporter.readers", "exporter.api._write", "exporter.api._check"]
    fine = ("from .. import api\nfrom . import common\nfrom .common import command\n"
            "from exporter import Settings\nimport click\n")
    assert reaches_past_the_api(fine) == []


def test_the_library_never_imports_the_commands() -> None:
    """The dependency points one way: commands -> API -> library."""
    for path in (ROOT / "exporter").rglob("*.py"):
        if path.parent == COMMANDS or path.name in ("cli.py", "__main__.py"):
            continue
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = _absolute(node, package)
                names = [f"{module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not any(n.startswith("exporter.commands") for n in names), path


def test_every_name_the_commands_use_from_the_api_is_documented() -> None:
    used = set()
    for path in [*VERBS, COMMANDS / "common.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id == "api":
                used.add(node.attr)
    assert used, "the commands call the API"
    for name in sorted(used):
        value = getattr(exporter.api, name)
        if callable(value) and not isinstance(value, type):
            assert value.__doc__, f"api.{name} needs a docstring"


def test_parse_help_loads_neither_rdflib_nor_pyoxigraph() -> None:
    code = ("import sys; sys.argv = ['newsexport', 'parse', '--help']\n"
            "from exporter.cli import cli\n"
            "try:\n    cli.main(standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(sorted({'rdflib', 'pyoxigraph'} & set(sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=ROOT, check=True)
    assert "--explain" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "[]"
