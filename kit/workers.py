"""Rendering many outputs: in this process, or spread over worker processes.

With more than one worker, the outputs are grouped into tasks (a unit's slides, notes and 3-up
handout share one deck, so they go together), the longest tasks are handed out first, and each
worker renders every task it gets with one environment and one Renderer (one font configuration
and image cache). Workers are forked, so they start with the loaded kit and WeasyPrint already
imported. Results (PDF bytes, pages, problems, and the files each render read) come back to
the parent, which checks and writes them: a worker never writes anything.

While rendering, each output's dependencies are recorded for the cache: every template Jinja
loads and every file the fetcher serves, with the fonts and images the served stylesheets name.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

DECK_KINDS = ("slides", "notes", "3up")   # outputs made from one unit's deck: rendered together
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""", re.IGNORECASE)


@dataclass
class JobResult:
    index: int
    pdf: bytes
    pages: int
    problems: list
    seconds: float
    deps: list[str] = field(default_factory=list)   # files the render read (absolute paths)
    html: str | None = None                       # the HTML the PDF was rendered from
    parts: dict = field(default_factory=dict)     # book and card parts rendered (kit/partcache.py)
    used_parts: list[str] = field(default_factory=list)  # the parts it is made of, rendered or cached
    text: str | None = None                       # its text, if the render knows it (kit/composite.py)


class RenderCrashed(Exception):
    """A render failed with an unexpected exception (a bug), in this process or a worker."""


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def tasks(jobs, estimate) -> list[list[int]]:
    """Job indices grouped into tasks, longest first: a unit's deck outputs together (slides first),
    every other output on its own (a book or the cards is rendered a unit at a time, and its
    join holds one part at a time: two at once on two workers are cheap)."""
    groups: dict = {}
    for index, job in enumerate(jobs):
        key = ("deck", job.unit_id) if job.unit_id and job.kind in DECK_KINDS else ("job", index)
        groups.setdefault(key, []).append(index)
    order = {kind: n for n, kind in enumerate(DECK_KINDS)}
    out = [sorted(group, key=lambda i: (order.get(jobs[i].kind, 99), -estimate(jobs[i]), i))
           for group in groups.values()]
    return sorted(out, key=lambda group: -sum(estimate(jobs[i]) for i in group))


def css_references(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = []
    for url, imported in CSS_URL.findall(text):
        target = (url or imported).strip()
        if not target or ":" in target.split("/")[0]:
            continue  # data:, file:, http: ... (the fetcher serves or refuses those itself)
        found.append(str((path.parent / target.split("#")[0].split("?")[0]).resolve()))
    return found


class _Recorder:
    """Wraps an environment and a renderer to note what each output's render reads."""

    def __init__(self, env, renderer, keep_html: bool):
        self.templates: list[str] = []
        self.html: str | None = None
        self.renderer = renderer
        self.fetcher_served = getattr(getattr(renderer, "fetcher", None), "served", None)
        get_template, select_template = env.get_template, env.select_template

        def recording_get(*args, **kwargs):
            template = get_template(*args, **kwargs)
            self.templates.append(template.filename)
            return template

        def recording_select(*args, **kwargs):
            template = select_template(*args, **kwargs)
            self.templates.append(template.filename)
            return template

        env.get_template = recording_get        # Jinja's include, import and extends call these
        env.select_template = recording_select  # on the environment instance
        if keep_html:
            render = renderer.render

            def recording_render(html, *args, **kwargs):
                self.html = html
                return render(html, *args, **kwargs)

            renderer.render = recording_render

    def start(self):
        self.templates = []
        self.html = None
        self.renderer.document_html = None  # set by outputs rendered in parts (kit/composite.py)
        self.renderer.document_text = None
        self.mark = len(self.fetcher_served) if self.fetcher_served is not None else 0

    def deps(self) -> list[str]:
        files = {str(Path(t).resolve()) for t in self.templates if t}
        if self.fetcher_served is None:
            files.add("*")  # the renderer does not say what it loaded: depend on every template file
        else:
            for path in self.fetcher_served[self.mark:]:
                files.add(str(Path(path).resolve()))
                if str(path).endswith(".css"):
                    files.update(css_references(Path(path)))
        return sorted(files)


class _Session:
    """One process's renderer: made by `setup()` once, then used for every job it renders."""

    def __init__(self, jobs, setup, render_job, keep_html: bool):
        self.jobs = jobs
        self.setup = setup
        self.kit, self.env, self.renderer = setup()
        self.render_job = render_job
        self.keep_html = keep_html
        self.recorder = _Recorder(self.env, self.renderer, keep_html)

    def run(self, index: int, prior: list[str]) -> JobResult:
        from kit.errors import KitError

        job = self.jobs[index]
        self.recorder.start()
        started = time.perf_counter()
        try:
            pdf, pages, problems = self.render_job(self.kit, job, self.env, self.renderer)
        except KitError as exc:
            pdf, pages, problems = b"", 0, list(exc.problems)
        except Exception as exc:  # noqa: BLE001 - a bug: named, with its traceback chained for --debug
            raise RenderCrashed(f"{type(exc).__name__}: {exc} (while rendering {job.path.name})") from exc
        deps = sorted(set(prior) | set(self.recorder.deps()))
        seconds = time.perf_counter() - started
        cache = getattr(self.renderer, "parts", None)
        parts, used = cache.take() if cache is not None else ({}, [])
        html = getattr(self.renderer, "document_html", None) or self.recorder.html
        if self.keep_html and html is None and pdf:
            # The render reused what an earlier output computed, so no HTML passed by: render this
            # output once more in a fresh session to see the HTML its PDF comes from.
            html = _Session(self.jobs, self.setup, self.render_job, True).run(index, []).html
        return JobResult(index, pdf, pages, problems, seconds, deps, html if self.keep_html else None, parts, used,
                         getattr(self.renderer, "document_text", None))

    def run_task(self, indices: list[int]) -> list[JobResult]:
        # A later output of a task may reuse what an earlier one computed (the deck), so it
        # depends on what the earlier ones read as well.
        results, prior = [], []
        for index in indices:
            result = self.run(index, prior)
            prior = result.deps
            results.append(result)
        return results


_SESSION: _Session | None = None


def _worker_init(jobs, setup, render_job, keep_html):
    global _SESSION
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _SESSION = _Session(jobs, setup, render_job, keep_html)


def _worker_task(indices):
    try:
        return _SESSION.run_task(indices)
    finally:
        _release_memory()  # after a book, say: its parts are no longer needed


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


def render_all(jobs, *, setup, render_job, workers: int = 1, estimate=None, keep_html: bool = False,
               before=None):
    """Render every job; yield a JobResult for each as it finishes (in any order).

    `setup()` returns (kit, env, renderer) and is called once per rendering process; `render_job`
    is build.render_job. With `workers` <= 1, or a single task, everything renders in this process.
    `before(job)` is called as each job is handed out.
    """
    before = before or (lambda job: None)
    estimate = estimate or (lambda job: 1.0)
    groups = tasks(jobs, estimate)
    workers = min(workers, len(groups))
    if workers <= 1 or not can_fork():
        for job in jobs:
            before(job)
        session = _Session(jobs, setup, render_job, keep_html)
        for group in sorted(groups, key=min):  # plan order: the progress reads top to bottom
            yield from session.run_task(group)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("fork")
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init,
                                   initargs=(jobs, setup, render_job, keep_html))
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
            pending = set()
            for group in groups:
                for index in group:
                    before(jobs[index])
                pending.add(executor.submit(_worker_task, group))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
    finally:
        processes = list(getattr(executor, "_processes", {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(5)
