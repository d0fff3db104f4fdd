"""A unit's student handout or teacher edition as a Word document (python-docx), for colleagues
who adapt materials in Word or LibreOffice.

The document uses Word's own heading styles (Title, Heading 1, Heading 2), lists and tables, and
a few named styles of its own ("Kit Sourcing", "Kit Excerpt", "Kit Answer Line", "Kit Teacher",
"Kit Note"), so restyling one style restyles every paragraph of its kind. Footnotes become
numbered notes at the end of the document (python-docx has no footnotes). Teacher-only fields
appear only in the teacher edition, in the "Kit Teacher" style; the leak guard reads every part
of the student document.
"""

from __future__ import annotations

import io
import re
import textwrap
import zlib

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kit import schema
from kit.errors import Problem
from kit.labels import date_text, source_phrase
from kit.markup import FOOTNOTE, pieces, styled_runs
from kit.renderers import Made, base_url, where
from kit.views import (BLANK, EXCERPT_LINE, core_items, citation, glossary_index, kit_labels, located,
                       other_spellings, skills_table, source_kind_of, unit_number)
from kit.zipped import restamped

PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Mm(215.9), Mm(279.4))}
MARGIN = Mm(20)
TEXT_WIDTH = {paper: size[0] - 2 * MARGIN for paper, size in PAPER.items()}
LANGUAGE_TAGS = {"en": "en-GB", "az": "az-Latn-AZ", "tr": "tr-TR", "ru": "ru-RU"}
TEACHER_COLOUR = RGBColor(0x1F, 0x4E, 0x79)
# Word reads the children of a paragraph's properties in the schema's order only: a border goes before these.
PBDR_SUCCESSORS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                   "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                   "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                   "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                   "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
SVG_SCALE = 4   # PDF points to pixels when an SVG figure is drawn for Word (about 290 dpi)


def _border(parent, edges: tuple[str, ...], size: int = 6, colour: str = "808080") -> None:
    """Paragraph borders (python-docx has no API for them): `edges` of w:pBdr, single lines."""
    borders = OxmlElement("w:pBdr")
    for edge in edges:
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", colour)):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    parent.get_or_add_pPr().insert_element_before(borders, *PBDR_SUCCESSORS)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay the page out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _styles(document, language: str) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE_TAGS.get(language, "en-GB"))
    normal.element.get_or_add_rPr().insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")

    def add(name: str, base: str = "Normal"):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style

    sourcing = add("Kit Sourcing")
    sourcing.font.italic = True
    sourcing.font.size = Pt(10)
    excerpt = add("Kit Excerpt")
    excerpt.font.size = Pt(10.5)
    excerpt.paragraph_format.left_indent = Mm(10)
    excerpt.paragraph_format.first_line_indent = Mm(-10)
    excerpt.paragraph_format.space_after = Pt(0)
    excerpt.paragraph_format.tab_stops.add_tab_stop(Mm(10))
    answer = add("Kit Answer Line")
    answer.paragraph_format.space_before = Pt(0)
    answer.paragraph_format.space_after = Pt(0)
    answer.paragraph_format.line_spacing = Pt(24)
    _border(answer.element, ("bottom", "between"))
    teacher = add("Kit Teacher")
    teacher.font.color.rgb = TEACHER_COLOUR
    teacher.paragraph_format.left_indent = Mm(5)
    _border(teacher.element, ("left",), size=18, colour="1F4E79")
    note = add("Kit Note")
    note.font.size = Pt(9)
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9)
    label = add("Kit Label")
    label.font.bold = True
    label.font.color.rgb = TEACHER_COLOUR


class WordDocument:
    """Writes one unit into a python-docx Document, block by block."""

    def __init__(self, kit, job, session):
        self.kit, self.job, self.session = kit, job, session
        self.teacher = job.for_teacher
        self.labels = kit_labels(kit)
        self.notes: list[str] = []
        self.problems: list[Problem] = []
        self.shown: set[str] = set()  # excerpts printed as cards so far
        self.doc = Document()
        _styles(self.doc, kit.config.language)

    # --- text ---------------------------------------------------------------------------

    def runs(self, paragraph, text: str, footnotes: bool = True) -> None:
        """Unit text into runs: `**bold**` in bold, `*italics*` in italics, `[^a note]` as a numbered note at the end."""
        last = 0
        for match in FOOTNOTE.finditer(text):
            self._italics(paragraph, text[last:match.start()])
            if footnotes:
                self.notes.append(match.group(1))
                paragraph.add_run(str(len(self.notes))).font.superscript = True
            last = match.end()
        self._italics(paragraph, text[last:])

    @staticmethod
    def _italics(paragraph, text: str) -> None:
        text = re.sub(r"\s+", " ", text)  # a line break in YAML is a space (python-docx would break the line)
        for piece, style in styled_runs(text):
            run = paragraph.add_run(piece)
            if style == "bold":
                run.bold = True
            elif style == "italic":
                run.italic = True

    def para(self, text: str | None, style: str | None = None, prefix: str = ""):
        """Paragraphs of unit text (a blank line starts a new one); returns the last."""
        last = None
        for number, chunk in enumerate(re.split(r"\n\s*\n", (text or "").strip())):
            if not chunk.strip():
                continue
            last = self.doc.add_paragraph(style=style)
            if prefix and number == 0:
                last.add_run(prefix).bold = True
            self.runs(last, " ".join(chunk.split()))
        return last

    def teacher_note(self, label: str, text: str | None) -> None:
        if self.teacher and text:
            self.para(text, "Kit Teacher", prefix=f"{label}: ")

    def extension_mark(self, paragraph, extension: bool) -> None:
        """The extension label, in small grey capitals, before an extension item's text."""
        if extension:
            run = paragraph.add_run(f"[{self.labels['extension']}] ")
            run.bold = run.font.all_caps = True
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    def heading(self, text: str | None, level: int) -> None:
        if text:
            self.doc.add_heading(" ".join(text.split()), level)

    def table(self, header: list[str] | None, rows: list[list[str]], widths: list[int] | None = None):
        """A table with a bold header row (if any); `widths` in millimetres, summing to 170 or less."""
        table = self.doc.add_table(rows=0, cols=len(header or rows[0]))
        table.style = self.doc.styles["Table Grid"]
        if header:
            for cell, text in zip(table.add_row().cells, header):
                cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                self.runs(cell.paragraphs[0], text)
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths):
                column.width = Mm(width)   # the grid LibreOffice lays out by
                for cell in column.cells:
                    cell.width = Mm(width)  # the cell widths Word lays out by
        self.doc.add_paragraph()
        return table

    def answer_lines(self, count: int) -> None:
        for _ in range(count):
            self.doc.add_paragraph(style="Kit Answer Line")

    # --- the unit -----------------------------------------------------------------------

    def page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = PAPER[self.job.paper]
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        config = self.kit.config
        header = section.header.paragraphs[0]
        header.text = f"{config.title} · Unit {unit_number(self.kit, self.job.unit_id)}" + (
            f" · {self.labels['teacher_edition']}" if self.teacher else "")
        header.style = self.doc.styles["Header"]
        footer = section.footer.paragraphs[0]
        short = config.source.short if config.source else ""
        footer.add_run(" · ".join(p for p in (short, config.licence) if p) + f" · {self.labels['page']} ")
        _field(footer, "PAGE")
        footer.add_run(f" {self.labels['of']} ")
        _field(footer, "NUMPAGES")
        properties = self.doc.core_properties
        unit = self.kit.unit(self.job.unit_id).unit
        properties.title = unit.title + (f" ({self.labels['teacher_edition']})" if self.teacher else "")
        properties.author = ", ".join(config.authors)
        properties.subject = config.subject
        properties.language = LANGUAGE_TAGS.get(config.language, "en-GB")
        properties.comments = ""
        properties.revision = 1
        from datetime import datetime, timezone

        fixed = datetime(2000, 1, 1, tzinfo=timezone.utc)  # no time of making: equal units give equal files
        properties.created = properties.modified = fixed
        properties.last_modified_by = ""

    def unit(self) -> None:
        entry = self.kit.unit(self.job.unit_id)
        unit = entry.unit
        self.page()
        self.doc.add_paragraph(unit.title, style="Title")
        if self.teacher:
            self.doc.add_paragraph(self.labels["teacher_edition"], style="Kit Label")
        else:
            self.doc.add_paragraph(f"{self.labels['name']}: ____________________   {self.labels['class']}: "
                                   f"________   {self.labels['date']}: ________")
        self.para(unit.summary)
        self.heading(f"{self.labels['objectives']} ({unit.minutes} {self.labels['minutes']})", 1)
        for objective in unit.objectives:
            self.runs(self.doc.add_paragraph(style="List Bullet"), " ".join(objective.split()))
        if unit.requires:
            titles = {u.unit.id: u.unit.title for u in self.kit.units}
            self.doc.add_paragraph(f"{self.labels['requires']}: " + "; ".join(titles[r] for r in unit.requires))
        if self.teacher and unit.timing:
            self.doc.add_paragraph(self.labels["lesson_plan"], style="Kit Label")
            self.table(None, [[f"{s.minutes} {self.labels['minutes']}", s.activity]
                                                    for s in unit.timing], [25, 145])
        core = core_items(unit, self.labels) if self.teacher else []
        if core:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{self.labels['core']}: ").bold = True
            paragraph.add_run("; ".join(core))
        self.teacher_note(self.labels["teacher_notes"], unit.notes)
        for block in unit.blocks:
            self.block(block)
        self.ending()

    def ending(self) -> None:
        if self.notes:
            self.heading(self.labels["notes_heading"], 1)
            for number, note in enumerate(self.notes, 1):
                paragraph = self.doc.add_paragraph(style="Kit Note")
                paragraph.add_run(f"{number}. ")
                self.runs(paragraph, " ".join(note.split()), footnotes=False)
        config = self.kit.config
        if config.source:
            url = f", {config.source.url}" if config.source.url else ""
            self.doc.add_paragraph(f"Drawn from {citation(self.kit)}{url}. Source licence: {config.source.licence}. "
                                   f"Kit licence: {config.licence}.", style="Kit Note")

    def block(self, block) -> None:
        if isinstance(block, schema.TextBlock) and block.teacher_only and not self.teacher:
            return
        self.heading(block.title, 1)
        self.para(getattr(block, "intro", None))
        getattr(self, "block_" + block.kind)(block)
        self.teacher_note(self.labels["teacher_notes"], getattr(block, "notes", None))

    def block_text(self, block: schema.TextBlock) -> None:
        style = "Kit Teacher" if block.teacher_only else None
        for piece in pieces(block.body):
            if piece.kind == "paragraph":
                self.runs(self.doc.add_paragraph(style=style), piece.text)
            elif piece.kind in ("bullets", "numbers"):
                numbering = self.new_numbering() if piece.kind == "numbers" else None
                for item in piece.items:
                    paragraph = self.doc.add_paragraph(style="List Bullet" if piece.kind == "bullets" else "List Number")
                    if numbering is not None:
                        paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = numbering
                    self.runs(paragraph, item)
            else:
                self.table(list(piece.head) or None, [list(row) for row in piece.rows])

    def new_numbering(self) -> int:
        """A numbering of the "List Number" style of its own, starting at 1: without it, every
        numbered list of a document counts on from the one before (python-docx has no API for it)."""
        style = self.doc.styles["List Number"].element
        numbering = self.doc.part.numbering_part.element
        shared = numbering.num_having_numId(style.pPr.numPr.numId.val)
        own = numbering.add_num(shared.abstractNumId.val)
        own.add_lvlOverride(ilvl=0).add_startOverride(1)
        return own.numId

    def block_figure(self, block: schema.FigureBlock) -> None:
        from kit.kitload import asset_path

        path = asset_path(self.kit.root, block.image)
        picture = self.picture(path, block.alt)
        if picture is not None:
            shape = self.doc.add_paragraph().add_run().add_picture(io.BytesIO(picture), width=TEXT_WIDTH[self.job.paper])
            shape._inline.docPr.set("descr", " ".join(block.alt.split()))   # alt text: python-docx has no API for it
        if block.caption or block.credit:
            caption = self.doc.add_paragraph(style="Caption")
            self.runs(caption, " ".join((block.caption or "").split()))
            if block.credit:
                caption.add_run((" " if block.caption else "") + f"({block.credit})")

    def picture(self, path, alt: str) -> bytes | None:
        """The image as Word takes it: a raster image as it goes into the PDFs; an SVG drawn as PNG."""
        from kit.images import prepare_image

        if path.suffix.lower() != ".svg":
            return prepare_image(path)
        import pypdfium2

        from markupsafe import escape

        html = (f'<html lang="{escape(self.kit.config.language)}"><style>@page {{ size: 160mm 400mm; margin: 0 }} '
                "body { margin: 0 } img { display: block; width: 160mm }</style>"
                f'<img id="figure" src="{escape(path.as_uri())}" alt="{escape(alt)}"></html>')
        renderer = self.session.renderer
        rendered = renderer.render(html, base_url(self.kit), where(self.kit, self.job), write=False)
        if rendered.problems or rendered.document is None:
            self.problems += rendered.problems
            return None
        left, top, right, bottom = rendered.document.pages[0].anchors["figure"]
        rendered = renderer.write(rendered)
        self.problems += rendered.problems
        pdf = pypdfium2.PdfDocument(rendered.pdf)
        try:
            image = pdf[0].render(scale=SVG_SCALE).to_pil()
        finally:
            pdf.close()
        px = 0.75 * SVG_SCALE  # CSS px -> points -> pixels
        out = io.BytesIO()
        image.crop((int(left * px), int(top * px), int(right * px + 0.5), int(bottom * px + 0.5))).save(out, "PNG")
        return out.getvalue()

    def source_card(self, excerpt: schema.SourceExcerpt) -> None:
        self.shown.add(excerpt.id)
        number = self.kit.source_numbers()[excerpt.id]
        adapted = f" ({self.labels['adapted']})" if excerpt.adapted else ""
        self.heading(f"{self.labels['source']} {number}: {excerpt.title}{adapted}", 2)
        date = (date_text(excerpt.date, self.kit.config.language) if excerpt.date
                else f"{self.labels['undated']} ({excerpt.undated})")
        sourcing = [excerpt.author, excerpt.type, date]
        if excerpt.audience:
            sourcing.append(f"to {excerpt.audience}")
        where = source_phrase(self.kit.config.language, "in_source", source_kind_of(self.kit, excerpt.locator))
        sourcing.append(f"{where}: {located(self.kit, excerpt.locator, self.labels)}")
        self.doc.add_paragraph(" · ".join(" ".join(s.split()) for s in sourcing), style="Kit Sourcing")
        self.para(excerpt.headnote)
        plain = FOOTNOTE.sub("", excerpt.text)
        count = 0
        for p, chunk in enumerate(re.split(r"\n\s*\n", plain.strip())):
            for i, line in enumerate(textwrap.wrap(" ".join(chunk.split()), EXCERPT_LINE, break_long_words=False)):
                count += 1
                paragraph = self.doc.add_paragraph(style="Kit Excerpt")
                if p and not i:
                    paragraph.paragraph_format.space_before = Pt(6)
                paragraph.add_run(f"{count}\t" if count % 5 == 0 else "\t")
                self._italics(paragraph, line)
        terms = [t for t in glossary_index(self.kit) if t.folded and t.pattern.search(excerpt.text)]
        if terms:
            paragraph = self.doc.add_paragraph(style="Kit Note")
            paragraph.add_run(self.labels["word_bank"]).bold = True
            for term in terms:
                paragraph.add_run().add_break()
                paragraph.add_run(term.term).bold = True
                paragraph.add_run(": ")
                self.runs(paragraph, term.gloss, footnotes=False)
        if excerpt.translation:
            self.doc.add_paragraph(" ".join(excerpt.translation.split()), style="Kit Note")
        self.teacher_note(self.labels["teacher_notes"], excerpt.caveat)

    def block_sources(self, block: schema.SourcesBlock) -> None:
        for excerpt in block.items:
            self.source_card(excerpt)
        if block.sourcing_grid:
            self.heading(self.labels["sourcing_grid"], 2)
            self.table([self.labels[k] for k in ("source", "grid_who", "grid_when", "grid_what", "grid_trust")],
                       [[f"{self.kit.source_numbers()[e.id]}. {e.title}", "", "", "", ""] for e in block.items])

    def block_glossary(self, block: schema.GlossaryBlock) -> None:
        if block.matching:
            self.heading(self.labels["matching"], 2)
            chosen = block.items[:block.matching]
            unit_id = self.job.unit_id
            shuffled = sorted(chosen, key=lambda t: zlib.crc32(f"{unit_id}:{t.id}".encode()))
            letters = {t.id: chr(ord("A") + i) for i, t in enumerate(shuffled)}
            self.table(None, [[f"{i}. {t.term}", f"{letters[d.id]}. {d.definition}"]
                                  for i, (t, d) in enumerate(zip(chosen, shuffled), 1)], [50, 120])
            if self.teacher:
                key = ", ".join(f"{i}–{letters[t.id]}" for i, t in enumerate(chosen, 1))
                self.para(key, "Kit Teacher", prefix=f"{self.labels['answers']}: ")
        rows = []
        for term in block.items:
            definition = " ".join(term.definition.split())
            if term.beyond_source:
                definition += f" *({self.labels['beyond']})*"
            spellings = [f"{s['language']}: {s['text']}" for s in other_spellings(term, self.labels)]
            rows.append([term.term, definition, "; ".join(spellings)])
        self.table([self.labels[k] for k in ("term", "definition", "other_spellings")], rows, [35, 95, 40])
        for term in block.items:
            self.teacher_note(f"{term.term} ({self.labels['beyond']})", term.beyond_note)

    def block_document_analysis(self, block: schema.DocumentAnalysisBlock) -> None:
        excerpt = self.kit.excerpts()[block.source]
        if excerpt.id in self.shown:
            self.doc.add_paragraph(f"{self.labels['source']} {self.kit.source_numbers()[excerpt.id]}: {excerpt.title} "
                                   f"({self.labels['above']}).",
                                   style="Kit Sourcing")
        else:
            self.source_card(excerpt)
        for number, question in enumerate(block.questions, 1):
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(12)
            paragraph.add_run(f"{self.labels['question']} {number} ({question.points} {self.labels['points']}). ").bold = True
            self.extension_mark(paragraph, question.extension)
            self.runs(paragraph, " ".join(question.prompt.split()))
            if self.teacher:
                self.teacher_note(self.labels["answer"], question.model_answer)
                self.teacher_note(self.labels["marking"], question.marking)
            else:
                self.answer_lines(question.lines)
        if self.teacher:
            self.doc.add_paragraph(self.labels["skills"], style="Kit Label")
            rows = [[row["skill"], row["questions"], str(row["points"])]
                    for row in skills_table(block.questions, self.labels)]
            rows.append([self.labels["total"], "", str(sum(q.points for q in block.questions))])
            self.table([self.labels[k] for k in ("skill", "questions", "points")], rows, [60, 60, 50])

    def block_discussion(self, block: schema.DiscussionBlock) -> None:
        titles = self.kit.excerpts()
        for number, prompt in enumerate(block.prompts, 1):
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{number}. ").bold = True
            self.extension_mark(paragraph, prompt.extension)
            self.runs(paragraph, " ".join(prompt.text.split()))
            if prompt.sources:
                self.doc.add_paragraph(f"{self.labels['source']}: " + "; ".join(titles[s].title for s in prompt.sources),
                                       style="Kit Sourcing")
            self.teacher_note(self.labels["guidance"], prompt.guidance)

    def block_timeline(self, block: schema.TimelineBlock) -> None:
        events = sorted(block.events, key=lambda e: e.date)
        self.table([self.labels["date"], self.labels["event"], "¶"], [[e.date_text or date_text(e.date, self.kit.config.language), e.event, located(self.kit, e.locator, self.labels)]
                                            for e in events], [35, 110, 25])
        for event in events:
            self.teacher_note(event.date_text or date_text(event.date, self.kit.config.language), event.caveat)

    def block_fill_in(self, block: schema.FillInBlock) -> None:
        if block.word_bank:
            answers = sorted({" ".join(a.split()) for g in block.items for a in BLANK.findall(g.text)}, key=str.lower)
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{self.labels['word_bank']}: ").bold = True
            paragraph.add_run(" · ".join(answers))
        for number, gap in enumerate(block.items, 1):
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{number}. ").bold = True
            self.extension_mark(paragraph, gap.extension)
            last = 0
            for match in BLANK.finditer(gap.text):
                self.runs(paragraph, gap.text[last:match.start()])
                if self.teacher:
                    run = paragraph.add_run(" ".join(match.group(1).split()))
                    run.underline = run.bold = True
                    run.font.color.rgb = TEACHER_COLOUR
                else:
                    paragraph.add_run("_" * max(8, len(match.group(1)) + 4))
                last = match.end()
            self.runs(paragraph, gap.text[last:])

    def block_essay(self, block: schema.EssayBlock) -> None:
        paragraph = self.doc.add_paragraph()
        self.extension_mark(paragraph, block.extension)
        self.runs(paragraph, " ".join(block.question.split()))
        for run in paragraph.runs:
            run.bold = True
        self.para(block.guidance)
        if block.words:
            self.doc.add_paragraph(self.labels["about_words"].replace("{n}", str(block.words)), style="Kit Sourcing")
        self.doc.add_paragraph(self.labels["rubric"], style="Kit Label")
        self.table([self.labels[k] for k in ("level", "marks", "essay_does")], [[r.level, r.marks, r.descriptor] for r in block.rubric],
                   [25, 20, 125])
        self.teacher_note(self.labels["outline"], block.model_outline)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return restamped(out.getvalue())


def render_word(kit, job, session) -> Made:
    writer = WordDocument(kit, job, session)
    writer.unit()
    data = writer.save()
    return Made(b"" if any(p.severity == "error" for p in writer.problems) else data, 0, writer.problems)

