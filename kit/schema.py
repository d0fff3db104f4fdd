"""The kit and unit formats, declared once.

Each dataclass below is one mapping of the YAML format; each field's metadata holds its
documentation and constraints. The validator (validate.py), the JSON Schema (`kit schema`) and
the format reference all read this declaration, so they cannot drift apart.
Fields marked `teacher=True` are teacher-only: they print in teacher outputs and never in
student ones.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar, Optional, Union

from kit.outputs import choices, default_choices

REQUIRED = dataclasses.MISSING
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,47}$"
LANGUAGES = ("en", "az", "tr", "ru")
PAPERS = ("a4", "letter")
OUTPUTS = choices()  # kit/outputs.py
SKILLS = ("sourcing", "context", "close-reading", "corroboration")
SOURCE_KINDS = ("article", "book", "book-chapter", "textbook", "speech", "letter", "telegram", "treaty",
                "decree", "report", "memoir", "diary", "newspaper", "interview", "document", "other")


def spec(doc: str, default=REQUIRED, *, teacher: bool = False, minimum: int | None = None,
         maximum: int | None = None, choices: tuple | None = None, pattern: str | None = None,
         min_items: int = 0, example: str | None = None, defines: str | None = None,
         refers: str | None = None):
    """A field with its documentation and constraints (read by validate.py and jsonschema.py).

    `defines="source"` makes the value an id other fields can point at with `refers="source"`.
    """
    meta = {"doc": doc, "teacher": teacher, "minimum": minimum, "maximum": maximum,
            "choices": choices, "pattern": pattern, "min_items": min_items, "example": example,
            "defines": defines, "refers": refers}
    if isinstance(default, list):
        return dataclasses.field(default_factory=lambda: list(default), metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A historical date as precise as it is known: `1920`, `1920-04` or `1920-04-26`."""

    year: int
    month: int = 0
    day: int = 0

    MONTHS: ClassVar[tuple] = ("January", "February", "March", "April", "May", "June", "July",
                               "August", "September", "October", "November", "December")

    def __str__(self) -> str:
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{self.MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {self.MONTHS[self.month - 1]} {self.year}"

    def iso(self) -> str:
        return "-".join(f"{part:02d}" for part in (self.year, self.month, self.day) if part)


# --- the kit -------------------------------------------------------------------------------

# Every field only the foundation edition prints starts with `foundation_`, and says so with this.
FOUNDATION = "Without it, the foundation edition (outputs `foundation`, `foundation-book`) prints the standard wording."


@dataclass(frozen=True, kw_only=True)
class FoundationStarters:
    """Sentence starters the foundation edition prints, by skill: kit.yaml's `foundation_starters`, which
    replaces kit's own starters for the skills it names (a question's own `foundation_starters` come first)."""

    sourcing: list[str] = spec("Starters under a sourcing question.", [], example="This source was written by …")
    context: list[str] = spec("Starters under a context question.", [])
    close_reading: list[str] = spec("Starters under a close-reading question.", [])
    corroboration: list[str] = spec("Starters under a corroboration question.", [])
    discussion: list[str] = spec("Starters for speaking, printed on one line before the prompts of a unit's first discussion.", [])
    essay: list[str] = spec("The essay's paragraph frame: one opening line for each paragraph.", [])

@dataclass(frozen=True, kw_only=True)
class Citation:
    """One text the kit is drawn from: `source` in kit.yaml, or an item of `sources`."""

    id: Optional[str] = spec("Identifier, unique in the kit; locators name it as `source` (required in "
                             "`sources`).", None, pattern=ID_PATTERN, defines="kit source")
    kind: Optional[str] = spec("What kind of text it is; labels follow it (\"In the speech\", \"beyond "
                               "the letter\"); without it they say \"source\".", None, choices=SOURCE_KINDS)
    short: str = spec("How handouts cite it in short, e.g. `Gafarov (2010)`.")
    author: str = spec("Author(s) as printed.")
    title: str = spec("Title of the article, chapter or book.")
    year: int = spec("Year of publication.", minimum=1000, maximum=2100)
    licence: str = spec("The licence under which the source text may be reproduced.")
    journal: Optional[str] = spec("Journal or book the text appeared in.", None)
    volume: Optional[str] = spec("Volume, if known.", None)
    issue: Optional[str] = spec("Issue, if known.", None)
    pages: Optional[str] = spec("Pages, if known.", None)
    url: Optional[str] = spec("Where the text can be read (printed as text, never fetched).", None)
    text: Optional[str] = spec(
        "Path, inside `assets/`, of a plain-text copy of the source. Paragraphs are its non-empty "
        "lines, numbered from 1; `kit check` checks locators and quotations against it.", None,
        example="source/gafarov-2010.txt")
    note: Optional[str] = spec("A note on the copy (e.g. known defects of the text).", None)
    footnotes: Optional[str] = spec(
        "Path, inside `assets/`, of the source's footnote texts, one a line, each starting with its number "
        "(`14 Ibid., p. 52.`); the reader prints each under the paragraph that calls it.", None,
        example="source/gafarov-2010-notes.txt")
    students: bool = spec("Students may receive the text: the kit's source reader prints it (needs `text`).",
                          False)
    reading_text: Optional[str] = spec(
        "Path, inside `assets/`, of a corrected reading text for the reader: the copy with its "
        "punctuation mended and footnote calls written `[^14]`. `kit check` proves that it differs from "
        "`text` in nothing else.", None, example="source/gafarov-2010-reading.txt")


@dataclass(frozen=True, kw_only=True)
class Kit:
    """`kit.yaml`: the whole teaching kit."""

    title: str = spec("Title of the kit, printed on every cover.")
    subject: str = spec("School subject, e.g. `History`.")
    level: str = spec("Who it is for, e.g. `Upper secondary (16-18)`.")
    language: str = spec("Language of the kit's fixed labels and PDF metadata.", "en", choices=LANGUAGES)
    authors: list[str] = spec("Who wrote the kit.", min_items=1)
    licence: str = spec("The kit's own licence, printed on every handout, e.g. `CC BY 4.0`.")
    subtitle: Optional[str] = spec("A subtitle for the covers.", None)
    description: Optional[str] = spec("One paragraph for the book covers.", None)
    paper: str = spec("Paper size of handouts and books (slides are always 16:9).", "a4", choices=PAPERS)
    outputs: list[str] = spec("Which outputs `kit build` writes by default (when left out: the PDFs but the "
                              "foundation edition). `foundation`, `foundation-book`: the foundation edition's "
                              "handouts and book (for younger or weaker readers). `pptx`: the "
                              "decks as PowerPoint files; `docx`: the handout and teacher edition as Word documents; "
                              "`moodle`, `qti`: the questions for Moodle, Canvas or Blackboard; `web`: the web "
                              "editions.", list(default_choices()), choices=OUTPUTS)
    source: Optional[Citation] = spec("The text the kit is drawn from, with its citation (a kit with one "
                                      "source).", None)
    sources: list[Citation] = spec("The texts the kit is drawn from, each with an `id` (instead of "
                                   "`source`).", [])
    class_size: int = spec("Students in a class, for the print pack's sheet counts.", 30, minimum=1, maximum=1000)
    foundation_starters: Optional[FoundationStarters] = spec(
        "Sentence starters for the foundation edition, by skill (`sourcing`, `context`, `close_reading`, "
        "`corroboration`), for discussions (`discussion`) and the essay's paragraph frame (`essay`), each a "
        "list; a key left out keeps kit's own starters for it.", None)


# --- shared pieces -------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Locator:
    """Where in the source text something is: `paragraph` (and `footnote`) numbers."""

    paragraph: int = spec("Paragraph number in the source text (its non-empty lines, from 1).", minimum=1)
    source: Optional[str] = spec("The `id` of the source (in kit.yaml's `sources`) it points into; "
                                 "required when the kit has more than one.", None, pattern=ID_PATTERN,
                                 refers="kit source")
    footnote: Optional[int] = spec("The source's footnote number for this passage, if it has one.", None,
                                   minimum=1)
    note: Optional[str] = spec("Anything more precise, e.g. `second sentence`.", None)


@dataclass(frozen=True, kw_only=True)
class Spellings:
    """Other spellings of a term, by language."""

    az: Optional[str] = spec("Azerbaijani spelling.", None)
    tr: Optional[str] = spec("Turkish spelling.", None)
    ru: Optional[str] = spec("Russian spelling (Cyrillic).", None)
    other: Optional[str] = spec("Other spellings students will meet, e.g. in the source.", None)


# --- blocks --------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class TextBlock:
    """Prose for students: an introduction, background, instructions."""

    kind: ClassVar[str] = "text"
    body: str = spec("The text. A blank line starts a new paragraph; `**words**` prints in bold and `*words*` in italics; "
                     "`[^a note]` prints a footnote at the foot of the page. Lines that all start with `- ` make a "
                     "bulleted list, with `1. ` a numbered one, and with `|` a table (`| a | b |`; a rule line "
                     "`|---|---|` under the first row makes it the head). Write lists and tables with `|` after "
                     "`body:`, so that YAML keeps their lines.")
    title: Optional[str] = spec("A heading.", None)
    notes: Optional[str] = spec("Notes for the teacher.", None, teacher=True)
    teacher_only: bool = spec("Print the whole block in teacher outputs only.", False)
    slide: bool = spec("Show this block's `slide_points` on the slides.", True)
    slide_points: list[str] = spec("Up to four short points that stand for this block on one slide (prose is "
                                   "never poured onto slides: a text block without points has no slide).", [])


@dataclass(frozen=True, kw_only=True)
class FigureBlock:
    """An image from `assets/` (PNG, JPEG or SVG) with its description."""

    kind: ClassVar[str] = "figure"
    image: str = spec("Path of the image inside `assets/`.", example="images/map.svg")
    alt: str = spec("What the image shows, for readers who cannot see it (required).")
    title: Optional[str] = spec("A heading.", None)
    caption: Optional[str] = spec("Caption printed under the image.", None)
    credit: Optional[str] = spec("Who made the image, and its licence.", None)
    notes: Optional[str] = spec("Notes for the teacher.", None, teacher=True)
    slide: bool = spec("Show this figure on the slides.", True)
    slide_image: Optional[str] = spec("A version of the image for the slides (larger labels, fewer details), "
                                      "inside `assets/`; without it the slides show `image`.", None,
                                      example="images/map-slide.svg")


@dataclass(frozen=True, kw_only=True)
class SourceExcerpt:
    """One primary source quoted in the source text."""

    id: str = spec("Identifier, unique in the kit; other blocks refer to the source by it.",
                   pattern=ID_PATTERN, defines="source")
    title: str = spec("A short descriptive title.")
    author: str = spec("Author or issuer.")
    type: str = spec("Type of document, e.g. `ciphered telegram`, `memoir`, `treaty article`.")
    text: str = spec("The excerpt. Unless `adapted`, it must occur in the source text (case, "
                     "punctuation and footnote numbers aside); `[…]` marks an omission and other "
                     "`[square brackets]` an editorial insertion.")
    headnote: str = spec("Context for students: who, when, why.")
    locator: Locator = spec("Where the source text quotes it.")
    date: Optional[PartialDate] = spec("Date of the document: `1920`, `1920-04` or `1920-04-26`.", None)
    undated: Optional[str] = spec("When there is no `date`: why, and roughly when.", None)
    audience: Optional[str] = spec("Recipient or audience, where known.", None)
    translation: Optional[str] = spec("Translation note printed with the excerpt.", None,
                                      example="as translated in Gafarov (2010)")
    adapted: bool = spec("The text is adapted, not quoted: exempt from the quotation check and "
                         "labelled `adapted` on the page.", False)
    caveat: Optional[str] = spec("Caveats for the teacher (boundaries, translation, reliability).", None,
                                 teacher=True)
    slide: bool = spec("Show this excerpt on the slides.", True)
    slide_credit: Optional[str] = spec("A shorter sourcing line for its slides (default: author, type, date "
                                       "and paragraph).", None)
    foundation_text: Optional[str] = spec(
        "A shorter cut of the same quotation for the foundation edition, `[…]` marking what is left out; "
        "checked against the source text as `text` is (unless `adapted`). " + FOUNDATION, None)


@dataclass(frozen=True, kw_only=True)
class SourcesBlock:
    """Source cards for the primary sources a unit works with. Sources are numbered through the
    whole kit, in the order the units define them: a source keeps its number in every output."""

    kind: ClassVar[str] = "sources"
    items: list[SourceExcerpt] = spec("The sources.", min_items=1)
    title: Optional[str] = spec("A heading.", None)
    intro: Optional[str] = spec("Instructions for students.", None)
    foundation_intro: Optional[str] = spec("Plainer, shorter instructions for the foundation edition. " + FOUNDATION,
                                           None)
    sourcing_grid: bool = spec("Add a sourcing grid (who, when, type, audience, purpose) to fill in.", False)
    notes: Optional[str] = spec("Notes for the teacher.", None, teacher=True)
    slide: bool = spec("Show this block on the slides (`false` leaves it to the handouts).", True)


@dataclass(frozen=True, kw_only=True)
class Term:
    """One glossary entry."""

    id: str = spec("Identifier, unique in the kit.", pattern=ID_PATTERN, defines="term")
    term: str = spec("The term as the kit spells it.")
    definition: str = spec("A short definition.")
    category: Optional[str] = spec("What kind of term it is.", None,
                                   choices=("person", "body", "place", "treaty", "concept", "event", "other"))
    spellings: Optional[Spellings] = spec("Other spellings and languages.", None)
    beyond_source: bool = spec("The definition says more than the sources do, or the term is in none of them "
                               "(flagged on the page; give `beyond_note`).", False)
    beyond_note: Optional[str] = spec("For the teacher: what goes beyond the source, and on what authority.",
                                      None, teacher=True)
    locator: Optional[Locator] = spec("Where the source text mentions it first.", None)
    forms: list[str] = spec("Other forms of the term to find in the text (the word bank and the first-use "
                            "mark), e.g. `covenanted`; in English kits plurals and possessives are found "
                            "without listing them.", [])
    related: list[str] = spec("Ids of related terms.", [], pattern=ID_PATTERN, refers="term")


@dataclass(frozen=True, kw_only=True)
class GlossaryBlock:
    """A glossary, optionally with a matching starter."""

    kind: ClassVar[str] = "glossary"
    items: list[Term] = spec("The terms, in the order they should print.", min_items=1)
    title: Optional[str] = spec("A heading.", None)
    intro: Optional[str] = spec("Instructions for students.", None)
    foundation_intro: Optional[str] = spec("Plainer, shorter instructions for the foundation edition. " + FOUNDATION,
                                           None)
    matching: Optional[int] = spec("Add a matching starter with this many terms (answers in the teacher "
                                   "edition).", None, minimum=3, maximum=15)
    notes: Optional[str] = spec("Notes for the teacher.", None, teacher=True)
    slide: bool = spec("Show this block on the slides (`false` leaves it to the handouts).", True)
    slide_terms: Optional[int] = spec("Show only the first this many terms on the slides (every term still "
                                      "prints in the handouts and on the cards).", None, minimum=1, maximum=500)


@dataclass(frozen=True, kw_only=True)
class Question:
    """One question of a document analysis."""

    prompt: str = spec("The question.")
    points: int = spec("Marks available.", minimum=1, maximum=50)
    skill: str = spec("The historical-thinking skill it trains.", choices=SKILLS)
    model_answer: str = spec("A model answer.", teacher=True)
    lines: int = spec("Ruled answer lines on the student handout.", 4, minimum=0, maximum=40)
    marking: Optional[str] = spec("Marking notes: what earns the points.", None, teacher=True)
    slide_text: Optional[str] = spec("A shorter wording of the question for its slide.", None)
    extension: bool = spec("An extension item for students who finish early or for homework, not core work: printed with an *Extension* label; the teacher edition lists the core items in the lesson plan, and `kit check` leaves it out of the marks a lesson must fit.", False)
    foundation_prompt: Optional[str] = spec("A plainer, shorter wording of the question for the foundation "
                                            "edition (same marks, same answer). " + FOUNDATION, None)
    foundation_starters: list[str] = spec(
        "Two or three sentence starters for this question in the foundation edition, instead of those for its "
        "`skill` (kit.yaml's `foundation_starters`, else kit's own).", [], example="The word … shows that …")


@dataclass(frozen=True, kw_only=True)
class DocumentAnalysisBlock:
    """Questions on one source, with answer space, model answers and marking notes."""

    kind: ClassVar[str] = "document_analysis"
    source: str = spec("The `id` of the source excerpt to analyse (from any unit).", pattern=ID_PATTERN,
                       refers="source")
    questions: list[Question] = spec("The questions, in order.", min_items=1)
    title: Optional[str] = spec("A heading.", None)
    intro: Optional[str] = spec("Instructions for students.", None)
    foundation_intro: Optional[str] = spec("Plainer, shorter instructions for the foundation edition. " + FOUNDATION,
                                           None)
    notes: Optional[str] = spec("Notes for the teacher.", None, teacher=True)
    slide: bool = spec("Show this block on the slides (`false` leaves it to the handouts).", True)


@dataclass(frozen=True, kw_only=True)
class Prompt:
    """One discussion prompt."""

    text: str = spec("The prompt.")
    sources: list[str] = spec("Ids of sources the prompt draws on.", [], pattern=ID_PATTERN, refers="source")
    guidance: Optional[str] = spec("Guidance for the teacher.", None, teacher=True)
    slide_text: Optional[str] = spec("A shorter wording of the prompt for its slide.", None)
    foundation_text: Optional[str] = spec("A plainer wording of the prompt for the foundation edition. " + FOUNDATION,
                                          None)
    extension: bool = spec("An extension item for students who finish early or for homework, not core work: printed with an *Extension* label; the teacher edition lists the core items in the lesson plan, and `kit check` leaves it out of the marks a lesson must fit.", False)


@dataclass(frozen=True, kw_only=True)
class DiscussionBlock:
    """Discussion prompts, with teacher guidance."""

    kind: ClassVar[str] = "discussion"
    prompts: list[Prompt] = spec("The prompts.", min_items=1)
    title: Optional[str] = spec("A heading.", None)
    intro: Optional[str] = spec("Instructions for students.", None)
    foundation_intro: Optional[str] = spec("Plainer, shorter instructions for the foundation edition. " + FOUNDATION,
                                           None)
    notes: Optional[str] = spec("Notes for the teacher.", None, teacher=True)
    slide: bool = spec("Show this block on the slides (`false` leaves it to the handouts).", True)


@dataclass(frozen=True, kw_only=True)
class Event:
    """One dated event."""

    date: PartialDate = spec("When: `1920`, `1920-04` or `1920-04-26` (used for ordering).")
    event: str = spec("What happened.")
    foundation_event: Optional[str] = spec("A plainer, shorter wording of the event for the foundation edition. "
                                           + FOUNDATION, None)
    locator: Optional[Locator] = spec("Where the source text says so (required unless `beyond_source`).", None)
    beyond_source: bool = spec("Not drawn from any of the kit's sources: printed without a locator and "
                               "marked in the teacher edition; say why in `beyond_note`.", False)
    beyond_note: Optional[str] = spec("For the teacher: where the event comes from, since no source of the "
                                      "kit gives it.", None, teacher=True)
    date_text: Optional[str] = spec("How to print the date when it needs words, e.g. "
                                    "`night of 26-27 April 1920`.", None)
    caveat: Optional[str] = spec("A caveat for the teacher.", None, teacher=True)
    slide_label: Optional[str] = spec("A short label (a few words) for the slide timeline. When any event of "
                                      "a timeline has one, only those events are drawn on the slides.", None)


@dataclass(frozen=True, kw_only=True)
class TimelineBlock:
    """A timeline, printed in date order."""

    kind: ClassVar[str] = "timeline"
    events: list[Event] = spec("The events (any order; they print by date).", min_items=1)
    title: Optional[str] = spec("A heading.", None)
    intro: Optional[str] = spec("Instructions for students.", None)
    foundation_intro: Optional[str] = spec("Plainer, shorter instructions for the foundation edition. " + FOUNDATION,
                                           None)
    notes: Optional[str] = spec("Notes for the teacher.", None, teacher=True)
    slide: bool = spec("Show this block on the slides (`false` leaves it to the handouts).", True)


@dataclass(frozen=True, kw_only=True)
class Gap:
    """One sentence with blanks: each `[[answer]]` prints as a blank for students."""

    text: str = spec("The sentence; `[[...]]` marks each blank and its answer.")
    locator: Optional[Locator] = spec("Where the source text supports it.", None)
    extension: bool = spec("An extension item for students who finish early or for homework, not core work: printed with an *Extension* label; the teacher edition lists the core items in the lesson plan, and `kit check` leaves it out of the marks a lesson must fit.", False)


@dataclass(frozen=True, kw_only=True)
class FillInBlock:
    """A fill-in-the-blanks exercise; answers print in the teacher edition."""

    kind: ClassVar[str] = "fill_in"
    items: list[Gap] = spec("The sentences.", min_items=1)
    title: Optional[str] = spec("A heading.", None)
    intro: Optional[str] = spec("Instructions for students.", None)
    foundation_intro: Optional[str] = spec("Plainer, shorter instructions for the foundation edition. " + FOUNDATION,
                                           None)
    word_bank: bool = spec("Print the answers, sorted, as a word bank.", False)
    notes: Optional[str] = spec("Notes for the teacher.", None, teacher=True)
    slide: bool = spec("Show this block on the slides (`false` leaves it to the handouts).", True)


@dataclass(frozen=True, kw_only=True)
class RubricLevel:
    """One level of a marking rubric."""

    level: str = spec("Name of the level, e.g. `Level 4`.")
    marks: str = spec("Mark range, e.g. `16-20`.")
    descriptor: str = spec("What an answer at this level does.")


@dataclass(frozen=True, kw_only=True)
class EssayBlock:
    """An essay question with its marking rubric."""

    kind: ClassVar[str] = "essay"
    question: str = spec("The essay question.")
    rubric: list[RubricLevel] = spec("The marking rubric, best level first.", min_items=2)
    title: Optional[str] = spec("A heading.", None)
    guidance: Optional[str] = spec("Guidance for students (what to cover, length).", None)
    foundation_guidance: Optional[str] = spec("Plainer, shorter guidance for the foundation edition. " + FOUNDATION,
                                              None)
    words: Optional[int] = spec("Suggested length in words.", None, minimum=50, maximum=10000)
    model_outline: Optional[str] = spec("An outline of a strong answer.", None, teacher=True)
    foundation_question: Optional[str] = spec("A plainer wording of the question for the foundation edition. "
                                              + FOUNDATION, None)
    foundation_frame: list[str] = spec(
        "The paragraph frame the foundation edition prints under the question: one opening line for each "
        "paragraph (without it: kit.yaml's `foundation_starters: essay`, else kit's own).", [],
        example="One reason is … The source that shows this is …")
    extension: bool = spec("An extension item for students who finish early or for homework, not core work: printed with an *Extension* label; the teacher edition lists the core items in the lesson plan, and `kit check` leaves it out of the marks a lesson must fit.", False)
    notes: Optional[str] = spec("Notes for the teacher.", None, teacher=True)
    slide: bool = spec("Show this block on the slides (`false` leaves it to the handouts).", True)


Block = Union[TextBlock, FigureBlock, SourcesBlock, GlossaryBlock, DocumentAnalysisBlock,
              DiscussionBlock, TimelineBlock, FillInBlock, EssayBlock]
BLOCK_KINDS = {cls.kind: cls for cls in Block.__args__}


def block_kind(cls) -> str | None:
    """The `kind` a block class is written with; None for any other mapping (a Citation's `kind`
    is a field of its own)."""
    kind = getattr(cls if isinstance(cls, type) else type(cls), "kind", None)
    return kind if isinstance(kind, str) else None


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step of the lesson plan."""

    minutes: int = spec("How long it takes.", minimum=1, maximum=600)
    activity: str = spec("What the class does.")
    blocks: list[int] = spec("Numbers of the blocks (from 1, in the unit's order) this step works on; `kit check` "
                             "compares the marks of their core questions with the minutes of the steps that name "
                             "them.", [], minimum=1, maximum=500)


@dataclass(frozen=True, kw_only=True)
class Unit:
    """`units/NN-name.yaml`: one lesson unit. Units print in file-name order."""

    id: str = spec("Identifier, unique in the kit; also names the output files.", pattern=ID_PATTERN,
                   defines="unit")
    title: str = spec("Title of the unit.")
    summary: str = spec("One or two sentences on what the unit is about.")
    objectives: list[str] = spec("Learning objectives: what students will be able to do.", min_items=1)
    minutes: int = spec("Teaching time in minutes.", minimum=5, maximum=1000)
    blocks: list[Block] = spec("The content, in order; each block has a `kind`.", min_items=1)
    timing: list[Step] = spec("The lesson plan, step by step (teacher edition).", [], teacher=True)
    requires: list[str] = spec("Ids of units to teach before this one.", [], pattern=ID_PATTERN, refers="unit")
    notes: Optional[str] = spec("Notes for the teacher: background, pitfalls, what goes beyond the "
                                "source.", None, teacher=True)
    question: Optional[str] = spec("The unit's central question, shown on its title slide.", None)
    exit_ticket: Optional[str] = spec("A last question each student answers before leaving, shown on the "
                                      "deck's closing slide.", None)
