"""`kit preview`: PNG pages and contact sheets of every PDF, in colour or grayscale, and a check
of the colour pairs in the stylesheets for contrast that a photocopier would lose.

Every PNG is written to a temporary file in its folder and moved into place with os.replace, so a
symlink at an output's name is replaced, never written through; the output folder and the
folder of each PDF's pages are refused when they are links, and missing folders are made one by
one. Only files named as preview's own outputs are replaced.
"""

from __future__ import annotations

import io
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

CONTACT_COLUMNS = 6
PAGE_SCALE = 100 / 72        # 100 dpi PNG pages
THUMB_WIDTH = 240            # px per page on a contact sheet
MIN_CONTRAST = 4.5           # WCAG AA for body text

HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
NAME = re.compile(r"[\w-]+")
PROPERTY = re.compile(r"\s*([\w-]+)\s*:\s*")
VARIABLE_NAME = re.compile(r"--[\w-]+")
# PDFium is not thread-safe: every call into it in this process holds this lock (`kit serve` draws
# pages in its server's threads while a build reads the text of PDFs).
PDFIUM_LOCK = threading.RLock()


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


def _without_comments(css: str) -> str:
    """`css` without its /* comments */ (an unclosed comment is kept, as the old pattern kept it)."""
    out, position = [], 0
    while True:
        start = css.find("/*", position)
        end = css.find("*/", start + 2) if start >= 0 else -1
        if end < 0:
            out.append(css[position:])
            return "".join(out)
        out.append(css[position:start])
        position = end + 2


def _rules(css: str) -> list[tuple[str, str]]:
    """(selector, body) of every innermost block: the text before a `{` back to the previous brace
    (not empty), and the text from there to the next `}` when no other brace comes first."""
    parts = re.split(r"([{}])", css)   # text, brace, text, brace, ..., text
    rules = []
    for i in range(0, len(parts) - 3, 2):
        if parts[i] and parts[i + 1] == "{" and parts[i + 3] == "}":
            rules.append((parts[i], parts[i + 2]))
    return rules


def _declarations(body: str) -> list[tuple[str, str]]:
    """(property, value) of each `property: value` between semicolons."""
    found = []
    for piece in body.split(";"):
        match = PROPERTY.match(piece)
        if match and match.end() < len(piece):
            found.append((match.group(1), piece[match.end():]))
        elif match and match.group(0)[-1].isspace():
            found.append((match.group(1), match.group(0)[-1]))  # only blanks after the colon
    return found


def _resolve(value: str, variables: dict[str, str]) -> str:
    """`value` with every var(--name) or var(--name, fallback) replaced; one pass, no backtracking."""
    out, position, search, close = [], 0, 0, -1
    while True:
        start = value.find("var(", search)
        if start < 0:
            break
        if close < start + 4:
            close = value.find(")", start + 4)
            if close < 0:
                break
        name = VARIABLE_NAME.match(value, start + 4)
        after = name.end() if name else -1
        if name and after == close:
            replacement = variables.get(name.group(0), "")
        elif name and value[after] == "," and close > after + 1:
            fallback = value[after + 1:close]
            replacement = variables[name.group(0)] if name.group(0) in variables else \
                fallback.lstrip() or fallback[-1]
        else:
            search = start + 1
            continue
        out.append(value[position:start])
        out.append(replacement)
        position = search = close + 1
    out.append(value[position:])
    return "".join(out)


def low_contrast_pairs(path: Path) -> list[LowContrast]:
    """Text colours in a stylesheet, against their rule's background or white paper. Linear in the
    stylesheet's size: every pass is a split or a forward scan."""
    css = _without_comments(path.read_text(encoding="utf-8"))
    rules = [(selector, _declarations(body)) for selector, body in _rules(css)]
    variables = {prop: value for _, declarations in rules for prop, value in declarations if prop.startswith("--")}
    found = []
    for selector, declarations in rules:
        declared = dict(declarations)
        fg = _hex(_resolve(declared.get("color", ""), variables))
        if fg is None:
            continue
        bg_text = _resolve(declared.get("background", declared.get("background-color", "#ffffff")), variables)
        bg = _hex(bg_text) or (255, 255, 255)
        ratio = contrast(fg, bg)
        if ratio < MIN_CONTRAST:
            found.append(LowContrast(path.name, " ".join(selector.split()), "#%02x%02x%02x" % fg,
                                     "#%02x%02x%02x" % bg, ratio))
    return found


def _folder(folder: Path) -> Path:
    """`folder`, made if missing (one folder at a time, so no link is followed to make it); refused
    (CannotWrite) when it is a symbolic link or not a folder."""
    from kit.output import CannotWrite

    folder = Path(os.path.abspath(folder))
    missing, path = [], folder
    while not os.path.lexists(path):
        missing.append(path)
        path = path.parent
    for path in reversed(missing):
        try:
            os.mkdir(path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise CannotWrite(f"cannot make the folder {path}: {exc.strerror}") from None
    if os.path.islink(folder):
        raise CannotWrite(f"{folder} is a symbolic link; preview writes only into a real folder: remove the "
                          "link or choose another folder with --out-dir")
    if not folder.is_dir():
        raise CannotWrite(f"{folder} is not a folder; remove it or choose another folder with --out-dir")
    return folder


def _write_png(image, path: Path) -> None:
    """Save `image` as `path` through a temporary file beside it and os.replace: a link at `path`
    is replaced by the file, and whatever it pointed at is left alone."""
    from kit.output import CannotWrite, write_all_atomically

    if os.path.lexists(path) and not os.path.islink(path) and not os.path.isfile(path):
        raise CannotWrite(f"cannot write {path}: something other than a file is in its place")
    out = io.BytesIO()
    image.save(out, "PNG")
    write_all_atomically([(path, out.getvalue())])


def render_pages(pdf: Path, out_dir: Path, grayscale: bool) -> list[Path]:
    import pypdfium2

    out_dir = _folder(out_dir)
    paths = []
    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for index in range(len(document)):
                image = document[index].render(scale=PAGE_SCALE, grayscale=grayscale).to_pil()
                path = out_dir / f"{pdf.stem}-{index + 1:03d}.png"
                _write_png(image, path)
                paths.append(path)
        finally:
            document.close()
    return paths


def page_png(pdf: bytes | Path, index: int, width: int) -> bytes | None:
    """Page `index` (from 0) of a PDF as a PNG `width` pixels wide; None when it has no such page."""
    import pypdfium2

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            if not 0 <= index < len(document):
                return None
            page = document[index]
            image = page.render(scale=width / page.get_width()).to_pil()
        finally:
            document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


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
    _write_png(sheet, out)


def preview(pdfs: list[Path], out_dir: Path, grayscale: bool) -> list[tuple[Path, int, Path]]:
    """PNG pages and one contact sheet per PDF: [(pdf, pages, contact sheet)]."""
    results = []
    out_dir = _folder(out_dir)
    for pdf in pdfs:
        pages = render_pages(pdf, out_dir / pdf.stem, grayscale)
        sheet = out_dir / f"{pdf.stem}-contact.png"
        contact_sheet(pages, sheet)
        results.append((pdf, len(pages), sheet))
    return results
