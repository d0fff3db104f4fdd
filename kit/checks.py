"""The checks that need the kit's files but no renderer: every image a unit shows is readable, of
an allowed type and within the pixel limits, and every character the kit prints is in its fonts.
`kit check` and `kit build` both run them, with the same messages and locations."""

from __future__ import annotations

from pathlib import Path

from kit.boundary import resource_roots
from kit.errors import Location, Problem
from kit.kitload import LoadedKit, asset_path


def image_problems(kit: LoadedKit) -> list[Problem]:
    problems = []
    if kit.collected.images:
        from kit.images import check_image

        roots = resource_roots(kit.root)
        for relative, where in kit.collected.images:
            problems += check_image(asset_path(kit.root, relative), where, roots, f"assets/{relative}")
    return problems


def font_paths(kit: LoadedKit) -> list[Path]:
    """The font files the kit's fonts.css loads (its own, if it has one, else kit's)."""
    from kit.glyphs import font_files
    from kit.templating import stylesheet_paths

    return [f for path in stylesheet_paths(kit.root, "handout") if path.name == "fonts.css" for f in font_files(path)]


def glyph_problems(kit: LoadedKit) -> list[Problem]:
    from kit.glyphs import missing_glyphs

    return missing_glyphs(kit.collected.student_text + kit.collected.teacher_text, font_paths(kit))


def deck_budget_problems(kit: LoadedKit) -> list[Problem]:
    """A warning for each unit whose deck plans more slides than its minutes allow (one slide per
    2.5 minutes, plus title and closing), naming the blocks that add the most slides."""
    from kit.labels import labels_for
    from kit.slides import budget, deck, slides_by_block

    labels = labels_for(kit.config.language)
    problems = []
    for number, entry in enumerate(kit.units, 1):
        unit = entry.unit
        slides = deck(kit, entry, number, labels)
        most = budget(unit)
        if len(slides) <= most:
            continue
        places = kit.collected.unit_places.get(unit.id, {})
        counts = sorted(((n, b) for b, n in slides_by_block(slides).items() if b), reverse=True)[:3]
        named = ", ".join(f"block {b} ({unit.blocks[b - 1].kind}, line {places['blocks'][b - 1].line}): {n} slides"
                          if places else f"block {b} ({unit.blocks[b - 1].kind}): {n} slides" for n, b in counts)
        problems.append(Problem(places.get("minutes", Location(entry.path)),
                                f"the deck of unit '{unit.id}' has {len(slides)} slides, more than the {most} its "
                                f"{unit.minutes} minutes allow (one slide per 2.5 minutes, plus title and closing); "
                                f"most come from {named}. Leave blocks or excerpts off the slides with "
                                "`slide: false`, show fewer terms with `slide_terms`, or give timeline events "
                                "`slide_label`s", "deck-budget", "warning"))
    return problems


def core_marks(block) -> int:
    """The marks of a document analysis's core (non-extension) questions."""
    return sum(q.points for q in block.questions if not q.extension)


def plan_marks_problems(kit: LoadedKit) -> list[Problem]:
    """A warning for each unit whose core written work asks for more marks than its time allows, at
    about a mark a minute: the core questions of the document analyses that lesson-plan steps name in
    `blocks` against the minutes of those steps; in a unit whose steps name none, all its core
    questions against the unit's minutes."""
    from kit.schema import DocumentAnalysisBlock

    problems = []
    for entry in kit.units:
        unit = entry.unit
        places = kit.collected.unit_places.get(unit.id, {})
        analyses = {n for n, block in enumerate(unit.blocks, 1) if isinstance(block, DocumentAnalysisBlock)}
        named = {n for step in unit.timing for n in step.blocks} & analyses
        if named:
            steps = [(i, step) for i, step in enumerate(unit.timing, 1) if set(step.blocks) & named]
            marks = sum(core_marks(unit.blocks[n - 1]) for n in sorted(named))
            minutes = sum(step.minutes for _, step in steps)
            if marks <= minutes:
                continue
            which = ", ".join(str(n) for n in sorted(named))
            step_words = ", ".join(str(i) for i, _ in steps)
            where = places["timing"][steps[0][0] - 1] if places.get("timing") else Location(entry.path)
            problems.append(Problem(where, (
                f"the core questions of block{'s' if len(named) > 1 else ''} {which} carry {marks} marks, but the "
                f"lesson-plan step{'s' if len(steps) > 1 else ''} that work{'' if len(steps) > 1 else 's'} on them "
                f"({step_words}) give{'' if len(steps) > 1 else 's'} {minutes} minutes, and a mark takes about a minute "
                f"of writing; move {marks - minutes} minutes into {'them' if len(steps) > 1 else 'it'} from other steps, or mark "
                "questions `extension: true` (for early finishers or homework) until the core fits"),
                "plan-marks", "warning"))
        else:
            marks = sum(core_marks(unit.blocks[n - 1]) for n in analyses)
            if marks <= unit.minutes:
                continue
            problems.append(Problem(places.get("minutes", Location(entry.path)), (
                f"the core questions of unit '{unit.id}' carry {marks} marks, more than its {unit.minutes} minutes "
                "allow at about a mark a minute of writing; mark questions `extension: true` (for early finishers "
                "or homework) until the core fits, or name in each lesson-plan step's `blocks` the analyses it "
                "works on so that the check can weigh them against that step's minutes"),
                "plan-marks", "warning"))
    return problems


def prerender_problems(kit: LoadedKit) -> list[Problem]:
    """Errors and warnings, in the order `kit check` prints them."""
    return image_problems(kit) + glyph_problems(kit) + deck_budget_problems(kit) + plan_marks_problems(kit)


def prepared_images(kit: LoadedKit) -> dict[Path, bytes]:
    """Each raster image a unit shows, as it goes into the PDF (kit/images.py)."""
    from kit.images import prepare_image

    prepared = {}
    for relative, _ in kit.collected.images:
        path = asset_path(kit.root, relative)
        data = prepare_image(path)
        if data is not None:
            prepared[path] = data
    return prepared
