"""Load a kit folder: kit.yaml, units/*.yaml and the source text, checked as a whole.

`load_kit(root)` returns a LoadedKit or raises KitError with every problem of every file.
It never imports WeasyPrint or Pillow, so `kit check` stays fast.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kit import schema
from kit.boundary import inside, is_regular, links_leaving, read_regular, real
from kit.errors import KitError, Location, Problem, did_you_mean
from kit.sourcetext import (SourceText, quotation_departure, quotation_paragraphs, reading_departure,
                            reading_paragraphs)
from kit.validate import Collected, check_semantics, convert_document
from kit.yamlload import MAX_BYTES, Document, decode, load_file, problem_at

IMAGE_TYPES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".svg": None}
MAX_SOURCE_BYTES = 5_000_000


@dataclass(frozen=True)
class UnitFile:
    unit: schema.Unit
    path: str  # relative to the kit root, e.g. units/04-art11.yaml


@dataclass(frozen=True)
class KitSource:
    """One text the kit is drawn from: its citation, and its copy when the kit has one."""

    key: str                    # its id; "source" for a kit's single `source` without one
    citation: schema.Citation
    text: SourceText | None     # the plain-text copy
    reading: list[str] | None   # the corrected reading text's paragraphs, if the kit has one
    notes: dict = field(default_factory=dict)  # footnote number -> its text, where the kit has them

    @property
    def for_students(self) -> bool:
        return self.citation.students and self.text is not None


@dataclass
class LoadedKit:
    root: Path
    config: schema.Kit
    units: list[UnitFile]
    source: SourceText | None   # the first source's copy (a kit with one source)
    collected: Collected = field(repr=False)
    warnings: list[Problem] = field(default_factory=list)
    sources: list[KitSource] = field(default_factory=list)

    def source_of(self, locator: schema.Locator | None) -> KitSource | None:
        """The source a locator points into (checked by load_kit: named where the kit has several)."""
        if locator is None or not self.sources:
            return None
        return next((s for s in self.sources if s.key == locator.source), self.sources[0])

    def readers(self) -> list[KitSource]:
        """The sources students may receive, in kit.yaml's order: the source reader prints them."""
        return [s for s in self.sources if s.for_students]

    def excerpts(self) -> dict[str, schema.SourceExcerpt]:
        return {q.id: q for q, _ in self.collected.quotations}

    def source_numbers(self) -> dict[str, int]:
        """Each excerpt's number, the same in every unit and output: its place in the kit's order
        (units in file order, blocks in order), so "Source 3" is one source everywhere."""
        return {excerpt_id: number for number, excerpt_id in enumerate(self.excerpts(), 1)}

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
    sources = _load_sources(root, config, kit_doc, problems) if config else []
    for source in sources:  # what the reader prints students see (the leak guard, the glyph check)
        if source.for_students:
            c = source.citation
            shown = source.reading if source.reading is not None else source.text.paragraphs
            collected.student_text.append(("\n\n".join(shown), Location(f"assets/{c.reading_text or c.text}"),
                                           "text"))
            collected.student_text += [(note, Location(f"assets/{c.footnotes}"), "footnotes")
                                       for note in source.notes.values()]
    _check_ids(collected)
    _check_locators(sources, collected)
    _check_quotations(sources, collected)
    _check_images(root, collected)
    errors = [p for p in problems if p.severity == "error"]
    if errors or config is None:
        raise KitError(problems)
    return LoadedKit(root, config, units, sources[0].text if sources else None, collected, sources=sources)


def asset_path(root: Path, relative: str) -> Path | None:
    """The asset's real path when `relative` names a regular file inside assets/, else None."""
    if relative.startswith(("/", "\\")) or any(c in relative for c in "\\:\x00"):
        return None
    path = root / "assets" / relative
    if os.path.normpath(relative).startswith("..") or not inside(path, root) or not is_regular(path):
        return None
    return real(path)


def _load_sources(root: Path, config: schema.Kit, doc: Document, problems: list[Problem]) -> list[KitSource]:
    if config.source is not None and config.sources:
        problems.append(doc.problem(("sources",), "kit.yaml has both 'source' and 'sources'; list every "
                                    "source under 'sources', each with an 'id'", "duplicate-key", key=True))
        return []
    listed = [(("source",), config.source)] if config.source else [
        (("sources", i), c) for i, c in enumerate(config.sources)]
    sources = []
    for path, citation in listed:
        if citation.id is None and path[0] == "sources":
            problems.append(doc.problem(path, "each of 'sources' needs an 'id' (e.g. `id: speech`): locators "
                                        "name their source by it", "missing-key"))
            continue
        if citation.students and citation.text is None:
            problems.append(doc.problem(path + ("students",), "'students: true' needs the source's text: "
                                        "add 'text' (a plain-text copy in assets/) or remove 'students'",
                                        "missing-key"))
        if citation.reading_text and citation.text is None:
            problems.append(doc.problem(path + ("reading_text",), "a 'reading_text' is checked against the "
                                        "source's copy: add 'text' as well", "missing-key"))
        raw = _read_asset(root, doc, path + ("text",), citation.text, problems)
        reading = _read_asset(root, doc, path + ("reading_text",), citation.reading_text, problems)
        if raw is not None and reading is not None:
            departure = reading_departure(raw, reading)
            if departure:
                line, what = departure
                problems.append(Problem(Location(f"assets/{citation.reading_text}", line, 1),
                                        f"the reading text may differ from its copy (assets/{citation.text}) only "
                                        f"in punctuation and footnote marks, but {what}; correct the reading "
                                        "text", "reading-text"))
                reading = None
        text = SourceText.from_text(raw) if raw is not None else None
        notes = _read_asset(root, doc, path + ("footnotes",), citation.footnotes, problems)
        if notes is not None and text is None:
            problems.append(doc.problem(path + ("footnotes",), "footnote texts are printed under the paragraphs "
                                        "of the source's text that call them: add 'text' as well", "missing-key"))
        sources.append(KitSource(citation.id or "source", citation, text,
                                 reading_paragraphs(reading) if reading is not None else None,
                                 _footnote_texts(notes, f"assets/{citation.footnotes}", text, problems)
                                 if notes is not None and text is not None else {}))
    return sources


FOOTNOTE_LINE = re.compile(r"^\s*(\d{1,3})[.)]?\s+(\S.*)$")


def _footnote_texts(content: str, name: str, text: SourceText, problems: list[Problem]) -> dict[int, str]:
    """The footnote texts of a source, by number: one a line, each starting with its number."""
    notes: dict[int, str] = {}
    called = text.footnote_paragraphs()
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        match = FOOTNOTE_LINE.match(line)
        where = Location(name, number, 1)
        if not match:
            problems.append(Problem(where, "a footnote text starts with its number, e.g. `14 Ibid., p. 52.`; "
                                    "write one note a line", "footnote-text"))
            continue
        note = int(match.group(1))
        if note in notes:
            problems.append(Problem(where, f"footnote {note} is given twice; keep one", "footnote-text"))
        elif note not in called:
            problems.append(Problem(where, f"footnote {note} is called nowhere in the source's text; check its "
                                    "number", "footnote-text"))
        notes[note] = match.group(2).strip()
    return notes


ASSET_NAMES = {"text": "source text", "reading_text": "reading text", "footnotes": "footnote texts' file"}


def _read_asset(root: Path, doc: Document, path: tuple, relative: str | None, problems) -> str | None:
    if relative is None:
        return None
    found = asset_path(root, relative)
    if found is None:
        problems.append(problem_at(doc.where(path), f"the {ASSET_NAMES[path[-1]]} 'assets/{relative}' does not exist inside the "
                                   f"kit's assets/ folder; copy it there or fix {'.'.join(map(str, path))}",
                                   "missing-asset", doc.lines))
        return None
    name = f"assets/{relative}"
    try:
        return decode(read_regular(found, name, MAX_SOURCE_BYTES, root), name)
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


def _named_source(sources: list[KitSource], locator: schema.Locator, where: Location,
                  problems: list[Problem]) -> KitSource | None:
    """The source `locator` points into; a problem when the kit has several and it names none."""
    if locator.source is not None:
        return next((s for s in sources if s.key == locator.source), None)  # unknown ids: _check_ids
    if len(sources) > 1:
        problems.append(Problem(where, f"the kit has {len(sources)} sources ({', '.join(s.key for s in sources)}): "
                                f"say which one this locator points into, e.g. `source: {sources[0].key}`",
                                "bad-locator"))
        return None
    return sources[0] if sources else None


def _paragraphs(numbers) -> str:
    numbers = sorted(numbers)
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"¶{numbers[0]}-{numbers[-1]}"
    return ", ".join(f"¶{n}" for n in numbers)


def _check_locators(sources: list[KitSource], collected: Collected) -> None:
    for locator, where in collected.locators:
        source = _named_source(sources, locator, where, collected.problems)
        if source is None or source.text is None:
            continue
        count = len(source.text.paragraphs)
        name = f"the source text '{source.key}'" if len(sources) > 1 else "the source text"
        if locator.paragraph > count:
            collected.problems.append(Problem(where, f"paragraph {locator.paragraph} does not exist: {name} has "
                                      f"{count} paragraphs", "bad-locator"))
        elif locator.footnote is not None and locator.footnote not in source.text.footnotes(locator.paragraph):
            called = source.text.footnote_paragraphs().get(locator.footnote)
            if called:
                message = (f"footnote {locator.footnote} is called in {_paragraphs(called)}, not "
                           f"¶{locator.paragraph}; correct the locator")
            else:
                calls = source.text.footnotes(locator.paragraph)
                message = (f"footnote {locator.footnote} is not called anywhere in {name} (¶{locator.paragraph} "
                           f"calls: {', '.join(map(str, calls)) or 'none'}); check the locator")
            collected.problems.append(Problem(where, message, "bad-locator"))


def _check_quotations(sources: list[KitSource], collected: Collected) -> None:
    """Each quotation occurs in its source, and its locator's paragraph is where it occurs; so does
    each foundation edition's shorter cut of a quotation (`foundation_text`)."""
    located = {}
    locator_at = {id(locator): where for locator, where in collected.locators}
    quotations = [(excerpt, excerpt.text, where, False) for excerpt, where in collected.quotations]
    quotations += [(excerpt, excerpt.foundation_text, where, True) for excerpt, where in collected.cuts]
    for excerpt, text, where, cut in quotations:
        source = next((s for s in sources if s.key == excerpt.locator.source), None) \
            if excerpt.locator.source else (sources[0] if len(sources) == 1 else None)
        if source is None or source.text is None or excerpt.adapted:
            continue
        if source.key not in located:
            located[source.key] = source.text.located_words()
        words = located[source.key]
        what = f"source '{excerpt.id}': its foundation_text" if cut else f"source '{excerpt.id}'"
        departure = quotation_departure(text, [w for w, _ in words])
        if departure:
            collected.problems.append(Problem(where, f"{what}: {departure}; quote the source "
                                      "word for word (mark omissions [...] and insertions [like this]), "
                                      "or set 'adapted: true'", "quotation"))
            continue
        occurrences = quotation_paragraphs(text, words)
        paragraph = excerpt.locator.paragraph
        if paragraph > len(source.text.paragraphs):
            continue   # _check_locators says so
        if occurrences and not any(paragraph in spans for spans in occurrences):
            found = _paragraphs(occurrences[0])
            if cut:
                collected.problems.append(Problem(where, f"{what} is in {found}, not in ¶{paragraph} as its "
                                          "locator says; cut it from the passage `text` quotes", "bad-locator"))
            else:
                collected.problems.append(Problem(locator_at.get(id(excerpt.locator), where),
                                          f"{what}: the quotation is in {found}, not "
                                          f"¶{paragraph}; correct its locator to {{paragraph: {min(occurrences[0])}}}",
                                          "bad-locator"))


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
