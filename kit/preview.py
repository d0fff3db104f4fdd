"""`kit preview`: PNG pages and contact sheets of every PDF, in colour or grayscale, and a check
of the colour pairs in the stylesheets for contrast that a photocopier would lose."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CONTACT_COLUMNS = 6
PAGE_SCALE = 100 / 72        # 100 dpi PNG pages
THUMB_WIDTH = 240            # px per page on a contact sheet
MIN_CONTRAST = 4.5           # WCAG AA for body text

HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
VARIABLE = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")


def _hex(value: str) -> tuple[int, int, int] | None:
    match = HEX.search(value)
    if not match:
        return None
    h = match.group(1)
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class LowContrast:
    stylesheet: str
    selector: str
    foreground: str
    background: str
    ratio: float

    def __str__(self) -> str:
        return (f"{self.stylesheet}: '{self.selector}' prints {self.foreground} on {self.background}: "
                f"contrast {self.ratio:.1f}:1, below {MIN_CONTRAST}:1; it may vanish on a black-and-white copier")


def low_contrast_pairs(path: Path) -> list[LowContrast]:
    """Text colours in a stylesheet, against their rule's background or white paper."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    variables = dict(VARIABLE.findall(css))
    found = []
    for selector, body in RULE.findall(css):
        declarations = dict(re.findall(r"(?:^|;)\s*([\w-]+)\s*:\s*([^;]+)", body))
        resolve = lambda v: re.sub(r"var\((--[\w-]+)(?:,\s*([^)]+))?\)",  # noqa: E731
                                   lambda m: variables.get(m.group(1), m.group(2) or ""), v)
        fg = _hex(resolve(declarations.get("color", "")))
        if fg is None:
            continue
        bg_text = resolve(declarations.get("background", declarations.get("background-color", "#ffffff")))
        bg = _hex(bg_text) or (255, 255, 255)
        ratio = contrast(fg, bg)
        if ratio < MIN_CONTRAST:
            found.append(LowContrast(path.name, " ".join(selector.split()), "#%02x%02x%02x" % fg,
                                     "#%02x%02x%02x" % bg, ratio))
    return found


def render_pages(pdf: Path, out_dir: Path, grayscale: bool) -> list[Path]:
    import pypdfium2

    out_dir.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    paths = []
    try:
        for index in range(len(document)):
            image = document[index].render(scale=PAGE_SCALE, grayscale=grayscale).to_pil()
            path = out_dir / f"{pdf.stem}-{index + 1:03d}.png"
            image.save(path)
            paths.append(path)
    finally:
        document.close()
    return paths


def contact_sheet(pages: list[Path], out: Path) -> None:
    from PIL import Image

    thumbs = []
    for page in pages:
        with Image.open(page) as image:
            height = round(image.height * THUMB_WIDTH / image.width)
            thumbs.append(image.convert("RGB").resize((THUMB_WIDTH, height)))
    cell_h = max(t.height for t in thumbs)
    rows = -(-len(thumbs) // CONTACT_COLUMNS)
    sheet = Image.new("RGB", (CONTACT_COLUMNS * (THUMB_WIDTH + 8) + 8, rows * (cell_h + 8) + 8), "#808080")
    for i, thumb in enumerate(thumbs):
        row, column = divmod(i, CONTACT_COLUMNS)
        sheet.paste(thumb, (8 + column * (THUMB_WIDTH + 8), 8 + row * (cell_h + 8)))
    sheet.save(out)


def preview(pdfs: list[Path], out_dir: Path, grayscale: bool) -> list[tuple[Path, int, Path]]:
    """PNG pages and one contact sheet per PDF: [(pdf, pages, contact sheet)]."""
    results = []
    for pdf in pdfs:
        pages = render_pages(pdf, out_dir / pdf.stem, grayscale)
        sheet = out_dir / f"{pdf.stem}-contact.png"
        contact_sheet(pages, sheet)
        results.append((pdf, len(pages), sheet))
    return results
