"""exporter.atomic: a file appears whole or not at all, with the permissions open() gives,
and durable (fsynced, folder included) only when asked."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exporter.atomic import atomic_writer, write_atomic

from .conftest import ROOT


@pytest.fixture
def umask():
    """A function that sets the process umask; the old one is put back after the test."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077, 0o027], ids=oct)
@pytest.mark.parametrize("durable", [True, False])
def test_a_new_file_gets_what_open_would_give(tmp_path, umask, mask, durable):
    umask(mask)
    with open(tmp_path / "by-open", "wb"):
        pass
    write_atomic(tmp_path / "atomic", b"data", durable=durable)
    assert mode(tmp_path / "atomic") == mode(tmp_path / "by-open") == 0o666 & ~mask
    assert (tmp_path / "atomic").read_bytes() == b"data"


def test_a_replaced_file_is_readable_by_others_too(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "feed.atom"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert mode(target) == 0o644 and target.read_bytes() == b"new"


def test_the_temporary_file_is_hidden_beside_the_target_and_gone_after(tmp_path):
    target = tmp_path / "sub" / "all.nq"  # the folder is made
    with atomic_writer(target) as handle:
        handle.write(b"half")
        (temporary,) = target.parent.iterdir()
        assert temporary.name.startswith(".all.nq.") and temporary.name.endswith(".tmp")
        assert not target.exists()
    assert [p.name for p in target.parent.iterdir()] == ["all.nq"]


@pytest.mark.parametrize("error", [ValueError("a writer failed"), KeyboardInterrupt()])
def test_an_exception_mid_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, error):
    target = tmp_path / "manifest.jsonl"
    target.write_bytes(b"old content\n")
    with pytest.raises(type(error)), atomic_writer(target) as handle:
        handle.write(b"new content, half of it")
        raise error
    assert target.read_bytes() == b"old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.jsonl"]


SLOW_WRITER = """
import sys, time
from pathlib import Path
from exporter.atomic import atomic_writer
with atomic_writer(Path(sys.argv[1])) as handle:
    while True:
        handle.write(b"x" * 65536)
        handle.flush()
        time.sleep(0.001)
"""


def test_ctrl_c_mid_write_leaves_the_old_file_intact(tmp_path):
    """A real SIGINT (KeyboardInterrupt) while a process is writing the new content."""
    target = tmp_path / "all.newsml.xml"
    target.write_bytes(b"the previous batch\n")
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(target)], cwd=ROOT,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(
            p.name.endswith(".tmp") and p.stat().st_size > 0 for p in tmp_path.iterdir()):
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert b"KeyboardInterrupt" in stderr  # interrupted mid-write, not before it began
    assert target.read_bytes() == b"the previous batch\n"
    assert [p.name for p in tmp_path.iterdir()] == ["all.newsml.xml"]


def test_durable_fsyncs_the_file_and_its_folder_and_bulk_writes_do_not(tmp_path, monkeypatch):
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomic(tmp_path / "manifest.jsonl", b"rows", durable=True)
    assert synced == ["file", "folder"]
    synced.clear()
    write_atomic(tmp_path / "a.jsonld", b"{}", durable=False)
    with atomic_writer(tmp_path / "all.nq", durable=False) as handle:
        handle.write(b"<a> <b> <c> <d> .\n")
    assert synced == []
    assert (tmp_path / "a.jsonld").read_bytes() == b"{}"
