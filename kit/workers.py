"""Rendering outputs in worker processes, each render under a time and a memory limit.

The outputs are grouped into tasks (a unit's slides, notes and 3-up handout share one deck, so
they go together), the longest tasks are handed out first, and each worker renders every task
it gets in one Session (kit/renderers.py: one font configuration and image cache). A worker
never writes anything: results travel back to the parent, which checks and writes them.

Workers are started with `forkserver` where the system has it, else `spawn` (never plain
`fork`, so they inherit no open file of the parent, such as the build lock). A worker ends when
its parent does, however the parent ended: it watches a pipe that only the parent holds open.
A render that passes its time limit is stopped with its worker; one that needs more memory than
its limit fails. Either is reported as a problem naming the output.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from kit.errors import Location, Problem

DECK_KINDS = ("deck", "deck-handout", "deck-pdfpc", "deck-pptx")   # renderers of outputs made from one unit's deck
START_METHOD_ENV = "KIT_START_METHOD"   # forkserver or spawn (tests force spawn)
SECONDS_ENV = "KIT_RENDER_SECONDS"
MEMORY_ENV = "KIT_RENDER_MEMORY_MB"
SECONDS_PER_OUTPUT = 300                # a whole-kit output gets this much more per unit:
SECONDS_PER_UNIT = 20
MEMORY_MB = 4096                        # address space of one worker
POLL_SECONDS = 0.5


class RenderCrashed(Exception):
    """A render failed with an unexpected exception (a bug in kit), in this process or a worker."""


@dataclass(frozen=True)
class Limits:
    seconds: float = SECONDS_PER_OUTPUT
    seconds_per_unit: float = SECONDS_PER_UNIT
    memory_mb: int = MEMORY_MB

    @classmethod
    def from_environment(cls) -> Limits:
        seconds = float(os.environ.get(SECONDS_ENV) or SECONDS_PER_OUTPUT)
        return cls(seconds, SECONDS_PER_UNIT * seconds / SECONDS_PER_OUTPUT,
                   int(os.environ.get(MEMORY_ENV) or MEMORY_MB))

    def seconds_for(self, job, units: int) -> float:
        return self.seconds + (self.seconds_per_unit * units if job.unit_id is None else 0)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def start_method() -> str:
    wanted = os.environ.get(START_METHOD_ENV)
    available = multiprocessing.get_all_start_methods()
    if wanted in available:
        return wanted
    return "forkserver" if "forkserver" in available else "spawn"


def tasks(jobs, estimate) -> list[list[int]]:
    """Job indices grouped into tasks, longest first: a unit's deck outputs together (slides first),
    every other output on its own."""
    groups: dict = {}
    for index, job in enumerate(jobs):
        deck = job.unit_id and job.output.renderer in DECK_KINDS
        groups.setdefault(("deck", job.unit_id) if deck else ("job", index), []).append(index)
    order = {kind: n for n, kind in enumerate(DECK_KINDS)}
    out = [sorted(group, key=lambda i: (order.get(jobs[i].output.renderer, 99), -estimate(jobs[i]), i))
           for group in groups.values()]
    return sorted(out, key=lambda group: -sum(estimate(jobs[i]) for i in group))


def _release_memory() -> None:
    """Give the memory of the documents just rendered back to the system (a book's layout can
    take hundreds of MB that the worker would otherwise keep for the rest of the build)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _die_with(lifeline) -> None:
    """End this process as soon as the parent's end of `lifeline` closes (the parent ended)."""

    def watch():
        try:
            lifeline.recv()
        except (EOFError, OSError):
            pass
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the time limit still holds
        return
    limit = megabytes * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def _crash_problem(job, text: str) -> Problem:
    return Problem(Location(job.path.name), f"kit failed while making this output: {text}", "internal")


def _worker(conn, lifeline, kit, jobs, prepared, part_cache, memory_mb) -> None:
    from kit.renderers import open_session, render

    _die_with(lifeline)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(memory_mb)
    session = open_session(kit, prepared, part_cache)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        for index in task:
            conn.send(("start", index))
            try:
                result = render(session, jobs[index])
            except MemoryError:
                session.decks.clear()
                conn.send(("memory", index))
                continue
            except Exception as exc:  # noqa: BLE001 - a bug: sent back with its traceback
                conn.send(("crash", index, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
                continue
            conn.send(("done", index, result))
        _release_memory()


@dataclass
class _Worker:
    process: object
    conn: object
    lifeline: object
    task: list[int] = field(default_factory=list)
    job: int | None = None       # the output it is rendering now
    since: float = 0.0


def render_in_process(session, jobs, indices):
    """Render in this process (for tests and debugging: no worker, no limits)."""
    from kit.renderers import render

    for index in indices:
        try:
            yield index, render(session, jobs[index])
        except Exception as exc:  # noqa: BLE001 - a bug: named, with its traceback chained for --debug
            raise RenderCrashed(f"{type(exc).__name__}: {exc} (while rendering {jobs[index].path.name})") from exc


def render_all(kit, jobs, *, prepared, part_cache, workers: int, estimate=None, before=None, limits=None):
    """Render every job in `workers` worker processes; yield (index, RenderResult) for each as it
    finishes (in any order). `before(job)` is called as each job is handed out. A render that
    passes its limits, or fails on a bug, yields a RenderResult holding one problem about it."""
    from kit.renderers import RenderResult

    before = before or (lambda job: None)
    estimate = estimate or (lambda job: 1.0)
    limits = limits or Limits.from_environment()
    pending = tasks(jobs, estimate)
    if workers <= 1:
        pending.sort(key=min)  # one at a time: in plan order, so the progress reads top to bottom
    # A worker starts as `python -c ...`, which would put the working directory first on its
    # path: run from inside a downloaded kit, a `kit/` or `multiprocessing.py` there would be run.
    os.environ["PYTHONSAFEPATH"] = "1"
    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["kit.renderers", "kit.render", "kit.composite", "kit.decks"])
    running: list[_Worker] = []

    def start() -> _Worker:
        parent_end, child_end = context.Pipe()
        life_child, life_parent = context.Pipe(duplex=False)
        process = context.Process(target=_worker, daemon=True, args=(
            child_end, life_child, kit, jobs, prepared, part_cache, limits.memory_mb))
        process.start()
        child_end.close()
        life_child.close()
        return _Worker(process, parent_end, life_parent)

    def failed(worker: _Worker, why: str):
        """The outputs of the worker's task not yet done, each with a problem saying why."""
        for index in worker.task:
            yield index, RenderResult(b"", 0, [Problem(Location(jobs[index].path.name), why, "render-limit")], 0.0)
        worker.task = []

    def hand_out(worker: _Worker) -> None:
        if pending:
            worker.task = pending.pop(0)
            for index in worker.task:
                before(jobs[index])
            worker.conn.send(worker.task)

    def stop(worker: _Worker) -> None:
        running.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        worker.lifeline.close()

    try:
        for _ in range(min(workers, len(pending))):
            running.append(start())
        for worker in running:
            hand_out(worker)
        while any(worker.task for worker in running):
            busy = [worker for worker in running if worker.task]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], POLL_SECONDS)
            for worker in busy:
                if worker.conn in ready:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        message = ("died",)
                elif worker.process.sentinel in ready:
                    message = ("died",)
                elif worker.job is not None and time.monotonic() - worker.since > limits.seconds_for(
                        jobs[worker.job], len(kit.units)):
                    message = ("time",)
                else:
                    continue
                kind = message[0]
                if kind == "start":
                    worker.job, worker.since = message[1], time.monotonic()
                elif kind == "done":
                    worker.task.remove(message[1])
                    worker.job = None
                    if not worker.task:
                        hand_out(worker)
                    yield message[1], message[2]
                elif kind == "memory":
                    worker.task.remove(message[1])
                    worker.job = None
                    if not worker.task:
                        hand_out(worker)
                    yield message[1], RenderResult(b"", 0, [Problem(
                        Location(jobs[message[1]].path.name), f"making this output needed more than "
                        f"{limits.memory_mb:,} MB of memory, so it was stopped; look for a very large "
                        "image or a deeply nested SVG", "render-limit")], 0.0)
                elif kind == "crash":
                    raise RenderCrashed(f"{message[2]} (while rendering {jobs[message[1]].path.name})\n{message[3]}")
                else:  # the worker died, or its render ran out of time: replace it
                    seconds = limits.seconds_for(jobs[worker.job], len(kit.units)) if worker.job is not None else 0
                    why = (f"making this output took more than {seconds:.0f} seconds, so it was stopped; look "
                           "for a very large image, a deeply nested SVG or a template that loops"
                           if kind == "time" else "the process making this output stopped unexpectedly (it may "
                           "have run out of memory); look for a very large image or a deeply nested SVG")
                    yield from failed(worker, why)
                    stop(worker)
                    if pending:
                        running.append(start())
                        hand_out(running[-1])
    finally:
        for worker in list(running):
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 2
        for worker in list(running):
            worker.process.join(max(0.0, deadline - time.monotonic()))
            stop(worker)
