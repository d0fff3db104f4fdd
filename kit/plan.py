"""Which PDFs a build writes, and where: decided before anything is rendered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

UNIT_KINDS = ("handout", "teacher", "slides", "notes", "3up")
TEACHER_KINDS = ("teacher", "notes", "teacher-book")
BOOK_KINDS = ("student-book", "teacher-book")


@dataclass(frozen=True)
class Job:
    kind: str            # handout, teacher, slides, notes, 3up, student-book or teacher-book
    path: Path
    paper: str           # a4 or letter (slides ignore it: they are 16:9)
    unit_id: str | None  # None for the books

    @property
    def for_teacher(self) -> bool:
        return self.kind in TEACHER_KINDS


def plan_outputs(kit, out_dir: Path, paper: str | None = None, outputs=None, unit_ids=None) -> list[Job]:
    """One Job per output. `outputs` picks among handout/teacher/slides/book (default: kit.yaml's).

    With `unit_ids`, only those units are built, and the books and cards only when asked for.
    """
    paper = paper or kit.config.paper
    wanted = set(outputs or kit.config.outputs)
    if unit_ids and not outputs:
        wanted -= {"book", "cards"}
    jobs = []
    for number, entry in enumerate(kit.units, start=1):
        if unit_ids and entry.unit.id not in unit_ids:
            continue
        for kind in UNIT_KINDS:
            if kind in wanted:
                name = f"{number:02d}-{entry.unit.id}-{kind}.pdf"
                jobs.append(Job(kind, out_dir / name, paper, entry.unit.id))
    if "book" in wanted:
        jobs += [Job(kind, out_dir / f"{kind}.pdf", paper, None) for kind in BOOK_KINDS]
    if "cards" in wanted and kit.terms():
        jobs.append(Job("cards", out_dir / "glossary-cards.pdf", paper, None))
    return jobs
