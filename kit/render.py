"""HTML -> PDF with WeasyPrint, every resource through the gate, every warning a problem."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from kit.errors import Location, Problem
from kit.fetcher import KitFetcher, RefusedResource
from kit.pagefill import sparse_pages

PDF_VARIANT = "pdf/ua-1"   # tagged PDF with language and title: free, and readable by screen readers


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    page_sizes: list[tuple[float, float]]
    overflowing: list[tuple[str, float]]   # (slide id, share of its height that fitted on its page)
    problems: list[Problem]
    document: object = field(default=None, repr=False, compare=False)  # laid out, PDF not written yet
    where: Location | None = field(default=None, repr=False, compare=False)
    html: str | None = field(default=None, repr=False, compare=False)  # what it was laid out from (slide decks)
    too_wide: list[str] = field(default_factory=list)  # slide ids whose text runs off the right edge
    sparse: list = field(default_factory=list)  # near-empty pages, when measured (kit/pagefill.py)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class Renderer:
    """One font configuration and image cache for every document of a build."""

    def __init__(self, fetcher: KitFetcher, parts=None):
        self.fetcher = fetcher
        self.font_config = FontConfiguration()
        self.cache: dict = {}
        self._blanks: dict = {}
        self.parts = parts            # PartCache for books and cards (kit/partcache.py), or None
        self.document_html = None     # the HTML of the last output when it is not one render's HTML
        self.document_text = None     # the text of the last output, when known without reading its PDF

    def blank_page(self, width: float, height: float):
        """An empty page of the given size (CSS px), to pad a document for duplex printing."""
        key = (round(width, 3), round(height, 3))
        if key not in self._blanks:
            html = f"<style>@page {{ size: {key[0]}px {key[1]}px; margin: 0 }}</style><p></p>"
            self._blanks[key] = HTML(string=html).render(font_config=self.font_config).pages[0]
        return self._blanks[key]

    def render(self, html: str, base_url: str, where: Location, pad_to_even: bool = False,
               write: bool = True, measure_fill: bool = False) -> Rendered:
        """Render one document; `pad_to_even` adds a blank last page to an odd page count, so that
        stacked duplex copies never share a sheet between two documents. With `write=False` the
        document is only laid out (pdf is b""): `write()` makes its PDF if it is wanted. With
        `measure_fill`, its near-empty pages are found (before any padding: that page is planned)."""
        collect = _Collect()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collect)
        try:
            document = HTML(string=html, base_url=base_url, url_fetcher=self.fetcher).render(
                font_config=self.font_config, cache=self.cache)
            sparse = sparse_pages(document) if measure_fill else []
            if pad_to_even and len(document.pages) % 2:
                last = document.pages[-1]
                document = document.copy(document.pages + [self.blank_page(last.width, last.height)])
            pdf = document.write_pdf(pdf_variant=PDF_VARIANT) if write else b""
        except RefusedResource as exc:
            self.fetcher.refused.clear()
            return Rendered(b"", 0, [], [], [Problem(where, f"{exc}; templates and units may only use "
                                                           "files inside the kit", "refused-resource")])
        finally:
            logger.removeHandler(collect)
        refused, self.fetcher.refused[:] = list(self.fetcher.refused), []
        problems = [Problem(where, f"{refusal}; templates and units may only use files inside the kit",
                            "refused-resource") for refusal in refused]
        problems += [Problem(where, f"the renderer reported: {message}", "render") for message in collect.messages]
        return Rendered(pdf, len(document.pages), [(p.width, p.height) for p in document.pages],
                        _overflowing(document), problems, None if write else document, where,
                        too_wide=too_wide(document), sparse=sparse)

    def write(self, rendered: Rendered) -> Rendered:
        """`rendered` with its PDF, for a document rendered with `write=False`."""
        if rendered.document is None:
            return rendered
        collect = _Collect()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collect)
        try:
            pdf = rendered.document.write_pdf(pdf_variant=PDF_VARIANT)
        except RefusedResource as exc:
            return replace(rendered, pdf=b"", document=None, problems=rendered.problems + [Problem(
                rendered.where, f"{exc}; templates and units may only use files inside the kit", "refused-resource")])
        finally:
            logger.removeHandler(collect)
        problems = [Problem(rendered.where, f"the renderer reported: {message}", "render")
                    for message in collect.messages]
        return replace(rendered, pdf=pdf, document=None, problems=rendered.problems + problems)


def _overflowing(document) -> list[tuple[str, float]]:
    """Slides whose content ran onto more than one page, with the share of it that fitted."""
    heights: dict[str, list[float]] = {}
    for page in document.pages:
        for anchor, (_, top, _, bottom) in page.anchors.items():
            if anchor.startswith("slide-"):
                heights.setdefault(anchor, []).append(max(bottom - top, 1.0))
    return [(slide, parts[0] / sum(parts)) for slide, parts in heights.items() if len(parts) > 1]


EDGE = 7 * 96 / 25.4   # 7 mm in CSS px: text must stay this far inside a slide's right edge


def too_wide(document) -> list[str]:
    """Slides with text or an image reaching past the right edge of their page (a word or URL that
    could not wrap, a template that stops it wrapping): it would be cut off when projected."""
    from weasyprint.formatting_structure.boxes import ReplacedBox, TextBox

    wide, current = [], None
    for page in document.pages:
        started = sorted(anchor for anchor in page.anchors if anchor.startswith("slide-"))
        current = started[0] if started else current
        if current is None or current in wide:
            continue
        limit = page.width - EDGE
        for box in page._page_box.descendants():
            if isinstance(box, (TextBox, ReplacedBox)) and box.position_x + box.width > limit:
                wide.append(current)
                break
    return wide


def slide_pages(document) -> dict[str, list]:
    """The pages of each slide of a laid-out deck, by slide id: from the page where its anchor
    first appears to the page before the next slide's."""
    pages: dict[str, list] = {}
    current, before = None, []
    for page in document.pages:
        started = [anchor for anchor in page.anchors if anchor.startswith("slide-") and anchor not in pages]
        if started:
            current = started[0]
            pages[current] = before + [page] if before else [page]
            before = []
        elif current is None:
            before.append(page)  # nothing of any slide on it (not made by the default templates)
        else:
            pages[current].append(page)
    return pages
