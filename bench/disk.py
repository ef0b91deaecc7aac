"""How fast the output's file system creates files right now, and waiting until it is quiet.

Both pipelines write 11 files an article, so what a file costs to create is part of every
whole-process time. On ext4 without a journal (this machine's disk) that cost depends on the
past: for 60 s after inodes are freed (360 s while their table block is still dirty), the
inode allocator skips each recently deleted inode one by one (``recently_deleted`` in
``fs/ext4/ialloc.c``), so creating a file just after removing 40,000 costs 400-700 µs of
system time instead of 15-25 µs. A benchmark that removes one run's output before the next
would time that, not the programs; this module measures it and waits it out.

    python -m bench.disk [FOLDER]     # µs to create one 8 KiB file in FOLDER now

(The command leaves its probe folder behind and says where: removing it at once would slow
the next probe.)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

PROBE_FILES = 500
PROBE_BYTES = b"x" * 8192  # an article's NewsML-G2 item is about this size
QUIET_US = 60.0  # below this a create is not paying for recent deletions
SETTLE_SECONDS = 420  # the longest the allocator remembers a deletion, and a margin


def creation_us(folder: Path) -> float:
    """Wall µs to create, write and close one 8 KiB file in a new subfolder of `folder`.
    The probe's files are left in place: removing them would slow the next probe."""
    probe = Path(tempfile.mkdtemp(prefix="disk-probe-", dir=folder))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    started = time.perf_counter()
    for n in range(PROBE_FILES):
        fd = os.open(probe / f"{n}.xml", flags, 0o644)
        os.write(fd, PROBE_BYTES)
        os.close(fd)
    return (time.perf_counter() - started) / PROBE_FILES * 1e6


def settle(folder: Path, report=print) -> float:
    """Wait (at most SETTLE_SECONDS) until creating a file in `folder` is quick again;
    return the last probe's µs per file."""
    waited = 0
    cost = creation_us(folder)
    while cost > QUIET_US and waited < SETTLE_SECONDS:
        report(f"  (disk busy: {cost:.0f} µs per new file; waiting for recent deletions "
               f"to age, {waited} s so far)")
        time.sleep(30)
        waited += 30
        cost = creation_us(folder)
    return cost


if __name__ == "__main__":
    where = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir())
    print(f"{creation_us(where):.1f} µs to create one 8 KiB file in {where} "
          f"(probe files left in {where}/disk-probe-*)")
