"""Jinja2 templates: a kit's own templates/ first, then the defaults shipped with kit.

Autoescape is on and undefined names are errors. `{% extends "default/handout.html" %}` in a
kit's template extends the shipped default of the same name.

A kit may come from a stranger, and its templates with it, so they render in Jinja's immutable
sandbox (no attribute that starts with an underscore, no call that changes a list or a dict) with
limits a render keeps to: the size of a range and of all ranges together, the size of what `*`,
`**`, `+` and `%` may make, the size of the page and the time it takes. Every template file is read
through the kit's boundary: a regular file, inside the folder it belongs to, of limited size.
Whatever a template does wrong ends as one problem located at its file and line.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

from jinja2 import (BaseLoader, ChoiceLoader, PrefixLoader, StrictUndefined, TemplateError,
                    TemplateNotFound, TemplateSyntaxError)
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SecurityError, modifies_known_mutable
from jinja2.loaders import split_template_path

from kit.boundary import read_regular
from kit.errors import KitError, Location, Problem
from kit.outputs import OutputKind, kind_of

DEFAULT_TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path(__file__).parent / "fonts"
SLIDE_SIZE = "254mm 142.875mm"  # 16:9

MAX_TEMPLATE_BYTES = 1_000_000      # one template file
MAX_RANGE_TOTAL = 100_000           # numbers all the range() calls of one render may produce together
MAX_VALUE_LENGTH = 5_000_000        # characters (or items) one `*`, `+`, `%` or filter may make
MAX_NUMBER_BITS = 4_096             # size of a whole number `*` or `**` may make
MAX_FORMAT_WIDTH = 10_000           # width or precision in a `%` or `.format` field
MAX_OUTPUT_CHARS = 20_000_000       # the rendered page
MAX_RENDER_SECONDS = 30.0           # one render
ONLY_LAYOUT = "templates may only lay out the data they are given"


class TemplateLimit(SecurityError):
    """A template went past one of the limits every render keeps to."""


def template_dirs(root: Path) -> list[Path]:
    own = root / "templates"
    return ([own] if own.is_dir() else []) + [DEFAULT_TEMPLATES]


class BoundedLoader(BaseLoader):
    """Templates from one folder, each read through the kit's boundary: its real path (links
    resolved) must be inside `boundary`, and it must be a regular file of at most
    MAX_TEMPLATE_BYTES. A file that fails is a KitError located at templates/NAME."""

    def __init__(self, folder: Path, boundary: Path):
        self.folder = Path(folder)
        self.boundary = Path(boundary)

    def get_source(self, environment, template):
        path = self.folder.joinpath(*split_template_path(template))  # '..' is not found
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        name = f"templates/{template}"
        data = read_regular(path, name, MAX_TEMPLATE_BYTES, self.boundary,
                            too_large="split the template into smaller ones with {% include %}")
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise KitError([Problem(Location(name), f"the template is not valid UTF-8 (byte {exc.start + 1}); "
                                    "save it as UTF-8", "encoding")]) from None
        filename = os.path.normpath(path)
        if isinstance(environment, KitEnvironment):
            environment.real_paths[filename] = os.path.realpath(path)
        mtime = _mtime(path)
        return source, filename, lambda: _mtime(path) == mtime

    def list_templates(self):
        found = []
        for folder, _, files in os.walk(self.folder):
            for file in files:
                found.append(Path(folder, file).relative_to(self.folder).as_posix())
        return sorted(found)


def _mtime(path) -> float | None:
    try:
        return os.path.getmtime(path)
    except OSError:
        return None


class KitEnvironment(ImmutableSandboxedEnvironment):
    """The environment kit renders in: Jinja's immutable sandbox with the render limits above.

    `read` is a list of the real paths (str) of the template files that were obtained through
    `get_template` or `select_template` (Jinja's include, import and extends go through them), in
    order, once per get: a caller clears it before a render and reads it after.
    """

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: list[str] = []
        self.real_paths: dict[str, str] = {}   # a loaded template's filename -> its real path
        self.range_total = 0
        self.deadline = math.inf
        self.globals["range"] = self.range
        self.globals["lipsum"] = _bounded_lipsum(self.globals["lipsum"])
        for name, check in _FILTER_CHECKS.items():
            self.filters[name] = _checked(self.filters[name], check)

    # --- what a render read ----------------------------------------------------------------

    def get_template(self, name, parent=None, globals=None):
        template = super().get_template(name, parent, globals)
        self._record(template)
        return template

    def select_template(self, names, parent=None, globals=None):
        template = super().select_template(names, parent, globals)
        self._record(template)
        return template

    def _record(self, template) -> None:
        if template.filename:
            self.read.append(self.real_paths.get(template.filename) or os.path.realpath(template.filename))

    # --- the limits ------------------------------------------------------------------------

    def begin_render(self) -> None:
        """Starts a render's budget: the range total and the clock."""
        self.range_total = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _too_slow()

    def range(self, *args):
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimit(f"range() of {len(numbers):,} numbers is more than the limit of {MAX_RANGE:,}; "
                                "loop over the data instead, or over a smaller range")
        self.range_total += len(numbers)
        if self.range_total > MAX_RANGE_TOTAL:
            raise TemplateLimit(f"the ranges of this render make more than {MAX_RANGE_TOTAL:,} numbers together; "
                                "look for a range() inside a loop and make it smaller")
        self.check_time()
        return numbers

    def call_binop(self, context, operator, left, right):
        self.check_time()
        if operator == "*":
            for items, times in ((left, right), (right, left)):
                if _sized(items) and _whole(times) and len(items) * times > MAX_VALUE_LENGTH:
                    raise _too_long(f"repeating {_kind(items)} {times:,} times")
            if _whole(left) and _whole(right) and abs(left).bit_length() + abs(right).bit_length() > MAX_NUMBER_BITS:
                raise _too_big("multiplying")
        elif operator == "**":
            if _whole(left) and _whole(right) and right > 0 and abs(left) > 1 \
                    and right * math.log2(abs(left)) > MAX_NUMBER_BITS:
                raise _too_big(f"raising to the power {right:,}")
        elif operator == "+":
            if _sized(left) and _sized(right) and len(left) + len(right) > MAX_VALUE_LENGTH:
                raise _too_long(f"joining {_kind(left)} and {_kind(right)}")
        elif operator == "%" and isinstance(left, str):
            _check_percent_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        __self.check_time()
        for value in (*args, *kwargs.values()):
            if _sized(value) and len(value) > MAX_VALUE_LENGTH:
                raise _too_long_value(value)
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"the template tried to call {getattr(__obj, '__name__', type(__obj).__name__)!r}, "
                                f"which templates may not use; {ONLY_LAYOUT}")
        return __context.call(__obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        value = super().getattr(obj, attribute)
        if isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
            raise _too_long_value(value)
        return value

    def unsafe_undefined(self, obj, attribute):
        """Refuses at once (Jinja would return an undefined that fails only when used)."""
        if modifies_known_mutable(obj, attribute):
            raise SecurityError(f"the template tried to change a {type(obj).__name__!r} with {attribute!r}, which "
                                f"templates may not do; {ONLY_LAYOUT}, not change it")
        raise SecurityError(f"the template tried to reach {attribute!r} of a {type(obj).__name__!r} object, which "
                            f"templates may not use; {ONLY_LAYOUT}")

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_brace_format(value.__self__)
        return wrapped

    # --- where it went wrong ---------------------------------------------------------------

    def handle_exception(self, source=None):
        """Notes the template and line the error happened at (the innermost template frame)
        on the exception, before Jinja rewrites its traceback."""
        exc, tb = sys.exc_info()[1:]
        if exc is not None and not isinstance(exc, TemplateSyntaxError) and not hasattr(exc, "kit_where"):
            where = None
            while tb is not None:
                template = tb.tb_frame.f_globals.get("__jinja_template__")
                if template is not None:
                    where = (template.name, template.get_corresponding_lineno(tb.tb_lineno))
                tb = tb.tb_next
            try:
                exc.kit_where = where
            except AttributeError:
                pass
            if isinstance(exc, RecursionError):
                raise exc.with_traceback(None)  # thousands of frames: not worth rewriting
        super().handle_exception(source)


def _too_slow() -> TemplateLimit:
    return TemplateLimit(f"the template took more than {MAX_RENDER_SECONDS:g} seconds to render; "
                         "look for loops inside loops and make them smaller")


@contextlib.contextmanager
def _alarm(seconds: float):
    """Interrupts a render still running after `seconds`, even in a loop where no hook of the
    environment runs (a loop over a long list with an empty body). Only where a signal can be
    used: in the main thread, with no other handler for SIGALRM."""
    usable = (seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN))
    if not usable:
        yield
        return

    def ring(signum, frame):
        raise _too_slow()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sized(value) -> bool:
    return isinstance(value, (str, list, tuple, bytes))


def _kind(value) -> str:
    return "a text" if isinstance(value, str) else f"a {type(value).__name__}"


def _too_long(what: str) -> TemplateLimit:
    return TemplateLimit(f"{what} would make more than {MAX_VALUE_LENGTH:,} characters or items, the limit "
                         "for one value; make it smaller")


def _too_long_value(value) -> TemplateLimit:
    return TemplateLimit(f"the template made {_kind(value)} of {len(value):,} characters or items, more than the "
                         f"limit of {MAX_VALUE_LENGTH:,} for one value; look for a value that doubles in a loop "
                         "or a macro")


def _too_big(what: str) -> TemplateLimit:
    return TemplateLimit(f"{what} would make a number of more than {MAX_NUMBER_BITS:,} bits, the limit; "
                         "use smaller numbers")


PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_width(width: str | None) -> None:
    if width == "*" or (width is not None and int(width) > MAX_FORMAT_WIDTH):
        raise TemplateLimit(f"a format field is wider than {MAX_FORMAT_WIDTH:,} characters (or its width is "
                            "given with '*'); use a smaller width")


def _check_percent_format(text: str) -> None:
    for width, precision in PERCENT_FIELD.findall(text):
        _check_width(width or None)
        _check_width(precision or None)


def _check_brace_format(text: str) -> None:
    text = text.replace("{{", "").replace("}}", "")
    if re.search(r"\{[^}]*\{", text):  # a width given by another field: '{:{w}}'
        _check_width("*")
    for field in re.findall(r"\{([^{}]*)\}", text):
        spec = field.split(":", 1)[1] if ":" in field else ""
        for number in re.findall(r"\d+", spec):
            _check_width(number)


def _checked(function, check):
    """`function` (a Jinja filter) that runs `check` on its arguments first (without the context,
    eval context or environment Jinja passes first to some filters)."""
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)
    def filter_(*args, **kwargs):
        check(*args[skip:], **kwargs)
        return function(*args, **kwargs)
    return filter_


def _check_center(value, width=80, *rest, **kwargs):
    if _whole(width) and width > MAX_VALUE_LENGTH:
        raise _too_long(f"center({width:,})")


def _check_indent(value, width=4, *rest, **kwargs):
    size = len(width) if isinstance(width, str) else width if _whole(width) else 0
    if size * (str(value).count("\n") + 1) + len(str(value)) > MAX_VALUE_LENGTH:
        raise _too_long("indent()")


def _check_format(value, *args, **kwargs):
    _check_percent_format(str(value))


def _check_replace(value, old, new, count=None):
    value, old, new = str(value), str(old), str(new)
    times = value.count(old) if count is None or count < 0 else min(count, value.count(old))
    if len(value) + times * (len(new) - len(old)) > MAX_VALUE_LENGTH:
        raise _too_long("replace()")


def _check_slice(value, slices, *rest, **kwargs):
    if _whole(slices) and slices > MAX_RANGE:
        raise TemplateLimit(f"slice({slices:,}) is more than the limit of {MAX_RANGE:,} slices; use fewer")


_FILTER_CHECKS = {"center": _check_center, "indent": _check_indent, "format": _check_format,
                  "replace": _check_replace, "slice": _check_slice}


def _bounded_lipsum(lipsum):
    @functools.wraps(lipsum)
    def bounded(n=5, html=True, min=20, max=100):
        if not (_whole(n) and _whole(max)) or n > 100 or max > 1000:
            raise TemplateLimit("lipsum() may make at most 100 paragraphs of at most 1,000 words")
        return lipsum(n, html, min, max)
    return bounded


def environment(root: Path) -> KitEnvironment:
    root = Path(root)
    own = [BoundedLoader(root / "templates", root)] if (root / "templates").is_dir() else []
    loader = ChoiceLoader([PrefixLoader({"default": BoundedLoader(DEFAULT_TEMPLATES, DEFAULT_TEMPLATES)}),
                           *own, BoundedLoader(DEFAULT_TEMPLATES, DEFAULT_TEMPLATES)])
    return KitEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)


def output_kind(kind: str | OutputKind) -> OutputKind:
    return kind_of(kind) if isinstance(kind, str) else kind


def stylesheet_paths(root: Path, kind: str | OutputKind) -> list[Path]:
    """The stylesheets for an output kind, each from the kit's templates/ if it has one."""
    return [next(d / name for d in template_dirs(root) if (d / name).is_file()).resolve()
            for name in output_kind(kind).stylesheets]


def stylesheets(root: Path, kind: str) -> list[str]:
    return [path.as_uri() for path in stylesheet_paths(root, kind)]


# What a template can do wrong while it renders: Jinja's own errors (SecurityError and the limits
# among them), a macro that calls itself without end, and arithmetic or type mistakes.
RENDER_ERRORS = (TemplateError, RecursionError, ArithmeticError, TypeError, ValueError)


def render_html_template(env: KitEnvironment, name: str, context: dict, searched: str = "") -> str:
    """The template `name` rendered with `context`, within the limits; any error in it is a KitError
    with one problem located at the template file (and line) where it happened."""
    env.begin_render()
    try:
        with _alarm(MAX_RENDER_SECONDS + 1):  # the hooks usually stop it first, and name the line
            return _render(env, name, context)
    except RENDER_ERRORS as exc:
        where, line = _where(exc, name)
        message = (f"template '{exc.name}' not found" + (f" (searched: {searched})" if searched else "")
                   if isinstance(exc, TemplateNotFound) else f"template error: {_message(exc)}")
        raise KitError([Problem(Location(f"templates/{where}", line), message, "template")]) from None


def _render(env: KitEnvironment, name: str, context: dict) -> str:
    """The page, taken a piece at a time so that its size and time are checked as it grows."""
    pieces = env.get_template(name).generate(context)
    chunks, size = [], 0
    for chunk in pieces:
        chunks.append(chunk)
        size += len(chunk)
        try:
            if size > MAX_OUTPUT_CHARS:
                raise TemplateLimit(f"the page is more than {MAX_OUTPUT_CHARS:,} characters long; look for "
                                    "loops inside loops and make them smaller")
            env.check_time()
        except TemplateLimit as exc:
            pieces.throw(exc)  # raised where the template is, so that the error names its line
    return "".join(chunks)


def _where(exc: BaseException, name: str) -> tuple[str, int]:
    """The template name and line an error happened at (line 0 when not known)."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.name or name, exc.lineno or 0
    noted = getattr(exc, "kit_where", None)
    if noted:
        return noted[0] or name, noted[1] or 0
    return name, 0


def _message(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return ("a macro or an include calls itself without end (Python's recursion limit was reached); "
                "make sure every macro that calls itself stops")
    if isinstance(exc, TemplateError):
        return exc.message or type(exc).__name__
    return f"{exc} ({type(exc).__name__})"


def render_html(env: KitEnvironment, root: Path, kind: str | OutputKind, view: dict) -> str:
    kind = output_kind(kind)
    name = kind.template
    page_size = SLIDE_SIZE if kind.slide_size else view["kit"]["page_size"]
    context = {**view, "stylesheets": stylesheets(root, kind), "page_size": page_size,
               "body_class": view.get("body_class") or kind.name}
    return render_html_template(env, name, context, searched=", ".join(str(d) for d in template_dirs(root)))
