"""Slide decks: text split within a budget, ids unique and numbered, nothing teacher-only on a slide."""

from __future__ import annotations

import random
import re

import pytest

from conftest import UNIT_YAML
from kit.kitload import load_kit
from kit.labels import labels_for
from kit.plan import plan_outputs
from kit.templating import environment, render_html
from kit.views import document_view
from kit.slides import deck, pack, sentences, split_slide
from test_views import TEACHER_ONLY, VIEW_UNIT, flatten

WORDS = ("the council met in spring and discussed a treaty with Soviet Russia while Anatolian officers "
         "waited for money weapons and news from Baku about the Azerbaijan Republic").split()


def sentence(rng: random.Random, words: int) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    return body[0].upper() + body[1:] + rng.choice([".", "!", "?", "\u2026"])


def test_sentences_split_after_closing_quotes_and_before_cyrillic():
    assert sentences("He said \u201cGo.\u201d Then left. \u0410 new one.") == [
        "He said \u201cGo.\u201d", "Then left.", "\u0410 new one."]
    assert sentences("the end. and then") == ["the end. and then"]   # no capital: no new sentence


def test_pack_respects_budget_and_count():
    groups = pack(list(range(10)), lambda _: 30, 100, 4)
    assert groups == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert pack([500], lambda n: n, 100, 3) == [[500]]   # an item larger than the budget still gets a slide


@pytest.fixture
def kit(make_kit, tmp_path):
    return load_kit(make_kit(tmp_path, {"units/01-first.yaml": UNIT_YAML, "units/02-views.yaml": VIEW_UNIT}))


def make_deck(kit, unit_id="views"):
    number = [u.unit.id for u in kit.units].index(unit_id) + 1
    return deck(kit, kit.unit(unit_id), number, labels_for("en"))


def test_deck_ids_are_unique_and_numbered(kit):
    slides = make_deck(kit)
    assert len(slides) > 5
    ids = [s["id"] for s in slides]
    assert len(set(ids)) == len(ids)
    assert ids == [f"slide-{i}" for i in range(1, len(slides) + 1)]
    numbers = [s["slide_number"] for s in slides]
    assert numbers[0] == 1 and all(b == a + (0 if s.get("continues") else 1)
                                   for a, b, s in zip(numbers, numbers[1:], slides[1:]))


def test_deck_starts_with_the_title_slide_and_knows_each_block(kit):
    slides = make_deck(kit)
    assert slides[0]["layout"] == "title" and slides[0]["title"] == "Views unit"
    assert slides[0]["number_label"] == "Unit 2"
    blocks = [s["block"] for s in slides if s["layout"] != "closing"]
    assert blocks == sorted(blocks)                 # slides follow the blocks in order
    unit = kit.unit("views").unit
    assert max(blocks) <= len(unit.blocks)


def test_discussion_prompts_keep_their_numbers(kit):
    prompts = [s for s in make_deck(kit) if s["layout"] == "prompt" and s["title"] == "Discuss"]
    assert [s["number"] for s in prompts] == [1]


def test_slides_never_show_teacher_only_text(kit):
    slides = make_deck(kit)
    # speaker notes (teacher-facing) ride along for the notes output; everything else is on screen
    shown = flatten([{key: value for key, value in s.items() if key != "notes"} for s in slides])
    job = next(j for j in plan_outputs(kit, kit.root / "build", outputs=["slides"]) if j.unit_id == "views")
    html = render_html(environment(kit.root), kit.root, "slides", {**document_view(kit, job), "slides": slides})
    for text in TEACHER_ONLY.values():
        marker = text.split()[0]
        assert marker not in shown
        assert marker not in html


def test_fill_in_slides_hide_the_answers(kit):
    entries = [e for s in make_deck(kit) if s["layout"] == "list" and s["title"] == "Fill in the blanks"
               for e in s["entries"]]
    shown = " ".join(str(e["text"]) for e in entries)
    assert "________" in shown
    assert "council" not in shown and "officers" not in shown and "[[" not in shown


def test_timeline_slides_are_in_date_order(kit):
    events = [e["raw"] for s in make_deck(kit) if s["layout"] == "timeline" for e in s["events"]]
    assert events == ["First event.", "Second event.", "Third event.", "Fourth event."]


def test_split_slide_splits_a_list_between_items_and_an_excerpt_at_a_sentence_end(kit):
    terms = next(s for s in make_deck(kit) if s["layout"] == "terms")
    halves = split_slide(terms, "continued")
    assert [t["term"] for h in halves for t in h["terms"]] == [t["term"] for t in terms["terms"]]
    assert halves[1]["title"].endswith("(continued)") and halves[1]["continues"]
    quote = next(s for s in make_deck(kit) if s["layout"] == "quote")
    assert split_slide(quote, "continued") is None        # one sentence: nothing to split at
    for layout in ("points", "question", "prompt", "title", "figure"):
        slide = next((s for s in make_deck(kit) if s["layout"] == layout), None)
        assert slide is None or split_slide(slide, "continued") is None, layout  # never cut


def test_split_halves_keep_the_number_and_get_ids_of_their_own(kit):
    slides = make_deck(kit)
    terms = next(s for s in slides if s["layout"] == "terms")
    slide = {**terms, "terms": terms["terms"] * 4}
    halves = split_slide(slide, "continued")
    assert [h["slide_number"] for h in halves] == [slide["slide_number"]] * 2
    assert [h["id"] for h in halves] == [f"{slide['id']}-1", f"{slide['id']}-2"]
    quarters = split_slide(halves[1], "continued")
    assert [q["id"] for q in quarters] == [f"{slide['id']}-2-1", f"{slide['id']}-2-2"]
    assert quarters[1]["title"] == "Key terms (continued)" and quarters[1]["slide_number"] == slide["slide_number"]
    ids = [s["id"] for s in slides if s is not terms] + [halves[0]["id"]] + [q["id"] for q in quarters]
    assert len(set(ids)) == len(ids)


# A deck made to overflow: a kit stylesheet sets the excerpt and the glossary far larger than the
# slide plan expects, so their slides overflow when laid out (some halves overflow again) and are
# split where that cuts nothing: the excerpt at sentence ends, the terms between terms. Around them,
# a figure and a discussion prompt that fit.
LONG_EXCERPT = " ".join(f"In the spring of 192{i % 10} the council met again and argued about the treaty." for i in range(9))
DEFINITION = "A body of people who meet to decide what the council should do next about the treaty."
OVERFLOWING_BLOCKS = f"""\
  - kind: figure
    title: The council chamber
    image: images/plan.png
    alt: "A plan of the council chamber."
  - kind: sources
    items:
      - id: minutes
        title: "The minutes of the council"
        author: The secretary
        type: minutes
        date: 1920
        adapted: true
        headnote: "Kept by the secretary."
        locator: {{paragraph: 2}}
        text: "{LONG_EXCERPT}"
  - kind: glossary
    items:
""" + "".join(f"      - {{id: term-{i}, term: term {i}, definition: \"{DEFINITION}\"}}\n" for i in range(7)) + """\
  - kind: discussion
    prompts:
      - text: "Should the officers have obeyed the general?"
        guidance: "Let them argue."
      - text: "A short prompt after the first one."
"""
OVERFLOWING_CSS = ".deck-quote { font-size: 40pt; } .deck-terms { font-size: 40pt; }"


def png(width: int = 600, height: int = 300) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def overflowing(tmp_path_factory):
    """The final deck of a unit whose slides overflow, made the way a build makes it, with every
    layout it took: (kit, env, renderer, view, deck, rendered, layouts)."""
    from conftest import BASE_FILES, write_files
    from kit.checks import prepared_images
    from kit.decks import final_deck
    from kit.partcache import PartCache
    from kit.renderers import open_session

    root = tmp_path_factory.mktemp("overflowing")
    write_files(root, {**BASE_FILES, "units/01-first.yaml": UNIT_YAML + OVERFLOWING_BLOCKS,
                       "assets/images/plan.png": png(), "templates/kit.css": OVERFLOWING_CSS})
    kit = load_kit(root)
    session = open_session(kit, prepared_images(kit), PartCache(root / "cache", None, ""))
    env, renderer = session.env, session.renderer
    layouts = []
    render = renderer.render

    def counting(html, *args, **kwargs):
        layouts.append(html.count('<section class="slide '))  # how many slides each layout holds
        return render(html, *args, **kwargs)

    renderer.render = counting
    job = next(j for j in plan_outputs(kit, root / "build", outputs=["slides"]))
    view = document_view(kit, job)
    deck, rendered, _ = final_deck(kit, "first", {**view, "kit": {**view["kit"], "teacher": False}}, session)
    renderer.render = render
    return kit, env, renderer, view, deck, rendered, layouts, session


def page_texts(pdf: bytes) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    return [page.get_textpage().get_text_range() for page in document]


def test_overflowing_slides_are_split_and_only_the_halves_laid_out_again(overflowing):
    kit, env, renderer, view, deck, rendered, layouts = overflowing[:7]
    original = make_deck(kit, "first")
    halves = [s for s in deck if s["id"].count("-") > 1]
    assert len(halves) >= 4 and any(s["id"].count("-") > 2 for s in deck)   # some halves were split again
    assert not rendered.overflowing and not rendered.problems
    assert rendered.pages == len(deck)
    # the first layout is the whole deck as made; every later one only the halves of one pass (and
    # the excerpt slides after them whose line numbers run on from them)
    assert layouts[0] == len(original) and len(layouts) >= 3
    assert all(slides < len(original) for slides in layouts[1:])
    assert sum(layouts[1:]) < 2 * len(halves) + len(deck)


def test_split_deck_prints_as_a_fresh_layout_of_the_final_deck(overflowing):
    from pypdf import PdfReader
    import io

    kit, env, renderer, view, deck, rendered, layouts = overflowing[:7]
    printed = renderer.write(rendered)
    html = render_html(env, kit.root, "slides", {**view, "kit": {**view["kit"], "teacher": False}, "slides": deck})
    assert rendered.html == html
    fresh = renderer.render(html, kit.root.resolve().as_uri() + "/", rendered.where)
    assert not printed.problems and not fresh.problems
    assert printed.pages == fresh.pages == len(deck)
    assert page_texts(printed.pdf) == page_texts(fresh.pdf)
    ours, theirs = PdfReader(io.BytesIO(printed.pdf)), PdfReader(io.BytesIO(fresh.pdf))

    def outline(reader, entries=None):
        return [item for entry in (reader.outline if entries is None else entries)
                for item in (outline(reader, entry) if isinstance(entry, list)
                             else [(entry.title, reader.get_destination_page_number(entry))])]

    def destinations(reader):
        return {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}

    def fonts(reader):
        return sorted({str(font.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages
                       for font in page["/Resources"].get_object()["/Font"].values()})

    assert outline(ours) == outline(theirs) and len(outline(ours)) == len(deck)
    assert destinations(ours) == destinations(theirs)
    assert sorted(destinations(ours)) == sorted(s["id"] for s in deck)
    assert fonts(ours) == fonts(theirs) and {"Kit-Sans", "Kit-Sans-Bold", "Kit-Serif"} <= set(fonts(ours))
    figure = next(i for i, s in enumerate(deck) if s["layout"] == "figure")
    assert len(ours.pages[figure].images) == 1
    assert "/StructTreeRoot" in ours.trailer["/Root"]
    assert printed.pdf == fresh.pdf  # byte for byte, as WeasyPrint writes the same pages either way


def test_a_split_slide_keeps_its_number_and_no_other_number_changes(overflowing):
    kit, env, renderer, view, deck, rendered, layouts = overflowing[:7]
    original = make_deck(kit, "first")
    shown = [text.split()[-1] for text in page_texts(renderer.write(rendered).pdf)]  # bottom right, last
    assert shown == [str(s["slide_number"]) for s in deck]
    number_of = {s["id"]: s["slide_number"] for s in original}
    assert [s["slide_number"] for s in deck] == [number_of["-".join(s["id"].split("-")[:2])] for s in deck]
    last = original[-1]["slide_number"]
    assert sorted(set(shown), key=int) == [str(n) for n in range(1, last + 1)]
    continued = [s for s in deck if s["id"].count("-") > 1 and s["id"].endswith("-2")]
    assert continued and all(s["title"].endswith("(continued)") for s in continued)


def test_notes_and_3up_show_the_slides_of_the_final_deck(overflowing):
    from kit.renderers import render

    kit, env, renderer, view, deck, rendered, layouts, session = overflowing
    jobs = {j.kind: j for j in plan_outputs(kit, kit.root / "build", outputs=["notes", "3up"])}
    for kind, job in jobs.items():
        html = render_html(env, kit.root, kind, {**document_view(kit, job), "slides": deck})
        assert html.count('class="slide slide-') == len(deck), kind
    notes = render_html(env, kit.root, "notes", {**document_view(kit, jobs["notes"]), "slides": deck})
    labels = [int(n) for n in re.findall(r'<p class="notes-label">(\d+)</p>', notes)]
    assert labels == [s["slide_number"] for s in deck]
    made = render(session, jobs["notes"])  # reuses the deck above
    assert not made.problems and "Let them argue." in " ".join(" ".join(page_texts(made.pdf)).split())


def test_pages_stand_alone_unless_a_kit_stylesheet_counts_pages(make_kit, tmp_path):
    from kit.slides import pages_stand_alone

    assert pages_stand_alone(make_kit(tmp_path / "plain"))
    for css in ("@page { @top-right { content: counter(page) } }", ".slide { counter-increment: s } "
                ".slide h2::before { content: counters(s, '.') }", "@page :left { margin-left: 2cm }"):
        assert not pages_stand_alone(make_kit(tmp_path / str(len(css)), {"templates/kit.css": css})), css


def test_html_beside_a_split_deck_is_the_deck_that_prints(overflowing, tmp_path):
    from kit.build import build

    kit, env, renderer, view, deck, rendered, layouts = overflowing[:7]
    result = build(kit.root, tmp_path, outputs=["slides"], jobs=1, html=True)
    html = (tmp_path / "01-first-slides.html").read_text(encoding="utf-8")
    assert html == rendered.html and html.count('<section class="slide ') == result.built[0].pages == len(deck)


def test_excerpt_slides_of_the_final_deck_end_at_sentence_ends_and_number_on(overflowing):
    """Fails if an excerpt slide ends mid-sentence, or if its line numbers start again."""
    kit, env, renderer, view, deck, rendered, layouts = overflowing[:7]
    quotes = [s for s in deck if s["layout"] == "quote" and s["source"] == "minutes"]
    assert len(quotes) >= 3  # split when laid out, not only as planned
    for slide in quotes:
        last_line = slide["lines"][-1]["raw"]
        assert re.search(r"[.!?…][\"'”’»)\]]*$", last_line), last_line
    assert " ".join(line["raw"] for s in quotes for line in s["lines"]).split() == LONG_EXCERPT.split()
    firsts = [s["first_line"] for s in quotes]
    assert firsts == [1] + [f + len(s["lines"]) for f, s in zip(firsts, quotes)][:-1]
    assert all(s["title"].endswith("(continued)") for s in quotes[1:])
