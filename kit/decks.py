"""Slide decks: a unit's slides laid out, overflowing slides split, and the outputs made from the
deck (the slides themselves, the notes handout and the 3-up handout)."""

from __future__ import annotations

from dataclasses import replace

from kit.errors import Location, Problem
from kit.renderers import Made, base_url, marks, read_since, typeset

MAX_SLIDE_PASSES = 6


def _slide_problems(kit, job, deck, overflowing, too_wide=()) -> list[Problem]:
    """A located error for each slide that does not fit: text is never cut off or shrunk."""
    problems = []
    unit = kit.unit(job.unit_id)
    places = kit.collected.unit_places.get(unit.unit.id, {})
    wide = set(too_wide)
    for slide_id in [s for s, _ in overflowing] + [s for s in too_wide if s not in dict(overflowing)]:
        slide = next((s for s in deck if s["id"] == slide_id), None)
        if slide is None:
            continue
        if slide["block"]:
            block = f"block {slide['block']} ({unit.unit.blocks[slide['block'] - 1].kind})"
            where = places["blocks"][slide["block"] - 1] if places else Location(unit.path)
        else:
            block = f"the unit's {slide.get('place', 'title')}".replace("_", " ")
            where = places.get(slide.get("place"), places.get("minutes", Location(unit.path)))
        what = "has text running off its right edge" if slide_id in wide and slide_id not in dict(overflowing) \
            else "does not fit on one slide at 24 pt"
        problems.append(Problem(where, f"unit '{unit.unit.id}', slide {slide['slide_number']} (\"{slide['title']}\", "
                                f"from {block}) {what}; {slide.get('fix') or 'shorten the text'}", "slide-overflow"))
    return problems


def final_deck(kit, unit_id: str, view: dict, session):
    """The unit's slides after splitting every slide that overflowed, their layout (its PDF is
    written by `renderer.write` when the slides themselves are wanted), and the files read to
    make them.

    The deck is laid out once; after a split only the new halves are laid out, until they fit. The
    deck is then made of pages already laid out, each slide's from the pass that laid it out last
    (`Document.copy`): a slide's page depends on nothing but the slide, since its number is its
    own (a half keeps the number of the slide it came from; slides.css prints no page counter).
    Kept in the session (the last unit's only), so the notes and 3-up handouts reuse it.
    """
    from kit.render import slide_pages, too_wide
    from kit.slides import deck as make_deck, pages_stand_alone, renumber_excerpts, split_slide
    from kit.templating import render_html
    from kit.views import unit_number

    if unit_id in session.decks:
        return session.decks[unit_id]
    session.decks.clear()  # only one unit's deck at a time: its layout is a whole laid-out document
    since = marks(session)
    env, renderer = session.env, session.renderer
    labels = view["kit"]["labels"]
    deck = make_deck(kit, kit.unit(unit_id), unit_number(kit, unit_id), labels)
    place = Location(kit.unit(unit_id).path)

    def lay_out(slides):
        html = render_html(env, kit.root, "slides", {**view, "slides": slides})
        return replace(renderer.render(html, base_url(kit), place, write=False), html=html)

    def done(deck, rendered):
        session.decks[unit_id] = (deck, rendered, read_since(session, since))
        return session.decks[unit_id]

    first = rendered = lay_out(deck)
    pages, shares = {}, {}  # slide id -> its pages and, if it overflowed, the share that fitted
    problems = list(rendered.problems)
    for attempt in range(MAX_SLIDE_PASSES):
        if rendered.document is None:  # a refused resource: nothing was laid out
            return done(deck, rendered)
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
        again = {s["id"] for s in halves_made} | renumber_excerpts(deck)
        rendered = lay_out([s for s in deck if s["id"] in again])
        problems += rendered.problems
    if rendered is not first:
        if all(s["id"] in pages for s in deck) and pages_stand_alone(kit.root):
            document = first.document.copy([page for s in deck for page in pages[s["id"]]])
            rendered = replace(first, pages=len(document.pages),
                               page_sizes=[(p.width, p.height) for p in document.pages],
                               overflowing=[(s["id"], shares[s["id"]]) for s in deck if s["id"] in shares],
                               too_wide=too_wide(document),
                               problems=problems, document=document,
                               html=render_html(env, kit.root, "slides", {**view, "slides": deck}))
        else:  # pages that depend on their place (a kit's own stylesheet): the whole deck, as it prints
            rendered = lay_out(deck)
    return done(deck, rendered)


def _student_view(kit, job) -> dict:
    from kit.views import document_view

    view = document_view(kit, job)
    return view, {**view, "kit": {**view["kit"], "teacher": False}}


def render_deck(kit, job, session) -> Made:
    """The slides themselves."""
    _, slide_view = _student_view(kit, job)
    deck, laid_out, read = final_deck(kit, job.unit_id, slide_view, session)
    slides = session.renderer.write(laid_out)
    problems = slides.problems + _slide_problems(kit, job, deck, slides.overflowing, slides.too_wide)
    return Made(slides.pdf, slides.pages, problems, slides.html, reused=read)


def render_deck_handout(kit, job, session) -> Made:
    """A handout made from the unit's deck (the notes handout, the 3-up handout)."""
    from kit.templating import render_html

    view, slide_view = _student_view(kit, job)
    deck, laid_out, read = final_deck(kit, job.unit_id, slide_view, session)
    problems = laid_out.problems + _slide_problems(kit, job, deck, laid_out.overflowing, laid_out.too_wide)
    html = render_html(session.env, kit.root, job.output, {**view, "slides": deck})
    rendered = typeset(kit, job, session, html)
    return Made(rendered.pdf, rendered.pages, problems + rendered.problems, html, reused=read)


def presenter_file(deck: list[dict], pdf_name: str, minutes: int) -> bytes:
    """The deck's `.pdfpc` file (pdfpc's JSON format 2): one entry per page of the PDF, with its
    speaker notes as plain text; a "(continued)" slide is an overlay of the slide it continues, so
    the presenter console counts it as one slide. `duration` starts the console's timer."""
    import json

    pages, overlay = [], 0
    for index, slide in enumerate(deck):
        overlay = overlay + 1 if index and slide["slide_number"] == deck[index - 1]["slide_number"] else 0
        page = {"idx": index, "label": str(slide["slide_number"]), "overlay": overlay,
                "forcedOverlay": overlay > 0, "hidden": False}
        note = "\n\n".join(" ".join(p.striptags().split()) for p in slide.get("notes") or [])
        if note:
            page["note"] = note
        pages.append(page)
    data = {"pdfpcFormat": 2, "pdfFile": pdf_name, "duration": minutes, "disableMarkdown": True, "pages": pages}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_pdfpc(kit, job, session) -> Made:
    """The presenter file beside the unit's PDF deck."""
    from kit.outputs import KINDS
    from kit.views import unit_number

    _, slide_view = _student_view(kit, job)
    deck, laid_out, read = final_deck(kit, job.unit_id, slide_view, session)
    pdf_name = KINDS["slides"].file_name(unit_number(kit, job.unit_id), job.unit_id)
    data = presenter_file(deck, pdf_name, kit.unit(job.unit_id).unit.minutes)
    problems = laid_out.problems + _slide_problems(kit, job, deck, laid_out.overflowing, laid_out.too_wide)
    return Made(data, len(deck), problems, reused=read)
