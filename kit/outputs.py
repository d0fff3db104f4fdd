"""The output kinds, as data: one record per kind of file a build makes.

Everything that differs between outputs is read from here: the command-line choices, kit.yaml's
`outputs`, the plan, the renderer, the leak guard (which checks every student output), the
print pack, `kit list` and the format reference. To add a kind, add a record (and its template).
"""

from __future__ import annotations

from dataclasses import dataclass

PRINT_STYLESHEETS = ("fonts.css", "print.css", "kit.css")
FOUNDATION_STYLESHEETS = ("fonts.css", "print.css", "foundation.css", "kit.css")
SLIDE_HANDOUT_STYLESHEETS = ("fonts.css", "print.css", "slide-content.css", "notes.css", "kit.css")


@dataclass(frozen=True)
class OutputKind:
    name: str                 # the kind's own name, as in manifests and messages
    choice: str               # its name in kit.yaml `outputs` and `--output` (both books share "book")
    audience: str             # "student" (checked by the leak guard) or "teacher"
    scope: str                # "unit": one file per unit; "kit": one file for the whole kit
    renderer: str             # how it is made: a name in kit.renderers.RENDERERS
    template: str             # the template its HTML comes from
    description: str          # one line, for `kit list` and the format reference
    file: str = ""            # its file name: "{number:02d}-{unit}-NAME.pdf" for a unit, "NAME.pdf" for the kit
    format: str = "pdf"
    stylesheets: tuple[str, ...] = PRINT_STYLESHEETS
    slide_size: bool = False  # 16:9 whatever the paper
    pad_to_even: bool = False  # a blank last page for an odd count, so stacked duplex copies never share a sheet
    copies_per_student: int = 0  # in the print pack: 0 prints one copy for the teacher
    projected: bool = False   # shown, not printed: the print pack counts no sheets
    needs_glossary: bool = False  # planned only when the kit has glossary terms
    flip: str = "long"        # the edge to flip on for double-sided printing: "long", "short" or "" (one-sided)
    instead_of: str = ""      # in the print pack's class sets: printed instead of the kind named here
    by_default: bool = True   # built when kit.yaml does not list `outputs`
    needs_reader: bool = False    # planned only when students may receive a source (`students: true`)
    use: str = ""             # for a file kit does not print: how a teacher uses it (the print pack says)
    edition: str = "standard"  # "foundation": the student material for younger or weaker readers (views.py)
    any_fill: bool = False    # its pages may be near-empty (a last sheet of cut-cards): no page-fill warning

    @property
    def paged(self) -> bool:
        """A PDF that kit lays out: it has pages (a Word, PowerPoint or quiz file is laid out elsewhere)."""
        return self.format == "pdf"

    @property
    def on_paper(self) -> bool:
        """Printed for the class: a PDF that is not projected (the print pack counts its sheets)."""
        return self.paged and not self.projected

    @property
    def checks_fill(self) -> bool:
        """The build warns about its near-empty pages (kit/pagefill.py)."""
        return self.on_paper and not self.any_fill

    @property
    def paper_sized(self) -> bool:
        """Laid out on the kit's paper: a build on the other size writes files of its own."""
        return not self.slide_size and self.format in ("pdf", "docx")

    @property
    def for_teacher(self) -> bool:
        return self.audience == "teacher"

    def file_name(self, number: int = 0, unit_id: str | None = None) -> str:
        pattern = self.file or ("{number:02d}-{unit}-" + self.name if self.scope == "unit" else self.name)
        return pattern.format(number=number, unit=unit_id) + "." + self.format


KINDS: dict[str, OutputKind] = {kind.name: kind for kind in (
    OutputKind("handout", "handout", "student", "unit", "page", "handout.html",
               "student handout", pad_to_even=True, copies_per_student=1),
    OutputKind("teacher", "teacher", "teacher", "unit", "page", "handout.html",
               "teacher edition: the handout with answers, guidance, lesson plan and notes"),
    OutputKind("slides", "slides", "student", "unit", "deck", "slides.html",
               "slide deck, 16:9", stylesheets=("fonts.css", "slide-content.css", "slides.css", "kit.css"),
               slide_size=True, projected=True),
    OutputKind("pdfpc", "slides", "teacher", "unit", "deck-pdfpc", "slides.html",
               "presenter file beside the slide deck (pdfpc): speaker notes and the lesson's minutes for a timer",
               file="{number:02d}-{unit}-slides", format="pdfpc", slide_size=True, projected=True,
               use="open the PDF deck with pdfpc: notes and a timer on the second screen"),
    OutputKind("pptx", "pptx", "teacher", "unit", "deck-pptx", "slides.html",
               "PowerPoint deck, 16:9: the slides as editable text boxes, with speaker notes",
               file="{number:02d}-{unit}-slides", format="pptx",
               stylesheets=("fonts.css", "slide-content.css", "slides.css", "kit.css"), slide_size=True, projected=True,
               by_default=False, use="present or adapt in PowerPoint, LibreOffice Impress or Google Slides"),
    OutputKind("notes", "notes", "teacher", "unit", "deck-handout", "notes.html",
               "notes handout: each slide with its speaker notes", stylesheets=SLIDE_HANDOUT_STYLESHEETS),
    OutputKind("3up", "3up", "student", "unit", "deck-handout", "three-up.html",
               "3-up handout: three slides a page with lines for notes", stylesheets=SLIDE_HANDOUT_STYLESHEETS,
               pad_to_even=True, copies_per_student=1),
    OutputKind("student-book", "book", "student", "kit", "book", "book.html",
               "student book: every unit, with cover and contents", pad_to_even=True, copies_per_student=1,
               instead_of="handout"),
    OutputKind("teacher-book", "book", "teacher", "kit", "book", "book.html",
               "teacher book: every unit's teacher edition, with cover and contents"),
    OutputKind("cards", "cards", "student", "kit", "cards", "cards.html",
               "glossary cut-cards, term on the front and definition on the back (long-edge duplex)",
               file="glossary-cards", stylesheets=("fonts.css", "cards.css", "kit.css"), copies_per_student=1,
               needs_glossary=True, any_fill=True),
    OutputKind("reader", "reader", "student", "kit", "page", "reader.html",
               "source reader: the text of every source students may receive, paragraphs numbered as the "
               "locators count them", pad_to_even=True, copies_per_student=1, needs_reader=True),
    # The foundation edition: the same units for younger or weaker readers (plainer stems where the
    # author gives them, sentence starters, word banks open, extension work left out), numbered as the
    # standard edition. Built when kit.yaml's `outputs` asks for it: it doubles the paper a class set needs.
    OutputKind("foundation", "foundation", "student", "unit", "page", "handout.html",
               "foundation handout: the student handout with plainer wording, sentence starters and open word "
               "banks, numbered as the standard one", stylesheets=FOUNDATION_STYLESHEETS, pad_to_even=True,
               copies_per_student=1, by_default=False, edition="foundation"),
    OutputKind("foundation-book", "foundation-book", "student", "kit", "book", "book.html",
               "foundation book: every unit's foundation handout, with cover and contents",
               stylesheets=FOUNDATION_STYLESHEETS, pad_to_even=True,
               copies_per_student=1, instead_of="foundation", by_default=False, edition="foundation"),
    # For other programs: not printed by kit (the print pack lists them with their `use`), and not in
    # `outputs` by default.
    OutputKind("word-handout", "docx", "student", "unit", "kit.worddoc:render_word", "",
               "student handout as an editable Word document", file="{number:02d}-{unit}-handout", format="docx",
               by_default=False, use="adapt in Word, LibreOffice Writer or Google Docs"),
    OutputKind("word-teacher", "docx", "teacher", "unit", "kit.worddoc:render_word", "",
               "teacher edition as an editable Word document", file="{number:02d}-{unit}-teacher", format="docx",
               by_default=False, use="adapt in Word, LibreOffice Writer or Google Docs"),
    OutputKind("moodle", "moodle", "student", "kit", "kit.moodle:render_moodle", "",
               "every unit's questions for Moodle's question bank (Moodle XML; grader information for teachers only)",
               file="moodle-questions", format="xml", by_default=False,
               use="import into Moodle's question bank (format: Moodle XML)"),
    OutputKind("qti", "qti", "student", "kit", "kit.qti:render_qti", "",
               "every unit's questions as QTI 1.2 quizzes for Canvas or Blackboard (zip)",
               file="qti-questions", format="zip", by_default=False,
               use="import into Canvas (or Blackboard) as a QTI .zip file"),
    OutputKind("web", "web", "student", "kit", "kit.webedition:render_web_edition", "web-page.html",
               "web edition: an index and one page a unit, zipped for upload to a learning platform",
               file="web-edition", format="zip", stylesheets=("fonts.css", "web.css", "kit.css"), projected=True,
               flip="", by_default=False,
               use="upload the .zip to your learning platform, or unzip it and open index.html"),
    OutputKind("teacher-web", "web", "teacher", "kit", "kit.webedition:render_web_edition", "web-page.html",
               "teacher web edition: the web edition with answers, guidance, lesson plans and notes",
               file="teacher-web-edition", format="zip", stylesheets=("fonts.css", "web.css", "kit.css"),
               projected=True, flip="", by_default=False,
               use="upload the .zip to your learning platform, or unzip it and open index.html"),
)}


def kind_of(name: str) -> OutputKind:
    return KINDS[name]


def choices() -> tuple[str, ...]:
    """The names kit.yaml's `outputs` and `--output` accept, in order."""
    return tuple(dict.fromkeys(kind.choice for kind in KINDS.values()))


def default_choices() -> tuple[str, ...]:
    """The choices built when kit.yaml does not list `outputs`."""
    return tuple(dict.fromkeys(kind.choice for kind in KINDS.values() if kind.by_default))


def kinds_for(choice_names) -> list[OutputKind]:
    wanted = set(choice_names)
    return [kind for kind in KINDS.values() if kind.choice in wanted]
