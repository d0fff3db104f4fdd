"""The leak guard: teacher-only text must never reach a student output.

After rendering, the text of each student output (a PDF's text; every text of every XML part of a
Word document or a zip; the text of an XML file that students can see) is compared with every
teacher-only field of the kit. A run of WINDOW consecutive words from a teacher field (or the whole field, when it has
SHORTEST to WINDOW words) that appears in a student PDF, and in no field students are meant to see,
fails the build with the field's location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

    from kit.preview import PDFIUM_LOCK

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()


def html_text(html: str) -> str:
    """What a browser shows of a page: its text (not scripts or styles), the title, and the
    images' alt text, each text on its own line."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.out, self.hidden = [], 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "template"):
                self.hidden += 1
            for name, value in attrs:
                if name in ("alt", "title", "aria-label") and value:
                    self.out.append(value)

        def handle_endtag(self, tag):
            if tag in ("script", "style", "template") and self.hidden:
                self.hidden -= 1

        def handle_data(self, data):
            if not self.hidden:
                self.out.append(data)

    reader = Reader()
    reader.feed(html)
    reader.close()
    return "\n".join(reader.out)


GRADER_ONLY = {"graderinfo"}  # Moodle XML: the grader information, shown to those who grade only


def xml_text(data: bytes) -> str:
    """Every text and attribute value of an XML document, except inside grader-only elements."""
    from xml.etree import ElementTree

    def walk(element) -> list[str]:
        if element.tag.rsplit("}", 1)[-1] in GRADER_ONLY:
            return [element.tail or ""]
        found = [element.text or ""] + list(element.attrib.values())
        for child in element:
            found += walk(child)
        return found + [element.tail or ""]

    return "\n".join(part for part in walk(ElementTree.fromstring(data)) if part.strip())


def zip_text(data: bytes) -> str:
    """The text of every XML part and HTML page of a zip (a Word document, a QTI package, a web
    edition): body, headers, footers, notes, properties, manifests; a page as a browser shows it."""
    from kit.zipped import members

    texts = []
    for name, content in members(data):
        if name.endswith((".xml", ".rels")) and content.strip():
            texts.append(xml_text(content))
        elif name.endswith((".html", ".htm")):
            texts.append(html_text(content.decode("utf-8", errors="replace")))
    return "\n".join(texts)


def output_text(data: bytes, fmt: str) -> str:
    """What students can read in an output, by its format."""
    if fmt == "pdf":
        return pdf_text(data)
    if fmt == "xml":
        return xml_text(data)
    if fmt == "pdfpc":   # the presenter file: JSON, its notes plain text
        import json

        return "\n".join(page.get("note", "") for page in json.loads(data.decode("utf-8")).get("pages", []))
    return zip_text(data)   # docx, pptx, zip


def find_leaks(student_pdf_text: str, teacher_fields, student_fields, output: str) -> list[Problem]:
    """Problems for every teacher field with a run of words in the student text."""
    # Hyphenation and line breaks split words in extracted text; joining them keeps runs intact.
    printed = words(HYPHEN_BREAK.sub("", student_pdf_text))
    guard = _guard(teacher_fields, student_fields)
    leaked: dict[int, str] = {}  # field -> the first (sorted) of its runs in the student text
    present = {" ".join(printed[i:i + WINDOW]) for i in range(len(printed) - WINDOW + 1)}
    found = [(w, guard.long[w]) for w in (present.intersection(guard.long) if len(guard.long) < len(present)
                                          else [w for w in present if w in guard.long])]
    found += [(" ".join(run), guard.short[run]) for run in _runs(printed, guard.short_starts)]
    for window, numbers in found:
        for field in numbers:
            leaked[field] = min(leaked.get(field, window), window)
    problems = []
    for field in sorted(leaked):
        where, name = guard.fields[field]
        problems.append(Problem(where, f"teacher-only '{name}' text appears in the student output {output} "
                                       f"(\"{leaked[field]}\"); a template prints it where students see it",
                                "leak"))
    return problems


def _runs(printed: list[str], starts: dict) -> set[tuple[str, ...]]:
    """The runs of `starts` (first two words -> runs that begin with them) found in `printed`."""
    found = set()
    for i, pair in enumerate(zip(printed, printed[1:])):
        for run in starts.get(pair, ()):
            if tuple(printed[i:i + len(run)]) == run:
                found.add(run)
    return found


@dataclass
class _Guard:
    fields: list           # (where, name) of each teacher field
    long: dict             # a window of WINDOW words of a teacher field -> the fields it comes from
    short: dict            # a short teacher field's words (a tuple) -> the fields that are exactly it
    short_starts: dict     # (first word, second word) -> the short runs that begin with them

    def candidates(self) -> set[str]:
        """Every run of words that fails the check of a student output that contains it."""
        return set(self.long) | {" ".join(run) for run in self.short}


_LAST: list = []  # (teacher_fields, student_fields, sizes, guard) of the last call


def candidate_windows(teacher_fields, student_fields) -> set[str]:
    return _guard(teacher_fields, student_fields).candidates()


def _guard(teacher_fields, student_fields) -> _Guard:
    """What a student output is checked against: each run of words of a teacher field (a window
    of WINDOW words, or a short field whole) that students do not see in any of their fields.

    A build checks every student output against the same two lists: they are worked out once,
    and each output's check is one set intersection and one pass over its words.
    """
    sizes = (len(teacher_fields), len(student_fields))
    if _LAST and _LAST[0] is teacher_fields and _LAST[1] is student_fields and _LAST[2] == sizes:
        return _LAST[3]
    visible: set[str] = set()
    fields, long, short = [], {}, {}
    for text, _, _ in student_fields:
        visible |= windows(text)
    for number, (text, where, name) in enumerate(teacher_fields):
        fields.append((where, name))
        field_words = words(text)
        if SHORTEST <= len(field_words) < WINDOW:
            short.setdefault(tuple(field_words), []).append(number)
        for window in windows(text) - visible if len(field_words) >= WINDOW else ():
            long.setdefault(window, []).append(number)
    if short:  # a short field is seen by students if its words run, in order, in one of their fields
        starts = _starts(short)
        for text, _, _ in student_fields:
            for run in _runs(words(text), starts):
                short.pop(run, None)
    guard = _Guard(fields, long, short, _starts(short))
    _LAST[:] = [teacher_fields, student_fields, sizes, guard]
    return guard


def _starts(runs) -> dict:
    starts: dict = {}
    for run in runs:
        starts.setdefault(run[:2], []).append(run)
    return starts
