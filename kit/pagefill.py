"""How full each laid-out page is, and the near-empty pages a build warns about.

A page's fill is the share of its content area's height that its content covers: the union, top
to bottom, of its lines of text, its images and the boxes drawn with a border or a background
(answer lines, tinted notes, tables), clipped by any box that hides its overflow. Running
headers and footers (the page's margin boxes) do not count. It is measured on WeasyPrint's
laid-out page boxes, so it costs no drawing.

A page under a quarter full is reported unless it is a planned blank: a page WeasyPrint leaves
empty on purpose (the blank verso before a right-hand start) or a page added to pad a document
to an even count (those are added after measuring). A page holding an element marked
`data-page-fill="any"` (a book's cover and contents) may be as empty as it likes.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.errors import Location, Problem

LOW_FILL = 0.25
FIRST_WORDS = 8
ANY_FILL = "data-page-fill"


@dataclass(frozen=True)
class SparsePage:
    index: int          # 0-based, in the document that was measured
    fill: float         # 0..1
    first_words: str    # what is on it, for the message ("" for an empty page)


def _visible_frame(box) -> bool:
    if getattr(box, "background", None) is not None:
        return True
    return any(getattr(box, f"border_{side}_width", 0) > 0 for side in ("top", "right", "bottom", "left"))


def _walk(boxes, box, clip, spans, words, flags):
    """Collect the vertical spans of what `box` draws (within `clip`), its words and its marks
    (`boxes`: WeasyPrint's box classes)."""
    if isinstance(box, boxes.MarginBox) or box.style["visibility"] != "visible":
        return
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) and element.get(ANY_FILL) == "any":
        flags.add("any")
    top, bottom = None, None
    if isinstance(box, boxes.LineBox):
        if any(not isinstance(child, boxes.TextBox) or child.text.strip() for child in box.children):
            top, bottom = box.position_y, box.position_y + box.height
    elif isinstance(box, boxes.ReplacedBox) or (isinstance(box, (boxes.BlockContainerBox, boxes.TableBox))
                                                  and _visible_frame(box)):
        top, bottom = box.border_box_y(), box.border_box_y() + box.border_height()
    if isinstance(box, boxes.TextBox) and box.text.strip():
        words.append(box.text.strip())
    if top is not None:
        top, bottom = max(top, clip[0]), min(bottom, clip[1])
        if bottom > top:
            spans.append((top, bottom))
    if isinstance(box, boxes.ParentBox):
        if box.style["overflow"] != "visible" and not isinstance(box, boxes.PageBox):
            clip = (max(clip[0], box.padding_box_y()), min(clip[1], box.padding_box_y() + box.padding_height()))
            if clip[1] <= clip[0]:
                return
        for child in box.children:
            _walk(boxes, child, clip, spans, words, flags)


def _covered(spans: list[tuple[float, float]]) -> float:
    total, end = 0.0, float("-inf")
    for top, bottom in sorted(spans):
        if bottom <= end:
            continue
        total += bottom - max(top, end)
        end = bottom
    return total


def page_fill(page) -> tuple[float, str, bool]:
    """(the share of the content area's height its content covers, its first words, whether it
    holds an element that may leave it as empty as it likes) for one page of a laid-out document."""
    from weasyprint.formatting_structure import boxes  # imported here: kit.partcache imports this module at start-up

    page_box = page._page_box
    top = page_box.content_box_y()
    height = page_box.height
    spans, words, flags = [], [], set()
    _walk(boxes, page_box, (top, top + height), spans, words, flags)
    fill = min(1.0, _covered(spans) / height) if height > 0 else 1.0
    return fill, " ".join(" ".join(words).split()[:FIRST_WORDS]), "any" in flags


def sparse_pages(document, threshold: float = LOW_FILL) -> list[SparsePage]:
    """The pages of `document` (a WeasyPrint Document) less than `threshold` full that are not
    planned blanks."""
    found = []
    for index, page in enumerate(document.pages):
        if page._page_box.page_type.blank:
            continue
        fill, words, any_fill = page_fill(page)
        if fill < threshold and not any_fill:
            found.append(SparsePage(index, fill, words))
    return found


def fill_warnings(sparse: list[SparsePage], file_name: str, where: Location, first_page: int = 1) -> list[Problem]:
    """A warning for each near-empty page of the output `file_name` (its page numbers count from
    `first_page`, for a part of a book)."""
    problems = []
    for page in sparse:
        shown = f"it holds only “{page.first_words}…”" if page.first_words else "it is empty"
        problems.append(Problem(
            where, f"{file_name}, page {first_page + page.index} is {int(page.fill * 100)}% full ({shown}): a page "
                   "not worth printing. If the text before it just runs over, shorten it so that it fits on the "
                   "page before (or add to this one); if a page break left a heading, a question or a closing "
                   "line alone there, that is a fault of kit's layout: please report it", "page-fill", "warning"))
    return problems
