"""View models: what each output may print (teacher-only fields are None for students)."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from conftest import UNIT_YAML
from kit.kitload import load_kit
from kit.plan import plan_outputs
from kit.templating import environment, render_html
from kit.views import document_view, gap_parts, matching_view, part_views, unit_view

TEACHER_ONLY = {
    "unit notes": "Unit-notes-marker remind the class about the general.",
    "timing": "Timing-marker read the letter aloud together.",
    "block notes": "Block-notes-marker stress the date of the letter.",
    "caveat": "Caveat-marker only this sentence survives.",
    "model answer": "Model-answer-marker the general wrote it to his officers.",
    "marking": "Marking-marker one mark for the general.",
    "guidance": "Guidance-marker steer them towards the audience.",
    "event caveat": "Event-caveat-marker the date is uncertain.",
    "beyond note": "Beyond-note-marker from general knowledge.",
    "model outline": "Outline-marker argue both sides, then judge.",
    "teacher-only block": "Teacher-only-block-marker hand out the map now.",
}

VIEW_UNIT = f"""\
id: views
title: "Views unit"
summary: "A unit with every kind of block."
objectives:
  - Tell what each output shows.
minutes: 60
timing:
  - {{minutes: 60, activity: "{TEACHER_ONLY['timing']}"}}
notes: "{TEACHER_ONLY['unit notes']}"
blocks:
  - kind: text
    title: Background
    body: "Students see this text."
    notes: "{TEACHER_ONLY['block notes']}"
  - kind: text
    teacher_only: true
    body: "{TEACHER_ONLY['teacher-only block']}"
  - kind: sources
    items:
      - id: letter-v
        title: "The general's letter"
        author: The general
        date: 1920-03-02
        type: letter
        headnote: "A letter to his officers."
        locator: {{paragraph: 2, footnote: 2}}
        text: "We must not wait for the winter; the people's patience is at an end."
        caveat: "{TEACHER_ONLY['caveat']}"
  - kind: document_analysis
    source: letter-v
    questions:
      - prompt: "Who wrote the letter?"
        points: 2
        skill: sourcing
        model_answer: "{TEACHER_ONLY['model answer']}"
        marking: "{TEACHER_ONLY['marking']}"
      - prompt: "When?"
        points: 3
        skill: context
        model_answer: "In March 1920."
  - kind: discussion
    prompts:
      - text: "Should the officers have obeyed?"
        sources: [letter-v]
        guidance: "{TEACHER_ONLY['guidance']}"
  - kind: timeline
    events:
      - {{date: 1920-05, event: "Third event.", locator: {{paragraph: 3}}}}
      - {{date: 1919, event: "First event.", locator: {{paragraph: 1}}}}
      - {{date: 1920-03-02, event: "Second event.", locator: {{paragraph: 2}},
         caveat: "{TEACHER_ONLY['event caveat']}"}}
      - {{date: 1920-05-01, event: "Fourth event.", locator: {{paragraph: 3}}, date_text: "1 May 1920 (old style)"}}
  - kind: glossary
    matching: 4
    items:
      - {{id: t-council, term: council, definition: "A body that meets to decide."}}
      - {{id: t-treaty, term: treaty, definition: "An agreement between states."}}
      - {{id: t-decree, term: decree, definition: "An order with the force of law."}}
      - {{id: t-general, term: general, definition: "An officer of high rank.", beyond_source: true,
         beyond_note: "{TEACHER_ONLY['beyond note']}"}}
      - {{id: t-winter, term: winter, definition: "The cold season."}}
  - kind: fill_in
    word_bank: true
    items:
      - text: "The [[council]] met in [[1920]]."
      - text: "The general wrote to his [[officers]]."
  - kind: essay
    question: "Was the general right?"
    model_outline: "{TEACHER_ONLY['model outline']}"
    rubric:
      - {{level: "Level 2", marks: "6-10", descriptor: "A judgement."}}
      - {{level: "Level 1", marks: "1-5", descriptor: "A description."}}
"""


@pytest.fixture
def kit(make_kit, tmp_path):
    return load_kit(make_kit(tmp_path, {"units/01-first.yaml": UNIT_YAML, "units/02-views.yaml": VIEW_UNIT}))


def view_of(kit, teacher: bool, unit_id: str = "views") -> dict:
    return unit_view(kit, kit.unit(unit_id), 2, teacher)


def block(view: dict, kind: str, index: int = 0) -> dict:
    return [b for b in view["blocks"] if b["type"] == kind][index]


def flatten(value) -> str:
    """Every string in a view, joined (Markup unescaped back to text)."""
    if isinstance(value, dict):
        return " ".join(flatten(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return " ".join(flatten(v) for v in value)
    if isinstance(value, Markup):
        return value.unescape()
    if isinstance(value, str):
        return value
    return ""


@pytest.mark.parametrize("field", sorted(TEACHER_ONLY))
def test_student_view_has_no_teacher_only_text(kit, field):
    marker = TEACHER_ONLY[field].split()[0]
    assert marker not in flatten(view_of(kit, teacher=False))
    assert marker not in flatten(document_view(kit, _job(kit, "handout", "views")))
    assert marker not in flatten([view for _, _, view in part_views(kit, _job(kit, "student-book"))])


@pytest.mark.parametrize("field", sorted(TEACHER_ONLY))
def test_teacher_view_has_the_teacher_only_text(kit, field):
    marker = TEACHER_ONLY[field].split()[0]
    assert marker in flatten(view_of(kit, teacher=True))
    assert marker in flatten(document_view(kit, _job(kit, "teacher", "views")))
    assert marker in flatten([view for _, _, view in part_views(kit, _job(kit, "teacher-book"))])


def _job(kit, kind, unit_id=None):
    return next(j for j in plan_outputs(kit, kit.root / "build") if j.kind == kind and j.unit_id == unit_id)


def test_teacher_only_fields_are_none_or_empty_for_students(kit):
    student = view_of(kit, teacher=False)
    assert student["notes"] == [] and student["timing"] == []
    questions = block(student, "document_analysis")["questions"]
    assert [q["model_answer"] for q in questions] == [[], []]
    assert [q["marking"] for q in questions] == [[], []]
    assert block(student, "document_analysis")["skills"] == []
    assert block(student, "discussion")["prompts"][0]["guidance"] == []
    assert block(student, "sources")["cards"][0]["caveat"] == []
    assert all(e["caveat"] == [] for e in block(student, "timeline")["events"])
    assert block(student, "essay")["model_outline"] == []
    assert block(student, "text")["notes"] == []
    assert all(t["beyond_note"] == [] for t in block(student, "glossary")["entries"])
    assert len([b for b in student["blocks"] if b["type"] == "text"]) == 1   # the teacher-only block is gone


def test_teacher_view_fields(kit):
    teacher = view_of(kit, teacher=True)
    assert [s["minutes"] for s in teacher["timing"]] == [60]
    analysis = block(teacher, "document_analysis")
    assert analysis["questions"][0]["model_answer"] == [Markup(TEACHER_ONLY["model answer"])]
    assert analysis["total_points"] == 5
    skills = {row["skill"]: row for row in analysis["skills"]}
    assert skills["Sourcing"]["questions"] == "1" and skills["Context"]["points"] == 3
    assert len([b for b in teacher["blocks"] if b["type"] == "text"]) == 2
    assert [b for b in teacher["blocks"] if b["type"] == "text"][1]["teacher_only"] is True


def test_document_analysis_refers_to_a_card_printed_earlier(kit):
    view = view_of(kit, teacher=False)
    card = block(view, "sources")["cards"][0]
    analysis = block(view, "document_analysis")
    # the minimal kit's first unit defines source 1, so this unit's letter is source 2 in the kit
    assert (card["number"], analysis["document"], analysis["document_number"]) == (2, None, 2)
    assert card["locator"] == "\u00b62, n. 2"
    assert card["date"] == "2 March 1920"


def test_timeline_is_sorted_by_date(kit):
    events = block(view_of(kit, teacher=False), "timeline")["events"]
    assert [e["iso"] for e in events] == ["1919", "1920-03-02", "1920-05", "1920-05-01"]
    assert [str(e["event"]) for e in events] == ["First event.", "Second event.", "Third event.", "Fourth event."]
    assert events[3]["date"] == "1 May 1920 (old style)" and events[0]["date"] == "1919"


def test_matching_starter_is_deterministic_with_a_correct_key(kit):
    glossary = block(view_of(kit, teacher=True), "glossary")
    matching = glossary["matching"]
    terms = kit.unit("views").unit.blocks[6].items
    assert [t["term"] for t in matching["terms"]] == [t.term for t in terms[:4]]
    assert sorted(d["letter"] for d in matching["definitions"]) == ["A", "B", "C", "D"]
    definition_of = {d["letter"]: str(d["text"]) for d in matching["definitions"]}
    for entry, term in zip(matching["key"], terms[:4]):
        assert definition_of[entry["letter"]] == term.definition
    again = matching_view(terms, 4, "views")
    assert again == matching
    student = block(view_of(kit, teacher=False), "glossary")["matching"]
    assert student == {**matching, "key": []}


def test_matching_order_depends_on_the_unit_not_on_the_run():
    from kit import schema

    terms = [schema.Term(id=f"t{i}", term=f"term {i}", definition=f"definition {i}") for i in range(8)]
    first = [d["letter"] for d in matching_view(terms, 8, "unit-a")["key"]]
    assert first == [d["letter"] for d in matching_view(terms, 8, "unit-a")["key"]]
    assert first != list("ABCDEFGH")  # actually shuffled for this unit


def test_fill_in_blanks_are_empty_for_students_and_filled_for_teachers(kit):
    student = block(view_of(kit, teacher=False), "fill_in")
    teacher = block(view_of(kit, teacher=True), "fill_in")
    student_blanks = [p["blank"] for g in student["gaps"] for p in g["parts"] if p["blank"] is not None]
    teacher_blanks = [p["blank"] for g in teacher["gaps"] for p in g["parts"] if p["blank"] is not None]
    assert student_blanks == ["", "", ""]
    assert teacher_blanks == ["council", "1920", "officers"]
    assert student["word_bank"] == ["1920", "council", "officers"]


def test_gap_parts_keep_the_text_around_blanks():
    parts = gap_parts("A [[b]] c [[d]]", teacher=False)
    assert [(str(p["text"]), p["blank"]) for p in parts] == [("A ", None), ("", ""), (" c ", None), ("", "")]


HOSTILE = '<script>alert(1)</script> <img src=file:///etc/passwd> & "q"'


def test_unit_text_is_escaped(make_kit, tmp_path):
    text = (UNIT_YAML.replace('summary: "Students read one letter closely."', f"summary: '{HOSTILE}'")
            .replace('body: "In 1920 a council met to discuss a treaty."', f"body: '{HOSTILE} *it*'")
            .replace("  - Say who wrote the letter.", f"  - '{HOSTILE}'"))
    kit = load_kit(make_kit(tmp_path, {"units/01-first.yaml": text}))
    view = unit_view(kit, kit.units[0], 1, teacher=False)
    for value in (view["summary"], view["objectives"][0], view["blocks"][0]["body"][0]["html"]):
        assert isinstance(value, Markup)
        assert "<script>" not in value and "<img" not in value
        assert "&lt;script&gt;" in value and "&lt;img src=file:///etc/passwd&gt;" in value
    assert view["blocks"][0]["body"][0]["html"].endswith("<em>it</em>")   # only the inline syntax becomes markup


def test_hostile_text_is_escaped_in_rendered_html(make_kit, tmp_path):
    text = UNIT_YAML.replace('title: "The general\'s letter"\nsummary', f"title: '{HOSTILE}'\nsummary")
    root = make_kit(tmp_path, {"units/01-first.yaml": text})
    kit = load_kit(root)
    for kind in ("handout", "teacher", "student-book"):
        job = _job(kit, kind, "first" if kind in ("handout", "teacher") else None)
        views = [view for _, _, view in part_views(kit, job)] if kind.endswith("book") else [document_view(kit, job)]
        html = "".join(render_html(environment(root), root, kind, view) for view in views)
        assert "<script>" not in html
        assert "file:///etc/passwd" not in html.replace("&lt;img src=file:///etc/passwd&gt;", "")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_matching_key_is_left_out_of_student_views():
    from kit import schema

    terms = [schema.Term(id=f"t{i}", term=f"term {i}", definition=f"definition {i}") for i in range(5)]
    assert matching_view(terms, 5, "unit-a", teacher=False)["key"] == []
    assert len(matching_view(terms, 5, "unit-a", teacher=True)["key"]) == 5


# Glossary terms are marked where they first occur in a unit (views.Context.mark).

def _index(*names):
    from types import SimpleNamespace

    from kit import schema
    from kit.views import glossary_index

    terms = [schema.Term(id=f"t{i}", term=name, definition=f"Definition {i}.") for i, name in enumerate(names)]
    return glossary_index(SimpleNamespace(terms=lambda: terms, config=SimpleNamespace(language="en")))


def _marked(index, *paragraphs, seen=None):
    """The paragraphs (plain text, escaped with the inline syntax) as Context.mark returns them."""
    from kit.views import Context, inline

    ctx = Context(None, False, {}, index, set() if seen is None else seen)
    return [str(html) for html in ctx.mark([p if isinstance(p, Markup) else inline(p) for p in paragraphs])]


def T(text):
    return f'<span class="term">{text}</span>'


def test_every_term_in_a_paragraph_is_marked_not_only_the_first_the_kit_defines():
    index = _index("treaty", "council", "Entente")
    assert _marked(index, "The Entente, a council and a treaty.") == [
        f"The {T('Entente')}, a {T('council')} and a {T('treaty')}."]


def test_a_term_is_marked_where_it_first_occurs_and_only_there():
    index = _index("treaty", "council")
    assert _marked(index, "The council read the treaty and the council agreed.", "A council, a treaty.") == [
        f"The {T('council')} read the {T('treaty')} and the council agreed.", "A council, a treaty."]


def test_each_term_is_marked_once_per_unit_across_blocks_and_again_in_the_next_unit():
    index = _index("treaty")
    seen = set()
    assert _marked(index, "A treaty.", seen=seen) == [f"A {T('treaty')}."]
    assert _marked(index, "Another treaty.", seen=seen) == ["Another treaty."]
    assert _marked(index, "A treaty.") == [f"A {T('treaty')}."]   # a new unit starts afresh


def test_a_unit_with_a_glossary_block_is_not_marked():
    from kit.views import Context

    assert Context(None, False, {}, _index("treaty"), None).mark([Markup("A treaty.")]) == [Markup("A treaty.")]


def test_the_longest_term_wins_over_a_term_that_is_its_prefix():
    index = _index("Soviet", "Soviet Russia")   # the shorter one first in the kit
    assert _marked(index, "Soviet Russia and Soviet aid; Soviet Russia again.") == [
        f"{T('Soviet Russia')} and {T('Soviet')} aid; Soviet Russia again."]
    # a longer term that ends inside a word is no match; the shorter one is
    assert _marked(index, "Soviet Russian aid, then Soviet Russia.") == [
        f"{T('Soviet')} Russian aid, then {T('Soviet Russia')}."]


def test_a_term_already_marked_is_not_marked_again_through_a_shorter_term_inside_it():
    index = _index("Soviet", "Soviet Russia")
    seen = {"Soviet Russia"}
    assert _marked(index, "Soviet Russia, then Soviet aid.", seen=seen) == [f"Soviet Russia, then {T('Soviet')} aid."]


def test_lower_case_terms_match_in_any_case_capitalised_ones_only_as_written():
    index = _index("council", "Entente")
    assert _marked(index, "The entente met. Council members came.", "COUNCIL, Entente.") == [
        f"The entente met. {T('Council')} members came.", f"COUNCIL, {T('Entente')}."]
    assert _marked(_index("Entente"), "ENTENTE and entente.") == ["ENTENTE and entente."]


def test_a_capitalised_term_written_in_lower_case_leaves_a_shorter_lower_case_term_to_match():
    index = _index("Soviet Russia", "soviet")
    assert _marked(index, "The soviet russia of 1920.") == [f"The {T('soviet')} russia of 1920."]
    index = _index("Soviet Russia", "Russia")
    assert _marked(index, "The soviet Russia of 1920.") == [f"The soviet {T('Russia')} of 1920."]
    assert _marked(_index("Soviet Russia", "sov"), "The soviet russia.") == ["The soviet russia."]


def test_terms_with_letters_that_change_length_in_lower_case_are_marked():
    index = _index("İzmir Congress", "Əliyev", "ilçe")   # "İ".lower() is two characters
    assert _marked(index, "The İzmir Congress, Əliyev and an İLÇE.") == [
        f"The {T('İzmir Congress')}, {T('Əliyev')} and an {T('İLÇE')}."]


def test_terms_are_not_marked_inside_words_or_hyphenated_words():
    index = _index("treaty", "council", "Baku")
    text = "Councillors, subcouncil, treaty-making, pre-treaty, treaty_2, Bakunin, Baku-based; then Baku."
    assert _marked(index, text) == [text.replace("then Baku.", f"then {T('Baku')}.")]


def test_terms_are_not_marked_inside_tags_spans_or_character_references():
    index = _index("treaty", "lt", "amp", "class", "term")
    html = Markup('<abbr title="a treaty">T</abbr> <span class="fn">a treaty <em>treaty</em></span> a &lt; b &amp; c, '
                  "<em>the treaty</em>")
    assert _marked(index, html) == [
        '<abbr title="a treaty">T</abbr> <span class="fn">a treaty <em>treaty</em></span> a &lt; b &amp; c, '
        f"<em>the {T('treaty')}</em>"]
    assert _marked(index, "A footnote.[^The treaty of 1920.] The treaty.") == [
        f'A footnote.<span class="fn">The treaty of 1920.</span> The {T("treaty")}.']


def test_marked_text_is_never_marked_again():
    index = _index("treaty", "Treaty of Kars", "Kars")
    once = _marked(index, "The Treaty of Kars, a treaty, Kars.")
    assert once == [f"The {T('Treaty of Kars')}, a {T('treaty')}, {T('Kars')}."]
    assert _marked(index, Markup(once[0])) == once
    assert once[0].count("<span") == 3


def test_terms_with_characters_that_html_escapes_are_marked():
    index = _index("People's Commissariat", "Kars & Ardahan")
    assert _marked(index, "The People's Commissariat gave up Kars & Ardahan.") == [
        f"The {T('People&#39;s Commissariat')} gave up {T('Kars &amp; Ardahan')}."]


def test_plurals_and_possessives_are_marked_in_an_english_kit():
    index = _index("treaty", "council", "Entente")
    assert _marked(index, "Two treaties; the councils' votes; the Entente’s plan.") == [
        f"Two {T('treaties')}; the {T('councils&#39;')} votes; the {T('Entente’s')} plan."]


def test_the_glossary_index_is_built_once_per_kit(kit):
    from kit.views import glossary_index

    assert glossary_index(kit) is glossary_index(kit)
    assert [t.term for t in glossary_index(kit)] == ["council", "treaty", "decree", "general", "winter"]


def test_a_unit_view_marks_every_term_of_a_paragraph(kit):
    body = block(view_of(kit, teacher=False, unit_id="first"), "text")["body"]
    assert body == [{"kind": "paragraph", "html": Markup(f"In 1920 a {T('council')} met to discuss a {T('treaty')}.")}]


def test_bold_and_italics_and_nothing_else():
    from kit.markup import inline

    assert str(inline("**Bold** and *italic* <b>not</b>")) == ("<strong>Bold</strong> and <em>italic</em> "
                                                              "&lt;b&gt;not&lt;/b&gt;")


def test_a_text_block_with_a_list_and_a_table(make_kit, tmp_path):
    """Lists and tables in a body reach the view as such, their text escaped and terms marked once."""
    unit = UNIT_YAML.replace(
        '    body: "In 1920 a council met to discuss a treaty."',
        '    body: |\n      Before the council:\n\n      - a *treaty* <b>\n      - the council again\n\n'
        '      | Side | Wanted |\n      |---|---|\n      | decree | a treaty |')
    assert unit != UNIT_YAML
    kit = load_kit(make_kit(tmp_path, {"units/01-first.yaml": unit, "units/02-views.yaml": VIEW_UNIT}))
    body = block(view_of(kit, teacher=False, unit_id="first"), "text")["body"]
    assert [p["kind"] for p in body] == ["paragraph", "bullets", "table"]
    assert body[0]["html"] == Markup(f"Before the {T('council')}:")
    assert body[1]["items"] == [Markup(f"a <em>{T('treaty')}</em> &lt;b&gt;"), Markup("the council again")]
    assert body[2]["head"] == [Markup("Side"), Markup("Wanted")]
    assert body[2]["rows"] == [[Markup(T("decree")), Markup("a treaty")]]
