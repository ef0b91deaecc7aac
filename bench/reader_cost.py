"""What reading and validating one wire-text article costs: CPU µs per article of the reader
(bytes -> record) and of the schema's yes/no, in this process, on seed variants and on the
labelled real pages.

    python -m bench.corpus --seed-layout 1000 bench/corpus/seed-1000/in   # if absent
    python -m bench.reader_cost [--reps 5] [bench/corpus/seed-1000/in ...]

CPU time (``time.process_time``), not wall time: on a shared machine it moves much less with
the load. Start-up (imports, the gazetteer's and date parser's tables) is read once before the
clock starts. Each repetition reads every article once, after the reader's caches of line
results are emptied (a run reads each article once; the tables loaded once stay), and the
medians of the repetitions are printed.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path

from .corpus import ROOT

REALPAGES = ROOT.parent / "shared" / "corpora" / "realpages" / "pages"
DEFAULT = ROOT / "bench" / "corpus" / "seed-1000" / "in"
# Modules whose caches hold results per line or per string (not the tables loaded once).
_CACHED = ("exporter.readers.wire", "exporter.readers.datelines", "exporter.sources",
           "exporter.dates")


def clear_line_caches() -> None:
    """Empty the lru caches the reader keeps per string, so no repetition reads the last's."""
    for name, module in list(sys.modules.items()):
        if not name.startswith(_CACHED):
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and \
                    getattr(value, "__name__", "") != "load":
                value.cache_clear()


def measure(paths: list[Path], reps: int) -> tuple[float, float]:
    """Median CPU µs per article of (reading, the schema's yes/no) over `reps` repetitions."""
    from exporter.readers import wire_text
    from exporter.record import ReadContext
    from exporter.validation import first_error

    inputs = [(p.name, p.read_bytes()) for p in paths]
    records = [next(wire_text.read(data, ReadContext(name, "0" * 64))) for name, data in inputs]
    reading, checking = [], []
    for _ in range(reps):
        clear_line_caches()
        started = time.process_time()
        for name, data in inputs:
            next(wire_text.read(data, ReadContext(name, "0" * 64)))
        reading.append((time.process_time() - started) / len(inputs))
        started = time.process_time()
        for record in records:
            first_error(record)
        checking.append((time.process_time() - started) / len(inputs))
    return statistics.median(reading) * 1e6, statistics.median(checking) * 1e6


def main(argv: list[str]) -> int:
    reps = 5
    if "--reps" in argv:
        at = argv.index("--reps")
        reps = int(argv[at + 1])
        del argv[at:at + 2]
    warnings.simplefilter("ignore")
    sets = [Path(a) for a in argv] or [DEFAULT, REALPAGES]
    print(f"CPU µs per article (process_time, median of {reps}):")
    print("| articles | n | read | schema yes/no | both |")
    print("|---|---|---|---|---|")
    for folder in sets:
        paths = sorted(folder.rglob("*.txt"))
        if not paths:
            print(f"| {folder} | none: make it with bench.corpus (see --help) | | | |")
            continue
        read, check = measure(paths, reps)
        print(f"| {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder.name} "
              f"| {len(paths)} | {read:,.0f} | {check:,.0f} | {read + check:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
