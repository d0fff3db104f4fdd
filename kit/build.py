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
from kit.output import build_lock, write_atomically
from kit.plan import Job, plan_outputs


MAX_SLIDE_PASSES = 6
STUDENT_PRINT_KINDS = ("handout", "3up", "student-book")  # padded to an even page count for duplex


@dataclass
class Built:
    job: Job
    pages: int
    seconds: float


@dataclass
class BuildResult:
    built: list[Built]
    warnings: list[Problem] = field(default_factory=list)


def _check_images(kit: LoadedKit) -> list[Problem]:
    from kit.images import check_image

    problems = []
    for relative, where in kit.collected.images:
        problems += check_image(asset_path(kit.root, relative), where)
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
    """The unit's slides after splitting every slide that overflowed, and their rendering.

    Remembered per renderer, so the notes and 3-up handouts reuse what the deck's render found.
    """
    from kit.slides import deck as make_deck, number_slides, split_slide
    from kit.templating import render_html
    from kit.views import unit_number

    decks = renderer.__dict__.setdefault("decks", {})
    if unit_id in decks:
        return decks[unit_id]
    labels = view["kit"]["labels"]
    deck = make_deck(kit, kit.unit(unit_id), unit_number(kit, unit_id), labels)
    base_url = kit.root.resolve().as_uri() + "/"
    where = Location(kit.unit(unit_id).path)
    for attempt in range(MAX_SLIDE_PASSES):
        rendered = renderer.render(render_html(env, kit.root, "slides", {**view, "slides": deck}), base_url, where)
        overflowing = dict(rendered.overflowing)
        if not overflowing or rendered.problems or attempt == MAX_SLIDE_PASSES - 1:
            break
        fixed = []
        for slide in deck:
            share = overflowing.get(slide["id"])
            halves = split_slide(slide, labels["continued"], share) if share is not None else None
            fixed += halves or [slide]
        if len(fixed) == len(deck):
            break
        deck = number_slides(fixed)
    decks[unit_id] = (deck, rendered)
    return deck, rendered


def render_job(kit: LoadedKit, job: Job, env, renderer) -> tuple[bytes, int, list[Problem]]:
    from kit.templating import render_html
    from kit.views import document_view

    view = document_view(kit, job)
    base_url = kit.root.resolve().as_uri() + "/"
    pad = job.kind in STUDENT_PRINT_KINDS
    if job.kind not in ("slides", "notes", "3up"):
        rendered = renderer.render(render_html(env, kit.root, job.kind, view), base_url, _where(kit, job), pad)
        return rendered.pdf, rendered.pages, rendered.problems
    deck, slides = final_deck(kit, job.unit_id, {**view, "kit": {**view["kit"], "teacher": False}}, env, renderer)
    problems = slides.problems + _slide_problems(kit, job, deck, slides.overflowing)
    if job.kind == "slides":
        return slides.pdf, slides.pages, problems
    rendered = renderer.render(render_html(env, kit.root, job.kind, {**view, "slides": deck}), base_url,
                               _where(kit, job), pad)
    return rendered.pdf, rendered.pages, problems + rendered.problems


def _leaks(kit: LoadedKit, job: Job, pdf: bytes) -> list[Problem]:
    from kit.leaks import find_leaks, pdf_text

    if job.for_teacher:
        return []
    return find_leaks(pdf_text(pdf), kit.collected.teacher_text, kit.collected.student_text, job.path.name)


def build(root: Path, out_dir: Path | None = None, *, outputs=None, unit_ids=None, paper=None,
          progress=None) -> BuildResult:
    """Build the kit at `root` into `out_dir` (default: root/build). Raises KitError on any problem."""
    root = Path(root)
    out_dir = Path(out_dir) if out_dir else root / "build"
    kit = load_kit(root)
    jobs = plan_outputs(kit, out_dir, paper=paper, outputs=outputs, unit_ids=unit_ids)
    with build_lock(out_dir):
        problems = _check_images(kit) + _check_glyphs(kit)
        warnings = [p for p in problems if p.severity == "warning"]
        if len(problems) > len(warnings):
            raise KitError(problems)
        from kit.fetcher import KitFetcher
        from kit.render import Renderer
        from kit.templating import environment

        env = environment(root)
        renderer = Renderer(KitFetcher(_allowed_roots(root), _prepared_images(kit)))
        finished: list[tuple[Job, bytes, int, float]] = []
        for job in jobs:
            started = time.perf_counter()
            if progress:
                progress(job)
            pdf, pages, job_problems = render_job(kit, job, env, renderer)
            if not job_problems:
                job_problems = _leaks(kit, job, pdf)
            problems += job_problems
            finished.append((job, pdf, pages, time.perf_counter() - started))
        if len(problems) > len(warnings):
            raise KitError(problems)
        for job, pdf, _, _ in finished:
            write_atomically(job.path, pdf)
    return BuildResult([Built(job, pages, seconds) for job, _, pages, seconds in finished], warnings)
