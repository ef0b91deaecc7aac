"""Every Python example of the README's "Python API" section runs, in order, as a reader
would paste them: in one namespace, in an empty folder holding a copy of seeds/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT

SECTION = "## Python API"


def examples() -> list[tuple[int, str]]:
    """(line number, code) of each ```python block in the section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION + "\n")
    end = text.find("\n## ", start + len(SECTION))
    section = text[start:end if end != -1 else len(text)]
    first_line = text[:start].count("\n") + 1
    return [(first_line + section[:match.start()].count("\n") + 1, match.group(1))
            for match in re.finditer(r"^```python\n(.*?)^```$", section, re.S | re.M)]


def test_the_section_has_the_examples_the_issue_asks_for() -> None:
    code = "\n".join(block for _, block in examples())
    for call in ("exporter.parse(text", "exporter.export(", "exporter.publish(",
                 "exporter.load(", "exporter.query("):
        assert call in code, call


def test_every_python_api_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for line, code in examples():
        exec(compile("\n" * (line - 1) + code, str(ROOT / "README.md"), "exec"), namespace)
    printed = capsys.readouterr().out
    assert "schema:headline \"Rain closes schools in Dushanbe\"" in printed
    assert "warning: no news sitemap written" in printed
