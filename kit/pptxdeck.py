"""The slide deck as a PowerPoint file (python-pptx): the same slides as the PDF deck, each drawn
as editable text boxes (never pictures of text), images embedded, speaker notes in the notes pane,
16:9, fonts named with a generic family to fall back on.

The slides are the PDF deck's final slides (kit/decks.py `final_deck`), so both decks have the same
slides, split at the same places; every box here has the size its text has in the PDF. Colours come
from the slide stylesheets' theme variables (`--slide-accent` and the others in
slide-content.css), so a kit that overrides them changes both decks.
"""

from __future__ import annotations

import datetime
import io
import re

from kit.markup import styled_runs
from kit.renderers import Made, base_url, where

SANS, SERIF = "Noto Sans", "Noto Serif"   # the fonts "Kit Sans" and "Kit Serif" are made of
PITCH = {SANS: "34", SERIF: "18"}         # OOXML pitch-and-family: swiss (sans) or roman (serif) as fallback
THEME = {"ink": "111111", "accent": "1f3f66", "muted": "444444", "paper": "ffffff"}
THEME_VARIABLE = re.compile(r"--slide-(ink|accent|muted|paper)\s*:\s*#([0-9a-fA-F]{6})\b")

WIDTH, HEIGHT = 254, 142.875   # mm, as the PDF deck
LEFT, TOP = 14, 6
BODY_WIDTH = WIDTH - 2 * LEFT
LINE = 1.25                    # line height, as slide-content.css
FIXED_DATE = datetime.datetime(2000, 1, 1)   # in the file's properties: the same bytes for the same slides


def theme(kit) -> dict[str, str]:
    """The theme colours, read from the slide stylesheets (a kit's own override the default)."""
    from kit.templating import stylesheet_paths

    colours = dict(THEME)
    for path in stylesheet_paths(kit.root, "pptx"):
        for name, value in THEME_VARIABLE.findall(path.read_text(encoding="utf-8", errors="replace")):
            colours[name] = value.lower()
    return colours


def title_lines(document) -> dict[str, int]:
    """How many lines each slide's title takes in the laid-out PDF deck (a WeasyPrint Document), by
    slide id, so that what is below a title starts where it does in the PDF."""
    from weasyprint.formatting_structure import boxes

    from kit.render import slide_pages

    def lines(box) -> int | None:
        if getattr(box, "element_tag", None) in ("h1", "h2"):
            return sum(isinstance(child, boxes.LineBox) for child in box.children) or 1
        for child in getattr(box, "children", ()):
            found = lines(child)
            if found:
                return found
        return None

    return {slide_id: lines(pages[0]._page_box) or 1 for slide_id, pages in slide_pages(document).items()}


class DeckWriter:
    def __init__(self, colours: dict[str, str], deck_title: str):
        from pptx import Presentation
        from pptx.util import Mm

        self.Mm = Mm
        self.colours = colours
        self.deck_title = deck_title
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Mm(WIDTH), Mm(HEIGHT)
        self.layout = next(layout for layout in self.prs.slide_layouts if layout.name == "Title Only")

    # --- text --------------------------------------------------------------------------------

    def rgb(self, name: str):
        from pptx.dml.color import RGBColor

        return RGBColor.from_string(self.colours[name].upper())

    def style(self, run, size: float, font: str = SANS, colour: str = "ink", bold: bool = False,
              italic: bool = False) -> None:
        from pptx.util import Pt

        run.font.size = Pt(size)
        run.font.name = font
        run.font.bold = bold
        run.font.italic = italic
        run.font.color.rgb = self.rgb(colour)
        latin = run.font._rPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}latin")
        latin.set("pitchFamily", PITCH[font])

    def runs(self, paragraph, text: str, size: float, font: str = SANS, colour: str = "ink",
             bold: bool = False, italic: bool = False) -> None:
        """`text` with its `**bold**` and `*italics*` as runs of `paragraph`."""
        for piece, style in styled_runs(text):
            run = paragraph.add_run()
            run.text = piece
            self.style(run, size, font, colour, bold or style == "bold", italic != (style == "italic"))

    def box(self, slide, x: float, y: float, w: float, h: float, anchor: str = "top"):
        from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

        shape = slide.shapes.add_textbox(self.Mm(x), self.Mm(y), self.Mm(w), self.Mm(h))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}[anchor]
        for side in ("left", "right", "top", "bottom"):
            setattr(frame, f"margin_{side}", 0)
        return frame

    def paragraph(self, frame, first: bool, size: float, space_after: float = 0, line: float | None = None,
                  bullet: str | None = None):
        from pptx.util import Pt

        p = frame.paragraphs[0] if first else frame.add_paragraph()
        p.space_after = Pt(space_after)
        p.line_spacing = Pt(line or size * LINE)  # exact, as CSS line-height (a factor would scale the font's own)
        if bullet:
            ppr = p._p.get_or_add_pPr()
            ppr.set("marL", str(self.Mm(8)))
            ppr.set("indent", str(-self.Mm(8)))
            char = ppr.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar", {"char": bullet})
            ppr.append(char)
        return p

    def lines(self, frame, items, size: float, font: str = SANS, colour: str = "ink", space_after: float = 0,
              bullet: str | None = None, line: float | None = None) -> None:
        for i, text in enumerate(items):
            self.runs(self.paragraph(frame, i == 0, size, space_after, line, bullet), text, size, font, colour)

    # --- slides ------------------------------------------------------------------------------

    def new_slide(self, s: dict):
        from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
        from pptx.util import Pt

        slide = self.prs.slides.add_slide(self.layout)
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = (self.Mm(LEFT), self.Mm(TOP), self.Mm(BODY_WIDTH),
                                                            self.Mm(16))
        frame = title.text_frame
        frame.word_wrap = True
        for side in ("left", "right", "top", "bottom"):
            setattr(frame, f"margin_{side}", 0)
        frame.vertical_anchor = MSO_ANCHOR.TOP
        p = frame.paragraphs[0]
        p.alignment = PP_ALIGN.LEFT
        p.line_spacing = Pt((28 if s["layout"] != "title" else 34) * 1.15)
        self.runs(p, s["title"], 28 if s["layout"] != "title" else 34, colour="accent", bold=True)
        # the title takes the lines it needs, as in the PDF deck, and the body starts below it
        height = s["title_lines"] * 11.4 + 1
        title.height = self.Mm(height)
        self.top = TOP + height + 4
        if s["layout"] != "title":
            rule = slide.shapes.add_connector(1, self.Mm(LEFT), self.Mm(self.top - 2), self.Mm(WIDTH - LEFT),
                                              self.Mm(self.top - 2))
            rule.line.color.rgb = self.rgb("accent")
            rule.line.width = Pt(1.5)
        footer = self.box(slide, LEFT, HEIGHT - 8, BODY_WIDTH, 6)
        p = self.paragraph(footer, True, 11)
        self.runs(p, self.deck_title, 11, colour="muted")
        number = self.box(slide, WIDTH - LEFT - 20, HEIGHT - 8, 20, 6)
        p = self.paragraph(number, True, 11)
        p.alignment = PP_ALIGN.RIGHT
        self.runs(p, str(s["slide_number"]), 11, colour="muted")
        notes = "\n\n".join(" ".join(n.striptags().split()) for n in s.get("notes") or [])
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        return slide

    def draw(self, s: dict, kit_view: dict, picture) -> None:
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Pt

        from kit.slides import lines_of

        slide = self.new_slide(s)
        layout = s["layout"]
        top = self.top
        height = HEIGHT - 8 - top
        if layout == "title":
            title = slide.shapes.title
            title.top = self.Mm(30)
            head = self.box(slide, LEFT, 10, BODY_WIDTH, 18)
            self.lines(head, [kit_view["title"], s["number_label"].upper()], 16, colour="muted")
            below = 30 + s["title_lines"] * 14.5 + 4
            if s.get("raw"):
                question = self.box(slide, LEFT + 5, below, BODY_WIDTH - 5, 36)
                self.runs(self.paragraph(question, True, 26), s["raw"], 26, SERIF, italic=True)
                bar = slide.shapes.add_connector(1, self.Mm(LEFT + 1), self.Mm(below), self.Mm(LEFT + 1),
                                                 self.Mm(below + lines_of(s["raw"], 46) * 11.5))
                bar.line.color.rgb = self.rgb("accent")
                bar.line.width = Pt(3)
                below += lines_of(s["raw"], 46) * 11.5 + 3
            if kit_view.get("short_citation"):
                source = self.box(slide, LEFT, below, BODY_WIDTH, 14)
                self.runs(self.paragraph(source, True, 14), f"Drawn from {kit_view['citation']}", 14, colour="muted")
        elif layout == "points":
            self.lines(self.box(slide, LEFT, top, BODY_WIDTH, height), s["raws"], 24, space_after=8,
                       bullet="•")
        elif layout == "quote":
            rows = [line["raw"] for line in s["lines"]]
            height = len(rows) * 10.16 + 2
            numbers = self.box(slide, LEFT, top, 10, height)
            self.lines(numbers, [str(line["number"] or "") for line in s["lines"]], 14, colour="muted", line=28.8)
            for p in numbers.paragraphs:
                p.alignment = PP_ALIGN.RIGHT
            self.lines(self.box(slide, LEFT + 14, top, BODY_WIDTH - 14, height), rows, 24, SERIF, line=28.8)
            bar = slide.shapes.add_connector(1, self.Mm(LEFT + 1), self.Mm(top), self.Mm(LEFT + 1), self.Mm(top + height))
            bar.line.color.rgb = self.rgb("accent")
            bar.line.width = Pt(3)
            credit = s["credit"] + (f" · {kit_view['labels']['adapted']}" if s.get("adapted") else "")
            self.lines(self.box(slide, LEFT, top + height + 2, BODY_WIDTH, 12), [credit], 16, colour="muted")
        elif layout == "figure":
            picture(slide, s, top)
            if s.get("credit"):
                self.lines(self.box(slide, LEFT, top + 98, BODY_WIDTH, 8), [s["credit"]], 16, colour="muted")
        elif layout == "question":
            frame = self.box(slide, LEFT, top, BODY_WIDTH, height)
            self.lines(frame, [s["raw"]], 24, space_after=10)
            p = self.paragraph(frame, False, 18)
            self.runs(p, f"{s['points']} {kit_view['labels']['points']}", 18, colour="accent", bold=True)
        elif layout == "terms":
            frame = self.box(slide, LEFT, top, BODY_WIDTH, height)
            for i, term in enumerate(s["terms"]):
                self.runs(self.paragraph(frame, i == 0, 24), term["term"], 24, colour="accent", bold=True)
                self.runs(self.paragraph(frame, False, 24, space_after=8), term["raw"], 24)
        elif layout == "timeline":
            self.timeline(slide, s["events"], top)
        elif layout in ("prompt", "closing"):
            frame = self.box(slide, LEFT, top + (8 if layout == "closing" else 0), BODY_WIDTH, height - 8)
            p = self.paragraph(frame, True, 26)
            if s.get("number"):
                self.runs(p, f"{s['number']}  ", 26, colour="accent", bold=True)
            self.runs(p, s["raw"], 26 if layout == "prompt" else 30, SERIF)
            if s.get("words"):
                self.runs(self.paragraph(frame, False, 18), s["words"], 18,
                          colour="accent", bold=True)
        elif layout == "list":
            frame = self.box(slide, LEFT, top, BODY_WIDTH, height)
            for i, entry in enumerate(s["entries"]):
                p = self.paragraph(frame, i == 0, 24, space_after=8)
                self.runs(p, f"{entry['number']}. {entry['raw']}", 24)

    def timeline(self, slide, events: list[dict], top: float) -> None:
        """A vertical time axis: dates left of the line, a mark on it, the label to its right."""
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Pt

        from kit.slides import event_lines

        axis_x, y = LEFT + 76.5, top + 1
        rows = []
        for event in events:
            height = event_lines(event) * 10.6 + 3
            rows.append((y, height, event))
            y += height
        line = slide.shapes.add_connector(1, self.Mm(axis_x), self.Mm(top + 2), self.Mm(axis_x), self.Mm(y - 3))
        line.line.color.rgb = self.rgb("ink")
        line.line.width = Pt(2)
        for top, height, event in rows:
            date = self.box(slide, LEFT - 4, top, 74, height)
            p = self.paragraph(date, True, 24)
            p.alignment = PP_ALIGN.RIGHT
            self.runs(p, event["date"], 24, colour="accent", bold=True)
            mark = slide.shapes.add_shape(MSO_SHAPE.OVAL, self.Mm(axis_x - 2.5), self.Mm(top + 3), self.Mm(5), self.Mm(5))
            mark.fill.solid()
            mark.fill.fore_color.rgb = self.rgb("accent")
            mark.line.color.rgb = self.rgb("paper")
            self.lines(self.box(slide, axis_x + 9.5, top, WIDTH - LEFT - axis_x - 9.5, height), [event["raw"]], 24)

    def save(self) -> bytes:
        """The deck's bytes, the same for the same slides (a fixed date in the file's properties and
        in its zip entries), so that an unchanged deck is byte for byte the file an earlier build wrote."""
        from kit.zipped import restamped

        properties = self.prs.core_properties
        properties.title = self.deck_title
        properties.created = properties.modified = FIXED_DATE
        properties.last_printed = FIXED_DATE
        properties.revision = 1
        saved = io.BytesIO()
        self.prs.save(saved)
        return restamped(saved.getvalue())


def figure_png(session, kit, src: str, alt: str, place) -> tuple[bytes | None, list]:
    """The figure as the PDF deck shows it, as a PNG (python-pptx embeds no SVG): laid out alone by
    the typesetter, at the size of the slide's image box, and rasterized at about 180 dpi."""
    import pypdfium2
    from markupsafe import escape

    from kit.templating import stylesheet_paths

    fonts = next(p for p in stylesheet_paths(kit.root, "slides") if p.name == "fonts.css").as_uri()
    html = (f'<html lang="{kit.config.language}"><title>{escape(alt)}</title>'
            f'<link rel="stylesheet" href="{fonts}"><style>@page {{ size: {BODY_WIDTH}mm 96mm; margin: 0 }} '
            f'body {{ margin: 0 }} img {{ display: block; width: {BODY_WIDTH}mm; height: 96mm; object-fit: contain }}'
            f'</style><img src="{src}" alt="{escape(alt)}"></html>')
    rendered = session.renderer.render(html, base_url(kit), place)
    if not rendered.pdf:
        return None, rendered.problems
    page = pypdfium2.PdfDocument(rendered.pdf)[0]
    out = io.BytesIO()
    page.render(scale=2.5).to_pil().save(out, "PNG", optimize=True)
    return out.getvalue(), rendered.problems


def render_pptx(kit, job, session) -> Made:
    """The unit's slides as a PowerPoint deck."""
    from kit.decks import _slide_problems, _student_view, final_deck
    from kit.renderers import marks, read_since

    _, slide_view = _student_view(kit, job)
    deck, laid_out, read = final_deck(kit, job.unit_id, slide_view, session)
    problems = laid_out.problems + _slide_problems(kit, job, deck, laid_out.overflowing, laid_out.too_wide)
    since = marks(session)
    writer = DeckWriter(theme(kit), slide_view["unit"]["title"])
    place = where(kit, job)

    def picture(slide, s, top):
        data, found = figure_png(session, kit, s["src"], s["alt"], place)
        problems.extend(found)
        if data:
            shape = slide.shapes.add_picture(io.BytesIO(data), writer.Mm(LEFT), writer.Mm(top),
                                             writer.Mm(BODY_WIDTH), writer.Mm(96))
            shape._element.nvPicPr.cNvPr.set("descr", s["alt"])

    if laid_out.document is None:  # a refused resource (among the problems): nothing was laid out
        return Made(b"", 0, problems, reused=read)
    lines = title_lines(laid_out.document)
    for s in deck:
        writer.draw({**s, "title_lines": lines.get(s["id"], 1)}, slide_view["kit"], picture)
    return Made(writer.save(), len(deck), problems, reused=sorted(set(read) | set(read_since(session, since))))
