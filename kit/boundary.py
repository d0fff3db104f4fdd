"""The kit's boundary: the one place that decides whether a path is inside the kit, on real paths.

A kit folder may come from a stranger, so every file `kit` reads from it is checked here: its
real path (every symlink resolved) must be inside the kit's real folder, and it must be a
regular file (a named pipe or a device would hang the read). `links_leaving(root)` finds every
symlink in the kit's inputs that leads out of it, with no count at which it stops looking.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kit.errors import KitError, Location, Problem

INPUTS = ("kit.yaml", "units", "assets", "templates")   # what a build reads from a kit folder
PACKAGE = Path(__file__).resolve().parent


def resource_roots(root: Path) -> list[Path]:
    """The folders the renderer may load files from: the kit's assets/ and templates/, and kit's
    own templates and fonts."""
    return [Path(root) / "assets", Path(root) / "templates", PACKAGE / "templates", PACKAGE / "fonts"]
OUTSIDE = "this is a link to a file or folder outside the kit; copy what it points at into the kit instead"


def real(path: Path) -> Path | None:
    """`path` with every symlink resolved, or None when it does not exist (or loops)."""
    try:
        return Path(path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None


def inside(path: Path, folder: Path) -> bool:
    """True when `path` exists and its real path is `folder`'s real path or inside it."""
    target, container = real(path), real(folder)
    return target is not None and container is not None and target.is_relative_to(container)


def relative_name(path: Path, root: Path) -> str:
    """`path` as the kit names it in messages (relative to the kit, as written, links unresolved)."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def links_leaving(root: Path) -> list[Problem]:
    """A problem for each symlink in the kit's inputs (kit.yaml, units/, assets/, templates/, the top
    folders themselves included) whose target is outside the kit or does not exist. Links that stay
    inside are followed, once each, so that a link to a folder full of links is checked too."""
    base = real(root)
    if base is None:
        return []
    problems: list[Problem] = []
    seen: set[Path] = set()
    pending = [Path(root) / name for name in INPUTS]
    while pending:
        path = pending.pop()
        if os.path.islink(path):
            target = real(path)
            if target is None or not target.is_relative_to(base):
                problems.append(Problem(Location(relative_name(path, root)), OUTSIDE, "outside-kit"))
                continue
        target = real(path)
        if target is None or target in seen or not target.is_dir():
            continue
        seen.add(target)
        try:
            pending.extend(sorted(path.iterdir(), reverse=True))
        except OSError:
            continue
    return sorted(problems, key=lambda p: p.location.path)


def read_regular(path: Path, name: str, max_bytes: int, root: Path | None = None,
                 too_large: str = "make it smaller") -> bytes:
    """The bytes of a regular file of at most `max_bytes`, inside `root` when one is given. Opened
    without blocking and checked on the open file, so a named pipe put in a file's place cannot
    hang the read and cannot be swapped in between the check and the read."""
    if root is not None and not inside(path, root):
        raise KitError([Problem(Location(name), OUTSIDE, "outside-kit")])
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise KitError([Problem(Location(name), f"cannot read the file: {exc.strerror}", "unreadable")]) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise KitError([Problem(Location(name), "this is not a regular file (a pipe, a device or a socket); "
                                    "put a plain file here", "not-a-file")])
        if info.st_size > max_bytes:
            raise KitError([Problem(Location(name), f"the file is {info.st_size:,} bytes, more than the limit of "
                                    f"{max_bytes:,}; {too_large}", "file-too-large")])
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise KitError([Problem(Location(name), f"cannot read the file: {exc.strerror}", "unreadable")]) from None
    if len(data) > max_bytes:  # grew while being read
        raise KitError([Problem(Location(name), f"the file is more than the limit of {max_bytes:,} bytes; "
                                f"{too_large}", "file-too-large")])
    return data


def is_regular(path: Path) -> bool:
    """True for a regular file (symlinks followed), False for a folder, pipe, device or nothing."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


class Refused(ValueError):
    """A resource the kit will not serve; `reason` says why (and, where it can, what to do)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def served_path(url: str, roots: list[Path], max_bytes: int) -> Path:
    """The real path of the file a `file:` URL names, when it is a regular file of at most `max_bytes`
    inside one of `roots` (real paths); raises Refused otherwise. The rule of the resource gate
    (kit/fetcher.py), shared with the checks made before rendering (kit/svgcheck.py)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme != "file":
        raise Refused(f"'{parts.scheme or 'relative'}:' resources are not allowed; "
                      "only files inside the kit's assets/ and templates/")
    if parts.netloc not in ("", "localhost"):
        raise Refused("files on other hosts are not allowed")
    try:
        path = Path(unquote(parts.path)).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        raise Refused("no such file") from None
    if not any(path.is_relative_to(root) for root in roots):
        raise Refused("the file is outside the kit's assets/ and templates/ folders")
    if not is_regular(path):
        raise Refused("not a regular file")
    if path.stat().st_size > max_bytes:
        raise Refused(f"larger than {max_bytes // 1_000_000} MB")
    return path
