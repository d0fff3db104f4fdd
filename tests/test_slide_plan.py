"""The slide plan: one design for each block kind, the deck budget, sentence-end splitting, and
what does not fit (a located error, never clipped)."""

from __future__ import annotations

import re

import pytest

from kit.checks import deck_budget_problems
from kit.errors import KitError
from kit.kitload import load_kit
from kit.labels import labels_for
from kit.slides import budget, deck, ends_at_sentence, quote_lines, slides_by_block
from test_slides import png

PLAN_UNIT = """\
id: plan
title: "The plan unit"
summary: "A unit with one block of each kind."
question: "Why did the council sign the treaty?"
exit_ticket: "Write one reason the council signed."
objectives:
  - Say who wrote the letter.
  - Put the events in order.
minutes: 60
blocks:
  - kind: text
    title: Background without points
    body: "This prose never reaches a slide."
  - kind: text
    title: Background
    body: "The council met in 1920. It argued for a long time."
    slide_points:
      - "The council met in *1920*"
      - "It argued for a long time"
  - kind: figure
    title: The chamber
    image: images/print.png
    slide_image: images/slide.png
    alt: "A plan of the chamber."
  - kind: timeline
    events:
      - {date: 1920-05, event: "A long account of the third event, which no slide shows.", locator: {paragraph: 3}, slide_label: "Third"}
      - {date: 1919, event: "A long account of the first event.", locator: {paragraph: 1}, slide_label: "First"}
      - {date: 1920-01, event: "An event left to the handout.", locator: {paragraph: 2}}
  - kind: sources
    items:
      - id: minutes
        title: "The minutes"
        author: The secretary
        type: minutes
        date: 1920
        adapted: true
        headnote: "Kept by the secretary."
        locator: {paragraph: 2}
        text: "The council met. It argued."
      - id: hidden
        title: "A source left to the handout"
        author: The secretary
        type: minutes
        date: 1920
        adapted: true
        slide: false
        headnote: "Kept by the secretary."
        locator: {paragraph: 2}
        text: "Not on the slides."
  - kind: document_analysis
    source: minutes
    questions:
      - {prompt: "Who kept the minutes, and why does that matter?", points: 2, skill: sourcing, model_answer: "The secretary."}
      - {prompt: "A very long wording of the second question for the handout.", slide_text: "When?", points: 3, skill: context, model_answer: "In 1920."}
  - kind: glossary
    slide_terms: 4
    items:
      - {id: p-council, term: council, definition: "A body that meets to decide. It has many members, and its whole definition is shown."}
      - {id: p-treaty, term: treaty, definition: "An agreement between states."}
      - {id: p-decree, term: decree, definition: "An order with the force of law."}
      - {id: p-general, term: general, definition: "An officer of high rank."}
      - {id: p-winter, term: winter, definition: "The cold season."}
  - kind: discussion
    prompts:
      - {text: "Should the council have signed?", guidance: "Let them argue."}
      - {text: "Who gained most?"}
  - kind: discussion
    slide: false
    prompts:
      - {text: "A prompt left to the handout."}
  - kind: essay
    question: "Was the treaty a mistake?"
    words: 800
    rubric:
      - {level: "Level 2", marks: "6-10", descriptor: "A judgement."}
      - {level: "Level 1", marks: "1-5", descriptor: "A description."}
"""


def sentences_text(count: int) -> str:
    return " ".join(f"In the spring of 192{i % 10} the council met again and argued about the treaty "
                    f"for a long time." for i in range(count))


def plan_kit(make_kit, tmp_path, unit: str = PLAN_UNIT, files: dict | None = None):
    return make_kit(tmp_path, {"units/02-plan.yaml": unit, "assets/images/print.png": png(),
                               "assets/images/slide.png": png(800, 400), **(files or {})})


def plan_deck(root, unit_id: str = "plan"):
    kit = load_kit(root)
    number = [u.unit.id for u in kit.units].index(unit_id) + 1
    return kit, deck(kit, kit.unit(unit_id), number, labels_for("en"))


def test_one_design_for_each_block_kind(make_kit, tmp_path):
    kit, slides = plan_deck(plan_kit(make_kit, tmp_path))
    layouts = [s["layout"] for s in slides]
    title, objectives = slides[0], slides[1]
    assert title["layout"] == "title" and title["raw"] == "Why did the council sign the treaty?"
    assert objectives["layout"] == "points" and len(objectives["raws"]) == 2  # all objectives, one slide
    # a text block only through its slide points; prose never
    points = [s for s in slides if s["block"] == 2]
    assert [s["raws"] for s in points] == [["The council met in *1920*", "It argued for a long time"]]
    assert str(points[0]["points"][0]) == "The council met in <em>1920</em>"
    assert not [s for s in slides if s["block"] == 1]
    assert "This prose never reaches a slide." not in repr(slides)
    [figure] = [s for s in slides if s["layout"] == "figure"]
    assert figure["image"] == "images/slide.png" and figure["src"].endswith("/assets/images/slide.png")
    [timeline] = [s for s in slides if s["layout"] == "timeline"]
    assert [(e["date"], e["raw"]) for e in timeline["events"]] == [("1919", "First"), ("May 1920", "Third")]
    quotes = [s for s in slides if s["layout"] == "quote"]
    assert [q["source"] for q in quotes] == ["minutes"]          # shown once; the hidden one not at all
    assert quotes[0]["credit"] == "Source 2 · The secretary · minutes · 1920 · ¶2"   # its number in the kit
    questions = [s for s in slides if s["layout"] == "question"]   # one a slide, with its points
    assert [(q["number"], q["raw"], q["points"]) for q in questions] == [
        (1, "Who kept the minutes, and why does that matter?", 2), (2, "When?", 3)]
    assert "A very long wording" in " ".join(str(n) for n in questions[1]["notes"])  # the full question in the notes
    terms = [t for s in slides if s["layout"] == "terms" for t in s["terms"]]
    assert [t["term"] for t in terms] == ["council", "treaty", "decree", "general"]
    assert terms[0]["raw"].endswith("its whole definition is shown.")     # nothing cut
    assert all(len(s["terms"]) <= 3 for s in slides if s["layout"] == "terms")
    prompts = [s for s in slides if s["layout"] == "prompt"]
    assert [p["raw"] for p in prompts] == ["Should the council have signed?", "Who gained most?",
                                           "Was the treaty a mistake?"]
    assert prompts[-1]["words"] == "About 800 words."
    assert layouts[-1] == "closing" and slides[-1]["raw"] == "Write one reason the council signed."
    assert slides[-1]["title"] == "Exit ticket"


def test_without_an_exit_ticket_the_closing_slide_asks_the_question_again(make_kit, tmp_path):
    unit = PLAN_UNIT.replace('exit_ticket: "Write one reason the council signed."\n', "")
    kit, slides = plan_deck(plan_kit(make_kit, tmp_path, unit))
    assert slides[-1]["layout"] == "closing" and slides[-1]["raw"] == "Why did the council sign the treaty?"
    unit = unit.replace('question: "Why did the council sign the treaty?"\n', "")
    kit, slides = plan_deck(plan_kit(make_kit, tmp_path / "none", unit))
    assert slides[-1]["layout"] != "closing"


def long_excerpt_unit(text: str) -> str:
    return PLAN_UNIT.replace('text: "The council met. It argued."', f'text: "{text}"')


def test_a_long_excerpt_is_split_at_sentence_ends_with_line_numbers_running_on(make_kit, tmp_path):
    text = sentences_text(12)
    kit, slides = plan_deck(plan_kit(make_kit, tmp_path, long_excerpt_unit(text)))
    quotes = [s for s in slides if s["layout"] == "quote"]
    assert len(quotes) >= 3
    for slide in quotes:
        assert ends_at_sentence(slide)
        assert slide["lines"][-1]["raw"].endswith("long time.")   # fails if a slide ends mid-sentence
        assert len(slide["lines"]) <= quote_lines(slide["title"], slide["credit"])
    assert " ".join(line["raw"] for s in quotes for line in s["lines"]).split() == text.split()
    numbers = [s["first_line"] + i for s in quotes for i in range(len(s["lines"]))]
    assert numbers == list(range(1, len(numbers) + 1))
    shown = [line["number"] for s in quotes for line in s["lines"] if line["number"]]
    assert shown == list(range(5, len(numbers) + 1, 5))
    assert len({s["slide_number"] for s in quotes}) == 1 and quotes[1]["title"] == "The minutes (continued)"


def test_the_deck_budget_is_a_located_warning_naming_the_blocks(make_kit, tmp_path):
    unit = long_excerpt_unit(sentences_text(12)).replace("minutes: 60\n", "minutes: 10\n")
    root = plan_kit(make_kit, tmp_path, unit)
    kit, slides = plan_deck(root)
    assert budget(kit.unit("plan").unit) == 6 and len(slides) > 6
    [warning] = [p for p in deck_budget_problems(kit) if "'plan'" in p.message]
    assert warning.severity == "warning" and warning.code == "deck-budget"
    text = (root / "units/02-plan.yaml").read_text()
    assert (warning.location.path, warning.location.line) == ("units/02-plan.yaml", text.splitlines().index("minutes: 10") + 1)
    counts = slides_by_block(slides)
    top = max((n, b) for b, n in counts.items() if b)
    assert f"block {top[1]} (sources, line " in warning.message and f"{len(slides)} slides" in warning.message
    assert "slide: false" in warning.message
    assert not [p for p in deck_budget_problems(load_kit(plan_kit(make_kit, tmp_path / "ok"))) if "'plan'" in p.message]


def test_kit_check_prints_the_budget_warning(make_kit, tmp_path):
    from click.testing import CliRunner

    from kit.cli import cli

    unit = long_excerpt_unit(sentences_text(12)).replace("minutes: 60\n", "minutes: 10\n")
    root = plan_kit(make_kit, tmp_path, unit)
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert re.search(r"units/02-plan.yaml:\d+:\d+: warning: the deck of unit 'plan' has \d+ slides", result.output)


def test_more_than_four_slide_points_is_a_located_error(make_kit, tmp_path):
    from conftest import problems_of

    unit = PLAN_UNIT.replace('      - "It argued for a long time"\n',
                             '      - "It argued for a long time"\n' + '      - "One more point"\n' * 3)
    [problem] = problems_of(plan_kit(make_kit, tmp_path, unit))
    assert problem.code == "too-many-points" and problem.location.path == "units/02-plan.yaml"
    assert "at most 4 points" in problem.message


# --- laid out: what does not fit ---------------------------------------------------------------

@pytest.fixture(scope="module")
def built_plan(tmp_path_factory):
    """The plan unit built as slides, presenter file and PowerPoint, with a long URL in a point."""
    from conftest import BASE_FILES, write_files
    from kit.build import build

    root = tmp_path_factory.mktemp("plan")
    unit = PLAN_UNIT.replace('"It argued for a long time"',
                             '"Read it at https://example.org/' + "a-very-long-path-segment" * 6 + '"')
    write_files(root, {**BASE_FILES, "units/02-plan.yaml": unit, "assets/images/print.png": png(),
                       "assets/images/slide.png": png(800, 400)})
    result = build(root, outputs=["slides", "pptx", "notes"], unit_ids={"plan"}, jobs=0)
    return root, result


def test_a_long_url_wraps_and_nothing_runs_off_a_slide(built_plan):
    import pypdfium2

    root, result = built_plan
    pdf = pypdfium2.PdfDocument(root / "build/02-plan-slides.pdf")
    width = pdf[0].get_width()
    for page in pdf:
        text = page.get_textpage()
        for i in range(text.count_rects()):
            left, bottom, right, top = text.get_rect(i)
            assert right <= width - 7 * 72 / 25.4 + 0.5, page  # 7 mm inside the edge
    words = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "a-very-long-path-segment" in words


def overflow_messages(root, outputs=("slides",)):
    from kit.build import build

    with pytest.raises(KitError) as info:
        build(root, outputs=list(outputs), jobs=0)
    return [p for p in info.value.problems if p.code == "slide-overflow"]


def test_text_that_cannot_wrap_is_a_located_error(make_kit, tmp_path):
    root = plan_kit(make_kit, tmp_path, files={"templates/kit.css": ".deck-points li { white-space: nowrap; }"})
    unit = PLAN_UNIT.replace('"It argued for a long time"', '"It argued for a long time, ' + "and argued again, " * 8 + 'and then stopped"')
    (root / "units/02-plan.yaml").write_text(unit)
    [problem] = overflow_messages(root)
    text = unit.splitlines()
    assert problem.location.path == "units/02-plan.yaml"
    assert text[problem.location.line - 1].strip() == "- kind: text"
    assert "has text running off its right edge" in problem.message and "slide_points" in problem.message
    assert not (root / "build/02-plan-slides.pdf").exists()


def test_a_question_too_long_for_its_slide_is_a_located_error(make_kit, tmp_path):
    long = "Why " + "did the council argue about the treaty for so long and " * 12 + "stop?"
    unit = PLAN_UNIT.replace('"Who kept the minutes, and why does that matter?"', f'"{long}"')
    root = plan_kit(make_kit, tmp_path, unit)
    [problem] = overflow_messages(root)
    assert "does not fit on one slide at 24 pt" in problem.message
    assert "give question 1 a shorter `slide_text`" in problem.message
    assert unit.splitlines()[problem.location.line - 1].strip() == "- kind: document_analysis"


def test_an_excerpt_sentence_too_long_for_a_slide_is_a_located_error_naming_it(make_kit, tmp_path):
    long = "The council met in the spring and " + "argued about the treaty and the money and the weapons and " * 12 + "stopped."
    root = plan_kit(make_kit, tmp_path, long_excerpt_unit(long))
    problems = overflow_messages(root)
    assert problems and all("source 'minutes' has a sentence too long for one slide" in p.message for p in problems)
    assert all(p.location.path == "units/02-plan.yaml" for p in problems)


# --- the presenter file and the PowerPoint deck -------------------------------------------------

def test_the_presenter_file_sits_beside_the_pdf_deck(built_plan):
    import json

    import pypdfium2

    root, result = built_plan
    names = {b.job.path.name for b in result.built}
    assert {"02-plan-slides.pdf", "02-plan-slides.pdfpc", "02-plan-slides.pptx"} <= names
    data = json.loads((root / "build/02-plan-slides.pdfpc").read_text(encoding="utf-8"))
    pages = len(pypdfium2.PdfDocument(root / "build/02-plan-slides.pdf"))
    assert data["pdfpcFormat"] == 2 and data["pdfFile"] == "02-plan-slides.pdf" and data["duration"] == 60
    assert [p["idx"] for p in data["pages"]] == list(range(pages))
    assert [p["label"] for p in data["pages"]][:2] == ["1", "2"]
    notes = " ".join(p.get("note", "") for p in data["pages"])
    assert "Let them argue." in notes and "The secretary." in notes and "<" not in notes


def test_the_powerpoint_deck_is_the_pdf_deck_as_editable_slides(built_plan):
    import pypdfium2
    from pptx import Presentation
    from pptx.util import Mm

    from kit.kitload import load_kit
    from kit.labels import labels_for

    root, result = built_plan
    prs = Presentation(root / "build/02-plan-slides.pptx")
    pdf = pypdfium2.PdfDocument(root / "build/02-plan-slides.pdf")
    assert len(prs.slides) == len(pdf)
    assert (prs.slide_width, prs.slide_height) == (Mm(254), Mm(142.875))     # 16:9
    kit = load_kit(root)
    slides = deck(kit, kit.unit("plan"), 2, labels_for("en"))
    assert [s.shapes.title.text_frame.text for s in prs.slides] == [s["title"] for s in slides]
    pictures = [shape for s in prs.slides for shape in s.shapes if shape.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"  # the figure, nothing else
    text = " ".join(shape.text_frame.text for s in prs.slides for shape in s.shapes if shape.has_text_frame)
    for shown in ("Why did the council sign the treaty?", "The council met in 1920", "First", "council",
                  "A body that meets to decide", "When?", "Who gained most?", "Write one reason"):
        assert shown in text, shown
    quote = next(s for s in prs.slides if s.shapes.title.text_frame.text == "The minutes")
    assert "The council met. It argued." in " ".join(sh.text_frame.text for sh in quote.shapes if sh.has_text_frame)
    notes = {s.shapes.title.text_frame.text: s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide}
    assert "Let them argue." in notes["Discuss"] and "The secretary." in notes["Question 1"]
    fonts = {run.font.name for s in prs.slides for shape in s.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs for run in p.runs}
    assert fonts == {"Noto Sans", "Noto Serif"}
    italic = [run for s in prs.slides for shape in s.shapes if shape.has_text_frame
              for p in shape.text_frame.paragraphs for run in p.runs if run.text == "1920" and run.font.italic]
    assert italic   # *1920* in a slide point


def test_the_powerpoint_colours_follow_the_kits_theme(make_kit, tmp_path):
    from kit.pptxdeck import theme

    root = make_kit(tmp_path, {"templates/kit.css": ".slide { --slide-accent: #7A0000; }"})
    assert theme(load_kit(root))["accent"] == "7a0000"
    assert theme(load_kit(make_kit(tmp_path / "plain")))["accent"] == "1f3f66"


def test_objectives_too_long_for_their_one_slide_are_an_error_at_the_objectives(make_kit, tmp_path):
    many = "".join(f"  - Say what the council decided in its meeting number {i} and why it mattered to the officers.\n"
                   for i in range(6))
    unit = PLAN_UNIT.replace("  - Say who wrote the letter.\n  - Put the events in order.\n", many)
    root = plan_kit(make_kit, tmp_path, unit)
    [problem] = overflow_messages(root)
    assert "the unit's objectives" in problem.message and "shorten the unit's objectives" in problem.message
    assert unit.splitlines()[problem.location.line - 2] == "objectives:"


def test_the_powerpoint_body_starts_below_the_title_lines_the_pdf_deck_took(make_kit, tmp_path):
    """A title of wide letters wraps in the PDF deck although it is short in characters: the
    PowerPoint slide makes room for the lines the PDF measured (a count of characters gave one
    line, and the title ran over the first point)."""
    from pptx import Presentation

    from conftest import BASE_FILES
    from kit.build import build
    from kit.pptxdeck import LEFT, TOP

    wide = "WWWW MMMM " * 4
    unit = BASE_FILES["units/01-first.yaml"].replace(
        '    title: Background\n    body: "In 1920 a council met to discuss a treaty."',
        f'    title: "{wide.strip()}"\n    body: "In 1920 a council met to discuss a treaty."\n'
        '    slide_points: ["Okapi-point the council met"]')
    assert "Okapi-point" in unit
    root = make_kit(tmp_path, {"units/01-first.yaml": unit})
    build(root, outputs=["pptx"], jobs=0)
    prs = Presentation(root / "build/01-first-slides.pptx")
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text == wide.strip())
    body = next(sh for sh in slide.shapes if sh.has_text_frame and "Okapi-point" in sh.text_frame.text)
    assert body.top.mm > TOP + 2 * 11.4, "the points start below two title lines"
    assert body.left.mm >= LEFT - 0.1
