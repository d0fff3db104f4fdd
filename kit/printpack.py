"""The print pack: every PDF of a build, its pages, and the sheets it takes to print.

Student documents are printed once per student; teacher documents once. Slides are projected
and take no sheets, but their notes and 3-up handouts do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from kit.output import write_atomically
from kit.outputs import OutputKind

PRINT_PACK = "print-pack.html"



@dataclass(frozen=True)
class PackRow:
    file: str
    kind: str
    pages: int
    single_sided: int      # sheets for one copy, printed on one side
    double_sided: int      # sheets for one copy, printed on both sides
    copies: int            # copies for the class (0 for projected slides)
    class_sheets: int      # double-sided sheets for all copies
    output: OutputKind

    @property
    def audience(self) -> str:
        kind = self.output
        if kind.projected:
            return "projected"
        return "each student" if kind.copies_per_student else "teacher"


def pack_rows(built, class_size: int) -> list[PackRow]:
    rows = []
    for item in built:
        kind, pages = item.job.output, item.pages
        if not kind.printed:  # a Word document or a quiz file: edited or imported, not printed as it is
            continue
        copies = 0 if kind.projected else class_size * kind.copies_per_student or 1
        double = math.ceil(pages / 2)
        rows.append(PackRow(item.job.path.name, kind.name, pages, pages, double, copies, double * copies, kind))
    return rows


def pack_text(rows: list[PackRow], class_size: int) -> str:
    from kit.terminal import printable

    lines = [f"Print pack for a class of {class_size}:",
             f"{'file':<30} {'pages':>5} {'sheets 1-sided':>14} {'2-sided':>7}  {'copies':>6} {'class sheets':>12}"]
    for r in rows:
        projected = r.output.projected
        copies = "-" if projected else str(r.copies)
        sheets = "-" if projected else str(r.class_sheets)
        lines.append(f"{printable(r.file):<30} {r.pages:>5} {r.single_sided:>14} {r.double_sided:>7}  "
                     f"{copies:>6} {sheets:>12}")
    lines.append(f"{'total (double-sided)':<30} {'':>5} {'':>14} {'':>7}  {'':>6} "
                 f"{sum(r.class_sheets for r in rows):>12}")
    return "\n".join(lines)


def write_print_pack(kit, built, out_dir: Path, class_size: int) -> tuple[bytes, str]:
    """Write build/print-pack.html; return what was written and the same table as text."""
    from kit.templating import environment, render_html_template
    from kit.views import kit_view

    rows = pack_rows(built, class_size)
    html = render_html_template(environment(kit.root), "print-pack.html", {
        "kit": kit_view(kit, False, kit.config.paper), "rows": rows, "class_size": class_size,
        "total": sum(r.class_sheets for r in rows)})
    data = html.encode("utf-8")
    write_atomically(Path(out_dir) / PRINT_PACK, data)
    return data, pack_text(rows, class_size)
