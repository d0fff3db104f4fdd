"""Slide decks: a unit's slides laid out, overflowing slides split, and the outputs made from the
deck (the slides themselves, the notes handout and the 3-up handout)."""

from __future__ import annotations

from dataclasses import replace

from kit.errors import Location, Problem
from kit.renderers import Made, base_url, marks, read_since, where

MAX_SLIDE_PASSES = 6


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
    from kit.render import slide_pages
    from kit.slides import deck as make_deck, pages_stand_alone, split_slide
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
    problems = slides.problems + _slide_problems(kit, job, deck, slides.overflowing)
    return Made(slides.pdf, slides.pages, problems, slides.html, reused=read)


def render_deck_handout(kit, job, session) -> Made:
    """A handout made from the unit's deck (the notes handout, the 3-up handout)."""
    from kit.templating import render_html

    view, slide_view = _student_view(kit, job)
    deck, laid_out, read = final_deck(kit, job.unit_id, slide_view, session)
    problems = laid_out.problems + _slide_problems(kit, job, deck, laid_out.overflowing)
    html = render_html(session.env, kit.root, job.output, {**view, "slides": deck})
    rendered = session.renderer.render(html, base_url(kit), where(kit, job), job.output.pad_to_even)
    return Made(rendered.pdf, rendered.pages, problems + rendered.problems, html, reused=read)
