"""Load a kit folder: kit.yaml, units/*.yaml and the source text, checked as a whole.

`load_kit(root)` returns a LoadedKit or raises KitError with every problem of every file.
It never imports WeasyPrint or Pillow, so `kit check` stays fast.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kit import schema
from kit.boundary import inside, is_regular, links_leaving, read_regular, real
from kit.errors import KitError, Location, Problem, did_you_mean
from kit.sourcetext import SourceText, quotation_departure
from kit.validate import Collected, check_semantics, convert_document
from kit.yamlload import MAX_BYTES, Document, decode, load_file, problem_at

IMAGE_TYPES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".svg": None}
MAX_SOURCE_BYTES = 5_000_000


@dataclass(frozen=True)
class UnitFile:
    unit: schema.Unit
    path: str  # relative to the kit root, e.g. units/04-art11.yaml


@dataclass
class LoadedKit:
    root: Path
    config: schema.Kit
    units: list[UnitFile]
    source: SourceText | None
    collected: Collected = field(repr=False)
    warnings: list[Problem] = field(default_factory=list)

    def excerpts(self) -> dict[str, schema.SourceExcerpt]:
        return {q.id: q for q, _ in self.collected.quotations}

    def terms(self) -> list[schema.Term]:
        return [t for u in self.units for b in u.unit.blocks if isinstance(b, schema.GlossaryBlock)
                for t in b.items]

    def unit(self, unit_id: str) -> UnitFile:
        return next(u for u in self.units if u.unit.id == unit_id)


def unit_paths(root: Path) -> list[Path]:
    folder = root / "units"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def _read(path: Path, root: Path, problems: list[Problem], parse=None) -> Document | None:
    try:
        return load_file(path, path.relative_to(root).as_posix(), MAX_BYTES, root, parse)
    except KitError as exc:
        problems.extend(exc.problems)
        return None


def load_kit(root: Path, parse=None) -> LoadedKit:
    """The kit at `root`, checked as a whole. `parse(text, name)` parses a unit file (default:
    kit.yamlload.parse; a build passes its cache of earlier parses)."""
    root = Path(root)
    if not (root / "kit.yaml").is_file():
        raise KitError([Problem(Location(f"{root.as_posix().rstrip('/')}/kit.yaml"),
                                "no kit.yaml here: this folder is not a kit; run `kit new DIR` to start one",
                                "no-kit")])
    leaving = links_leaving(root)
    if leaving:  # nothing is read from a kit that reaches outside itself
        raise KitError(leaving)
    collected = Collected()
    problems = collected.problems
    kit_doc = _read(root / "kit.yaml", root, problems)
    config = convert_document(schema.Kit, kit_doc, collected) if kit_doc else None
    paths = unit_paths(root)
    if not paths:
        problems.append(Problem(Location("units/"), "the kit has no units: add a file such as "
                                "units/01-first.yaml", "no-units"))
    units = []
    for path in paths:
        doc = _read(path, root, problems, parse)
        if doc is None:
            continue
        unit = convert_document(schema.Unit, doc, collected)
        if unit is not None:
            check_semantics(unit, doc, collected)
            units.append(UnitFile(unit, doc.name))
    source = _load_source(root, config, kit_doc, problems) if config else None
    _check_ids(collected)
    if source is not None:
        _check_locators(source, collected)
        _check_quotations(source, collected)
    _check_images(root, collected)
    errors = [p for p in problems if p.severity == "error"]
    if errors or config is None:
        raise KitError(problems)
    return LoadedKit(root, config, units, source, collected)


def asset_path(root: Path, relative: str) -> Path | None:
    """The asset's real path when `relative` names a regular file inside assets/, else None."""
    if relative.startswith(("/", "\\")) or any(c in relative for c in "\\:\x00"):
        return None
    path = root / "assets" / relative
    if os.path.normpath(relative).startswith("..") or not inside(path, root) or not is_regular(path):
        return None
    return real(path)


def _load_source(root: Path, config: schema.Kit, doc: Document, problems: list[Problem]) -> SourceText | None:
    if config.source is None or config.source.text is None:
        return None
    path = asset_path(root, config.source.text)
    where = doc.where(("source", "text"))
    if path is None:
        problems.append(problem_at(where, f"the source text 'assets/{config.source.text}' does not exist "
                                   "inside the kit's assets/ folder; copy it there or fix source.text",
                                   "missing-asset", doc.lines))
        return None
    name = f"assets/{config.source.text}"
    try:
        return SourceText.from_text(decode(read_regular(path, name, MAX_SOURCE_BYTES, root), name))
    except KitError as exc:
        problems.extend(exc.problems)
    return None


def _check_ids(collected: Collected) -> None:
    first: dict[tuple[str, str], Location] = {}
    for kind, ident, where in collected.definitions:
        if (kind, ident) in first:
            collected.problems.append(Problem(where, f"duplicate {kind} id '{ident}': it is already used at "
                                      f"{first[kind, ident]}; give each {kind} its own id", "duplicate-id"))
        else:
            first[kind, ident] = where
    for kind, ident, where in collected.references:
        if (kind, ident) not in first:
            known = [i for k, i in first if k == kind]
            collected.problems.append(Problem(where, f"there is no {kind} with id '{ident}'"
                                      f"{did_you_mean(ident, known)}; check the spelling, or add the {kind}",
                                      "unknown-reference"))


def _check_locators(source: SourceText, collected: Collected) -> None:
    count = len(source.paragraphs)
    for locator, where in collected.locators:
        if locator.paragraph > count:
            collected.problems.append(Problem(where, f"paragraph {locator.paragraph} does not exist: the "
                                      f"source text has {count} paragraphs", "bad-locator"))
        elif locator.footnote is not None and locator.footnote not in source.footnotes(locator.paragraph):
            calls = source.footnotes(locator.paragraph)
            collected.problems.append(Problem(where, f"footnote {locator.footnote} is not called in paragraph "
                                      f"{locator.paragraph} (it calls: {', '.join(map(str, calls)) or 'none'}); "
                                      "check the locator", "bad-locator"))


def _check_quotations(source: SourceText, collected: Collected) -> None:
    words = source.words()
    for excerpt, where in collected.quotations:
        if excerpt.adapted:
            continue
        departure = quotation_departure(excerpt.text, words)
        if departure:
            collected.problems.append(Problem(where, f"source '{excerpt.id}': {departure}; quote the source "
                                      "word for word (mark omissions [...] and insertions [like this]), "
                                      "or set 'adapted: true'", "quotation"))


def _check_images(root: Path, collected: Collected) -> None:
    for relative, where in collected.images:
        suffix = Path(relative).suffix.lower()
        if suffix not in IMAGE_TYPES:
            collected.problems.append(Problem(where, f"'{relative}' is not an allowed image type; use PNG, "
                                      "JPEG or SVG", "bad-image"))
            continue
        path = asset_path(root, relative)
        if path is None:
            collected.problems.append(Problem(where, f"the image 'assets/{relative}' does not exist inside "
                                      "the kit's assets/ folder", "missing-asset"))
            continue
        magic = IMAGE_TYPES[suffix]
        try:
            with path.open("rb") as handle:
                head = handle.read(512)
        except OSError as exc:
            collected.problems.append(Problem(where, f"cannot read 'assets/{relative}': {exc.strerror}",
                                              "unreadable"))
            continue
        if magic is not None and not head.startswith(magic) or magic is None and b"<svg" not in head \
                and b"<?xml" not in head:
            collected.problems.append(Problem(where, f"'assets/{relative}' is not a {suffix[1:].upper()} "
                                      "file (its content does not match its name)", "bad-image"))
            continue
