"""Images are checked with Pillow before rendering: allowed formats only, a pixel limit well
under Pillow's own, and a full decode so that a truncated or disguised file is refused. SVG
images are checked by kit.svgcheck (size once expanded, references)."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

from kit.errors import Location, Problem

MAX_PIXELS = 40_000_000
RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
MIN_PRINT_DPI = 150
PRINT_WIDTH_INCHES = 7.0   # a figure spans the text width of an A4 or letter page
MAX_PRINT_PIXELS = 2400    # longest side after preparation: 300 dpi over the text width and more

_STRICT = threading.Lock()


def _load_strictly(image) -> None:
    """Decode every pixel, failing on a truncated file. WeasyPrint sets Pillow's global
    LOAD_TRUNCATED_IMAGES to True when it is imported, and then load() pads a cut-off image
    silently; the check must give the same answer whether or not WeasyPrint was imported first."""
    from PIL import ImageFile

    with _STRICT:
        padding, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = padding


def check_image(path: Path, where: Location, roots: list[Path] | None = None, name: str | None = None) -> list[Problem]:
    """Problems with one image (errors refuse it; a warning says it will print soft). An SVG may
    refer only to files inside `roots` (the folders the resource gate serves; by default the
    SVG's own folder)."""
    if path.suffix.lower() == ".svg":
        from kit.svgcheck import check_svg_file

        return check_svg_file(path, name or path.name, where, roots if roots is not None else [path.parent])
    fmt = RASTER_FORMATS.get(path.suffix.lower())
    if fmt is None:
        return []
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[fmt]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return [Problem(where, f"'{path.name}' is {width}x{height} pixels, more than the limit of "
                                           f"{MAX_PIXELS:,}; scale it down", "image-too-large")]
                _load_strictly(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [Problem(where, f"'{path.name}' decodes to far too many pixels; scale it down", "image-too-large")]
    except Exception as exc:  # noqa: BLE001 - any decoder failure means the file is unusable
        return [Problem(where, f"'{path.name}' is not a readable {fmt} image ({exc}); export it again",
                        "bad-image")]
    if width / PRINT_WIDTH_INCHES < MIN_PRINT_DPI:
        return [Problem(where, f"'{path.name}' is only {width} pixels wide and will print below "
                               f"{MIN_PRINT_DPI} dpi at full width", "low-resolution", severity="warning")]
    return []


def prepare_image(path: Path) -> bytes | None:
    """The image as it goes into the PDF: EXIF orientation applied, metadata (EXIF, XMP, text
    chunks, ICC aside) stripped, and scaled down when larger than print needs. None for SVG."""
    fmt = RASTER_FORMATS.get(path.suffix.lower())
    if fmt is None:
        return None
    import io

    from PIL import Image, ImageOps

    with Image.open(path, formats=[fmt]) as original:
        icc = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        if max(image.size) > MAX_PRINT_PIXELS:
            image.thumbnail((MAX_PRINT_PIXELS, MAX_PRINT_PIXELS), Image.Resampling.LANCZOS)
        clean = image.copy()
        clean.info = {}  # Pillow writes EXIF, XMP and text chunks from `info` unless it is emptied
        out = io.BytesIO()
        options = {"icc_profile": icc} if icc else {}
        if fmt == "JPEG":
            clean.convert("RGB").save(out, "JPEG", quality=90, **options)
        else:
            clean.save(out, "PNG", optimize=False, **options)
        return out.getvalue()
