"""Raw YAML data -> the typed model of schema.py, collecting every problem with its location.

The converter is generic: it reads each dataclass's fields, their type hints and their `spec`
metadata. Besides the model it gathers what later checks need: ids defined and referred to,
locators, quotations, images and teacher-only text, each with its location.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
import typing
from dataclasses import dataclass, field
from functools import cache

from kit import schema
from kit.errors import Location, Problem, did_you_mean
from kit.yamlload import Document

NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
TRUE, FALSE = ("true", "yes"), ("false", "no")

# The longest word a text may hold. The stylesheets break a word too long for its line
# (overflow-wrap), which takes care of web addresses and long compounds; a far longer one would
# make the renderer crawl and print over itself, so it is refused. A line may break at white
# space (but a no-break space), a soft hyphen, a zero-width space, a hyphen or dash, and
# between CJK characters: a word is a run of anything else.
MAX_WORD = 500
_BREAKS = ("\t\n\v\f\r \x85\u1680\u2000-\u2006\u2008-\u200b\u2028\u2029\u205f\u3000"  # spaces but no-break ones
           "\u00ad\u2010\u2013\u2014\\-"                                            # soft hyphen, hyphens, dashes
           "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff")           # CJK
LONG_WORD = re.compile(f"[^{_BREAKS}]{{{MAX_WORD + 1},}}")


@dataclass
class Collected:
    """Facts gathered while converting, each with where it was written."""

    problems: list[Problem] = field(default_factory=list)
    definitions: list[tuple[str, str, Location]] = field(default_factory=list)  # (kind, id, where)
    references: list[tuple[str, str, Location]] = field(default_factory=list)
    locators: list[tuple[schema.Locator, Location]] = field(default_factory=list)
    quotations: list[tuple[schema.SourceExcerpt, Location]] = field(default_factory=list)
    cuts: list[tuple[schema.SourceExcerpt, Location]] = field(default_factory=list)  # where each foundation_text is
    images: list[tuple[str, Location]] = field(default_factory=list)
    unit_places: dict[str, dict] = field(default_factory=dict)  # unit id -> {"minutes": where, "blocks": [where]}
    teacher_text: list[tuple[str, Location, str]] = field(default_factory=list)  # (text, where, field)
    student_text: list[tuple[str, Location, str]] = field(default_factory=list)  # (text, where, field)


@cache
def fields_of(cls) -> list[tuple[dataclasses.Field, object]]:
    hints = typing.get_type_hints(cls)
    return [(f, hints[f.name]) for f in dataclasses.fields(cls)]


def describe(raw, plain: bool) -> str:
    """A value as a teacher would name it."""
    if isinstance(raw, dict):
        return "a mapping (indented 'key: value' lines)"
    if isinstance(raw, list):
        return "a list"
    if raw is None or isinstance(raw, (bool, int, float)):  # not from the YAML loader (all text), but
        raw, plain = "" if raw is None else str(raw).lower(), True  # never crash on such data
    if raw == "":
        return "nothing"
    if plain and NUMBER.match(raw):
        return f"the number {raw}"
    if plain and raw.lower() in TRUE + FALSE:
        return f"the word {raw}"
    shown = raw if len(raw) <= 40 else raw[:37] + "..."
    return f"the text '{shown}'"


class Converter:
    def __init__(self, doc: Document, collected: Collected):
        self.doc = doc
        self.out = collected

    def error(self, path: tuple, message: str, code: str, key: bool = False) -> None:
        self.out.problems.append(self.doc.problem(path, message, code, key))

    def convert(self, cls, raw, path: tuple = ()):
        """Convert `raw` at `path` to `cls`; None (with problems recorded) when it cannot."""
        if not isinstance(raw, dict):
            what = cls.__doc__.splitlines()[0].rstrip(".") if cls.__doc__ else cls.__name__
            self.error(path, f"expected a mapping of fields ({what}), found "
                             f"{describe(raw, path in self.doc.plain)}", "wrong-kind")
            return None
        known = {f.name for f, _ in fields_of(cls)}
        allowed = known | ({"kind"} if schema.block_kind(cls) else set())
        unknown = [k for k in raw if k not in allowed]
        for key in unknown:
            self.error(path + (key,), f"unknown key '{key}' in {self.where_name(cls)}"
                       f"{did_you_mean(key, known)}; the keys allowed here are: {', '.join(sorted(known))}",
                       "unknown-key", key=True)
        values, ok = {}, True
        for f, hint in fields_of(cls):
            if f.name in raw:
                value = self.value(hint, raw[f.name], path + (f.name,), f)
                if value is _INVALID:
                    ok = False
                elif value is not None:
                    values[f.name] = value
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                if not any(did_you_mean(k, [f.name]) for k in unknown):
                    self.error(path, f"missing required key '{f.name}' in {self.where_name(cls)}: "
                                     f"{f.metadata['doc']}", "missing-key")
                ok = False
        if not ok:
            return None
        instance = cls(**values)
        self.note(instance, path)
        return instance

    @staticmethod
    def where_name(cls) -> str:
        return f"a {cls.kind} block" if schema.block_kind(cls) else f"{cls.__name__}"

    def note(self, instance, path: tuple) -> None:
        where = self.doc.where(path)
        if isinstance(instance, schema.Locator):
            self.out.locators.append((instance, where))
        elif isinstance(instance, schema.SourceExcerpt):
            self.out.quotations.append((instance, self.doc.where(path + ("text",))))
            if instance.foundation_text:
                self.out.cuts.append((instance, self.doc.where(path + ("foundation_text",))))
        elif isinstance(instance, schema.FigureBlock):
            self.out.images.append((instance.image, self.doc.where(path + ("image",))))
            if instance.slide_image:
                self.out.images.append((instance.slide_image, self.doc.where(path + ("slide_image",))))
        elif isinstance(instance, schema.TextBlock) and instance.teacher_only:
            body = (instance.body, self.doc.where(path + ("body",)), "body")
            self.out.student_text.remove(body)
            self.out.teacher_text.append(body)

    def value(self, hint, raw, path: tuple, f: dataclasses.Field):
        origin = typing.get_origin(hint)
        if origin is typing.Union and type(None) in typing.get_args(hint):
            if raw == "" and path in self.doc.plain:
                return None
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
            origin = typing.get_origin(hint)
        meta = f.metadata
        if origin is list:
            (item_hint,) = typing.get_args(hint)
            if not isinstance(raw, list):
                self.error(path, f"expected a list ('- ' lines) for '{f.name}', found "
                                 f"{describe(raw, path in self.doc.plain)}", "wrong-kind")
                return _INVALID
            if len(raw) < meta["min_items"]:
                self.error(path, f"'{f.name}' needs at least {meta['min_items']} "
                                 f"item{'s' if meta['min_items'] > 1 else ''}", "too-few")
                return _INVALID
            items = [self.value(item_hint, item, path + (i,), f) for i, item in enumerate(raw)]
            return _INVALID if _INVALID in items else items
        value = self.scalar_or_record(hint, raw, path, f)
        if value is not _INVALID and isinstance(value, str):
            if meta.get("teacher"):
                self.out.teacher_text.append((value, self.doc.where(path), f.name))
            else:
                self.out.student_text.append((value, self.doc.where(path), f.name))
        return value

    def scalar_or_record(self, hint, raw, path, f):
        if typing.get_origin(hint) is typing.Union:  # a block: choose the class by its `kind`
            return self.block(raw, path)
        if dataclasses.is_dataclass(hint) and hint is not schema.PartialDate:
            value = self.convert(hint, raw, path)
            if value is not None and hint is schema.Step:
                self.out.teacher_text.append((value.activity, self.doc.where(path + ("activity",)), "timing"))
            return _INVALID if value is None else value
        if not isinstance(raw, str):
            expected = {str: "text", int: "a whole number", bool: "true or false",
                        schema.PartialDate: "a date"}[hint]
            self.error(path, f"expected {expected} for '{f.name}', found {describe(raw, False)}", "wrong-kind")
            return _INVALID
        parse = {str: self.text, int: self.integer, bool: self.boolean, schema.PartialDate: self.date}[hint]
        return parse(raw, path, f)

    def block(self, raw, path):
        if not isinstance(raw, dict):
            self.error(path, f"expected a block (a mapping with a 'kind'), found {describe(raw, False)}",
                       "wrong-kind")
            return _INVALID
        kinds = schema.BLOCK_KINDS
        kind = raw.get("kind")
        if kind is None:
            self.error(path, f"this block has no 'kind'; add one of: {', '.join(kinds)}", "missing-key")
            return _INVALID
        if not isinstance(kind, str):
            self.error(path + ("kind",), f"expected the name of a block kind for 'kind', found "
                                         f"{describe(kind, False)}; write one of: {', '.join(kinds)}",
                       "wrong-kind")
            return _INVALID
        if kind not in kinds:
            self.error(path + ("kind",), f"unknown block kind '{kind}'{did_you_mean(str(kind), kinds)}; "
                                         f"the kinds are: {', '.join(kinds)}", "unknown-kind")
            return _INVALID
        value = self.convert(kinds[kind], raw, path)
        return _INVALID if value is None else value

    def text(self, raw: str, path, f):
        meta = f.metadata
        text = raw.strip()
        if path in self.doc.folded:  # YAML folded each blank line the author wrote into one line break
            text = re.sub(r"[ \t]*\n\s*", "\n\n", text)
        if not text:
            self.error(path, f"'{f.name}' is empty; write the text or remove the key", "empty-value")
            return _INVALID
        if path in self.doc.plain and NUMBER.match(text) and not meta["choices"]:
            self.error(path, f"expected text for '{f.name}', found the number {text}; "
                             f"if you mean the text, put it in quotes: \"{text}\"", "wrong-kind")
            return _INVALID
        if meta["choices"] and text not in meta["choices"]:
            self.error(path, f"'{text}' is not a valid value for '{f.name}'"
                             f"{did_you_mean(text, meta['choices'])}; choose one of: "
                             f"{', '.join(meta['choices'])}", "bad-choice")
            return _INVALID
        if meta["pattern"] and not re.match(meta["pattern"], text):
            self.error(path, f"'{text}' is not a valid id: use lower-case letters, digits and '-' "
                             "(at most 48), starting with a letter or digit", "bad-id")
            return _INVALID
        long_word = LONG_WORD.search(text)
        if long_word:
            length = len(long_word.group())
            self.error(path, f"'{f.name}' holds a word of {length:,} characters ('{long_word.group()[:20]}...'), "
                             f"which cannot print on a line; break it up with spaces (a word or web address "
                             f"of up to {MAX_WORD} characters is fine)", "long-word")
            return _INVALID
        where = self.doc.where(path)
        if meta["defines"]:
            self.out.definitions.append((meta["defines"], text, where))
        if meta["refers"]:
            self.out.references.append((meta["refers"], text, where))
        return text

    def integer(self, raw: str, path, f):
        meta = f.metadata
        text = raw.strip()
        if not re.fullmatch(r"[+-]?\d{1,9}", text):
            self.error(path, f"expected a whole number for '{f.name}', found "
                             f"{describe(raw, path in self.doc.plain)}", "wrong-kind")
            return _INVALID
        number = int(text)
        low, high = meta["minimum"], meta["maximum"]
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
            self.error(path, f"'{f.name}' must be {bounds}, found {number}", "out-of-range")
            return _INVALID
        return number

    def boolean(self, raw: str, path, f):
        word = raw.strip().lower()
        if word in TRUE or word in FALSE:
            return word in TRUE
        self.error(path, f"expected true or false for '{f.name}', found {describe(raw, path in self.doc.plain)}",
                   "wrong-kind")
        return _INVALID

    def date(self, raw: str, path, f):
        match = DATE.match(raw.strip())
        if not match:
            guess = suggested_date(raw)
            hint = f" (did you mean {guess}?)" if guess else ""
            self.error(path, f"expected a date for '{f.name}' written as 1920, 1920-04 or 1920-04-26, "
                             f"found {describe(raw, path in self.doc.plain)}{hint}", "bad-date")
            return _INVALID
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if year == 0:
            self.error(path, f"impossible date {raw.strip()}: there is no year 0", "bad-date")
            return _INVALID
        if match.group(2) and not 1 <= month <= 12:
            self.error(path, f"impossible date {raw.strip()}: there is no month {month}", "bad-date")
            return _INVALID
        if match.group(3) and not 1 <= day <= calendar.monthrange(year, month)[1]:
            self.error(path, f"impossible date {raw.strip()}: {schema.PartialDate.MONTHS[month - 1]} "
                             f"{year} has {calendar.monthrange(year, month)[1]} days", "bad-date")
            return _INVALID
        return schema.PartialDate(year, month, day)


_INVALID = object()

_MONTH_NUMBER = {name.lower()[:length]: number for number, name in enumerate(schema.PartialDate.MONTHS, 1)
                 for length in (3, len(name))} | {"sept": 9}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]+)\.?,?\s+(\d{3,4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{3,4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{3,4})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{3,4})")       # 8.1.1918, as most of Europe writes it
_SLASHED_ISO = re.compile(r"(\d{3,4})[/.](\d{1,2})(?:[/.](\d{1,2}))?")


def suggested_date(raw: str) -> str | None:
    """The date `raw` most likely means, in the form the format takes ('8 Jan 1918' -> 1918-01-08),
    or None. Only unambiguous forms: 08/01/1918 could be either day first or month first."""
    text = raw.strip()
    year = month = day = 0
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = int(m[1]), _MONTH_NUMBER.get(m[2].lower(), 0), int(m[3])
    elif m := _MONTH_DAY_YEAR.fullmatch(text):
        month, day, year = _MONTH_NUMBER.get(m[1].lower(), 0), int(m[2]), int(m[3])
    elif m := _MONTH_YEAR.fullmatch(text):
        month, year = _MONTH_NUMBER.get(m[1].lower(), 0), int(m[2])
    elif m := _DOTTED.fullmatch(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _SLASHED_ISO.fullmatch(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3] or 0)
    if not (year and 1 <= month <= 12):
        return None
    if not day:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def convert_document(cls, doc: Document, collected: Collected):
    """Convert one parsed file to `cls` (Kit or Unit); problems go to `collected`."""
    return Converter(doc, collected).convert(cls, doc.data)


MAX_SLIDE_POINTS = 4


def check_semantics(unit: schema.Unit, doc: Document, collected: Collected) -> None:
    """Rules that span fields of one unit."""
    collected.unit_places[unit.id] = {**{key: doc.where((key,)) for key in ("minutes", "title", "objectives",
                                                                           "question", "exit_ticket")},
                                      "blocks": [doc.where(("blocks", i)) for i in range(len(unit.blocks))],
                                      "timing": [doc.where(("timing", i)) for i in range(len(unit.timing))]}
    for index, step in enumerate(unit.timing):
        for i, number in enumerate(step.blocks):
            if number > len(unit.blocks):
                collected.problems.append(doc.problem(
                    ("timing", index, "blocks", i), f"step {index + 1} of the lesson plan names block {number}, "
                    f"but the unit has {len(unit.blocks)} block{'s' if len(unit.blocks) != 1 else ''}; number the blocks from 1 in the order they are "
                    "written", "out-of-range"))
    for index, block in enumerate(unit.blocks):
        if isinstance(block, schema.TextBlock) and len(block.slide_points) > MAX_SLIDE_POINTS:
            collected.problems.append(doc.problem(
                ("blocks", index, "slide_points", MAX_SLIDE_POINTS),
                f"a slide holds at most {MAX_SLIDE_POINTS} points and this block has {len(block.slide_points)}; "
                "keep the essentials, or split the block", "too-many-points"))
        if isinstance(block, schema.SourcesBlock):
            for i, item in enumerate(block.items):
                if item.date is None and not item.undated:
                    collected.problems.append(doc.problem(
                        ("blocks", index, "items", i), f"source '{item.id}' has neither 'date' nor "
                        "'undated'; give its date, or say in 'undated' why it has none", "missing-key"))
        if isinstance(block, schema.GlossaryBlock):
            for i, term in enumerate(block.items):
                if term.beyond_source and not term.beyond_note:
                    collected.problems.append(doc.problem(
                        ("blocks", index, "items", i), f"term '{term.id}' is marked 'beyond_source': add a "
                        "'beyond_note' telling the teacher what goes beyond the sources, and on what authority",
                        "missing-key"))
        if isinstance(block, schema.GlossaryBlock) and block.matching and block.matching > len(block.items):
            collected.problems.append(doc.problem(
                ("blocks", index, "matching"), f"the matching starter asks for {block.matching} terms but the "
                f"glossary has {len(block.items)}; lower 'matching' or add terms", "out-of-range"))
        if isinstance(block, schema.TimelineBlock):
            for i, event in enumerate(block.events):
                where = ("blocks", index, "events", i)
                if event.beyond_source and event.locator is not None:
                    collected.problems.append(doc.problem(
                        where + ("locator",), "this event is marked 'beyond_source' but has a locator; remove "
                        "the locator, or 'beyond_source' if a source of the kit does give the event", "bad-locator"))
                elif event.beyond_source and not event.beyond_note:
                    collected.problems.append(doc.problem(
                        where, "this event is marked 'beyond_source': add a 'beyond_note' telling the teacher "
                        "where it comes from", "missing-key"))
                elif not event.beyond_source and event.locator is None:
                    collected.problems.append(doc.problem(
                        where, "this event has no 'locator': say where a source gives it ({paragraph: N}), or "
                        "mark it 'beyond_source: true' with a 'beyond_note' if no source of the kit does",
                        "missing-key"))
        if isinstance(block, schema.FillInBlock):
            for i, gap in enumerate(block.items):
                if gap.text.count("[[") != len(re.findall(r"\[\[[^\[\]]*[^\s\[\]][^\[\]]*\]\]", gap.text)):
                    collected.problems.append(doc.problem(
                        ("blocks", index, "items", i, "text"),
                        "a blank is empty or not closed; write each blank with its answer as [[answer]]",
                        "no-blank"))
                elif "[[" not in gap.text:
                    collected.problems.append(doc.problem(
                        ("blocks", index, "items", i, "text"),
                        "this sentence has no blank; mark each blank and its answer as [[answer]]",
                        "no-blank"))
    if unit.id in unit.requires:
        collected.problems.append(doc.problem(("requires",), f"unit '{unit.id}' lists itself in 'requires'; "
                                              "remove it", "unknown-reference"))
    if unit.timing and sum(step.minutes for step in unit.timing) != unit.minutes:
        total = sum(step.minutes for step in unit.timing)
        collected.problems.append(doc.problem(
            ("timing",), f"the timing steps add up to {total} minutes but 'minutes' is {unit.minutes}; "
            "make them agree", "timing"))
