"""Whether a change to the readers left their results as they were: every record (and, for
wire text, every line's class and reason) of a fixed set of inputs, written once and
compared byte for byte after each change.

    python -m bench.reader_equal --write /tmp/before.jsonl   # on the code to compare against
    python -m bench.reader_equal --check /tmp/before.jsonl   # after a change: 0 when identical

The inputs: the repository's seeds and fixtures, the labelled real pages, PolNeAR stories and
some Reuters-21578 files and HTML pages of ../shared/corpora (where present), and 600 generated
articles of ``bench.corpus`` (300 in the seed's layout, 300 in its mixed layouts).
"""

from __future__ import annotations

import json
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from .corpus import ROOT, generate

SHARED = ROOT.parent / "shared"


def inputs(generated: Path) -> Iterator[tuple[str, Path]]:
    """(set name, path) of every input compared, in a stable order."""
    corpora = SHARED / "corpora"
    groups = [
        ("seeds", sorted((ROOT / "seeds").glob("*.txt"))),
        ("fixtures", sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*")
                            if p.suffix in (".txt", ".html"))),
        ("realpages", sorted((corpora / "realpages" / "pages").glob("*.txt"))),
        ("polnear", sorted((corpora / "polnear").glob("*/text/*.txt"))[::25]),
        ("reuters", sorted((corpora / "reuters21578").glob("*.sgm"))[::7]),
        ("html", sorted((corpora / "article-extraction-benchmark" / "html").glob("*.html.gz"))
         [::6] + sorted((corpora / "newspaper4k-fixtures" / "html").glob("*.html"))[::4]),
        ("seed-layout", sorted((generated / "seed").glob("*.txt"))),
        ("mixed", sorted((generated / "mixed").rglob("*.txt"))),
    ]
    for name, paths in groups:
        for path in paths:
            yield name, path


def results(generated: Path) -> Iterator[str]:
    """One JSON line per input: its records, errors and (wire text) the reader's account."""
    from exporter.inputs import discover
    from exporter.pipeline import read_input
    from exporter.readers.wire_text import explain_text
    from exporter.settings import Settings

    settings = Settings()
    for group, path in inputs(generated):
        item = next(iter(discover([str(path)])))
        outcome = read_input(item, settings)
        entry: dict = {"input": f"{group}/{path.name}", "records": outcome.records,
                       "errors": [str(e) for e in outcome.errors]}
        if path.suffix == ".txt":
            try:
                entry["explain"] = explain_text(path.read_text(encoding="utf-8"))
            except Exception as exc:  # an error is a result too
                entry["explain"] = f"{type(exc).__name__}: {exc}"
        yield json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("--write", "--check"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory(prefix="newsexport-equal-") as tmp:
        generated = Path(tmp)
        shared = SHARED if SHARED.exists() else None
        generate(300, generated / "seed", shared, seed_layout=True)
        generate(300, generated / "mixed", shared)
        lines = list(results(generated))
    target = Path(argv[1])
    if argv[0] == "--write":
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} inputs written to {target}")
        return 0
    before = target.read_text(encoding="utf-8").splitlines()
    if len(before) != len(lines):
        print(f"{len(lines)} inputs now, {len(before)} in {target}")
        return 1
    differ = [json.loads(old)["input"] for old, new in zip(before, lines, strict=True)
              if old != new]
    for name in differ[:20]:
        print("differs:", name)
    print(f"{len(lines) - len(differ)} of {len(lines)} inputs identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
