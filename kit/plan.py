"""Which files a build writes, and where: decided before anything is rendered."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kit.outputs import KINDS, OutputKind


@dataclass(frozen=True)
class Job:
    kind: str            # the name of its OutputKind (kit/outputs.py)
    path: Path
    paper: str           # a4 or letter (a kind with slide_size ignores it)
    unit_id: str | None  # None for an output of the whole kit
    output: OutputKind = field(default=None, compare=False, repr=False)  # KINDS[kind] unless given

    def __post_init__(self):
        if self.output is None:
            object.__setattr__(self, "output", KINDS[self.kind])

    @property
    def for_teacher(self) -> bool:
        return self.output.for_teacher


def plan_outputs(kit, out_dir: Path, paper: str | None = None, outputs=None, unit_ids=None) -> list[Job]:
    """One Job per output. `outputs` picks among the kinds' choices (default: kit.yaml's).

    With `unit_ids`, only those units are built, and outputs of the whole kit only when asked for.
    On a paper size other than kit.yaml's, the name of every file laid out on paper ends in -letter
    (or -a4), so both sizes live side by side; slides and quiz files are the same on either.
    """
    paper = paper or kit.config.paper
    # a build on the other paper size gets names of its own, so A4 and Letter files live side by side
    suffix = "" if paper == kit.config.paper else f"-{paper}"

    def path(kind: OutputKind, name: str) -> Path:
        if not kind.paper_sized:
            return out_dir / name
        name = Path(name)
        return out_dir / f"{name.stem}{suffix}{name.suffix}"

    wanted = set(outputs or kit.config.outputs)
    kinds = [kind for kind in KINDS.values() if kind.choice in wanted
             and not (kind.needs_glossary and not kit.terms())]
    jobs = []
    for number, entry in enumerate(kit.units, start=1):
        if unit_ids and entry.unit.id not in unit_ids:
            continue
        jobs += [Job(kind.name, path(kind, kind.file_name(number, entry.unit.id)), paper, entry.unit.id, kind)
                 for kind in kinds if kind.scope == "unit"]
    if not (unit_ids and not outputs):
        jobs += [Job(kind.name, path(kind, kind.file_name()), paper, None, kind) for kind in kinds if kind.scope == "kit"]
    return jobs
