"""`kit build`: load and check everything, render every output, then write them all.

Nothing is written unless every output rendered cleanly: a problem anywhere leaves the build
folder exactly as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError, Location, Problem
from kit.kitload import LoadedKit, load_kit
from kit.output import CannotWrite, Staging, build_lock
from kit.outputs import KINDS
from kit.plan import Job, plan_outputs


class UnknownUnit(ValueError):
    """`--unit ID` names no unit of the kit (a usage error, not a problem in the kit)."""

    def __init__(self, ident: str, known: list[str]):
        from kit.errors import did_you_mean

        super().__init__(f"no unit '{ident}'{did_you_mean(ident, known)}; units: {', '.join(known)}")


@dataclass
class Built:
    job: Job
    pages: int
    seconds: float
    cached: bool = False  # up to date: taken as it was from an earlier build, not rendered


@dataclass
class _Finished:
    """An output rendered and checked by this build (its PDF is staged, not held)."""

    job: Job
    pages: int
    seconds: float
    deps: list[str]          # the files its render read
    used_parts: list[str]
    text: str | None         # the text of a student output, for the leak guard of later builds
    warnings: list[Problem]  # what its render warned about (near-empty pages), kept for later builds
    pdf_sha: str
    html_sha: str | None     # with --html


@dataclass
class BuildResult:
    built: list[Built]   # every planned output, rendered or cached, in plan order
    warnings: list[Problem] = field(default_factory=list)
    kit: LoadedKit | None = field(default=None, repr=False)  # None when nothing had changed
    removed: list[str] = field(default_factory=list)  # outputs of earlier builds the kit no longer makes, deleted

    @property
    def rendered(self) -> list[Built]:
        return [b for b in self.built if not b.cached]


class _Covered:
    """Whether a student output checked by an earlier build, against the runs of words its leak
    guard looked for then, needs no new check: it does not when the runs looked for now are all
    among those (an edit to student text, say, leaves them as they were or fewer)."""

    def __init__(self, kit: LoadedKit, manifest):
        self.kit, self.manifest = kit, manifest
        self._runs: set[bytes] | None = None
        self._earlier: dict[str, set[bytes] | None] = {}

    def runs(self) -> set[bytes]:
        from kit.cache import run_prints
        from kit.leaks import candidate_windows

        if self._runs is None:
            self._runs = run_prints(candidate_windows(self.kit.collected.teacher_text,
                                                      self.kit.collected.student_text))
        return self._runs

    def __call__(self, guard: str | None) -> bool:
        if not guard:
            return False
        if guard not in self._earlier:
            self._earlier[guard] = self.manifest.guard_runs(guard)
        earlier = self._earlier[guard]
        return earlier is not None and self.runs() <= earlier


def _recheck(kit: LoadedKit, manifest, kept: list[Job], guard: str, covered: _Covered) -> tuple[list[Problem], list[Job]]:
    """The leak guard for student outputs kept from earlier builds, checked by a different guard:
    its problems, and the outputs that now count as checked by this one."""
    from kit.leaks import output_text

    problems, rechecked = [], []
    for job in kept:
        earlier = manifest.entry(job).get("guard")
        if job.for_teacher or earlier == guard:
            continue
        if not covered(earlier):
            found = _leaks(kit, job, manifest.stored_text(job.path.name)
                           or output_text(job.path.read_bytes(), job.output.format))
            problems += found
            if found:
                continue
        rechecked.append(job)
    return problems, rechecked


def _leaks(kit: LoadedKit, job: Job, text: str) -> list[Problem]:
    from kit.leaks import find_leaks

    if job.for_teacher:
        return []
    return find_leaks(text, kit.collected.teacher_text, kit.collected.student_text, job.path.name)


def _outputs_written_elsewhere(out_dir: Path, jobs: list[Job], manifest, html: bool) -> None:
    """Refuse to replace a file in the build folder that kit did not write there (it may have come
    with the kit): kit never overwrites a file it did not write."""
    from kit.cache import html_path

    names = [job.path.name for job in jobs] + ([html_path(job.path).name for job in jobs] if html else [])
    foreign = [name for name in names if os.path.lexists(out_dir / name) and not manifest.wrote(name)]
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise CannotWrite(f"{out_dir} holds files kit did not write there ({shown}); they may have come with "
                          "the kit. Move or delete them (or the whole folder), or build into another folder "
                          "with -o DIR")


def _render_checked(kit, todo, *, staging, manifest, snapshot, force, jobs, html, progress, on_done):
    """Render every job of `todo` (in workers), check each student output for leaks as it arrives
    and stage it (on disk, not yet in place). Returns what was made and the problems found."""
    from kit.cache import content_sha, estimate, html_path
    from kit.checks import prepared_images
    from kit.leaks import output_text
    from kit.partcache import PartCache, store_parts
    from kit.workers import default_workers, render_all, render_in_process

    part_cache = PartCache(manifest.folder, snapshot, snapshot.code(), use=not force)
    if jobs == 0:  # in this process: tests and debugging
        from kit.renderers import open_session

        for job in todo:
            if progress:
                progress(job)
        results = render_in_process(open_session(kit, prepared_images(kit), part_cache), todo, range(len(todo)))
    else:
        results = render_all(kit, todo, prepared=prepared_images(kit), part_cache=part_cache,
                             workers=jobs or default_workers(),
                             estimate=lambda job: estimate(manifest, snapshot, kit, job), before=progress)
    finished: dict[Path, _Finished] = {}
    problems: list[Problem] = []
    for index, result in results:
        job = todo[index]
        text = None
        job_problems = result.problems
        job_warnings = [p for p in job_problems if p.severity != "error"]
        if len(job_warnings) == len(job_problems) and not job.for_teacher:
            text = result.text if result.text is not None else output_text(result.pdf, job.output.format)
            job_problems = job_problems + _leaks(kit, job, text)
        problems += job_problems
        store_parts(manifest.folder, result.parts)
        page = (result.html or "").encode("utf-8") if html and job.output.paged else None
        if not any(p.severity == "error" for p in problems):  # otherwise nothing will be written
            staging.add(job.path, result.pdf)
            if page is not None:
                staging.add(html_path(job.path), page)
        finished[job.path] = _Finished(job, result.pages, result.seconds, result.read, result.used_parts, text,
                                       job_warnings, content_sha(result.pdf), content_sha(page) if page is not None else None)
        if on_done:
            on_done(Built(job, result.pages, result.seconds))
    return finished, problems


def _record(manifest, snapshot, finished, rechecked, planned, key_of, guard, covered, root, html) -> None:
    from kit.cache import dep_hashes, html_path

    for done in finished.values():
        job = done.job
        if not html and manifest.entry(job).get("html"):  # an earlier --html build's page no longer matches
            html_path(job.path).unlink(missing_ok=True)
        if done.text is not None:
            manifest.store_text(job.path.name, done.text)
        manifest.record(job, key_of[job.path], dep_hashes(snapshot, done.deps), done.pdf_sha, done.pages,
                        done.seconds, None if job.for_teacher else guard, done.html_sha, root, done.used_parts,
                        done.warnings)
    for job in rechecked:
        manifest.entry(job)["guard"] = guard
    if any(not job.for_teacher for job in planned):
        manifest.store_guard_runs(guard, covered.runs)


def default_out_dir(root: Path) -> Path:
    """root/build, which must be a real folder of the kit: a link there (which may have come with
    the kit) could send the outputs anywhere."""
    out_dir = Path(root) / "build"
    if out_dir.is_symlink():
        raise CannotWrite(f"{out_dir} is a link; kit writes only into a real folder. Delete the link, or "
                          "build into another folder with -o DIR")
    return out_dir


def build(root: Path, out_dir: Path | None = None, *, outputs=None, unit_ids=None, paper=None,
          progress=None, jobs: int | None = None, force: bool = False, html: bool = False,
          on_done=None) -> BuildResult:
    """Build the kit at `root` into `out_dir` (default: root/build). Raises KitError on any problem.

    Only outputs whose inputs changed since the last build into `out_dir` are rendered (every one
    with `force`; see kit/cache.py). `jobs` worker processes render them (default: one per core;
    0 renders in this process, with no limits). `progress(job)` is called as a job is handed out
    and `on_done(built)` as each output is rendered and checked. With `html`, the HTML of each PDF
    is written beside it.
    """
    from kit.cache import Keys, Manifest, Options, ParseCache, guard_digest
    from kit.partcache import prune_parts

    root = Path(root)
    out_dir = Path(out_dir) if out_dir else default_out_dir(root)
    options = Options(tuple(sorted(outputs)) if outputs else None, tuple(sorted(unit_ids)) if unit_ids else None,
                      paper, bool(html))
    previous = Manifest.load(root, out_dir)
    snapshot = previous.snapshot(root)
    entries = None if force else previous.up_to_date(snapshot, options)
    if entries is not None and all(e["kind"] in KINDS for e in entries):  # nothing changed at all: not even the kit is loaded
        return BuildResult([Built(Job(e["kind"], out_dir / e["name"], e["paper"], e["unit"]), e["pages"],
                                  e["seconds"], cached=True) for e in entries],
                           [w for e in entries for w in Manifest.warnings(e)])
    parses = ParseCache(root, snapshot.code())
    kit = load_kit(root, parse=parses.parse)
    planned = _plan(kit, out_dir, paper, outputs, unit_ids)
    with build_lock(out_dir):
        manifest = Manifest.load(root, out_dir)
        keys = Keys(kit, snapshot)
        key_of = {job.path: keys.key(job) for job in planned}
        todo = [job for job in planned if force or not manifest.fresh(job, key_of[job.path], snapshot, html)]
        warnings = _checked_before_rendering(kit) if todo else []
        _outputs_written_elsewhere(out_dir, todo, manifest, html)
        guard = guard_digest(kit, snapshot.code())
        with Staging() as staging:
            finished, problems = _render_checked(kit, todo, staging=staging, manifest=manifest, snapshot=snapshot,
                                                 force=force, jobs=jobs, html=html, progress=progress,
                                                 on_done=on_done)
            covered = _Covered(kit, manifest)
            found, rechecked = _recheck(kit, manifest, [job for job in planned if job.path not in finished],
                                        guard, covered)
            problems = list(dict.fromkeys(problems + found))  # a unit's deck outputs report its slides' problems once
            if any(p.severity == "error" for p in problems):
                raise KitError(warnings + problems)
            staging.commit()
        _record(manifest, snapshot, finished, rechecked, planned, key_of, guard, covered, root, html)
        removed, left = [], []
        if outputs is None and unit_ids is None:  # the whole kit: what it no longer makes goes
            removed, left = manifest.retire({job.path.name for job in planned}, paper or kit.config.paper)
        warnings += [Problem(Location(name), f"{name} in {out_dir} is no longer made by this kit, and kit left it "
                             "because it changed since kit wrote it; delete it if you no longer need it", "not-made",
                             "warning") for name in left]
        parses.save()
        prune_parts(manifest.folder, manifest.parts_in_use())
        manifest.save(snapshot, options, [job.path.name for job in planned])
    built = [Built(job, finished[job.path].pages, finished[job.path].seconds) if job.path in finished
             else Built(job, manifest.entry(job).get("pages", 0), manifest.entry(job).get("seconds", 0.0), cached=True)
             for job in planned]
    kept = [w for job in planned if job.path not in finished for w in manifest.warnings(manifest.entry(job))]
    return BuildResult(built, warnings + problems + kept, kit, removed)


def _plan(kit, out_dir, paper, outputs, unit_ids) -> list[Job]:
    known = [u.unit.id for u in kit.units]
    unknown = sorted(set(unit_ids or ()) - set(known))
    if unknown:
        raise UnknownUnit(unknown[0], known)
    return plan_outputs(kit, out_dir, paper=paper, outputs=outputs, unit_ids=unit_ids)


def _checked_before_rendering(kit) -> list[Problem]:
    """The warnings of the checks `kit check` runs too; raises KitError on any error."""
    from kit.checks import prerender_problems

    problems = prerender_problems(kit)
    if any(p.severity == "error" for p in problems):
        raise KitError(problems)
    return problems


def write_print_pack(root: Path, out_dir: Path | None, result: BuildResult, class_size: int | None) -> str | None:
    """Write build/print-pack.html, the front page of the build folder, when the build loaded the kit
    (something changed: outputs may have turned stale), when a class size is given or when it is
    missing; return its table as text, or None when it was up to date."""
    from kit.cache import Manifest, content_sha, load_kit_cached, note_written
    from kit.printpack import PRINT_PACK, present_rows, write_print_pack as write_pack

    out_dir = Path(out_dir) if out_dir else default_out_dir(root)
    if not (result.rendered or result.kit is not None or class_size is not None
            or not (out_dir / PRINT_PACK).is_file()):
        return None
    kit = result.kit or load_kit_cached(root)
    size = class_size or kit.config.class_size
    with build_lock(out_dir):  # like every output, written only while holding the build folder
        manifest = Manifest.load(root, out_dir)
        if os.path.lexists(out_dir / PRINT_PACK) and not manifest.wrote(PRINT_PACK):
            raise CannotWrite(f"{out_dir / PRINT_PACK} was not written by kit (it may have come with the kit); "
                              "move or delete it, or build into another folder with -o DIR")
        rows = present_rows(kit, result.built, manifest, root, out_dir, size)
        html, text = write_pack(kit, rows, out_dir, size)
        note_written(content_sha(html))
    return text
