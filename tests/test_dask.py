"""publish --scheduler on a real Dask cluster: a scheduler and two workers, as processes on
127.0.0.1, against the same run with --jobs 1 (byte for byte), a worker and the client
killed mid-run, and a worker that cannot see the inputs."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest

from bench.corpus import generate
from exporter.publishing.cluster import probe
from exporter.publishing.loading import published_bundle

from .storekit import OxigraphServer, dump, quads
from .test_publish import newsexport, tree

distributed = pytest.importorskip("distributed")  # the dask extra, in the test extra
psutil = pytest.importorskip("psutil")  # a dependency of distributed

ARTICLES = 300
CHUNK = "10"  # inputs per task: 30 tasks, so that there is a middle to kill in
SHARDS = "4"
DASK = [sys.executable, "-m", "dask"]


class Cluster:
    """A scheduler and workers, each in its own process group, stopped by stop()."""

    def __init__(self, folder: Path, workers: int = 2) -> None:
        self.folder = folder
        self.file = folder / "scheduler.json"
        self.processes: list[subprocess.Popen] = []
        try:
            self._start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                        "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(self.file))
            self.address = self._address()
            self.workers = [self.add_worker() for _ in range(workers)]
            if workers:
                self.wait_for(workers)
        except BaseException:
            self.stop()  # nothing left running when the start fails
            raise

    def _address(self) -> str:
        """The scheduler's address, from the file it writes once it listens."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, ValueError, KeyError):
                return json.loads(self.file.read_text())["address"]
            time.sleep(0.1)
        raise TimeoutError("the scheduler did not start")

    def _start(self, *args: str, within: tuple[str, ...] = ()) -> subprocess.Popen:
        cwd = self.folder / f"cwd-{len(self.processes)}"  # not the client's working folder
        cwd.mkdir()
        process = subprocess.Popen([*within, *DASK, *args], cwd=cwd, start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes.append(process)
        return process

    def add_worker(self, within: tuple[str, ...] = ()) -> subprocess.Popen:
        return self._start("worker", self.address, "--host", "127.0.0.1", "--no-dashboard",
                           "--dashboard-address", "127.0.0.1:0", "--nworkers", "1",
                           "--nthreads", "1", within=within)

    def client(self):
        return distributed.Client(self.address, timeout="60s", set_as_default=False)

    def wait_for(self, workers: int) -> None:
        with self.client() as client:
            client.wait_for_workers(workers, timeout=120)

    def idle(self) -> None:
        """Until the scheduler holds no task (a killed client's chunks have ended)."""
        with self.client() as client:
            deadline = time.monotonic() + 120
            while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) \
                    and time.monotonic() < deadline:
                time.sleep(0.2)

    def kill(self, process: subprocess.Popen) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # a worker and its nanny
        process.wait()

    def listening(self) -> set[str]:
        """The addresses every process of the cluster listens on."""
        addresses = set()
        for process in self.processes:
            with contextlib.suppress(psutil.NoSuchProcess):
                top = psutil.Process(process.pid)
                for each in [top, *top.children(recursive=True)]:
                    addresses |= {c.laddr.ip for c in each.net_connections(kind="inet")
                                  if c.status == psutil.CONN_LISTEN}
        return addresses

    def stop(self) -> None:
        for process in self.processes:
            self.kill(process)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    started = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Generated wire articles and two bad inputs (each an error row, never the run's end)."""
    root = generate(ARTICLES, tmp_path_factory.mktemp("corpus") / "in", shared=None)
    (root / "bad").mkdir()
    (root / "bad" / "empty.txt").write_bytes(b"")
    (root / "bad" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 10)
    return root


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("reference") / "out"
    return out, newsexport("publish", str(corpus), "-o", str(out), "--jobs", "1", "-q")


def errors(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.decode().splitlines()
            if not line.startswith("newsexport: warning:")]


def test_the_cluster_listens_on_loopback_only(cluster):
    assert cluster.listening() == {"127.0.0.1"}


def test_a_cluster_writes_the_bytes_jobs_1_writes(cluster, corpus, reference, tmp_path):
    out, expected = reference
    assert expected.returncode == 1  # the two bad inputs
    assert len(errors(expected)) == 2
    # a relative output folder: the workers' working folders are elsewhere
    result = newsexport("publish", str(corpus), "-o", "out", "--scheduler", cluster.address,
                        "--chunk", CHUNK, "-q", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert errors(result) == errors(expected)
    assert tree(tmp_path / "out") == tree(out)
    again = newsexport("publish", str(corpus), "-o", str(tmp_path / "out"), "--scheduler",
                       cluster.address, "--chunk", CHUNK)
    assert f"({ARTICLES + 2} unchanged)" in again.stderr.decode()
    assert tree(tmp_path / "out") == tree(out)


def test_a_local_cluster_writes_the_same_bytes(corpus, reference, tmp_path):
    out, _ = reference
    result = newsexport("publish", str(corpus), "-o", str(tmp_path / "out"), "--scheduler",
                        "local:2", "-q")
    assert result.returncode == 1, result.stderr
    assert tree(tmp_path / "out") == tree(out)


def keys(stream, function: str) -> list[str]:
    return [str(task["key"]) for task in stream.data if function in str(task["key"])]


@pytest.fixture(scope="module")
def sharded(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sharded") / "out"
    newsexport("publish", str(corpus), "-o", str(out), "--jobs", "1", "--shards", SHARDS, "-q")
    return out


def test_a_cluster_assembles_the_shards_jobs_1_writes(cluster, corpus, sharded, tmp_path):
    out = tmp_path / "out"
    with cluster.client() as client, distributed.get_task_stream(client) as stream:
        result = newsexport("publish", str(corpus), "-o", str(out), "--scheduler",
                            cluster.address, "--chunk", CHUNK, "--shards", SHARDS, "-q")
    assert result.returncode == 1, result.stderr  # the two bad inputs
    assert tree(out) == tree(sharded)
    assert len(list((out / "nquads").glob("all-*.nq"))) == int(SHARDS)
    assert len(keys(stream, "assemble_shard")) == int(SHARDS)  # by the workers


@contextlib.contextmanager
def by_value() -> Iterator[None]:
    """This module's functions sent to the workers as code (they cannot import tests)."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        yield
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


def stop_in_assembly(marker: str) -> None:
    """On a worker: the first worker to read a part file for a bundle shard (its shard's
    temporary files open) claims `marker`, writes its pid there and stops
    (SIGSTOP), to be killed; once `marker` exists, every read is the plain one."""
    import os
    import signal

    from exporter.publishing import shards

    read = shards.read_part

    def read_part(path):
        try:
            claimed = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return read(path)
        os.write(claimed, str(os.getpid()).encode())
        os.close(claimed)
        os.kill(os.getpid(), signal.SIGSTOP)
        return read(path)

    shards.read_part = read_part


def test_a_worker_killed_while_assembling_a_shard_leaves_the_output_of_jobs_1(
        cluster, corpus, sharded, tmp_path):
    out, marker = tmp_path / "out", tmp_path / "stopped"
    with cluster.client() as client, by_value():
        client.run(stop_in_assembly, str(marker))
    try:
        process = subprocess.Popen([sys.executable, "-m", "exporter", "publish", str(corpus),
                                    "-o", str(out), "--scheduler", cluster.address, "--chunk",
                                    CHUNK, "--shards", SHARDS, "-q"], stderr=subprocess.PIPE)
        deadline = time.monotonic() + 300
        while not (marker.is_file() and marker.read_text()) and process.poll() is None:
            assert time.monotonic() < deadline, "no worker began a shard"
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before a worker could be killed"
        stopped = psutil.Process(int(marker.read_text()))
        while stopped.status() != psutil.STATUS_STOPPED:
            time.sleep(0.01)
        assert list(out.glob(".newsexport/stage-*/.all-*.tmp")), \
            "killed before its shard's files were begun"
        [victim] = [w for w in cluster.workers if w.pid == stopped.ppid()]  # its nanny
        cluster.workers.remove(victim)
        cluster.kill(victim)
        _, stderr = process.communicate(timeout=300)
    finally:
        marker.touch()  # claimed for good: a patched worker reads on, in any later test
    assert process.returncode == 1, stderr  # the two bad inputs, nothing else
    assert len([line for line in stderr.decode().splitlines()
                if not line.startswith("newsexport: warning:")]) == 2
    assert tree(out) == tree(sharded)
    rerun = newsexport("publish", str(corpus), "-o", str(out), "--scheduler", cluster.address,
                       "--shards", SHARDS)
    assert f"({ARTICLES + 2} unchanged)" in rerun.stderr.decode()
    assert tree(out) == tree(sharded)
    cluster.workers.append(cluster.add_worker())  # for any test after this one
    cluster.wait_for(2)


def test_load_sends_the_shards_from_the_workers(cluster, sharded, tmp_path):
    reference = tmp_path / "reference"
    local = newsexport("load", str(sharded), "--store", str(reference))
    assert local.returncode == 0, local.stderr
    server = OxigraphServer(tmp_path / "server").start()
    try:
        with cluster.client() as client, distributed.get_task_stream(client) as stream:
            sent = newsexport("load", str(sharded), "--endpoint", server.store, "--scheduler",
                              cluster.address)
        assert sent.returncode == 0, sent.stderr
        assert sent.stderr.decode().splitlines() == [
            f"{ARTICLES} article(s) loaded into {server.store}"]
        assert len(keys(stream, "send_file")) == len(published_bundle(sharded)) == int(SHARDS)
        assert dump(server.url) == quads(ox.Store(str(reference)))
    finally:
        server.stop()


def test_the_python_api_sends_the_shards_from_the_workers(cluster, sharded, tmp_path):
    import exporter

    server = OxigraphServer(tmp_path / "server").start()
    try:
        sent = exporter.load(sharded, endpoint=server.store, scheduler=cluster.address)
        assert sent == ARTICLES
        loaded = tmp_path / "loaded"
        assert exporter.load(sharded, store=loaded) == ARTICLES
        assert dump(server.url) == quads(ox.Store(str(loaded)))
    finally:
        server.stop()


def published_part_way(cluster: Cluster, corpus: Path, out: Path) -> subprocess.Popen:
    """A run on the cluster, once it has written a fifth of the articles."""
    process = subprocess.Popen([sys.executable, "-m", "exporter", "publish", str(corpus), "-o",
                                str(out), "--scheduler", cluster.address, "--chunk", CHUNK,
                                "-q"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(list((out / "jsonld").glob("*.jsonld"))) < ARTICLES // 5 and \
            time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    return process


def test_a_killed_client_then_a_rerun_gives_the_uninterrupted_output(cluster, corpus,
                                                                      reference, tmp_path):
    out = tmp_path / "out"
    process = published_part_way(cluster, corpus, out)
    process.kill()
    process.wait()
    written = len(list((out / "jsonld").glob("*.jsonld")))
    assert written < ARTICLES, "the run ended before it could be killed"
    assert not (out / "manifest.jsonl").exists()
    cluster.idle()  # the dead client's chunks have ended (a rerun would remove their files)
    rerun = newsexport("publish", str(corpus), "-o", str(out), "--scheduler", cluster.address,
                       "--chunk", CHUNK)
    assert rerun.returncode == 1, rerun.stderr
    assert tree(out) == tree(reference[0])


def test_a_killed_worker_s_chunks_are_done_by_the_other(cluster, corpus, reference, tmp_path):
    out = tmp_path / "out"
    process = published_part_way(cluster, corpus, out)
    assert process.poll() is None, "the run ended before a worker could be killed"
    victim = cluster.workers.pop(0)
    cluster.kill(victim)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 1, stderr  # the two bad inputs, nothing else
    assert len([line for line in stderr.decode().splitlines()
                if not line.startswith("newsexport: warning:")]) == 2
    assert tree(out) == tree(reference[0])
    rerun = newsexport("publish", str(corpus), "-o", str(out), "--scheduler", cluster.address)
    assert f"({ARTICLES + 2} unchanged)" in rerun.stderr.decode()
    assert tree(out) == tree(reference[0])
    cluster.workers.append(cluster.add_worker())  # for any test after this one
    cluster.wait_for(2)


def hiding(folder: Path) -> tuple[str, ...]:
    """A command prefix: run in a mount namespace where `folder` is an empty tmpfs."""
    check = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                            f"mount -t tmpfs none '{folder}'"], capture_output=True)
    if check.returncode != 0:
        pytest.skip(f"cannot hide a folder from a process here: {check.stderr.decode().strip()}")
    return ("unshare", "--mount", "--propagation", "private", "sh", "-c",
            f'mount -t tmpfs none "{folder}" && exec "$0" "$@"')


def test_a_worker_that_cannot_see_the_inputs_stops_the_run_before_any_work(corpus, tmp_path):
    """A worker on a machine without the shared filesystem: one line, nothing written."""
    prefix = hiding(corpus)
    (tmp_path / "cluster").mkdir()
    blind = Cluster(tmp_path / "cluster", workers=0)
    try:
        blind.workers.append(blind.add_worker(within=prefix))
        blind.wait_for(1)
        out = tmp_path / "out"
        result = newsexport("publish", str(corpus), "-o", str(out), "--scheduler", blind.address)
        assert result.returncode == 1
        lines = result.stderr.decode().splitlines()
        assert len(lines) == 1, lines
        [line] = lines
        assert line.startswith("newsexport: Dask worker tcp://127.0.0.1:"), line
        first = corpus / "000" / "000000.txt"  # the first input, as the client sees it
        assert line.endswith(f": cannot see the input {first} (give every worker the same "
                             "shared filesystem)"), line
        assert sorted(p.name for p in out.rglob("*")) == [".newsexport", "lock"]
    finally:
        blind.stop()


def test_a_worker_that_cannot_see_an_input_or_the_output_says_so(tmp_path):
    """What each worker runs before any work is sent (`probe`), in one line."""
    (tmp_path / "stage").mkdir()
    stage = str(tmp_path / "stage")
    from exporter import __version__

    (tmp_path / "a.txt").write_text("four")
    seen = (str(tmp_path / "a.txt"), 4)
    assert probe([seen], stage, __version__) is None
    assert list((tmp_path / "stage").iterdir()) == []
    missing = probe([seen, ("/nowhere/archive.txt", 4)], stage, __version__)
    assert missing == ("cannot see the input /nowhere/archive.txt (give every worker the same "
                       "shared filesystem)")
    other = probe([(str(tmp_path / "a.txt"), 5)], stage, __version__)  # another copy
    assert other.startswith(f"cannot see the input {tmp_path / 'a.txt'}")
    gone = probe([], str(tmp_path / "no-stage"), __version__)
    assert gone.startswith(f"cannot write the output folder {tmp_path.parent}")
    assert probe([], stage, "0.0.0") == (f"runs newsexport {__version__}, the client 0.0.0: "
                                         "install the same one")


def test_a_bad_scheduler_is_one_line(tmp_path, corpus):
    for scheduler, says in (("local:0", "needs N >= 1"), ("8786", "give tcp://HOST:PORT"),
                            ("tcp://127.0.0.1:9", "cannot use the Dask scheduler")):
        result = newsexport("publish", str(corpus), "-o", str(tmp_path / "out"),
                            "--scheduler", scheduler,
                            env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
        assert result.returncode == 1
        [line] = result.stderr.decode().splitlines()
        assert line.startswith("newsexport: ") and says in line, line
    assert not (tmp_path / "out" / "manifest.jsonl").exists()


def test_without_dask_the_option_says_how_to_get_it(tmp_path, corpus):
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "distributed.py").write_text("raise ImportError('not installed')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocked), *sys.path])}
    result = newsexport("publish", str(corpus), "-o", str(tmp_path / "out"), "--scheduler",
                        "local:1", env=env)
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        'newsexport: --scheduler needs Dask, which is not installed: '
        'pip install "newsexport[dask]"']


def test_a_chunk_that_fails_is_redone_input_by_input_and_only_its_bad_input_fails(tmp_path):
    """What a cluster run does with a chunk that raised (KilledWorker: the same chunk killed
    three workers): each input alone, so one poisonous input is one error row."""
    from concurrent.futures import Future

    from exporter.inputs import Input
    from exporter.publishing.work import Pool, Result, Task, _outcome

    tasks = [Task(n, Input(f"in/{n}.txt", f"{n}.txt", Path(f"in/{n}.txt"))) for n in range(3)]

    def submit(chunk: list[Task]) -> Future:
        future: Future = Future()
        if any(task.seq == 1 for task in chunk):
            worker = SimpleNamespace(address="tcp://127.0.0.1:1")
            future.set_exception(distributed.scheduler.KilledWorker("chunk", worker, 3))
        else:
            future.set_result([Result(task.seq, task.input.display, "digest")
                               for task in chunk])
        return future

    pool = Pool(submit, slots=lambda: 1, chunk=3, isolate=True)
    results = _outcome(pool, tasks, submit(tasks))
    assert [(r.seq, r.sha256) for r in results] == [(0, "digest"), (1, None), (2, "digest")]
    [line] = results[1].errors
    assert line.startswith("in/1.txt: failed on the cluster (KilledWorker: ")


def test_a_cluster_run_holds_only_the_chunks_in_flight(tmp_path):
    """Dask keeps its last 1,000 message batches, transitions and events for its own
    debugging; with the chunks' tasks in them, the client (and ``local:N``'s scheduler, in
    its process) held the last 1,000 chunks, so its memory grew with the run. Counted here
    as objects still alive once 300 chunks (of missing inputs: each an error row) are done."""
    import gc

    from distributed.batched import BatchedSend

    from exporter.inputs import Input
    from exporter.publishing.cluster import HISTORY, cluster_pool
    from exporter.publishing.work import IN_FLIGHT, Context, Task, results
    from exporter.settings import Settings

    history = HISTORY["distributed.admin.low-level-log-length"]
    context = Context(Settings(), ("jsonld",), tmp_path / "out", tmp_path / "stage")
    context.stage.mkdir(parents=True)
    tasks = (Task(n, Input(f"in/{n}.txt", f"{n}.txt", tmp_path / "in" / f"{n}.txt"))
             for n in range(3000))
    with cluster_pool("local:1", context, [], chunk=10) as pool:
        done = [result.seq for result in results(tasks, context, pool)]
        gc.collect()
        alive = sum(isinstance(thing, Task) for thing in gc.get_objects())
        logs = [len(thing.recent_message_log) for thing in gc.get_objects()
                if isinstance(thing, BatchedSend)]
    assert done == list(range(3000))
    assert logs and max(logs) <= history  # the client's, and the scheduler's to each end
    # 10 tasks a chunk, a batch may hold two chunks; with Dask's default all 3,000 were alive
    assert alive <= 2 * (history + IN_FLIGHT) * 10, alive
