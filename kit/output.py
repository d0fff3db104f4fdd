"""Writing outputs safely: a lock on the build folder and atomic replacement of each file.

A PDF is written to a temporary file beside its target and moved into place only when complete,
so an interrupted or failed build leaves every earlier output byte for byte as it was. Moving a
file into place replaces whatever is at the target's name (a link included) and never writes
through a link. The lock lives in the user's cache folder, not in the build folder, and is
released by the system the moment the process holding it ends.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
from pathlib import Path

LOCK_NAME = ".kit-build.lock"
PART_SUFFIX = ".part"


class BuildLocked(Exception):
    pass


class CannotWrite(Exception):
    pass


@contextlib.contextmanager
def build_lock(out_dir: Path):
    """Hold an exclusive lock on `out_dir` while writing to it."""
    from filelock import FileLock, Timeout

    from kit.cache import lock_path

    lock = lock_path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        lock.parent.mkdir(parents=True, exist_ok=True)
        held = FileLock(lock, timeout=0)
        held.acquire()
    except Timeout:
        raise BuildLocked(f"another build is writing to {out_dir}; wait for it to finish "
                          "and run the command again") from None
    except OSError as exc:
        raise CannotWrite(f"cannot write to {out_dir}: {exc.strerror}") from None
    try:
        _sweep_leftovers(out_dir)
        yield
    finally:
        held.release()


def _journal(out_dir: Path) -> Path:
    from kit.cache import lock_path

    return lock_path(out_dir).with_suffix(".staged")


def _note_staged(out_dir: Path, names: list[str]) -> None:
    """Keep the names of the temporary files being written, so that a killed build's are removed
    by the next one (and no other file is)."""
    journal = _journal(out_dir)
    if names:
        journal.write_text(json.dumps(names), encoding="utf-8")
    else:
        journal.unlink(missing_ok=True)


def _sweep_leftovers(out_dir: Path) -> None:
    """Remove the temporary files a killed build left behind (safe: we hold the lock)."""
    try:
        names = json.loads(_journal(out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for name in names if isinstance(names, list) else []:
        path = out_dir / Path(str(name)).name
        if path.name.endswith(PART_SUFFIX) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()
    _note_staged(out_dir, [])


def _temporary_name(path: Path) -> Path:
    return path.parent / f".{path.name}.{secrets.token_hex(5)}{PART_SUFFIX}"


def _write_new(tmp: Path, data: bytes) -> None:
    """Write `data` to the new file `tmp` (never an existing one), flushed to disk."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _cannot_write(path: Path, exc: OSError) -> CannotWrite:
    hint = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
    return CannotWrite(f"cannot write {path}: {hint}")


class Staging:
    """Files written to temporary names beside their targets as they become ready, and moved into
    place together by `commit()`; whatever is not committed is removed on leaving the `with`
    block, so a failed build leaves every earlier output as it was. A build stages each PDF as
    soon as it is checked, instead of holding them all in memory."""

    def __init__(self, journal: bool = True):
        self.staged: list[tuple[str, Path]] = []
        self.journal = journal  # note temporary names for the next build to sweep (build folders)

    def _noted(self) -> None:
        if not self.journal:
            return
        folders = {path.parent for _, path in self.staged}
        for folder in folders:
            with contextlib.suppress(OSError):
                _note_staged(folder, [Path(tmp).name for tmp, path in self.staged if path.parent == folder])

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()

    def add(self, path: Path, data: bytes) -> None:
        """Stage `data` for `path`. The temporary name is in the journal before the file exists, so
        a build killed at any moment leaves nothing the next build does not sweep."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temporary_name(path)
            self.staged.append((str(tmp), path))
            self._noted()
            _write_new(tmp, data)
        except OSError as exc:
            raise _cannot_write(path, exc) from None

    def commit(self) -> None:
        while self.staged:
            tmp, path = self.staged[0]
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _cannot_write(path, exc) from None
            self.staged.pop(0)

    def discard(self) -> None:
        folders = {path.parent for _, path in self.staged}
        for tmp, _ in self.staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self.staged = []
        for folder in folders if self.journal else ():
            with contextlib.suppress(OSError):
                _note_staged(folder, [])


def write_all_atomically(files: list[tuple[Path, bytes]]) -> None:
    """Write every file to a temporary file first, and only when all are on disk replace the
    targets: a full disk or an interrupt leaves every earlier output as it was."""
    with Staging(journal=False) as staging:
        for path, data in files:
            staging.add(path, data)
        staging.commit()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; on any failure the old file stays as it was."""
    write_all_atomically([(path, data)])
