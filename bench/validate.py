"""How fast ``validate`` checks JSON-LD: 1,000 documents on one core (not a test).

    python -m bench.validate            # 1,000 documents
    python -m bench.validate 5000

The documents are newsexport's JSON-LD of generated wire articles (bench/corpus.py), each
checked as ``newsexport validate`` checks a file: detection, the schema.org vocabulary and
Google's Article rules (no SHACL, which is opt-in). Prints documents per second.
"""

from __future__ import annotations

import sys
import time

from exporter.checking import Options, check_bytes
from exporter.record import ReadContext
from exporter.settings import Publisher, Settings
from exporter.writers import get


def documents(count: int) -> list[bytes]:
    from bench.corpus import ROOT, all_stories, articles
    from exporter.readers import wire_text

    shared = ROOT.parent / "shared"
    settings = Settings(publisher=Publisher("Example Daily", "https://daily.example/"))
    found = []
    for number, text in enumerate(articles(count, all_stories(shared if shared.is_dir()
                                                              else None))):
        ctx = ReadContext(f"{number}.txt", "ab" * 32)
        record = next(r for r in wire_text.read(text.encode(), ctx))
        found.append(get("jsonld").render(record, settings))
    return found


def main(count: int) -> None:
    docs = documents(count)
    options = Options()
    check_bytes(docs[0], "warm.jsonld", options)  # load the vocabulary once
    start = time.perf_counter()
    problems = sum(len(c.problems) for i, d in enumerate(docs)
                   for c in check_bytes(d, f"{i}.jsonld", options))
    elapsed = time.perf_counter() - start
    print(f"{count} JSON-LD documents ({sum(map(len, docs)) / count / 1024:.1f} KiB each) in "
          f"{elapsed:.2f} s: {count / elapsed:.0f} documents/s, {problems} problem(s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
