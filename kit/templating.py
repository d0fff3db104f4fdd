"""Jinja2 templates: a kit's own templates/ first, then the defaults shipped with kit.

Autoescape is on and undefined names are errors. `{% extends "default/handout.html" %}` in a
kit's template extends the shipped default of the same name.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined,
                    TemplateError, TemplateNotFound)

from kit.errors import KitError, Location, Problem
from kit.outputs import OutputKind, kind_of

DEFAULT_TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path(__file__).parent / "fonts"
SLIDE_SIZE = "254mm 142.875mm"  # 16:9


def template_dirs(root: Path) -> list[Path]:
    own = root / "templates"
    return ([own] if own.is_dir() else []) + [DEFAULT_TEMPLATES]


class KitEnvironment(Environment):
    """Notes in `read` the file of every template it hands out (include, import and extends too)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: list[str] = []

    def get_template(self, *args, **kwargs):
        template = super().get_template(*args, **kwargs)
        self.read.append(template.filename)
        return template

    def select_template(self, *args, **kwargs):
        template = super().select_template(*args, **kwargs)
        self.read.append(template.filename)
        return template


def environment(root: Path) -> KitEnvironment:
    loader = ChoiceLoader([PrefixLoader({"default": FileSystemLoader(DEFAULT_TEMPLATES)}),
                           FileSystemLoader([str(d) for d in template_dirs(root)])])
    return KitEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def output_kind(kind: str | OutputKind) -> OutputKind:
    return kind_of(kind) if isinstance(kind, str) else kind


def stylesheet_paths(root: Path, kind: str) -> list[Path]:
    """The stylesheets for an output kind, each from the kit's templates/ if it has one."""
    return [next(d / name for d in template_dirs(root) if (d / name).is_file()).resolve()
            for name in output_kind(kind).stylesheets]


def stylesheets(root: Path, kind: str) -> list[str]:
    return [path.as_uri() for path in stylesheet_paths(root, kind)]


def render_html_template(env: Environment, name: str, context: dict) -> str:
    try:
        return env.get_template(name).render(context)
    except TemplateError as exc:
        where = Location(f"templates/{getattr(exc, 'name', None) or name}", getattr(exc, "lineno", 0) or 0)
        raise KitError([Problem(where, f"template error: {exc.message}", "template")]) from None


def render_html(env: Environment, root: Path, kind: str, view: dict) -> str:
    kind = output_kind(kind)
    name = kind.template
    page_size = SLIDE_SIZE if kind.slide_size else view["kit"]["page_size"]
    context = {**view, "stylesheets": stylesheets(root, kind), "page_size": page_size,
               "body_class": view.get("body_class") or kind.name}
    try:
        return env.get_template(name).render(context)
    except TemplateNotFound as exc:
        searched = ", ".join(str(d) for d in template_dirs(root))
        raise KitError([Problem(Location(f"templates/{name}"), f"template '{exc.name}' not found "
                                f"(searched: {searched})", "template")]) from None
    except TemplateError as exc:
        where = Location(f"templates/{getattr(exc, 'name', None) or name}", getattr(exc, "lineno", 0) or 0)
        raise KitError([Problem(where, f"template error: {exc.message}", "template")]) from None
