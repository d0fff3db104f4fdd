"""Writing outputs: atomic replacement, no leftovers, umask honoured, one build per folder."""

from __future__ import annotations

import os
import stat

from pathlib import Path

import pytest

from kit import output
from kit.output import LOCK_NAME, BuildLocked, CannotWrite, build_lock, write_atomically


@pytest.fixture
def umask():
    """Set a umask for the test and restore the old one afterwards."""
    old = os.umask(0o022)
    os.umask(old)

    def set_to(value: int):
        os.umask(value)

    yield set_to
    os.umask(old)


def test_write_creates_and_replaces(tmp_path):
    target = tmp_path / "out" / "a.pdf"
    write_atomically(target, b"first")
    assert target.read_bytes() == b"first"
    write_atomically(target, b"second version")
    assert target.read_bytes() == b"second version"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.pdf"]


def test_no_part_file_is_left(tmp_path):
    for i in range(3):
        write_atomically(tmp_path / f"{i}.pdf", b"x" * 1000)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_failed_replace_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(CannotWrite) as info:
        write_atomically(target, b"new")
    assert "the disk is full" in str(info.value)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def broken_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(CannotWrite):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_file_mode_honours_umask(tmp_path, umask, mask, mode):
    umask(mask)
    target = tmp_path / "a.pdf"
    write_atomically(target, b"pdf")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert stat.S_IMODE(target.stat().st_mode) != 0o600


def test_write_into_a_file_where_a_folder_should_be(tmp_path):
    (tmp_path / "blocker").write_text("a file, not a folder")
    with pytest.raises(CannotWrite):
        write_atomically(tmp_path / "blocker" / "a.pdf", b"pdf")


def test_second_lock_on_the_same_folder_is_refused(tmp_path):
    with build_lock(tmp_path / "build"):
        assert not (tmp_path / "build" / LOCK_NAME).exists()  # the lock is kept outside the build folder
        with pytest.raises(BuildLocked) as info:
            with build_lock(tmp_path / "build"):
                pass
        assert "another build" in str(info.value)
    with build_lock(tmp_path / "build"):   # released: a later build may lock again
        pass


def test_locks_on_different_folders_do_not_conflict(tmp_path):
    with build_lock(tmp_path / "a"), build_lock(tmp_path / "b"):
        pass


def test_lock_sweeps_the_part_files_a_killed_build_left_and_no_other(tmp_path):
    out = tmp_path / "build"
    out.mkdir()
    stranger = out / f".01-x-handout.pdf.zzz999{output.PART_SUFFIX}"
    stranger.write_bytes(b"not written by kit")
    keep = out / "01-x-handout.pdf"
    keep.write_bytes(b"a pdf")
    staging = output.Staging()
    staging.add(keep, b"half a pdf")  # a build killed here leaves its temporary file behind
    leftover = Path(staging.staged[0][0])
    staging.staged.clear()
    with build_lock(out):
        assert not leftover.exists()
        assert keep.read_bytes() == b"a pdf"
        assert stranger.read_bytes() == b"not written by kit"


def test_lock_on_an_unwritable_place(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(CannotWrite):
        with build_lock(tmp_path / "file" / "build"):
            pass
