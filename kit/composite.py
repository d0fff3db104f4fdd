"""The outputs made of every unit (the student and teacher books, the glossary cards), rendered
in parts, one per unit, and joined into one PDF.

Rendered as one document, a book of a big kit holds every laid-out page in memory at once
(about 1.7 MB a page: 2.3 GB for 1,300 pages) and must be laid out again in full after any
edit. In parts, a book needs the memory of its largest unit, and a part whose HTML (and every
file its render reads) is unchanged is taken from the part cache (kit/partcache.py).

A book is: a front part (the cover and the contents), then one part per unit, the closing
source note in the last. Every part is padded to an even page count, so each unit starts on a
right-hand page; its first page number is set with `@page :first { counter-reset: page N }`.
The contents needs the page each unit starts on, and the units need to know how many pages the
front part takes: so the front part is laid out first (only laid out: no PDF is written) with
every page number 0, then the units, then the front part with the real numbers (and the units
again, if the numbers changed its length).

Glossary cards have one part per unit with terms: each unit's cards start on a new sheet and
are numbered on from the earlier units' cards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kit.errors import Location, Problem
from kit.partcache import Part
from kit.renderers import Made

MAX_FRONT_PASSES = 3
FRONT = " front"  # the front part's name (views.part_views; a unit id has no space)
HREF = re.compile(r'href="#([^"]+)"')
ID = re.compile(r'\sid="([^"]+)"')


@dataclass
class PartPlan:
    name: str           # FRONT, or the unit's id
    view: dict
    where: Location
    first_page: int = 1


def _start_page_css(first_page: int) -> str:
    return f"<style>@page :first {{ counter-reset: page {first_page} }}</style>"


def _with(html: str, head: str = "", body_end: str = "") -> str:
    if head:
        at = html.find("</head>")
        html = html[:at] + head + html[at:] if at >= 0 else head + html
    if body_end:
        at = html.rfind("</body>")
        html = html[:at] + body_end + html[at:] if at >= 0 else html + body_end
    return html


def _stubs(missing: list[str]) -> str:
    """Stand-in anchors, so that WeasyPrint keeps the links to targets in other parts (the join
    points them at the real targets: kit/pdfjoin.py)."""
    from markupsafe import escape

    spans = "".join(f'<span id="{escape(name)}"></span>' for name in missing)
    return f'<div style="position: absolute; width: 0; height: 0; overflow: hidden">{spans}</div>'


class PartRenderer:
    """Renders the parts of one output, each through the part cache."""

    def __init__(self, kit, job, session):
        self.kit, self.job = kit, job
        self.env, self.renderer, self.cache = session.env, session.renderer, session.parts
        self.base_url = kit.root.resolve().as_uri() + "/"
        self.problems: list[Problem] = []
        self.html: dict[str, str] = {}
        self._templated: dict[str, str] = {}

    def templated(self, plan: PartPlan) -> str:
        """The part's HTML from its template (a unit part's does not depend on its first page;
        the front part's changes with the contents' page numbers: it is not kept)."""
        from kit.templating import render_html

        if plan.name in self._templated:
            return self._templated[plan.name]
        html = render_html(self.env, self.kit.root, self.job.output, plan.view)
        if plan.name != FRONT:
            self._templated[plan.name] = html
        return html

    def html_of(self, plan: PartPlan, ids_elsewhere: set[str]) -> tuple[str, set[str]]:
        html = self.templated(plan)
        own = set(ID.findall(html))
        missing = sorted({name for name in HREF.findall(html) if name not in own and name in ids_elsewhere})
        html = _with(html, _start_page_css(plan.first_page) if plan.first_page != 1 else "",
                     _stubs(missing) if missing else "")
        self.html[plan.name] = html
        return html, set(missing)

    def render(self, plan: PartPlan, ids_elsewhere: set[str], pages_only: bool = False) -> Part:
        """One part, through the part cache; its pdf is b"" when it had problems, or when only its
        page count is wanted (it is then only laid out)."""
        from kit.leaks import pdf_text
        from kit.renderers import served_files

        html, stubs = self.html_of(plan, ids_elsewhere)
        key = self.cache.key(html, "pages" if pages_only else "pdf")
        served = self.renderer.fetcher.served
        wants_text = not pages_only and not self.job.for_teacher  # the leak guard reads a student output
        cached = self.cache.get(key)
        if cached is not None and (cached.text is not None or not wants_text):
            served.extend(self.cache.paths(cached))  # what its render read: the output depends on it
            return Part(cached.pdf, cached.pages, text=cached.text, stubs=frozenset(stubs), sparse=cached.sparse)
        mark = len(served)
        rendered = self.renderer.render(html, self.base_url, plan.where, True, write=not pages_only,
                                        measure_fill=not pages_only and self.job.output.checks_fill)
        if rendered.problems:
            self.problems += rendered.problems
            return Part(b"", 0, stubs=frozenset(stubs))
        files = sorted(served_files(served[mark:]))
        text = pdf_text(rendered.pdf) if wants_text else None
        self.cache.put(key, rendered.pdf, rendered.pages, files, text, rendered.sparse)
        return Part(rendered.pdf, rendered.pages, text=text, stubs=frozenset(stubs), sparse=tuple(rendered.sparse))

    def joined_html(self) -> str:
        return "\n".join(f"<!-- part: {name} -->\n{html}" for name, html in self.html.items())


def _ids(parts: PartRenderer, plans: list[PartPlan]) -> set[str]:
    return {name for plan in plans for name in ID.findall(parts.templated(plan))}


def _book(parts: PartRenderer, plans: list[PartPlan]) -> list[Part]:
    front, units = plans[0], plans[1:]
    contents = front.view["contents"]
    everywhere = _ids(parts, plans)
    front_pages = parts.render(front, everywhere, pages_only=True).pages
    for _ in range(MAX_FRONT_PASSES):
        if parts.problems:
            return []
        body, start = [], front_pages + 1
        for plan, entry in zip(units, contents):
            plan.first_page = entry["page"] = start
            body.append(parts.render(plan, everywhere))
            start += body[-1].pages
        if parts.problems:
            return []
        front_part = parts.render(front, everywhere)
        if front_part.pages == front_pages or parts.problems:
            return [front_part] + body
        front_pages = front_part.pages  # the real page numbers made the contents longer: number the units again
    raise RuntimeError(f"the contents of {parts.job.path.name} kept changing length with its page numbers")


def _cards(parts: PartRenderer, plans: list[PartPlan]) -> list[Part]:
    return [parts.render(plan, set()) for plan in plans]


def render_book(kit, job, session) -> Made:
    return _render_in_parts(kit, job, session, _book)


def render_cards(kit, job, session) -> Made:
    return _render_in_parts(kit, job, session, _cards)


def _render_in_parts(kit, job, session, lay_out) -> Made:
    """A book or the glossary cards, rendered in parts and joined. Its HTML is that of every part,
    one after another (for `kit build --html`); a student output's text is the text of its parts
    (the same as the joined PDF's, which is then not read again for the leak guard)."""
    from kit.pdfjoin import join_pdfs
    from kit.views import part_views

    parts = PartRenderer(kit, job, session)
    plans = [PartPlan(name, view, Location(where)) for name, where, view in part_views(kit, job)]
    rendered = lay_out(parts, plans)
    html = parts.joined_html()
    if parts.problems or not rendered:
        return Made(b"", 0, parts.problems, html)
    text = "\n".join(part.text for part in rendered) if all(part.text is not None for part in rendered) else None
    return Made(join_pdfs([part.pdf for part in rendered], [part.stubs for part in rendered]),
                sum(part.pages for part in rendered), _fill_warnings(job, plans, rendered), html, text)


def _fill_warnings(job, plans: list[PartPlan], rendered: list[Part]) -> list[Problem]:
    """The near-empty pages of every part, numbered as in the joined output."""
    from kit.pagefill import fill_warnings

    warnings, first = [], 1
    for plan, part in zip(plans, rendered):
        warnings += fill_warnings(list(part.sparse), job.path.name, plan.where, first)
        first += part.pages
    return warnings
