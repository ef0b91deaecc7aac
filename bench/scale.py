"""The scale run: ``publish --scheduler`` on a Dask cluster of two local worker processes.

    python -m bench.scale                  # 10k articles, bundles in 8 shards
    python -m bench.scale 10000 100000 200000 --shards 8
    python -m bench.scale 10000 --shards 0  # one file per bundle, assembled by the client

For each size (the corpus generated once into bench/corpus/<size>/, as bench.run does):

- a cluster as ``--scheduler local:2`` makes it (`local_cluster`: two worker processes of
  one thread, on 127.0.0.1), started here afresh, so that its workers can be asked for
  their peak RSS;
- ``newsexport publish CORPUS -o TMP --scheduler ADDRESS -q`` in a child process, the
  client: its wall time, CPU time (from wait4) and peak RSS (its VmHWM, see `own_peak`),
  the greater of the run's and the rerun's;
- every chunk's compute time on the workers, from the scheduler's task stream, and
  that of the bundle shards (``--shards``, assembled by the workers);
- a rerun with another feed limit: every input unchanged (each is still hashed by a
  worker), every feed assembled again on the client (and, without shards, every bundle;
  shards are current, as their articles are);
- the task overhead: a batch of empty chunks through the same executor, wall time per
  chunk times the worker slots (what one task costs besides its work: scheduling,
  messages, serialising the chunk and its results).

It prints one row per size: per-article cost (wall, client CPU, worker compute), which
should stay flat as the size grows, and the peak RSS of the client and of the workers.
No number here is asserted by the test suite.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import ROOT
from .run import corpus_of

CHUNK = 200  # publish's default with --scheduler
EMPTY = 400  # empty chunks timed for the overhead
SHARDS = 8  # bundle shards (--shards), 0: one file per bundle


def own_peak() -> float:
    """This process's own peak RSS in MiB: Linux's VmHWM, that of its memory since it
    started. Not ru_maxrss: Linux carries the peak of the process that forked across the
    exec, so a client or a worker started by a big parent (this bench, which hosts the
    scheduler) would report the parent's peak as its own."""
    with contextlib.suppress(OSError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # elsewhere


def as_client(report: str, argv: list[str]) -> None:
    """``newsexport ARGV`` in this process; at its exit, its own peak RSS to `report`."""
    atexit.register(lambda: Path(report).write_text(f"{own_peak()}\n"))
    sys.argv = ["newsexport", *argv]
    from exporter.cli import main as newsexport

    newsexport()


def _empty_chunk(_: int) -> list:
    from exporter.publishing.work import work_chunk

    return work_chunk([])


def _client(arguments: list[str]) -> tuple[int, float, float, float]:
    """Run ``newsexport ARGUMENTS``, the client, in a child: (exit code, wall seconds, CPU
    seconds, peak RSS MiB), all its own."""
    with tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "bench.scale", "--client", report.name,
                                  *arguments], cwd=ROOT)
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        peak = float(report.read() or "nan")
    return (os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, peak)


def scale(corpus: Path, articles: int, shards: int) -> dict:
    from distributed import Client, get_task_stream

    from exporter.publishing.cluster import local_cluster

    out = Path(tempfile.mkdtemp(prefix="newsexport-scale-"))
    with local_cluster(2) as cluster, Client(cluster, set_as_default=False) as client:
        slots = sum(client.nthreads().values())
        os.sync()  # start on a quiet disk
        try:
            command = ["publish", str(corpus), "-o", str(out / "out"), "--scheduler",
                       cluster.scheduler_address, "-q",
                       *(["--shards", str(shards)] if shards else [])]
            with get_task_stream(client) as stream:
                code, wall, cpu, peak = _client(command)
            # every input unchanged, the batch files rebuilt (another feed limit)
            _exit, rewall, recpu, repeak = _client([*command, "--limit", "99"])
        finally:
            shutil.rmtree(out, ignore_errors=True)
        computes = _computes(stream, "work_chunk")
        assembly = _computes(stream, "assemble_shard")
        started = time.perf_counter()
        client.gather(client.map(_empty_chunk, range(EMPTY), pure=False))
        overhead = (time.perf_counter() - started) * slots / EMPTY
        workers = client.run(own_peak)
    os.sync()
    return {"articles": articles, "exit": code, "wall": wall, "client_cpu": cpu,
            "client_rss": max(peak, repeak), "rerun": rewall, "rerun_cpu": recpu,
            "chunks": len(computes), "compute": sum(computes), "overhead": overhead,
            "worker_rss": max(workers.values()), "shards": len(assembly),
            "assembly": sum(assembly)}


def _computes(stream: object, function: str) -> list[float]:
    """The compute seconds of each task of `function` in a task stream."""
    return [sum(s["stop"] - s["start"] for s in task["startstops"] if s["action"] == "compute")
            for task in stream.data if function in str(task["key"])]  # type: ignore[attr-defined]


def row(r: dict) -> str:
    n = r["articles"]
    per_chunk = r["compute"] / max(r["chunks"], 1)
    return (f"| {n:,} | {r['wall']:.0f} | {1000 * r['wall'] / n:.2f} | "
            f"{1000 * r['client_cpu'] / n:.2f} | {1000 * r['compute'] / n:.2f} | "
            f"{r['chunks']} | {per_chunk:.2f} | {1000 * r['overhead']:.1f} | "
            f"{r['client_rss']:.0f} | {r['worker_rss']:.0f} | "
            f"{1000 * r['rerun'] / n:.2f} | {1000 * r['rerun_cpu'] / n:.2f} | "
            f"{r['shards']} | {1000 * r['assembly'] / n:.3f} |")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--client"]:
        as_client(argv[1], argv[2:])
        return
    shards = SHARDS
    if "--shards" in argv:
        at = argv.index("--shards")
        shards = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    sizes = [int(a) for a in argv] or [10_000]
    print("(publish's errors and warnings, on stderr, are about the generated corpus)")
    print("| articles | wall s | wall ms/article | client CPU ms/article | worker compute "
          "ms/article | chunks | compute s/chunk | overhead ms/chunk | client peak RSS MiB | "
          "worker peak RSS MiB | rerun, feeds rebuilt: wall ms/article | "
          "its client CPU ms/article | shards | shard assembly, worker ms/article |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    results = []
    for size in sizes:
        results.append(scale(corpus_of(size), size, shards))
        if results[-1]["exit"] not in (0, 1):  # 1: some inputs are error rows, as said
            sys.exit(f"publish failed on the {size:,} corpus (exit {results[-1]['exit']})")
        print(row(results[-1]), flush=True)
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"wall per article, {last['articles']:,} / {first['articles']:,}: "
              f"{(last['wall'] / last['articles']) / (first['wall'] / first['articles']):.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
