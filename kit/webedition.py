"""The web editions: static HTML of the kit (an index and one page a unit), zipped.

The output is one .zip a learning platform takes as an upload (Moodle's "File" or "Folder"
resource, Canvas or Google Classroom files): `index.html` at the top, one page a unit beside it,
one stylesheet, the images the units show (`media/`) and the fonts the stylesheets name
(`fonts/`, as WOFF subsets: see KEPT_RANGES). Every link is relative, so the pages also
work unzipped from a folder, a USB stick or any web server, and nothing is loaded from anywhere
else. The student edition leaves out every teacher field, as the handouts do; the leak guard
reads the text of its pages from the zip.

Images, stylesheets and fonts are read through the renderer's gate (kit/fetcher.py), as for the
PDFs: only regular files inside the kit's assets/ and templates/ and kit's own files, each
checked, and each one recorded as a file the output depends on.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
from pathlib import Path

from kit.errors import KitError, Location, Problem

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", re.IGNORECASE)
# Kept in every font subset, whatever the pages print, so that both editions and every later
# edit use the same subsets (made once, then taken from the cache folder): Basic Latin, Latin-1,
# Latin Extended-A and -B, IPA, spacing modifiers, combining marks, Greek, Cyrillic, general
# punctuation, currency, letterlike symbols, number forms, arrows, mathematical operators and
# geometric shapes. A character the pages print outside them is added (and makes a subset of its own).
KEPT_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x250, 0x2FF), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF),
               (0x2000, 0x206F), (0x20A0, 0x20BF), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF),
               (0x25A0, 0x25FF))


def page_name(number: int, unit_id: str) -> str:
    return f"{number:02d}-{unit_id}.html"


def render_web_edition(kit, job, session):
    """The web edition of `job` (the student or the teacher one): a zip, as `renderers.Made`."""
    from kit.leaks import output_text
    from kit.renderers import Made

    pages = web_pages(kit, job, session)
    data = zip_bytes(pages)
    return Made(data, sum(1 for name in pages if name.endswith(".html")), [], pages["index.html"].decode("utf-8"),
                output_text(data, "zip"))


def web_pages(kit, job, session) -> dict[str, bytes]:
    """{name in the zip: bytes}: the pages, the stylesheet, the images and the fonts."""
    from kit.templating import render_html_template, stylesheet_paths
    from kit.views import glossary_index, kit_view, unit_view

    teacher = job.for_teacher
    files: dict[str, bytes] = {}
    base = {"kit": kit_view(kit, teacher, job.paper), "kind": job.kind}
    terms = glossary_index(kit)
    units = [unit_view(kit, entry, n, teacher, terms) for n, entry in enumerate(kit.units, 1)]
    for unit in units:
        unit["page"] = page_name(unit["number"], unit["id"])
        _copy_images(unit, files, session, kit)
    contents = [{"number": u["number"], "title": u["title"], "summary": u["summary"], "minutes": u["minutes"],
                 "page": u["page"]} for u in units]
    context = {**base, "contents": contents, "body_class": job.kind}
    files["index.html"] = render_html_template(session.env, "web-index.html", {**context, "page": "index.html"}) \
        .encode("utf-8")
    for index, unit in enumerate(units):
        previous = contents[index - 1] if index else None
        following = contents[index + 1] if index + 1 < len(contents) else None
        html = render_html_template(session.env, job.output.template,
                                    {**context, "unit": unit, "page": unit["page"], "previous": previous,
                                     "next": following})
        files[unit["page"]] = html.encode("utf-8")
    printed = set("".join(data.decode("utf-8") for name, data in files.items() if name.endswith(".html")))
    files["style.css"] = _stylesheet(stylesheet_paths(kit.root, job.output), files, session, printed)
    return files


def _where(kit, unit) -> Location:
    return Location(kit.unit(unit["id"]).path)


def _fetch(session, url: str, where: Location) -> bytes:
    from kit.fetcher import RefusedResource

    try:
        return session.renderer.fetcher.fetch(url).read()
    except RefusedResource as refusal:
        raise KitError([Problem(where, str(refusal), "resource")]) from None


def _stored_name(folder: str, path: str, data: bytes) -> str:
    """A name in the zip for a file: its own name, after a short hash of its content (two images
    of the same name in different folders of assets/ stay apart)."""
    name = posixpath.basename(path) or "file"
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)[-80:]
    return f"{folder}/{hashlib.sha256(data).hexdigest()[:10]}-{safe}"


def _copy_images(unit: dict, files: dict, session, kit) -> None:
    """Each figure's image into media/, and its `src` made relative to the pages."""
    for block in unit["blocks"]:
        if block.get("type") == "figure":
            data = _fetch(session, block["src"], _where(kit, unit))
            name = _stored_name("media", block["src"], data)
            files[name] = data
            block["src"] = name


def _stylesheet(paths: list[Path], files: dict, session, printed: set[str]) -> bytes:
    """The stylesheets, one after another, with each url() copied in and made relative."""
    parts = []
    for path in paths:
        where = Location(f"templates/{path.name}")
        css = _fetch(session, path.as_uri(), where).decode("utf-8", errors="replace")

        def copied(match, path=path, where=where):
            quote, target = match.group(1), match.group(2).strip()
            if target.startswith("#") or target.lower().startswith("data:"):
                return match.group(0)
            url = target if ":" in target.split("/")[0] else (path.parent / target.split("#")[0].split("?")[0]).as_uri()
            data = _fetch(session, url, where)
            if url.lower().endswith(FONT_SUFFIXES):
                data, as_woff = web_font(data, printed)
                name = _stored_name("fonts", re.sub(r"\.\w+$", ".woff", url) if as_woff else url, data)
            else:
                name = _stored_name("media", url, data)
            files[name] = data
            return f"url({quote}{name}{quote})"

        parts.append(f"/* {path.name} */\n" + CSS_URL.sub(copied, css))
    return "\n".join(parts).encode("utf-8")


def web_font(data: bytes, printed: set[str]) -> tuple[bytes, bool]:
    """(a font as WOFF with the glyphs of KEPT_RANGES and of the characters the pages print, True),
    or (the font as it is, False) when it cannot be subset. Subsets are kept in the cache folder.
    WOFF, not WOFF2: it compresses in a quarter of the time, for files about a third larger."""
    from kit.cache import cache_root, read_file, write_file

    wanted = {ord(c) for c in printed} | {c for low, high in KEPT_RANGES for c in range(low, high + 1)}
    extra = sorted(c for c in wanted if not any(low <= c <= high for low, high in KEPT_RANGES))
    key = hashlib.sha256(data + repr(extra).encode()).hexdigest()
    stored = cache_root() / "web-fonts" / f"{key}.woff"
    cached = read_file(stored)
    if cached is not None:
        return cached, True
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data), recalcTimestamp=False)
        options = subset.Options()
        options.flavor = "woff"
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        out = io.BytesIO()
        font.flavor = "woff"
        font.save(out)
        result = out.getvalue()
    except Exception:  # noqa: BLE001 - a font fontTools cannot read is copied as it is
        return data, False
    write_file(stored, result)
    return result, True


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The files as a zip, index.html first, in a fixed order with fixed dates: the same files make
    the same bytes."""
    from kit.zipped import stable_zip

    order = sorted(files, key=lambda n: (n != "index.html", n.count("/"), n))
    return stable_zip([(name, files[name]) for name in order], stored=(".woff", ".woff2", ".png", ".jpg", ".jpeg"))
