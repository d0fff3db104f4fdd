"""Glossary cut-cards: the term on the front, the definition on the back.

Cards sit in a grid centred on the page. The back of each sheet mirrors the columns, so after
duplex printing with a long-edge flip every definition is behind its term. Crop marks in the
margins show where to cut.
"""

from __future__ import annotations

from kit.markup import inline

CARD_W, CARD_H = 90.0, 60.0          # mm
COLUMNS, ROWS = 2, 4
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARK = 5.0                           # crop mark length, mm
MARK_GAP = 2.0                       # gap between a mark and the card edge


def _grid_origin(paper: str) -> tuple[float, float]:
    width, height = PAPER_MM[paper]
    return (width - COLUMNS * CARD_W) / 2, (height - ROWS * CARD_H) / 2


def card_position(index: int, back: bool, paper: str) -> tuple[float, float]:
    """Top-left corner (mm) of card `index` (0-based on its sheet) on the front or the back."""
    x0, y0 = _grid_origin(paper)
    row, column = divmod(index, COLUMNS)
    if back:
        column = COLUMNS - 1 - column
    return x0 + column * CARD_W, y0 + row * CARD_H


def crop_marks(paper: str) -> list[dict]:
    """Short hairlines in the margins on every grid line."""
    x0, y0 = _grid_origin(paper)
    x1, y1 = x0 + COLUMNS * CARD_W, y0 + ROWS * CARD_H
    marks = []
    for c in range(COLUMNS + 1):
        x = x0 + c * CARD_W
        marks += [{"x": x, "y": y0 - MARK_GAP - MARK, "w": 0, "h": MARK},
                  {"x": x, "y": y1 + MARK_GAP, "w": 0, "h": MARK}]
    for r in range(ROWS + 1):
        y = y0 + r * CARD_H
        marks += [{"x": x0 - MARK_GAP - MARK, "y": y, "w": MARK, "h": 0},
                  {"x": x1 + MARK_GAP, "y": y, "w": MARK, "h": 0}]
    return marks


def card_sheets(terms, paper: str, first_number: int = 1) -> list[dict]:
    """Pages in print order: front, back, front, back... Cards are numbered from `first_number`."""
    per_sheet = COLUMNS * ROWS
    marks = crop_marks(paper)
    sheets = []
    for start in range(0, len(terms), per_sheet):
        batch = terms[start:start + per_sheet]
        for back in (False, True):
            cards = []
            for i, term in enumerate(batch):
                x, y = card_position(i, back, paper)
                cards.append({"x": round(x, 2), "y": round(y, 2), "number": first_number + start + i,
                              "term": term.term, "definition": inline(term.definition, footnotes=False),
                              "beyond": term.beyond_source})
            sheets.append({"back": back, "cards": cards, "marks": marks})
    return sheets
