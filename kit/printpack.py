"""The print pack: the front page of the build folder.

`build/print-pack.html` shows every output in the folder (not only the last build's: after a
`--unit` or `--output` build the others are still listed, and those whose inputs changed since
they were built are marked stale), each with a thumbnail of its first page, its pages, paper,
sides and the edge to flip on for double-sided printing, and who it is for. Then the class sets:
student documents are printed once per student, teacher documents once; slides and the web
editions take no paper. The student book holds every unit's handout, so a teacher prints the
handouts or the book: the pack gives the sheets for each choice instead of adding both. A
foundation edition is another choice: each student gets one edition.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from pathlib import Path

from kit.output import write_atomically
from kit.outputs import KINDS, OutputKind

PRINT_PACK = "print-pack.html"
THUMB_WIDTH = 150  # px


@dataclass(frozen=True)
class PackRow:
    file: str
    kind: str
    pages: int
    single_sided: int      # sheets for one copy, printed on one side
    double_sided: int      # sheets for one copy, printed on both sides
    copies: int            # copies for the class (0 for projected slides and web editions)
    class_sheets: int      # double-sided sheets for all copies
    output: OutputKind
    paper: str = "a4"
    unit_id: str | None = None
    stale: str = ""        # why the file no longer matches the kit ("" when it does)
    thumbnail: str = ""    # a data: URL of a PNG of its first page ("" when there is none)

    @property
    def audience(self) -> str:
        kind = self.output
        if not kind.paged:
            return kind.audience
        if kind.projected:
            return "projected"
        return "each student" if kind.copies_per_student else "teacher"

    @property
    def printed(self) -> bool:
        return self.output.on_paper

    @property
    def paper_label(self) -> str:
        if not self.output.paged:
            return {"zip": "screen (HTML)" if self.output.choice == "web" else "import file", "docx": "Word document",
                    "pptx": "PowerPoint", "xml": "import file", "pdfpc": "presenter file"}.get(self.output.format,
                                                                                             self.output.format)
        if self.output.slide_size:
            return "16:9 slides"
        return {"a4": "A4", "letter": "US Letter"}.get(self.paper, self.paper)

    @property
    def sides(self) -> str:
        kind = self.output
        if kind.use:
            return kind.use
        if kind.projected:
            return "projected, not printed"
        if not kind.flip:
            return "one-sided"
        if self.pages < 2:
            return "one-sided (one page)"
        edge = f"double-sided, flip on the {kind.flip} edge"
        return edge + (" (the backs line up with the fronts only so)" if kind.name == "cards" else "")


@dataclass
class ClassSets:
    """Sheets for a class: what every student gets, and the choices between handouts and book."""

    class_size: int
    always: list[PackRow] = field(default_factory=list)       # every student, whatever the choice
    choices: list[tuple[str, list[PackRow]]] = field(default_factory=list)  # (name, rows) to choose among
    teacher: list[PackRow] = field(default_factory=list)

    @property
    def editions(self) -> bool:
        """The choices include a foundation edition (so each student gets one of two editions)."""
        return any(r.output.edition != "standard" for _, rows in self.choices for r in rows)

    @property
    def books(self) -> bool:
        """The choices include a book (which holds every unit's handout of its edition)."""
        return any(r.output.instead_of for _, rows in self.choices for r in rows)

    def sheets(self, rows) -> int:
        return sum(r.class_sheets for r in rows)

    @property
    def options(self) -> list[tuple[str, int]]:
        """(what the teacher prints, sheets in all) for each choice (one, when there is nothing to choose)."""
        common = self.sheets(self.always) + self.sheets(self.teacher)
        if not self.choices:
            return [("everything listed", common)]
        return [(name, common + self.sheets(rows)) for name, rows in self.choices]


def _row(job, pages: int, class_size: int, stale: str = "", thumbnail: str = "") -> PackRow:
    kind = job.output
    printed = kind.on_paper
    copies = (class_size * kind.copies_per_student or 1) if printed else 0
    double = math.ceil(pages / 2) if kind.flip else pages
    return PackRow(job.path.name, kind.name, pages, pages if printed else 0, double if printed else 0, copies,
                   double * copies, kind, job.paper, job.unit_id, stale, thumbnail)


def pack_rows(built, class_size: int) -> list[PackRow]:
    """A row for each output of a build (`Built` items)."""
    return [_row(item.job, item.pages, class_size) for item in built]


CHOICE_NAMES = {("standard", False): "the unit handouts", ("standard", True): "the student book",
                ("foundation", False): "the foundation handouts", ("foundation", True): "the foundation book"}


def class_sets(rows: list[PackRow], class_size: int) -> ClassSets:
    """Each student gets one copy of one edition (standard or foundation), as unit handouts or as a
    book: when the build holds more than one of these, they are the choices, each counted for the
    whole class; what every student gets besides (3-up handouts, cards, reader) is always printed."""
    sets = ClassSets(class_size)
    printed = [r for r in rows if r.printed]
    sets.teacher = [r for r in printed if not r.output.copies_per_student]
    students = [r for r in printed if r.output.copies_per_student]
    replaced = {r.output.instead_of for r in students if r.output.instead_of}
    groups: dict[tuple[str, bool], list[PackRow]] = {}
    for r in students:
        if r.output.instead_of or r.kind in replaced or r.output.edition != "standard":
            groups.setdefault((r.output.edition, bool(r.output.instead_of)), []).append(r)
        else:
            sets.always.append(r)
    if len(groups) > 1:
        sets.choices = [(CHOICE_NAMES.get(key, f"the {key[0]} edition"), groups[key])
                        for key in sorted(groups, key=lambda k: (k[0] != "standard", k[0], k[1]))]
    else:
        sets.always += [r for group in groups.values() for r in group]
    return sets


def present_rows(kit, built, manifest, root: Path, out_dir: Path, class_size: int) -> list[PackRow]:
    """A row for every output in the build folder that kit wrote there: this build's and earlier
    builds' (stale when its inputs changed since), in the kit's order: units first, then the
    outputs of the whole kit."""
    from kit.cache import Keys
    from kit.plan import Job

    snapshot = manifest.snapshot(root)
    keys = Keys(kit, snapshot)
    units = {u.unit.id: n for n, u in enumerate(kit.units, 1)}
    jobs = {item.job.path.name: item.job for item in built}
    for name, entry in manifest.outputs.items():
        if name not in jobs and entry.get("kind") in KINDS:
            jobs[name] = Job(entry["kind"], Path(out_dir) / name, entry.get("paper") or kit.config.paper,
                             entry.get("unit"))
    order = list(KINDS)
    rows = []
    for name, job in jobs.items():
        if not job.path.is_file() or job.path.is_symlink():
            continue
        entry = manifest.outputs.get(name, {})
        if job.unit_id is not None and job.unit_id not in units:
            stale = "its unit is no longer in the kit"
        elif not manifest.fresh(job, keys.key(job), snapshot, False):
            stale = "changed since it was built: build again"
        else:
            stale = ""
        rows.append((units.get(job.unit_id, len(units) + 1) if job.unit_id else len(units) + 2,
                     order.index(job.kind), name,
                     _row(job, entry.get("pages", 0), class_size, stale, thumbnail(manifest, job, entry))))
    return [row for *_, row in sorted(rows, key=lambda r: r[:3])]


def thumbnail(manifest, job, entry: dict) -> str:
    """A data: URL of a PNG of the first page of a PDF output, kept in the cache folder by the PDF's
    content; "" for other outputs or when the page cannot be drawn."""
    from kit.cache import read_file, write_file

    sha = (entry.get("pdf") or {}).get("sha256")
    if not job.output.paged or not sha:
        return ""
    stored = Path(manifest.folder) / "thumbs" / f"{sha}-{THUMB_WIDTH}.png"
    png = read_file(stored)
    if png is None:
        from kit.preview import page_png

        try:
            png = page_png(job.path, 0, THUMB_WIDTH)
        except Exception:  # noqa: BLE001 - a PDF changed by hand may not open: the pack shows no picture
            png = None
        if png is None:
            return ""
        write_file(stored, png)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def pack_text(rows: list[PackRow], class_size: int) -> str:
    from kit.report import table

    body = [[r.file, r.pages, r.paper_label, r.double_sided, r.copies, r.class_sheets, r.sides]
            if r.printed else [r.file, r.pages or "-", r.paper_label, "-", "-", "-", r.sides] for r in rows]
    body = [row[:-1] + [row[-1] + (f"; STALE: {r.stale}" if r.stale else "")] for row, r in zip(body, rows)]
    lines = [f"Print pack for a class of {class_size}:",
             table(["file", "pages", "paper", "2-sided", "copies", "class sheets", "sides"], body, right=(1, 3, 4, 5))]
    for name, sheets in class_sets(rows, class_size).options:
        lines.append(f"Class set, printing {name}: {sheets} sheets (double-sided)")
    return "\n".join(lines)


def write_print_pack(kit, rows: list[PackRow], out_dir: Path, class_size: int) -> tuple[bytes, str]:
    """Write build/print-pack.html; return what was written and the same table as text."""
    from kit.templating import environment, render_html_template
    from kit.views import kit_view

    titles = {u.unit.id: (n, u.unit.title) for n, u in enumerate(kit.units, 1)}
    groups: list[dict] = []
    for row in rows:
        number, title = titles.get(row.unit_id, (0, row.unit_id)) if row.unit_id else (0, "")
        heading = f"Unit {number}: {title}" if number else (f"Unit '{row.unit_id}'" if row.unit_id else "The whole kit")
        if not groups or groups[-1]["heading"] != heading:
            groups.append({"heading": heading, "rows": []})
        groups[-1]["rows"].append(row)
    html = render_html_template(environment(kit.root), "print-pack.html", {
        "kit": kit_view(kit, False, kit.config.paper), "rows": rows, "groups": groups, "class_size": class_size,
        "sets": class_sets(rows, class_size), "stale": [r for r in rows if r.stale]})
    data = html.encode("utf-8")
    target = Path(out_dir) / PRINT_PACK
    if target.is_symlink() or not target.is_file() or target.read_bytes() != data:
        write_atomically(target, data)
    return data, pack_text(rows, class_size)
