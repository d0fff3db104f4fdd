"""One entry point for making any output: `render(session, job)` -> RenderResult.

A Session holds what one process reuses across outputs (the loaded kit, the template
environment, the typesetter with its font configuration and image cache, the part cache and
the last unit's deck). Each output kind names its renderer (kit/outputs.py); the renderer
returns what it made (`Made`), and `render` adds what the render read: every template the
environment handed out and every file the fetcher served, with the fonts and images the
served stylesheets name. Worker processes and the build cache only wrap this function.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError, Location, Problem

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""", re.IGNORECASE)
RENDERERS = {"page": "kit.renderers:render_page", "deck": "kit.decks:render_deck",
             "deck-handout": "kit.decks:render_deck_handout", "deck-pdfpc": "kit.decks:render_pdfpc",
             "deck-pptx": "kit.pptxdeck:render_pptx", "book": "kit.composite:render_book",
             "cards": "kit.composite:render_cards"}


@dataclass
class Made:
    """What a renderer made of one output."""

    pdf: bytes
    pages: int
    problems: list[Problem]
    html: str | None = None   # the HTML the PDF comes from (a book: its parts', one after another)
    text: str | None = None   # its text, when known without reading the PDF (a book: its parts')
    reused: list[str] = field(default_factory=list)  # files read earlier for what it reused (a deck)


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    problems: list[Problem]
    seconds: float
    read: list[str] = field(default_factory=list)   # files the render read (absolute paths)
    html: str | None = None
    text: str | None = None
    parts: dict = field(default_factory=dict)     # book and card parts rendered (kit/partcache.py)
    used_parts: list[str] = field(default_factory=list)  # the parts it is made of, rendered or cached


@dataclass
class Session:
    kit: object                 # the LoadedKit
    env: object                 # kit.templating.KitEnvironment
    renderer: object            # kit.render.Renderer
    parts: object               # kit.partcache.PartCache
    decks: dict = field(default_factory=dict)  # unit id -> (slides, laid-out deck): the last unit's only


def open_session(kit, prepared_images: dict, part_cache) -> Session:
    from kit.boundary import resource_roots
    from kit.fetcher import KitFetcher
    from kit.render import Renderer
    from kit.templating import environment

    fetcher = KitFetcher(resource_roots(kit.root), prepared_images, kit_root=kit.root)
    return Session(kit, environment(kit.root), Renderer(fetcher), part_cache)


def renderer_of(name: str):
    module, _, function = RENDERERS.get(name, name).partition(":")
    return getattr(importlib.import_module(module), function)


def css_references(path: Path) -> list[str]:
    """The files a stylesheet names (url() and @import), as absolute paths."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = []
    for url, imported in CSS_URL.findall(text):
        target = (url or imported).strip()
        if not target or ":" in target.split("/")[0]:
            continue  # data:, file:, http: ... (the fetcher serves or refuses those itself)
        found.append(str((path.parent / target.split("#")[0].split("?")[0]).resolve()))
    return found


def marks(session: Session) -> tuple[int, int]:
    """Where the lists of templates handed out and files served stand now."""
    return len(session.env.read), len(session.renderer.fetcher.served)


def served_files(served) -> set[str]:
    """Files the fetcher served, with the fonts and images the served stylesheets name."""
    files = set()
    for path in served:
        files.add(str(Path(path).resolve()))
        if str(path).endswith(".css"):
            files.update(css_references(Path(path)))
    return files


def read_since(session: Session, since: tuple[int, int]) -> list[str]:
    """Every file read since `marks()` gave `since`: templates and served files."""
    templates = {str(Path(t).resolve()) for t in session.env.read[since[0]:] if t}
    return sorted(templates | served_files(session.renderer.fetcher.served[since[1]:]))


@contextlib.contextmanager
def reading(session: Session):
    """Collects, into the list it yields, every file read by what runs inside the block."""
    read: list[str] = []
    session.env.read.clear()
    session.renderer.fetcher.served.clear()
    try:
        yield read
    finally:
        read += read_since(session, (0, 0))


def render(session: Session, job) -> RenderResult:
    """Make one output. Problems in the kit come back as problems, never as exceptions."""
    started = time.perf_counter()
    with reading(session) as read:
        try:
            made = renderer_of(job.output.renderer)(session.kit, job, session)
        except KitError as exc:
            made = Made(b"", 0, list(exc.problems))
    parts, used = session.parts.take()
    return RenderResult(made.pdf, made.pages, made.problems, time.perf_counter() - started,
                        sorted(set(read) | set(made.reused)), made.html, made.text, parts, used)


def where(kit, job) -> Location:
    return Location(kit.unit(job.unit_id).path if job.unit_id else "kit.yaml")


def base_url(kit) -> str:
    return kit.root.resolve().as_uri() + "/"


def typeset(kit, job, session: Session, html: str):
    """`html` typeset as the job's one document: padded to an even page count if its kind asks, and
    with its near-empty pages among its problems, as warnings, if its kind is checked for them."""
    from kit.pagefill import fill_warnings

    rendered = session.renderer.render(html, base_url(kit), where(kit, job), job.output.pad_to_even,
                                       measure_fill=job.output.checks_fill)
    rendered.problems += fill_warnings(rendered.sparse, job.path.name, where(kit, job))
    return rendered


def render_page(kit, job, session: Session) -> Made:
    """An output that is one HTML document of its unit, typeset as it is."""
    from kit.templating import render_html
    from kit.views import document_view

    html = render_html(session.env, kit.root, job.output, document_view(kit, job))
    rendered = typeset(kit, job, session, html)
    return Made(rendered.pdf, rendered.pages, rendered.problems, html)
