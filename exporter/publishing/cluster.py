"""Publish's chunks on a Dask cluster (``--scheduler tcp://HOST:8786`` or ``local:N``).

The work is the same pure function as in a local process pool (`work_chunk`), sent
through ``Client.get_executor()``, a concurrent.futures executor; the client keeps
everything else (the order, the manifest, moving files into place, the feeds), but
bundle shards (``--shards``), which workers assemble too, and ``load --scheduler``'s
files, which workers send to a server (`Sending`).
So workers must see the inputs and the output folder at the same paths as the client
(a shared filesystem): the paths are made absolute on the client (a worker's working
folder is its own), and every worker proves it before any work is sent, so a worker
on the wrong machine is one line, not a thousand errors.

Dask runs a chunk again when its worker is lost; a worker cut off from the scheduler
may still be running it, so on a cluster the staged files are written whole (a
temporary file renamed): either copy is then the same bytes, never a mix of both.

Paths go to the workers as the only thing naming storage: reading an input
(`Input.read_bytes`) and writing the staging folder are the two places that would
take an fsspec URL (``s3://...``) instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import InputError
from ..inputs import discover
from ..settings import Settings
from ..store import DATASET_FORMATS, StoreError, open_loader
from .work import Context, Pool, Task, work_chunk

if TYPE_CHECKING:
    from ..remote import Credentials

CHUNK = 200  # inputs per task: a task costs some 6 ms besides its work (bench.scale)
WAIT = 60  # seconds to wait for a first worker
LOCAL = re.compile(r"local:(\d+)")
HINT = 'pip install "newsexport[dask]"'
# Dask's own settings for the workers of a ``local:N`` cluster. Its statistical profiler
# keeps a tree of the worker's call stacks for each of the last 1,000 seconds (two trees,
# some 100 KB each a second, in bench.scale's runs): a worker's memory grew with the
# length of the run, by about 200 MB over its first 17 minutes, for a profile no one reads.
# Dask keeps the last `low-level-log-length` (1,000) of many things for debugging Dask: every
# batch of messages a client, scheduler or worker sent, the scheduler's transitions and events,
# a worker's stimuli. A chunk's messages hold its tasks (each input's path, and on a rerun the
# names of its files), so the client (as bytes; with ``local:N`` also the scheduler in its
# process, as objects) and each worker held the last 1,000 chunks (200,000 inputs): a
# ``local:2`` client grew by 1.4 KB an article, 2.8 on a rerun. Kept at a few batches, while
# the client lives.
HISTORY = {"distributed.admin.low-level-log-length": 10}
LOCAL_CONFIG = {"distributed.worker.profile.enabled": False, **HISTORY}


def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError(f"--scheduler needs Dask, which is not installed: {HINT}") from None
    return distributed


@contextlib.contextmanager
def cluster_pool(scheduler: str, context: Context, arguments: list[str],
                 chunk: int | None = None) -> Iterator[Pool]:
    """A Pool on the cluster `scheduler` names, once every worker has checked that it sees
    `arguments` and the output folder; the client and a ``local:N`` cluster end with it."""
    context = dataclasses.replace(context, out=context.out.absolute(),
                                  stage=context.stage.absolute(), retried=True)
    with connected(scheduler) as client:
        _check(client, _samples(arguments), str(context.stage))
        executor = client.get_executor(pure=False)

        def submit(tasks: list[Task]) -> Any:
            return executor.submit(work_chunk, [_absolute(task) for task in tasks], context)

        def slots() -> int:
            return max(sum(client.nthreads().values()), 1)

        yield Pool(submit, slots, chunk or CHUNK, isolate=True, call=executor.submit)


@contextlib.contextmanager
def connected(scheduler: str) -> Iterator[Any]:
    """A Dask client of the scheduler at `scheduler` (or of a ``local:N`` cluster started
    here) once a worker is there; one line when it cannot be had."""
    distributed = _dask()
    import dask

    with contextlib.ExitStack() as stack:
        stack.enter_context(dask.config.set(HISTORY))  # read as Dask opens each connection
        local = LOCAL.fullmatch(scheduler)
        if local:
            workers = int(local.group(1))
            if workers < 1:
                raise InputError("--scheduler local:N needs N >= 1")
            address: Any = stack.enter_context(local_cluster(workers))
        elif "://" in scheduler:
            address = scheduler
        else:
            raise InputError(f"--scheduler {scheduler}: give tcp://HOST:PORT or local:N")
        try:
            client = stack.enter_context(distributed.Client(address, set_as_default=False))
            client.wait_for_workers(1, timeout=WAIT)
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot use the Dask scheduler {scheduler}: {exc}") from None
        yield client


def local_cluster(workers: int) -> Any:
    """A Dask LocalCluster of `workers` processes of one thread, on 127.0.0.1 only, without
    Dask's profiler and with little history (see LOCAL_CONFIG)."""
    distributed = _dask()
    import dask

    with dask.config.set(LOCAL_CONFIG):  # the workers' nannies take the config from here
        return distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)


def _absolute(task: Task) -> Task:
    if task.input.path is None or task.input.path.is_absolute():
        return task
    return dataclasses.replace(task, input=dataclasses.replace(
        task.input, path=task.input.path.absolute()))


def _check(client: Any, samples: list[tuple[str, int]], stage: str | None) -> None:
    """Every worker runs newsexport's version, sees the inputs and can write the output
    (`stage`, unless None)."""
    try:
        answers = client.run(probe, samples, stage, __version__)
    except Exception as exc:  # e.g. a worker without newsexport cannot unpickle probe
        raise InputError(f"a Dask worker cannot run newsexport ({type(exc).__name__}: {exc}); "
                         f"install it on every worker: {HINT}") from None
    for worker, problem in sorted(answers.items()):
        if problem:
            raise InputError(f"Dask worker {worker}: {problem}")


def _samples(arguments: list[str]) -> list[tuple[str, int]]:
    """(absolute path, size) of each file argument and of the first input in each folder:
    a worker that sees these files as they are mounts the same filesystem (an empty folder
    of the same name, or another copy, is not enough)."""
    samples = []
    for argument in arguments:
        first = next(discover([argument]), None) if argument != "-" else None
        if first is not None and first.path is not None and first.path.is_file():
            samples.append((str(first.path.absolute()), first.path.stat().st_size))
    return samples


def probe(inputs: list[tuple[str, int]], stage: str | None, version: str) -> str | None:
    """On a worker: what keeps it from this run (the first problem found), or None."""
    if version != __version__:  # the output would not be the same bytes
        return f"runs newsexport {__version__}, the client {version}: install the same one"
    for path, size in inputs:
        try:
            same = os.stat(path).st_size == size
        except OSError:
            same = False
        if not same:
            return f"cannot see the input {path} (give every worker the same shared filesystem)"
    if stage is None:
        return None
    trial = Path(stage, f".probe-{os.getpid()}-{os.urandom(4).hex()}")
    try:
        trial.write_bytes(b"")
        trial.unlink()
    except OSError as exc:
        return (f"cannot write the output folder {Path(stage).parent.parent} "
                f"({exc.strerror or exc}; give every worker the same shared filesystem)")
    return None


class Sending:
    """``load --endpoint URL --scheduler ADDR``: N-Quads or TriG files (a published bundle's
    shards) sent to a server by the cluster's workers, one task per file, all at once.

    A server takes concurrent updates, and each graph is replaced whole (see
    :mod:`exporter.store`), so the files may go in any order and a task Dask runs again
    (its worker lost) loads the same graphs again, harmlessly. `articles` counts the
    article graphs sent as the tasks end.
    """

    def __init__(self, scheduler: str, files: list[Path], endpoint: str, settings: Settings,
                 batch: int, credentials: Credentials | None, timeout: float,
                 retries: int) -> None:
        self.scheduler, self.files = scheduler, [path.absolute() for path in files]
        self.arguments = (endpoint, settings, batch, credentials, timeout, retries)
        self.articles = 0

    def events(self) -> Iterator[InputError | str]:
        """Each file's errors, then its name, as its task ends (in the files' order); a
        store that fails (a StoreError on a worker) ends the load here too."""
        with connected(self.scheduler) as client:
            _check(client, [(str(path), path.stat().st_size) for path in self.files], None)
            executor = client.get_executor(pure=False)
            futures = [executor.submit(send_file, path, *self.arguments)
                       for path in self.files]
            try:
                for path, future in zip(self.files, futures, strict=True):
                    articles, errors, fatal = future.result()
                    self.articles += articles
                    yield from (InputError(line) for line in errors)
                    if fatal is not None:
                        raise StoreError(fatal)
                    yield str(path)
            finally:
                for future in futures:
                    future.cancel()


def send_file(path: Path, endpoint: str, settings: Settings, batch: int,
              credentials: Credentials | None, timeout: float, retries: int
              ) -> tuple[int, list[str], str | None]:
    """On a worker: load one N-Quads or TriG file into the server; (article graphs sent,
    the graphs refused as error lines, the store's failure that ended it or None)."""
    errors: list[str] = []
    loader = open_loader(settings, endpoint=endpoint, batch=batch, credentials=credentials,
                         timeout=timeout, retries=retries)
    try:
        with loader:
            for event in loader.add_dataset(path, DATASET_FORMATS[path.suffix.lower()],
                                            str(path)):
                if isinstance(event, InputError):
                    errors.append(str(event))
    except StoreError as exc:  # sent back as text: the client raises it again
        return loader.articles, errors, str(exc)
    return loader.articles, errors, None
