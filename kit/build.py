"""`kit build`: load and check everything, render every output, then write them all.

Nothing is written unless every output rendered cleanly: a problem anywhere leaves the build
folder exactly as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError, Location, Problem
from kit.kitload import LoadedKit, asset_path, load_kit
from kit.output import Staging, build_lock
from kit.composite import COMPOSITE_KINDS, render_composite
from kit.plan import Job, plan_outputs


MAX_SLIDE_PASSES = 6
STUDENT_PRINT_KINDS = ("handout", "3up", "student-book")  # padded to an even page count for duplex


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
    deps: list[str]
    used_parts: list[str]
    text: str | None         # the text of a student output, for the leak guard of later builds
    pdf_sha: str
    html_sha: str | None     # with --html


@dataclass
class BuildResult:
    built: list[Built]   # every planned output, rendered or cached, in plan order
    warnings: list[Problem] = field(default_factory=list)
    kit: LoadedKit | None = field(default=None, repr=False)  # None when nothing had changed

    @property
    def rendered(self) -> list[Built]:
        return [b for b in self.built if not b.cached]


def _check_images(kit: LoadedKit) -> list[Problem]:
    from kit.images import check_image

    problems = []
    roots = _allowed_roots(kit.root)
    for relative, where in kit.collected.images:
        problems += check_image(asset_path(kit.root, relative), where, roots)
    return problems


def _prepared_images(kit: LoadedKit) -> dict[Path, bytes]:
    from kit.images import prepare_image

    prepared = {}
    for relative, _ in kit.collected.images:
        path = asset_path(kit.root, relative)
        data = prepare_image(path)
        if data is not None:
            prepared[path] = data
    return prepared


def _check_glyphs(kit: LoadedKit) -> list[Problem]:
    from kit.glyphs import font_files, missing_glyphs
    from kit.templating import stylesheet_paths

    fonts = [f for path in stylesheet_paths(kit.root, "handout") if path.name == "fonts.css"
             for f in font_files(path)]
    return missing_glyphs(kit.collected.student_text + kit.collected.teacher_text, fonts)


def _allowed_roots(root: Path) -> list[Path]:
    from kit.templating import DEFAULT_TEMPLATES, FONTS

    return [root / "assets", root / "templates", DEFAULT_TEMPLATES, FONTS]


def _where(kit: LoadedKit, job: Job) -> Location:
    return Location(kit.unit(job.unit_id).path if job.unit_id else "kit.yaml")


def _slide_problems(kit, job, deck, overflowing) -> list[Problem]:
    problems = []
    unit = kit.unit(job.unit_id)
    for slide_id, _ in overflowing:
        slide = next(s for s in deck if s["id"] == slide_id)
        block = f"block {slide['block']} ({unit.unit.blocks[slide['block'] - 1].kind})" if slide["block"] \
            else "the title slides"
        problems.append(Problem(Location(unit.path), f"unit '{unit.unit.id}', slide {slide['slide_number']} "
                                f"(\"{slide['title']}\", from {block}) does not fit on one slide and cannot be split; shorten "
                                "the text or split it", "slide-overflow"))
    return problems


def final_deck(kit: LoadedKit, unit_id: str, view: dict, env, renderer):
    """The unit's slides after splitting every slide that overflowed, and their layout (its PDF is
    written by `renderer.write` when the slides themselves are wanted).

    The deck is laid out once; after a split only the new halves are laid out, until they fit. The
    deck is then made of pages already laid out, each slide's from the pass that laid it out last
    (`Document.copy`): a slide's page depends on nothing but the slide, since its number is its
    own (a half keeps the number of the slide it came from; slides.css prints no page counter).
    Remembered per renderer (the last unit's only), so the notes and 3-up handouts reuse it.
    """
    from dataclasses import replace

    from kit.render import slide_pages
    from kit.slides import deck as make_deck, pages_stand_alone, split_slide
    from kit.templating import render_html
    from kit.views import unit_number

    decks = renderer.__dict__.setdefault("decks", {})
    if unit_id in decks:
        return decks[unit_id]
    decks.clear()  # only one unit's deck at a time: its layout is a whole laid-out document
    labels = view["kit"]["labels"]
    deck = make_deck(kit, kit.unit(unit_id), unit_number(kit, unit_id), labels)
    base_url = kit.root.resolve().as_uri() + "/"
    where = Location(kit.unit(unit_id).path)

    def lay_out(slides):
        html = render_html(env, kit.root, "slides", {**view, "slides": slides})
        return replace(renderer.render(html, base_url, where, write=False), html=html)

    first = rendered = lay_out(deck)
    pages, shares = {}, {}  # slide id -> its pages and, if it overflowed, the share that fitted
    problems = list(rendered.problems)
    for attempt in range(MAX_SLIDE_PASSES):
        if rendered.document is None:  # a refused resource: nothing was laid out
            decks[unit_id] = (deck, rendered)
            return deck, rendered
        pages.update(slide_pages(rendered.document))
        shares.update(rendered.overflowing)
        overflowing = dict(rendered.overflowing)
        if not overflowing or rendered.problems or attempt == MAX_SLIDE_PASSES - 1:
            break
        fixed, halves_made = [], []
        for slide in deck:
            share = overflowing.get(slide["id"])
            halves = split_slide(slide, labels["continued"], share) if share is not None else None
            fixed += halves or [slide]
            halves_made += halves or []
        if not halves_made:
            break
        deck = fixed
        rendered = lay_out(halves_made)
        problems += rendered.problems
    if rendered is not first:
        if all(s["id"] in pages for s in deck) and pages_stand_alone(kit.root):
            document = first.document.copy([page for s in deck for page in pages[s["id"]]])
            rendered = replace(first, pages=len(document.pages),
                               page_sizes=[(p.width, p.height) for p in document.pages],
                               overflowing=[(s["id"], shares[s["id"]]) for s in deck if s["id"] in shares],
                               problems=problems, document=document,
                               html=render_html(env, kit.root, "slides", {**view, "slides": deck}))
        else:  # pages that depend on their place (a kit's own stylesheet): the whole deck, as it prints
            rendered = lay_out(deck)
    decks[unit_id] = (deck, rendered)
    return deck, rendered


def render_job(kit: LoadedKit, job: Job, env, renderer) -> tuple[bytes, int, list[Problem]]:
    from kit.templating import render_html
    from kit.views import document_view

    if job.kind in COMPOSITE_KINDS:
        return render_composite(kit, job, env, renderer, renderer.parts)
    view = document_view(kit, job)
    base_url = kit.root.resolve().as_uri() + "/"
    pad = job.kind in STUDENT_PRINT_KINDS
    if job.kind not in ("slides", "notes", "3up"):
        rendered = renderer.render(render_html(env, kit.root, job.kind, view), base_url, _where(kit, job), pad)
        return rendered.pdf, rendered.pages, rendered.problems
    deck, slides = final_deck(kit, job.unit_id, {**view, "kit": {**view["kit"], "teacher": False}}, env, renderer)
    if job.kind == "slides":
        slides = renderer.write(slides)
        renderer.document_html = slides.html  # the deck as it prints, for `kit build --html` (kit/workers.py)
    problems = slides.problems + _slide_problems(kit, job, deck, slides.overflowing)
    if job.kind == "slides":
        return slides.pdf, slides.pages, problems
    rendered = renderer.render(render_html(env, kit.root, job.kind, {**view, "slides": deck}), base_url,
                               _where(kit, job), pad)
    return rendered.pdf, rendered.pages, problems + rendered.problems


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
    from kit.leaks import pdf_text

    problems, rechecked = [], []
    for job in kept:
        earlier = manifest.entry(job).get("guard")
        if job.for_teacher or earlier == guard:
            continue
        if not covered(earlier):
            found = _leaks(kit, job, b"", manifest.stored_text(job.path.name) or pdf_text(job.path.read_bytes()))
            problems += found
            if found:
                continue
        rechecked.append(job)
    return problems, rechecked


def _leaks(kit: LoadedKit, job: Job, pdf: bytes, text: str | None = None) -> list[Problem]:
    from kit.leaks import find_leaks, pdf_text

    if job.for_teacher:
        return []
    text = pdf_text(pdf) if text is None else text
    return find_leaks(text, kit.collected.teacher_text, kit.collected.student_text, job.path.name)


def build(root: Path, out_dir: Path | None = None, *, outputs=None, unit_ids=None, paper=None,
          progress=None, jobs: int | None = None, force: bool = False, html: bool = False,
          on_done=None) -> BuildResult:
    """Build the kit at `root` into `out_dir` (default: root/build). Raises KitError on any problem.

    Only outputs whose inputs changed since the last build into `out_dir` are rendered (every one
    with `force`; see kit/cache.py). `jobs` processes render them (default: one per core; 1 renders
    in this process). `progress(job)` is called as a job is handed out and `on_done(built)` as each
    output is rendered and checked. With `html`, the HTML of each PDF is written beside it.
    """
    from kit.cache import (Keys, Manifest, Options, ParseCache, content_sha, dep_hashes, estimate, guard_digest,
                           html_path)
    from kit.partcache import prune_parts, store_parts
    from kit.workers import default_workers, render_all

    root = Path(root)
    out_dir = Path(out_dir) if out_dir else root / "build"
    options = Options(tuple(sorted(outputs)) if outputs else None, tuple(sorted(unit_ids)) if unit_ids else None,
                      paper, bool(html))
    previous = Manifest.load(out_dir)
    snapshot = previous.snapshot(root)
    if not force:
        entries = previous.up_to_date(snapshot, options)
        if entries is not None:  # nothing changed at all: not even the kit is loaded
            return BuildResult([Built(Job(e["kind"], out_dir / e["name"], e["paper"], e["unit"]), e["pages"],
                                      e["seconds"], cached=True) for e in entries])
    with ParseCache(out_dir, snapshot.code()) as parses:  # a unit that did not change is not parsed again
        kit = load_kit(root)
    known = [u.unit.id for u in kit.units]
    unknown = sorted(set(unit_ids or ()) - set(known))
    if unknown:
        raise UnknownUnit(unknown[0], known)
    jobs_planned = plan_outputs(kit, out_dir, paper=paper, outputs=outputs, unit_ids=unit_ids)
    with build_lock(out_dir):
        manifest = Manifest.load(out_dir)
        keys = Keys(kit, snapshot)
        key_of = {job.path: keys.key(job) for job in jobs_planned}
        todo = [job for job in jobs_planned if force or not manifest.fresh(job, key_of[job.path], snapshot, html)]
        problems = _check_images(kit) + _check_glyphs(kit) if todo else []
        warnings = [p for p in problems if p.severity == "warning"]
        if len(problems) > len(warnings):
            raise KitError(problems)
        from kit.leaks import pdf_text

        guard = guard_digest(kit, snapshot.code())
        finished: dict[Path, _Finished] = {}
        with Staging() as staging:  # each checked PDF goes to disk as it arrives; none is held
            if todo:
                from kit.fetcher import KitFetcher
                from kit.partcache import PartCache
                from kit.render import Renderer
                from kit.templating import environment

                prepared = _prepared_images(kit)

                def setup():  # once per rendering process
                    parts = PartCache(out_dir, snapshot, snapshot.code(), use=not force)
                    return kit, environment(root), Renderer(KitFetcher(_allowed_roots(root), prepared), parts)

                for result in render_all(todo, setup=setup, render_job=render_job, workers=jobs or default_workers(),
                                         estimate=lambda job: estimate(manifest, snapshot, kit, job),
                                         keep_html=html, before=progress):
                    job = todo[result.index]
                    job_problems, text = result.problems, None
                    if not job_problems and not job.for_teacher:
                        text = result.text if result.text is not None else pdf_text(result.pdf)
                        job_problems = _leaks(kit, job, result.pdf, text)
                    problems += job_problems
                    store_parts(out_dir, result.parts)
                    page = (result.html or "").encode("utf-8") if html else None
                    if len(problems) == len(warnings):  # otherwise nothing will be written
                        staging.add(job.path, result.pdf)
                        if page is not None:
                            staging.add(html_path(job.path), page)
                    finished[job.path] = _Finished(job, result.pages, result.seconds, result.deps, result.used_parts,
                                                   text, content_sha(result.pdf),
                                                   content_sha(page) if page is not None else None)
                    if on_done:
                        on_done(Built(job, result.pages, result.seconds))
            covered = _Covered(kit, manifest)
            kept = [job for job in jobs_planned if job.path not in finished]
            found, rechecked = _recheck(kit, manifest, kept, guard, covered)
            problems += found
            if len(problems) > len(warnings):
                raise KitError(problems)
            staging.commit()
        for done in finished.values():
            job = done.job
            if not html and manifest.entry(job).get("html"):  # an earlier --html build's page no longer matches
                html_path(job.path).unlink(missing_ok=True)
            if done.text is not None:
                manifest.store_text(job.path.name, done.text)
            manifest.record(job, key_of[job.path], dep_hashes(snapshot, done.deps), done.pdf_sha, done.pages,
                            done.seconds, None if job.for_teacher else guard, done.html_sha, root, done.used_parts)
        for job in rechecked:
            manifest.entry(job)["guard"] = guard
        if any(not job.for_teacher for job in jobs_planned):
            manifest.store_guard_runs(guard, covered.runs)
        parses.save()
        prune_parts(out_dir, manifest.parts_in_use())
        manifest.save(snapshot, options, [job.path.name for job in jobs_planned])
    built = []
    for job in jobs_planned:
        if job.path in finished:
            built.append(Built(job, finished[job.path].pages, finished[job.path].seconds))
        else:
            entry = manifest.entry(job)
            built.append(Built(job, entry.get("pages", 0), entry.get("seconds", 0.0), cached=True))
    return BuildResult(built, warnings, kit)
