"""Jinja2 templates: a kit's own templates/ first, then the defaults shipped with kit.

Autoescape is on and undefined names are errors. `{% extends "default/handout.html" %}` in a
kit's template extends the shipped default of the same name.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined,
                    TemplateError, TemplateNotFound)

from kit.errors import KitError, Location, Problem

DEFAULT_TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path(__file__).parent / "fonts"
TEMPLATE_OF = {"handout": "handout.html", "teacher": "handout.html", "slides": "slides.html",
               "notes": "notes.html", "3up": "three-up.html", "cards": "cards.html",
               "student-book": "book.html", "teacher-book": "book.html"}
SLIDE_HANDOUT_STYLESHEETS = ("fonts.css", "print.css", "slide-content.css", "notes.css", "kit.css")
STYLESHEETS_OF = {"slides": ("fonts.css", "slide-content.css", "slides.css", "kit.css"),
                  "notes": SLIDE_HANDOUT_STYLESHEETS, "3up": SLIDE_HANDOUT_STYLESHEETS,
                  "cards": ("fonts.css", "cards.css", "kit.css")}
PRINT_STYLESHEETS = ("fonts.css", "print.css", "kit.css")
SLIDE_SIZE = "254mm 142.875mm"  # 16:9


def template_dirs(root: Path) -> list[Path]:
    own = root / "templates"
    return ([own] if own.is_dir() else []) + [DEFAULT_TEMPLATES]


def environment(root: Path) -> Environment:
    loader = ChoiceLoader([PrefixLoader({"default": FileSystemLoader(DEFAULT_TEMPLATES)}),
                           FileSystemLoader([str(d) for d in template_dirs(root)])])
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def stylesheet_paths(root: Path, kind: str) -> list[Path]:
    """The stylesheets for an output kind, each from the kit's templates/ if it has one."""
    return [next(d / name for d in template_dirs(root) if (d / name).is_file()).resolve()
            for name in STYLESHEETS_OF.get(kind, PRINT_STYLESHEETS)]


def stylesheets(root: Path, kind: str) -> list[str]:
    return [path.as_uri() for path in stylesheet_paths(root, kind)]


def render_html_template(env: Environment, name: str, context: dict) -> str:
    try:
        return env.get_template(name).render(context)
    except TemplateError as exc:
        where = Location(f"templates/{getattr(exc, 'name', None) or name}", getattr(exc, "lineno", 0) or 0)
        raise KitError([Problem(where, f"template error: {exc.message}", "template")]) from None


def render_html(env: Environment, root: Path, kind: str, view: dict) -> str:
    name = TEMPLATE_OF[kind]
    page_size = SLIDE_SIZE if kind == "slides" else view["kit"]["page_size"]
    context = {**view, "stylesheets": stylesheets(root, kind), "page_size": page_size,
               "body_class": view.get("body_class") or ("book" if kind.endswith("book") else kind)}
    try:
        return env.get_template(name).render(context)
    except TemplateNotFound as exc:
        searched = ", ".join(str(d) for d in template_dirs(root))
        raise KitError([Problem(Location(f"templates/{name}"), f"template '{exc.name}' not found "
                                f"(searched: {searched})", "template")]) from None
    except TemplateError as exc:
        where = Location(f"templates/{getattr(exc, 'name', None) or name}", getattr(exc, "lineno", 0) or 0)
        raise KitError([Problem(where, f"template error: {exc.message}", "template")]) from None
