"""The leak guard: teacher-only text must never reach a student PDF.

After rendering, the text of each student output is compared with every teacher-only field of
the kit. A run of WINDOW consecutive words from a teacher field (or the whole field, when it has
SHORTEST to WINDOW words) that appears in a student PDF, and in no field students are meant to see,
fails the build with the field's location.
"""

from __future__ import annotations

import re

from kit.errors import Problem

WINDOW = 8
SHORTEST = 4      # a teacher field of 4 to 7 words is compared whole
WORD = re.compile(r"[^\W_]+")
HYPHEN_BREAK = re.compile(r"[-\u2010\u00ad]\r?\n")


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text.replace("’", "").replace("'", ""))]


def windows(text: str) -> set[str]:
    ws = words(text)
    if SHORTEST <= len(ws) < WINDOW:
        return {" ".join(ws)}
    return {" ".join(ws[i:i + WINDOW]) for i in range(len(ws) - WINDOW + 1)}


def pdf_text(pdf: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def find_leaks(student_pdf_text: str, teacher_fields, student_fields, output: str) -> list[Problem]:
    """Problems for every teacher field with a run of words in the student text."""
    # Hyphenation and line breaks split words in extracted text; joining them keeps runs intact.
    rendered = " " + " ".join(words(HYPHEN_BREAK.sub("", student_pdf_text))) + " "
    present = windows(rendered)  # w in present  <=>  f" {w} " in rendered
    fields, field_of = _candidates(teacher_fields, student_fields)
    leaked: dict[int, str] = {}  # field -> the first (sorted) of its windows in the student text
    for window in present.intersection(field_of) if len(field_of) < len(present) else \
            [w for w in present if w in field_of]:
        for field in field_of[window]:
            leaked[field] = min(leaked.get(field, window), window)
    problems = []
    for field in sorted(leaked):
        where, name = fields[field]
        problems.append(Problem(where, f"teacher-only '{name}' text appears in the student output {output} "
                                       f"(\"{leaked[field]}\"); a template prints it where students see it",
                                "leak"))
    return problems


_LAST: list = []  # (teacher_fields, student_fields, sizes, candidates) of the last call


def _candidates(teacher_fields, student_fields) -> tuple[list, dict]:
    """(where, name) per teacher field, and for each window of a teacher field that is not
    visible to students, the fields it comes from.

    A build checks every student output against the same two lists: they are worked out once,
    and each output's check is one set intersection, whatever the number of teacher fields.
    """
    sizes = (len(teacher_fields), len(student_fields))
    if _LAST and _LAST[0] is teacher_fields and _LAST[1] is student_fields and _LAST[2] == sizes:
        return _LAST[3]
    visible: set[str] = set()
    for text, _, _ in student_fields:
        visible |= windows(text)
    fields, field_of = [], {}
    for number, (text, where, name) in enumerate(teacher_fields):
        fields.append((where, name))
        for window in windows(text) - visible:
            field_of.setdefault(window, []).append(number)
    _LAST[:] = [teacher_fields, student_fields, sizes, (fields, field_of)]
    return fields, field_of
