"""The print stylesheet's page-break rules, read back from built PDFs: a heading lands on the page
of what follows it, a question's stem on the page of its first answer lines, a word bank on the
page of its excerpt, whole.

The test kit repeats each case many times after fillers of different lengths, so that some of
them fall at a page foot whatever the paper; each test fails when its rule is taken out of
kit/templates/print.css.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest

from kit.build import build

WORDS = ("the council met again and talked about the treaty the army and the winter while the "
         "officers waited for news from the capital and nobody agreed on anything at all").split()


def filler(n: int, seed: int) -> str:
    return " ".join(WORDS[(seed * 7 + k) % len(WORDS)] for k in range(n)).capitalize() + "."


ARTICLE = "\n\n".join(
    f"In the year {1900 + p} the council of the city wrote again to the general about the treaty, "
    "and the council said that the people had waited long enough for bread and for peace, and that "
    "the officers of the army must now return to their homes before the winter came to the hills."
    for p in range(1, 9)) + "\n"

GLOSSARY = """
  - kind: glossary
    title: Words
    items:
      - id: council
        term: council
        definition: >-
          A body of elected members who run a city between elections, meeting every week in the hall
          on the square to vote on taxes, streets, schools, bread and the keeping of order, and to
          write to the government on the people's behalf.
      - id: treaty
        term: treaty
        definition: >-
          A written agreement between two or more states or governments, argued over clause by clause
          by their envoys, then signed, sealed and in the end ratified by each side's parliament or
          ruler before it binds anyone who signed it.
      - id: general
        term: general
        definition: >-
          An officer of the highest rank in an army, who commands many thousands of soldiers, plans
          campaigns with a staff of officers and answers for every order given under his command.
"""
BANK = re.compile(r"WORD BANK council: A body .*?people's behalf\. treaty: A written .*?anyone who signed it\. "
                  r"general: An officer .*?under his command\.")


def matching_unit() -> str:
    terms = "".join(f"""
      - id: term-{t}
        term: "Term{t}"
        definition: "Definition {t}: {filler(40 + (t * 11) % 30, t)}"
""" for t in range(15))
    return f"""id: match
title: Matching
summary: A matching starter too long for what is left of a page.
objectives: [Match.]
minutes: 45
blocks:
  - kind: text
    title: Before
    body: "{filler(150, 3)}"
  - kind: glossary
    title: "Heading words"
    intro: "Start with the matching exercise."
    matching: 15
    items:{terms}"""


def headings_unit() -> str:
    """Headings and the questions' "Total" line after texts of many lengths (the questions are on
    the unit's own source, printed once at the top)."""
    blocks = "".join(f"""
  - kind: text
    title: "Heading {i}"
    body: "Body{i}start {filler(12 + (i * 13) % 70, i)}"
  - kind: document_analysis
    source: h-letter
    questions:
      - prompt: "Qstem{i} who wrote it?"
        points: 2
        skill: sourcing
        lines: 2
        model_answer: "An answer."
""" for i in range(36))
    source = """
  - kind: sources
    items:
      - id: h-letter
        title: "A letter"
        author: The council
        date: 1920-03-02
        type: letter
        headnote: "A letter."
        locator: {paragraph: 2}
        text: "the council of the city wrote again to the general about the treaty"
"""
    return (f"id: heads\ntitle: Headings\nsummary: Headings at page feet.\nobjectives: [Read.]\nminutes: 45\n"
            f"blocks:{source}{blocks}")


QUESTIONS = 60


def questions_unit() -> str:
    questions = "".join(f"""
      - prompt: "Stem{i} {filler(6 + (i * 5) % 25, i)}?"
        points: 2
        skill: sourcing
        lines: {2 + (i * 7) % 5}
        model_answer: "An answer."
""" for i in range(QUESTIONS))
    return f"""id: quest
title: Questions
summary: Questions at page feet.
objectives: [Answer.]
minutes: 45
blocks:
  - kind: sources
    items:
      - id: q-letter
        title: "A letter"
        author: The council
        date: 1920-03-02
        type: letter
        headnote: "A letter."
        locator: {{paragraph: 1}}
        text: "the council of the city wrote again to the general about the treaty"
  - kind: document_analysis
    source: q-letter
    questions:{questions}"""


def banks_unit() -> str:
    items = "".join(f"""
  - kind: text
    title: "Before {p}"
    body: "{filler(20 + (p * 29) % 120, p)}"
  - kind: sources
    items:
      - id: letter-{p}
        title: "Letter {p}"
        author: The council
        date: 1920-03-02
        type: letter
        headnote: "A letter."
        locator: {{paragraph: {p}}}
        text: "{ARTICLE.split(chr(10) * 2)[p - 1].strip()}"
""" for p in range(1, 9))
    return (f"id: banks\ntitle: Word banks\nsummary: Word banks at page feet.\nobjectives: [Read.]\nminutes: 45\n"
            f"blocks:{GLOSSARY}{items}")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, Path]:
    from conftest import BASE_FILES, write_files

    root = tmp_path_factory.mktemp("breaks")
    write_files(root, {**BASE_FILES, "assets/source/article.txt": ARTICLE, "units/01-first.yaml": None,
                       "units/01-heads.yaml": headings_unit(), "units/02-quest.yaml": questions_unit(),
                       "units/03-banks.yaml": banks_unit(), "units/04-match.yaml": matching_unit()})
    build(root, root / "out", outputs=["handout"], jobs=0)
    found = {name: root / "out" / f"{name}-handout.pdf" for name in ("01-heads", "02-quest", "03-banks", "04-match")}
    return found


def pages_text(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]


def page_of(pages: list[str], needle: str) -> int:
    found = [i for i, text in enumerate(pages) if needle in text]
    assert found, needle
    return found[0]


def test_a_heading_lands_on_the_page_of_what_follows_it(handouts):
    pages = pages_text(handouts["01-heads"])
    assert len(pages) >= 4
    assert [i for i in range(36) if page_of(pages, f"Heading {i} ") != page_of(pages, f"Body{i}start")] == []
    # the questions' "Total" line, on the page of the first question
    assert [text.count("Total:") - text.count("Qstem") for text in pages] == [0] * len(pages)


def test_a_block_heading_lands_with_a_matching_starter_too_long_for_its_page(handouts):
    pages = pages_text(handouts["04-match"])
    heading = page_of(pages, "Heading words")
    assert heading == page_of(pages, "Matching starter") == page_of(pages, "Term0")
    assert pages[heading].count("Definition ") >= 2


def _answer_rules(page) -> list[tuple[float, float]]:
    """(left, y) of the answer lines on a page: wide paths no taller than one 8 mm line (WeasyPrint
    draws a box's bottom border as a path with the box's bounds)."""
    rules = []
    for obj in page.get_objects():
        if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            if right - left > 300 and top - bottom < 8 * 72 / 25.4 + 2:
                rules.append((left, bottom))
    return rules


def _top_of(textpage, needle: str) -> float | None:
    found = textpage.search(needle, match_case=True).get_next()
    return None if found is None else textpage.get_charbox(found[0])[3]


@pytest.fixture(scope="module")
def flowing(tmp_path_factory) -> Path:
    """The questions in a kit whose own stylesheet lets a question break across pages."""
    from conftest import BASE_FILES, write_files

    root = tmp_path_factory.mktemp("flowing")
    write_files(root, {**BASE_FILES, "assets/source/article.txt": ARTICLE, "units/01-first.yaml": None,
                       "units/02-quest.yaml": questions_unit(),
                       "templates/kit.css": ".question { break-inside: auto; }\n"})
    build(root, root / "out", outputs=["handout"], jobs=0)
    return root / "out" / "01-quest-handout.pdf"


@pytest.mark.parametrize("kit_css", ["shipped", "questions may break"])
def test_a_question_stem_lands_on_the_page_of_its_first_answer_lines(handouts, flowing, kit_css):
    pdf = pypdfium2.PdfDocument(handouts["02-quest"] if kit_css == "shipped" else flowing)
    assert len(pdf) >= 4
    stranded = []
    for i in range(QUESTIONS):
        page = next(page for page in pdf if _top_of(page.get_textpage(), f"Stem{i} ") is not None)
        textpage = page.get_textpage()
        stem, next_stem = _top_of(textpage, f"Stem{i} "), _top_of(textpage, f"Stem{i + 1} ")
        below = [y for _, y in _answer_rules(page) if y < stem and (next_stem is None or y > next_stem)]
        if len(below) < 2:
            stranded.append(i)
    assert stranded == []


def test_a_word_bank_lands_whole_on_the_page_of_its_excerpt(handouts):
    pages = pages_text(handouts["03-banks"])
    assert len(pages) >= 4
    for number, text in enumerate(pages, 1):
        excerpts = text.count("In the year 19")
        assert excerpts == text.count("came to the hills"), f"page {number}: an excerpt split from its end"
        assert excerpts == text.count("WORD BANK"), f"page {number}: a bank apart from its excerpt"
        assert excerpts == len(BANK.findall(text)), f"page {number}: a bank split across pages"
    assert sum(text.count("In the year 19") for text in pages) == 8


def test_long_notes_for_the_teacher_start_on_the_title_page(make_kit, tmp_path):
    """A unit whose notes for the teacher run over a page starts them under its title, not on the
    next page (the notes box breaks)."""
    from conftest import BASE_FILES

    notes = "\n\n  ".join(filler(90, seed) for seed in range(14))
    unit = BASE_FILES["units/01-first.yaml"].replace(
        'notes: "Remind the class that the general was writing to his own officers in a hurry."',
        f'notes: |\n  Gnu-start {notes}')
    root = make_kit(tmp_path / "kit", {"units/01-first.yaml": unit})
    build(root, outputs=["teacher"], jobs=0)
    pdf = pypdfium2.PdfDocument(root / "build" / "01-first-teacher.pdf")
    first = pdf[0].get_textpage().get_text_range()
    assert "The general's letter" in first and "Gnu-start" in first
    assert len(pdf) > 2


def test_a_long_model_answer_breaks_inside_rather_than_leave_its_page_half_empty(make_kit, tmp_path):
    """In a teacher edition a question holds its model answer: a long one starts on the page where
    its question is, and goes on overleaf."""
    from conftest import BASE_FILES

    answer = " ".join(filler(60, seed) for seed in range(12))
    unit = BASE_FILES["units/01-first.yaml"].replace(
        'model_answer: "Quartermaster general wrote it secretly towards officers while councillors kept arguing endlessly."',
        f'model_answer: "Yak-answer {answer}"')
    unit = unit.replace('prompt: "Who wrote the letter?"', 'prompt: "Yak-question who wrote the letter?"')
    root = make_kit(tmp_path / "kit", {"units/01-first.yaml": unit})
    build(root, outputs=["teacher"], jobs=0)
    pdf = pypdfium2.PdfDocument(root / "build" / "01-first-teacher.pdf")
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    [stem_page] = [i for i, text in enumerate(pages) if "Yak-question" in text]
    assert "Yak-answer" in pages[stem_page]
    assert stem_page == 0, "the question starts on the first page, under the letter, not overleaf"
