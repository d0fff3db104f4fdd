"""`kit watch`: build, then rebuild what each saved change affects, until Ctrl-C.

Every rebuild goes through the build cache, so a change to one unit renders that unit's outputs
(and the books) and nothing else. A save that breaks the kit prints the located problems and
writes nothing: the PDFs of the last good build stay as they were.

`watch()` takes the stream of changes as an argument (any iterable of sets of
(change, path) pairs, as `watchfiles.watch` yields them), so it can be driven without a file
system watcher; `max_rebuilds` ends it after that many rebuilds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

KIT_PARTS = ("kit.yaml", "units", "assets", "templates")


SCRATCH_ENDINGS = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".part", ".crdownload",
                   "___jb_tmp___", "___jb_old___", ".kate-swp")


def editor_scratch(name: str) -> bool:
    """Files editors write beside the one being saved: hidden files (.#unit.yaml, .unit.yaml.swp,
    .goutputstream-X), backups (unit.yaml~), Emacs autosaves (#unit.yaml#), JetBrains and Kate
    temporaries, and Vim's write test (4913)."""
    return (name.startswith(".") or name.endswith(SCRATCH_ENDINGS) or name == "4913"
            or (name.startswith("#") and name.endswith("#")))


def relevant(path, root: Path, out_dir: Path) -> bool:
    """Whether a changed file can change an output: kit.yaml, units/, assets/, templates/ or kit's
    own templates and fonts; never the build folder, hidden files or editor backups."""
    from kit.templating import DEFAULT_TEMPLATES, FONTS

    path = Path(path).resolve()
    if editor_scratch(path.name):
        return False
    if path.is_relative_to(Path(out_dir).resolve()):
        return False
    root = Path(root).resolve()
    if path.is_relative_to(Path(DEFAULT_TEMPLATES).resolve()) or path.is_relative_to(Path(FONTS).resolve()):
        return True
    if not path.is_relative_to(root):
        return False
    parts = path.relative_to(root).parts
    if any(part.startswith(".") for part in parts):
        return False
    return bool(parts) and parts[0] in KIT_PARTS and (parts[0] != "kit.yaml" or len(parts) == 1)


def file_changes(root: Path, debounce_ms: int = 300, stop_event=None):
    """Sets of (change, path) from the file system, for as long as the caller iterates (or until
    `stop_event`, a threading.Event, is set)."""
    import watchfiles

    from kit.templating import DEFAULT_TEMPLATES, FONTS

    paths = [Path(root)] + [p for p in (Path(DEFAULT_TEMPLATES), Path(FONTS))
                            if not p.resolve().is_relative_to(Path(root).resolve())]
    yield from watchfiles.watch(*paths, debounce=debounce_ms, step=50, raise_interrupt=True, stop_event=stop_event,
                                watch_filter=lambda change, path: not editor_scratch(Path(path).name))


def _names(items) -> str:
    names = [item.job.path.name for item in items]
    return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def watch(root, out_dir=None, *, changes=None, max_rebuilds: int | None = None, echo=None, err=None,
          **build_options) -> int:
    """Build once, then once per batch of relevant changes; returns the number of rebuilds."""
    from kit.build import UnknownUnit, build
    from kit.errors import KitError, summary
    from kit.output import BuildLocked, CannotWrite
    from kit.progress import Progress
    from kit.report import counted
    from kit.terminal import printable

    root = Path(root)
    out_dir = Path(out_dir) if out_dir else root / "build"
    raw_echo = echo or (lambda text: print(text, flush=True))
    raw_err = err or (lambda text: print(text, file=sys.stderr, flush=True))

    def echo(text: str) -> None:  # file names and problems come from the kit: never raw to the terminal
        raw_echo(printable(text))

    def err(text: str) -> None:
        raw_err(printable(text))

    def run() -> None:
        started = time.perf_counter()
        progress = Progress(0)
        try:
            result = build(root, out_dir, progress=lambda job: progress.add(), on_done=progress.done,
                           **build_options)
        except KitError as exc:
            progress.close()
            for problem in exc.problems:
                err(problem.with_snippet(root).format())
            err(summary(exc.problems, nothing_written=False).rstrip(".")
                + "; nothing was written, the last good PDFs are unchanged.")
            return
        except (BuildLocked, CannotWrite, UnknownUnit) as exc:  # a unit may yet be added: keep watching
            progress.close()
            err(f"kit: {exc}")
            return
        progress.close()
        for warning in result.warnings:
            err(warning.with_snippet(root).format())
        rendered = result.rendered
        seconds = time.perf_counter() - started
        if rendered:
            echo(f"Rebuilt {len(rendered)} of {counted(len(result.built), 'output')} in {seconds:.1f} s: {_names(rendered)}")
        else:
            echo(f"Nothing to do: {counted(len(result.built), 'output')} up to date.")

    run()
    echo(f"Watching {root} for changes (Ctrl-C to stop).")
    rebuilds = 0
    if max_rebuilds is not None and max_rebuilds <= 0:
        return rebuilds
    for batch in (changes if changes is not None else file_changes(root)):
        changed = sorted({Path(path) for _, path in batch if relevant(path, root, out_dir)})
        if not changed:
            continue
        shown = [p.resolve().relative_to(root.resolve()).as_posix() if p.resolve().is_relative_to(root.resolve())
                 else str(p) for p in changed]
        echo(f"Changed: {', '.join(shown)}")
        run()
        rebuilds += 1
        if max_rebuilds is not None and rebuilds >= max_rebuilds:
            break
    return rebuilds
