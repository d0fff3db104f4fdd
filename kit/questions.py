"""A kit's questions, as the learning-platform exports see them (kit/moodle.py, kit/qti.py).

Each unit gives, in its own order: a fill-in block as one cloze question (one mark a blank), a
glossary's matching starter as one matching question (one mark a pair), each document analysis
as the source to read (no marks) followed by one essay question a question, with its points, and
an essay block as an essay question worth the top of its rubric's marks (the rubric in its text).
A question or essay marked `extension` says so in its name. Teacher-only fields (model answer, marking notes) travel in `grader`, which an export
may only put where graders alone see it.
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass

from kit import schema
from kit.labels import labels_for
from kit.markup import FOOTNOTE, emphasis_html, without_emphasis
from kit.views import BLANK, citation, skill_name

CLOZE_SPECIAL = re.compile(r'([}#~/"\\])')
BLANK_MARK = re.compile("\0(\\d+)\0")  # unit text cannot hold a NUL (kit/yamlload.py refuses it)


@dataclass(frozen=True)
class Question:
    kind: str                # "cloze", "matching", "essay" or "source" (text to read, no marks)
    ident: str               # unique in the kit: "overview-fill-in-1"
    name: str                # what the platform lists: "01 overview: fill-in 1"
    html: str                # the question text as HTML (cloze: blank n marked "\0n\0", see `fill_blanks`)
    points: int
    blanks: tuple = ()       # cloze: the answer of each blank, in order
    pairs: tuple = ()        # matching: (definition as HTML, term) in the order students see them
    grader: tuple = ()       # (label, HTML) of teacher-only fields: only where graders alone see it
    skill: str = ""


@dataclass(frozen=True)
class UnitQuestions:
    number: int
    unit_id: str
    title: str
    questions: list


def text_html(text: str | None) -> str:
    """Unit text (the inline syntax) as HTML paragraphs: bold, italics, and a footnote in brackets."""
    if not text:
        return ""
    out = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        escaped = html.escape(" ".join(paragraph.split()), quote=False)
        escaped = emphasis_html(escaped)
        escaped = FOOTNOTE.sub(r" <small>(\1)</small>", escaped)
        out.append(f"<p>{escaped}</p>")
    return "".join(out)


def inline_html(text: str) -> str:
    """A piece of one line of unit text as HTML, spaces at its ends kept (it sits beside a blank)."""
    escaped = html.escape(re.sub(r"\s+", " ", text), quote=False)
    return FOOTNOTE.sub(r" <small>(\1)</small>", emphasis_html(escaped))


def plain(text: str) -> str:
    """Unit text as plain text: bold and italics marks dropped, a footnote in brackets."""
    text = without_emphasis(" ".join(text.split()))
    return FOOTNOTE.sub(r" (\1)", text)


def fill_blanks(question: Question, blank) -> str:
    """The cloze question's HTML with each blank written as `blank(number, answer)` gives it."""
    return BLANK_MARK.sub(lambda m: blank(int(m.group(1)), question.blanks[int(m.group(1))]), question.html)


def cloze_answer(answer: str) -> str:
    """An answer as Moodle's cloze syntax needs it inside HTML: }#~/"\\ escaped with a backslash."""
    return CLOZE_SPECIAL.sub(r"\\\1", html.escape(" ".join(answer.split()), quote=False))


def _source_html(excerpt: schema.SourceExcerpt, number: int, kit) -> str:
    date = str(excerpt.date) if excerpt.date else excerpt.undated or ""
    sourcing = " · ".join(html.escape(part) for part in (excerpt.author, excerpt.type, date, excerpt.audience or "")
                          if part)
    parts = [f"<h3>{html.escape(labels_for(kit.config.language)['source'])} {number}: {html.escape(excerpt.title)}</h3>",
             f"<p><em>{sourcing}</em></p>", text_html(excerpt.headnote),
             f"<blockquote>{text_html(excerpt.text)}</blockquote>"]
    if excerpt.translation:
        parts.append(f"<p><small>{html.escape(excerpt.translation)}</small></p>")
    if excerpt.adapted:
        parts.append(f"<p><small>({html.escape(labels_for(kit.config.language)['adapted'])})</small></p>")
    if kit.config.source:
        parts.append(f"<p><small>{html.escape(citation(kit))}</small></p>")
    return "".join(parts)


def unit_questions(kit, entry, number: int) -> UnitQuestions:
    unit = entry.unit
    labels = labels_for(kit.config.language)
    counts: dict[str, int] = {}
    questions: list[Question] = []
    shown_sources: set[str] = set()

    def named(kind: str, extension: bool = False) -> tuple[str, str]:
        counts[kind] = counts.get(kind, 0) + 1
        return (f"{unit.id}-{kind}-{counts[kind]}",
                f"{number:02d} {unit.id}: {kind} {counts[kind]}" + (" (extension)" if extension else ""))

    for block in unit.blocks:
        if isinstance(block, schema.FillInBlock):
            ident, name = named("fill-in")
            blanks, items = [], []
            for gap in block.items:
                pieces, last = [], 0
                for match in BLANK.finditer(gap.text):
                    pieces.append(inline_html(gap.text[last:match.start()]))
                    pieces.append(f"\0{len(blanks)}\0")
                    blanks.append(" ".join(match.group(1).split()))
                    last = match.end()
                pieces.append(inline_html(gap.text[last:]))
                items.append("<li>" + "".join(pieces) + "</li>")
            bank = ""
            if block.word_bank:
                words = sorted(set(blanks), key=str.lower)
                bank = f"<p><strong>{html.escape(labels['word_bank'])}:</strong> {html.escape(' · '.join(words))}</p>"
            heading = f"<p><strong>{html.escape(block.title)}</strong></p>" if block.title else ""
            body = heading + text_html(block.intro) + bank
            questions.append(Question("cloze", ident, name, body + "<ol>" + "".join(items) + "</ol>", len(blanks),
                                      blanks=tuple(blanks)))
        elif isinstance(block, schema.GlossaryBlock) and block.matching:
            ident, name = named("matching")
            chosen = block.items[:block.matching]
            shuffled = sorted(chosen, key=lambda t: zlib.crc32(f"{unit.id}:{t.id}".encode()))
            intro = f"<p>{html.escape(labels['match_instruction'])}</p>"
            questions.append(Question("matching", ident, name, intro, len(chosen),
                                      pairs=tuple((text_html(t.definition), plain(t.term)) for t in shuffled)))
        elif isinstance(block, schema.DocumentAnalysisBlock):
            excerpt = kit.excerpts()[block.source]
            source_number = kit.source_numbers()[excerpt.id]
            if excerpt.id not in shown_sources:
                ident, name = named("source")
                shown_sources.add(excerpt.id)
                questions.append(Question("source", ident, name,
                                          text_html(block.intro) + _source_html(excerpt, source_number, kit), 0))
            for q in block.questions:
                ident, name = named("question", q.extension)
                grader = [(labels["answer"], text_html(q.model_answer))]
                if q.marking:
                    grader.append((labels["marking"], text_html(q.marking)))
                prompt = (f"<p><small>{html.escape(labels['source'])} {source_number}: "
                          f"{html.escape(excerpt.title)}</small></p>") + text_html(q.prompt)
                questions.append(Question("essay", ident, name, prompt, q.points, grader=tuple(grader),
                                          skill=skill_name(q.skill, labels)))
        elif isinstance(block, schema.EssayBlock):
            ident, name = named("essay", block.extension)
            marks = [int(n) for level in block.rubric for n in re.findall(r"\d+", level.marks)]
            rubric = "".join(f"<tr><td>{html.escape(r.level)}</td><td>{html.escape(r.marks)}</td>"
                             f"<td>{inline_html(r.descriptor.strip())}</td></tr>" for r in block.rubric)
            body = (f"<p><strong>{html.escape(block.title)}</strong></p>" if block.title else "") + \
                text_html(block.question) + text_html(block.guidance) + \
                f"<p><strong>{html.escape(labels['rubric'])}</strong></p><table>{rubric}</table>"
            grader = ((labels["outline"], text_html(block.model_outline)),) if block.model_outline else ()
            questions.append(Question("essay", ident, name, body, max(marks, default=0), grader=grader,
                                      skill=labels["essay"]))
    return UnitQuestions(number, unit.id, unit.title, questions)


def kit_questions(kit) -> list[UnitQuestions]:
    """The questions of every unit that has any, in unit order."""
    units = [unit_questions(kit, entry, n) for n, entry in enumerate(kit.units, 1)]
    return [u for u in units if any(q.points for q in u.questions)]


def exported(data: bytes, count: int, file: str):
    """A quiz file as a render makes it (renderers.Made), with a warning when no unit had a question."""
    from kit.errors import Location, Problem
    from kit.renderers import Made

    problems = [] if count else [Problem(Location("kit.yaml"), "no unit has questions to export (fill-in blocks, "
                                         f"matching starters or document analyses); {file} holds none",
                                         "no-questions", severity="warning")]
    return Made(data, 0, problems)
