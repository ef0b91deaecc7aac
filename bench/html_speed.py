"""The HTML reader against trafilatura in one process: what a page costs once started.

    python -m bench.html_speed                 # both corpora of ../shared/corpora
    python -m bench.html_speed --limit 40      # the first 40 pages of each

``../shared/tools/html_body_score.py`` times one ``newsexport parse`` process per page
(interpreter start, imports) against one in-process ``trafilatura.extract`` call, so its
times say what a one-page command costs. This says what a page costs a running process
(``export``/``publish`` of many pages, ``serve``): both already imported and warmed up (the
place gazetteer loaded), each page's time taken for the two side by side so that a busy
machine slows both alike.

newsexport: ``exporter.readers.read`` of the page's bytes, the whole HTML reader (decoding,
declared data, trafilatura's readings, the wire-text reading, place linking, the record).
trafilatura: ``extract`` of the decoded text, comments off, favor_precision (the scorer's
call). Per corpus: pages, median ms per page of each, the ratio of the medians and of the
totals. Nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import logging
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"article-extraction-benchmark": "html/*.html.gz",
           "newspaper4k-fulltext": "html/*.html"}


def pages(folder: Path, pattern: str, limit: int | None) -> list[tuple[str, bytes]]:
    found = sorted(folder.glob(pattern))[:limit]
    return [(p.name, gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes())
            for p in found]


def newsexport_reader() -> Callable[[str, bytes], object]:
    from exporter import readers
    from exporter.errors import InputError
    from exporter.record import ReadContext

    # the place gazetteer and region index are loaded once per process, on the first
    # dateline that needs them: not a page's cost
    wire = b"Council votes\n\nFLINT, Mich. (Reuters) - The city council voted on Tuesday.\n"
    list(readers.read(wire, ReadContext("warm-up.txt", hashlib.sha256(wire).hexdigest())))

    def read(name: str, data: bytes) -> object:
        try:
            return list(readers.read(data, ReadContext(name, hashlib.sha256(data).hexdigest())))
        except InputError:
            return None  # a page with no article is timed all the same
    return read


def trafilatura_reader() -> Callable[[str, bytes], object]:
    import trafilatura

    def extract(name: str, data: bytes) -> object:
        return trafilatura.extract(data.decode("utf-8", "replace"), include_comments=False,
                                   favor_precision=True)
    return extract


def measure(corpus: list[tuple[str, bytes]], runners: dict[str, Callable]) -> dict[str, list]:
    for name, data in corpus[:3]:  # warm-up: caches, lazy imports
        for run in runners.values():
            run(name, data)
    times: dict[str, list[float]] = {label: [] for label in runners}
    for name, data in corpus:
        for label, run in runners.items():
            start = time.perf_counter()
            run(name, data)
            times[label].append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the folder holding corpora/ (default: ../shared)")
    parser.add_argument("--limit", type=int, default=None, help="pages per corpus")
    args = parser.parse_args(argv)
    if not (args.shared / "corpora").is_dir():
        print(f"html_speed: no corpora folder in {args.shared} (use --shared)", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    try:
        runners = {"newsexport": newsexport_reader(), "trafilatura": trafilatura_reader()}
    except ImportError as exc:
        print(f"html_speed: needs the html extra ({exc.name} is missing)", file=sys.stderr)
        return 2
    print(f"{'corpus':<30} {'pages':>5} {'newsexport ms':>14} {'trafilatura ms':>15} "
          f"{'median ratio':>13} {'total ratio':>12}")
    for corpus, pattern in CORPORA.items():
        found = pages(args.shared / "corpora" / corpus, pattern, args.limit)
        if not found:
            continue
        times = measure(found, runners)
        ours, theirs = times["newsexport"], times["trafilatura"]
        print(f"{corpus:<30} {len(found):>5} {statistics.median(ours) * 1000:>14.1f} "
              f"{statistics.median(theirs) * 1000:>15.1f} "
              f"{statistics.median(ours) / statistics.median(theirs):>13.2f} "
              f"{sum(ours) / sum(theirs):>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
