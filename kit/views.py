"""Validated model -> what the templates print.

Everything a template needs is decided here: numbering, ordering, which fields show in which
output (teacher-only fields are None in student views), labels and formatted text. Templates
only lay it out. Text from units is escaped here and marked up only by the tiny inline syntax
(`*italics*`), so it can never become HTML, CSS or a URL.
"""

from __future__ import annotations

import functools
import re
import zlib
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from kit import schema
from kit.labels import date_text, labels_for, source_labels, source_phrase, starters_for
from kit.markup import inline, paragraphs, pieces  # noqa: F401 - the markup of unit text, used here and by templates

BLANK = re.compile(r"\[\[([^\]]+)\]\]")


def skill_name(skill: str, labels: dict) -> str:
    """A skill (schema.SKILLS) as the kit's language names it."""
    return labels["skill_" + skill.replace("-", "_")]


def locator_label(locator: schema.Locator | None) -> str:
    if locator is None:
        return ""
    label = f"¶{locator.paragraph}"
    if locator.footnote:
        label += f", n. {locator.footnote}"
    if locator.note:
        label += f", {locator.note}"
    return label


def located(kit, locator: schema.Locator | None, labels: dict) -> str:
    """Where a locator points, as students read it: into the reader when its source is in it
    ("Reader, ¶18"), naming the source when the kit has several ("Reader, Lincoln (1863), ¶3")."""
    if locator is None:
        return ""
    source = kit.source_of(locator)
    prefix = [labels["reader"]] if source is not None and source.for_students else []
    if len(kit.sources) > 1:
        prefix.append(source.citation.short)
    return ", ".join(prefix + [locator_label(locator)])


def citation_text(source: schema.Citation) -> str:
    """The full citation of one source: author, title, journal, volume, issue, year and pages."""
    parts = [f"{source.author}, “{source.title}”"]
    if source.journal:
        journal = source.journal + (f" {source.volume.split(' ')[0]}" if source.volume else "")
        if source.issue:
            journal += f", no. {source.issue}"
        parts.append(journal)
    parts.append(f"({source.year})" if not source.pages else f"({source.year}): {source.pages}")
    return ", ".join(parts[:-1]) + " " + parts[-1]


def citation(kit) -> str:
    return "; ".join(citation_text(s.citation) for s in kit.sources)


def kit_labels(kit) -> dict:
    """The fixed labels in the kit's language, those about its sources following their kinds."""
    language = kit.config.language
    return {**labels_for(language), **source_labels(language, [s.citation.kind for s in kit.sources])}


def teacher_only(value, teacher: bool):
    return value if teacher else None


EXCERPT_LINE = 72       # characters per numbered excerpt line (fits A4 and letter cards)
EXCERPT_LINE_BESIDE_BANK = 54
TAG = re.compile(r"(<[^>]+>)")


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    pattern: re.Pattern  # finds the term in plain (unescaped) text, e.g. an excerpt for its word bank
    gloss: str          # the definition's first sentence
    folded: tuple = ()  # folded stems: one is in fold(text) whenever `pattern` finds the term in text
    forms: tuple = ()   # the forms of the term marked in text: its name, inflections, forms listed


def english_forms(name: str) -> list[str]:
    """The name, its plural and the possessives of both ("treaty", "treaties", "treaty's", "treaties'")."""
    if not name[-1:].isalpha():
        return [name]
    if re.search(r"[^aeiouAEIOU]y$", name):
        plural = name[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", name):
        plural = name + "es"
    else:
        plural = name + "s"
    forms = [name, plural]
    for base in (name, plural):
        forms += [base + "'", base + "’"] if base.endswith("s") else [base + "'s", base + "’s"]
    return forms


ENTITY = r"&#?\w+;"    # a character reference in escaped text: never part of a term match
WORD_CHAR = re.compile(r"[\w-]")   # a term never starts or ends next to one (inside a word)
SPAN = re.compile(r"<(/?)span\b", re.IGNORECASE)


def fold(text: str) -> str:
    """`text` case-folded character by character, one character for one as a case-insensitive
    pattern compares them ("İ" -> "i", "ς" -> "σ"; "ß" stays), so a match and its key line up."""
    return "".join(low if len(low := c.casefold()) == 1 else c.lower()[0] for c in text)


def alternation(keys) -> str:
    """A pattern for any of `keys`, as a trie (common prefixes factored out, a longer key before a
    key that is its prefix), so that matching costs the length of a key, not the number of keys."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body   # greedy: the longer key is tried first

    return pattern(trie)


class GlossaryIndex(tuple):
    """The kit's glossary terms (GlossaryTerm, in kit order) and one pattern that finds them all.

    The pattern runs over escaped HTML text and finds, at each place, the longest term name, so a
    longer name wins over a name that is its prefix ("Soviet Russia" over "Soviet"). A name that
    starts lower-case matches in any case; any other matches only as written. A name never matches
    inside a word or a hyphenated word, nor inside a character reference such as `&amp;`.
    """

    def __new__(cls, terms):
        index = super().__new__(cls, terms)
        index.names = {}   # a form as escaped text, folded -> [(name, escaped form, case-sensitive)]
        for t in index:
            for form in t.forms or (t.term,):
                escaped = str(escape(form))
                index.names.setdefault(fold(escaped), []).append((t.term, escaped, t.term[:1].isupper()))
        terms_pattern = alternation(sorted(index.names)) or "(?!)"
        index.pattern = re.compile(rf"{ENTITY}|(?<![\w-])(?P<term>{terms_pattern})(?![\w-])", re.IGNORECASE)
        return index

    def occurrence(self, found: re.Match) -> tuple[int, list[str]]:
        """Where the longest term at `found` ends, and the names it may be (case rules applied);
        (0, []) if none. The pattern matches case-insensitively, so a name that must match as
        written may only fit a shorter part of the match."""
        text = found.group()
        for end in range(len(text), 0, -1):
            if end < len(text) and WORD_CHAR.match(text, end):
                continue
            names = [name for name, escaped, sensitive in self.names.get(fold(text[:end]), ())
                     if not sensitive or text[:end] == escaped]
            if names:
                return end, names
        return 0, []

    def mark(self, text: str, seen: set) -> str:
        """`text` (escaped, without tags) with the first occurrence of each term not in `seen`
        marked; the terms marked are added to `seen`."""
        out, last, at = [], 0, 0
        while found := self.pattern.search(text, at):
            at = found.end()
            if found.group("term") is None:
                continue
            end, names = self.occurrence(found)
            if not names:
                at = found.start() + 1
                continue
            at = found.start() + end
            name = next((n for n in names if n not in seen), None)
            if name is not None:   # else this occurrence is of a term marked already
                seen.add(name)
                out += [text[last:found.start()], f'<span class="term">{text[found.start():at]}</span>']
                last = at
        return "".join(out) + text[last:] if out else text


def glossary_index(kit) -> GlossaryIndex:
    """Every glossary term of the kit, with a pattern that finds it in running text (built once per
    kit: every unit view of a book asks for it). In an English kit a term is also found in its
    plural and possessive forms; in any kit, in the forms its entry lists."""
    return _glossary_index(tuple((t.term, t.definition, tuple(t.forms)) for t in kit.terms()),
                           kit.config.language == "en")


@functools.lru_cache(maxsize=8)
def _glossary_index(terms: tuple[tuple[str, str, tuple], ...], english: bool) -> GlossaryIndex:
    index = []
    for term, definition, listed in terms:
        name = term.split(" (")[0].strip()
        forms = list(dict.fromkeys((english_forms(name) if english else [name]) + list(listed)))
        flags = 0 if name[:1].isupper() else re.IGNORECASE
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)
        first = re.split(r"(?<=[.!?])\s", " ".join(definition.split()), maxsplit=1)[0]
        stems = {fold(name)} | {fold(f) for f in forms if fold(name) not in fold(f)}
        index.append(GlossaryTerm(name, pattern, first, tuple(sorted(stems)), tuple(forms)))
    return GlossaryIndex(index)


@dataclass(frozen=True)
class Context:
    kit: object        # LoadedKit
    teacher: bool
    labels: dict
    terms: tuple = ()  # GlossaryTerm (a GlossaryIndex), for word banks and first-occurrence marks
    seen: set = None   # terms already marked in this unit
    starters: dict = None  # the foundation edition's sentence starters (foundation_starters); None in any other

    @property
    def foundation(self) -> bool:
        return self.starters is not None

    @property
    def language(self) -> str:
        return self.kit.config.language

    def mark(self, paragraphs_html: list[Markup]) -> list[Markup]:
        """Mark the first occurrence in this unit of each glossary term: every term that occurs,
        however many share a paragraph, but each only once in the unit. Only text is marked, never
        a tag, and never text inside a span (a footnote, or a term already marked)."""
        if self.seen is None:
            return paragraphs_html
        index = self.terms if isinstance(self.terms, GlossaryIndex) else GlossaryIndex(self.terms)
        out = []
        for html in paragraphs_html:
            pieces = TAG.split(str(html))
            spans = 0   # spans open around the current piece
            for i, piece in enumerate(pieces):
                if i % 2:
                    if span := SPAN.match(piece):
                        spans += -1 if span.group(1) else 1
                elif spans == 0 and piece:
                    pieces[i] = index.mark(piece, self.seen)
            out.append(Markup("".join(pieces)))
        return out


def numbered_lines(text: str, width: int = EXCERPT_LINE) -> list[dict]:
    """The excerpt as lines of at most `width` characters, numbered every five lines."""
    import textwrap

    lines = []
    for p, paragraph in enumerate(re.split(r"\n\s*\n", text.strip())):
        wrapped = textwrap.wrap(" ".join(paragraph.split()), width, break_long_words=False)
        for i, line in enumerate(wrapped):
            number = len(lines) + 1
            lines.append({"text": inline(line, footnotes=False), "number": number if number % 5 == 0 else None,
                          "new_paragraph": p > 0 and i == 0})
    return lines


def word_bank(text: str, terms) -> list[dict]:
    """The glossary terms that occur in `text`. A plain substring test rules most terms out before
    their pattern runs (a big kit has hundreds of terms, and each book has hundreds of excerpts)."""
    folded = fold(text)
    return [{"term": t.term, "gloss": inline(t.gloss, footnotes=False)} for t in terms
            if any(stem in folded for stem in t.folded) and t.pattern.search(text)]


def foundation_starters(kit) -> dict[str, tuple[str, ...]]:
    """The sentence starters of the foundation edition, by skill (and for `discussion` and `essay`):
    kit.yaml's `foundation_starters` where it gives them, else kit's own in the kit's language."""
    starters = starters_for(kit.config.language)
    given = kit.config.foundation_starters
    if given is not None:
        for key in starters:
            own = getattr(given, key.replace("-", "_"))
            if own:
                starters[key] = tuple(own)
    return starters


def kit_view(kit, teacher: bool, paper: str, edition: str = "standard") -> dict:
    config = kit.config
    sources = [s.citation for s in kit.sources]
    return {
        "title": config.title, "subtitle": config.subtitle, "subject": config.subject,
        "level": config.level, "language": config.language, "authors": config.authors,
        "licence": config.licence, "description": paragraphs(config.description),
        "citation": citation(kit), "short_citation": "; ".join(s.short for s in sources),
        "source_licence": "; ".join(s.licence if len(sources) == 1 else f"{s.short}: {s.licence}" for s in sources),
        "source_url": sources[0].url if len(sources) == 1 and sources[0].url else "",
        "paper": paper, "page_size": {"a4": "A4", "letter": "letter"}[paper],
        "teacher": teacher, "labels": kit_labels(kit), "foundation": edition == "foundation",
    }


def body_view(text: str, mark) -> list[dict]:
    """A text block's body for the templates: paragraphs, lists and tables (markup.pieces), their
    text in the inline syntax and `mark`ed (glossary terms) in reading order."""
    out = []
    for piece in pieces(text):
        if piece.kind == "paragraph":
            out.append({"kind": "paragraph", "html": mark([inline(piece.text)])[0]})
        elif piece.kind in ("bullets", "numbers"):
            out.append({"kind": piece.kind, "items": mark([inline(item) for item in piece.items])})
        else:
            head = [inline(cell) for cell in piece.head]
            rows = [mark([inline(cell) for cell in row]) for row in piece.rows]
            out.append({"kind": "table", "head": head, "rows": rows})
    return out


def source_kind_of(kit, locator) -> str | None:
    source = kit.source_of(locator)
    return source.citation.kind if source is not None else None


def source_card(excerpt: schema.SourceExcerpt, number: int, ctx: Context, unit_id: str) -> dict:
    text = in_words(excerpt, "text", ctx)
    bank = word_bank(text, ctx.terms)
    date = date_text(excerpt.date, ctx.language) if excerpt.date else f"{ctx.labels['undated']} ({excerpt.undated})"
    return {
        "id": excerpt.id, "anchor": f"{unit_id}-source-{number}", "number": number, "title": excerpt.title, "author": excerpt.author,
        "date": date, "type": excerpt.type, "audience": excerpt.audience,
        "locator": located(ctx.kit, excerpt.locator, ctx.labels),
        "located_in": source_phrase(ctx.kit.config.language, "in_source", source_kind_of(ctx.kit, excerpt.locator)),
        "headnote": ctx.mark(paragraphs(excerpt.headnote)),
        "text": paragraphs(text), "word_bank": bank,
        "lines": numbered_lines(text, EXCERPT_LINE_BESIDE_BANK if bank else EXCERPT_LINE),
        "translation": excerpt.translation, "adapted": excerpt.adapted,
        "caveat": paragraphs(teacher_only(excerpt.caveat, ctx.teacher)),
    }


def matching_view(terms: list[schema.Term], count: int, unit_id: str, teacher: bool = True) -> dict:
    """A matching starter: the first `count` terms, definitions in a fixed shuffled order."""
    chosen = terms[:count]
    shuffled = sorted(chosen, key=lambda t: zlib.crc32(f"{unit_id}:{t.id}".encode()))
    letters = {t.id: chr(ord("A") + i) for i, t in enumerate(shuffled)}
    return {"terms": [{"number": i, "term": t.term} for i, t in enumerate(chosen, 1)],
            "definitions": [{"letter": letters[t.id], "text": inline(t.definition)} for t in shuffled],
            "key": [{"number": i, "letter": letters[t.id]} for i, t in enumerate(chosen, 1)] if teacher else []}


def other_spellings(term: schema.Term, labels: dict) -> list[dict]:
    """A glossary term's other spellings: each with its label in the kit's language, its language
    code (none for `other`) and the spelling."""
    if not term.spellings:
        return []
    return [{"language": labels["spelling_" + code], "code": code if code != "other" else "", "text": value}
            for code in ("az", "tr", "ru", "other") if (value := getattr(term.spellings, code))]


def term_view(term: schema.Term, ctx: Context) -> dict:
    return {"id": term.id, "term": term.term, "definition": inline(term.definition),
            "category": term.category, "spellings": other_spellings(term, ctx.labels), "beyond": term.beyond_source,
            "beyond_note": paragraphs(teacher_only(term.beyond_note, ctx.teacher)),
            "locator": located(ctx.kit, term.locator, ctx.labels)}


def gap_parts(text: str, teacher: bool) -> list[dict]:
    parts, last = [], 0
    for match in BLANK.finditer(text):
        if match.start() > last:
            parts.append({"text": inline(text[last:match.start()]), "blank": None})
        parts.append({"text": "", "blank": match.group(1) if teacher else "",
                      "width": max(6, len(match.group(1)) + 4)})
        last = match.end()
    if last < len(text):
        parts.append({"text": inline(text[last:]), "blank": None})
    return parts


def shown_to_teacher(foundation_wording: str | None, ctx: Context):
    """A plainer wording, for the teacher edition to show beside the standard one (so the teacher sees
    what the foundation edition's readers have in front of them); None elsewhere."""
    return inline(foundation_wording) if foundation_wording and ctx.teacher else None


def question_view(q: schema.Question, number: int, ctx: Context) -> dict:
    """In the foundation edition: its plainer wording if it has one, and sentence starters (its own,
    else kit.yaml's for its skill, else kit's)."""
    starters = (q.foundation_starters or ctx.starters[q.skill]) if ctx.foundation else ()
    return {"number": number, "standard_only": False, "prompt": inline(in_words(q, "prompt", ctx)),
            "points": q.points,
            "starters": [inline(s) for s in starters], "foundation_prompt": shown_to_teacher(q.foundation_prompt, ctx),
            "skill": skill_name(q.skill, ctx.labels), "lines": range(q.lines), "extension": q.extension,
            "model_answer": paragraphs(teacher_only(q.model_answer, ctx.teacher)),
            "marking": paragraphs(teacher_only(q.marking, ctx.teacher))}


def skills_table(questions: list[schema.Question], labels: dict) -> list[dict]:
    """For the teacher: each skill, the numbers of the questions that train it, and their points."""
    rows = []
    for skill in schema.SKILLS:
        numbers = [str(i) for i, q in enumerate(questions, 1) if q.skill == skill]
        rows.append({"skill": skill_name(skill, labels), "questions": ", ".join(numbers) or "–",
                     "points": sum(q.points for q in questions if q.skill == skill)})
    return rows


def in_words(item, name: str, ctx: Context) -> str | None:
    """The text of `item`'s field `name` as the edition prints it: in the foundation edition its
    `foundation_NAME` where the unit gives one."""
    plainer = getattr(item, "foundation_" + name, None) if ctx.foundation else None
    return plainer or getattr(item, name, None)


def in_edition(items, ctx: Context) -> list[tuple[int, object]]:
    """The items of a block as an edition numbers them: (number, item), the numbers the standard
    edition's. The foundation edition leaves out extension work: its items are (number, None), which
    print as one line saying the item is in the standard edition only, so the numbers read on."""
    return [(n, None if ctx.foundation and item.extension else item) for n, item in enumerate(items, 1)]


def left_out(number: int) -> dict:
    """An item the foundation edition leaves out, in its place (in_edition)."""
    return {"number": number, "numbers": str(number), "standard_only": True}


def with_runs(items: list[dict]) -> list[dict]:
    """The items, consecutive left-out ones as one line ("8–12"), so that a block whose extension
    work comes last does not end in a column of "in the standard edition only"."""
    out: list[dict] = []
    for item in items:
        if item.get("standard_only") and out and out[-1].get("standard_only"):
            out[-1] = {**out[-1], "numbers": f"{out[-1]['number']}–{item['number']}"}
        else:
            out.append(item)
    return out


@dataclass
class Seen:
    """What a unit has printed so far, for the blocks after it."""
    cards: set[str] = field(default_factory=set)   # excerpts printed as cards: a later analysis refers to them
    talk_starters: bool = False                     # the foundation edition's talk starters, once a unit


def block_view(block, ctx: Context, seen: Seen, unit_id: str) -> dict | None:
    """A block as an output prints it; None when it prints nothing there (a teacher-only text in a
    student output; in the foundation edition, a block whose items are all extension work)."""
    base = {"type": block.kind, "title": block.title, "intro": paragraphs(in_words(block, "intro", ctx)),
            "notes": paragraphs(teacher_only(getattr(block, "notes", None), ctx.teacher))}
    if isinstance(block, schema.TextBlock):
        if block.teacher_only and not ctx.teacher:
            return None
        mark = (lambda html: html) if block.teacher_only else ctx.mark
        return {**base, "body": body_view(block.body, mark), "teacher_only": block.teacher_only}
    if isinstance(block, schema.FigureBlock):
        src = (ctx.kit.root / "assets" / block.image).resolve().as_uri()
        return {**base, "src": src, "alt": block.alt, "caption": inline(block.caption or ""),
                "credit": block.credit}
    if isinstance(block, schema.SourcesBlock):
        cards = []
        for excerpt in block.items:
            seen.cards.add(excerpt.id)
            cards.append(source_card(excerpt, ctx.kit.source_numbers()[excerpt.id], ctx, unit_id))
        return {**base, "cards": cards, "grid": cards if block.sourcing_grid else []}
    if isinstance(block, schema.GlossaryBlock):
        return {**base, "entries": [term_view(t, ctx) for t in block.items],
                "matching": matching_view(block.items, block.matching, unit_id, ctx.teacher) if block.matching else None,
                "beyond_count": sum(t.beyond_source for t in block.items)}
    if isinstance(block, schema.DocumentAnalysisBlock):
        excerpt = ctx.kit.excerpts()[block.source]
        number = ctx.kit.source_numbers()[excerpt.id]
        above = excerpt.id in seen.cards
        seen.cards.add(excerpt.id)
        shown = in_edition(block.questions, ctx)
        if above and not any(q for _, q in shown):
            return None
        questions = with_runs([question_view(q, i, ctx) if q else left_out(i) for i, q in shown])
        return {**base, "document": None if above else source_card(excerpt, number, ctx, unit_id),
                "document_number": number,
                "document_title": excerpt.title, "questions": questions,
                "total_points": sum(q.points for _, q in shown if q),
                "extension_points": sum(q.points for _, q in shown if q and q.extension),
                "skills": skills_table(block.questions, ctx.labels) if ctx.teacher else []}
    if isinstance(block, schema.DiscussionBlock):
        titles = ctx.kit.excerpts()
        shown = in_edition(block.prompts, ctx)
        if not any(p for _, p in shown):
            return None
        prompts = with_runs([{"number": i, "standard_only": False, "text": inline(in_words(p, "text", ctx)),
                              "sources": [titles[s].title for s in p.sources], "extension": p.extension,
                              "foundation_text": shown_to_teacher(p.foundation_text, ctx),
                              "guidance": paragraphs(teacher_only(p.guidance, ctx.teacher))} if p else left_out(i)
                             for i, p in shown])
        # the talk starters once a unit, before its first discussion's prompts
        talk = ctx.foundation and not seen.talk_starters
        seen.talk_starters = seen.talk_starters or talk
        return {**base, "prompts": prompts, "starters": [inline(s) for s in ctx.starters["discussion"]] if talk else []}
    if isinstance(block, schema.TimelineBlock):
        events = sorted(block.events, key=lambda e: e.date)
        return {**base, "events": [{"date": e.date_text or date_text(e.date, ctx.language), "iso": e.date.iso(),
                                    "event": inline(in_words(e, "event", ctx)), "locator": located(ctx.kit, e.locator, ctx.labels),
                                    "beyond": e.beyond_source and ctx.teacher,
                                    "beyond_note": paragraphs(teacher_only(e.beyond_note, ctx.teacher)),
                                    "caveat": paragraphs(teacher_only(e.caveat, ctx.teacher))}
                                   for e in events]}
    if isinstance(block, schema.FillInBlock):
        shown = in_edition(block.items, ctx)
        if not any(g for _, g in shown):
            return None
        # the foundation edition always prints the bank: the answers of the sentences it prints
        answers = sorted({a for _, g in shown if g for a in BLANK.findall(g.text)}, key=str.lower)
        return {**base, "gaps": with_runs([{"number": i, "standard_only": False, "parts": gap_parts(g.text, ctx.teacher),
                                             "locator": located(ctx.kit, g.locator, ctx.labels), "extension": g.extension}
                                            if g else left_out(i) for i, g in shown]),
                "word_bank": answers if block.word_bank or ctx.foundation else []}
    if isinstance(block, schema.EssayBlock):
        if ctx.foundation and block.extension:
            return None
        frame = (block.foundation_frame or ctx.starters["essay"]) if ctx.foundation else ()
        return {**base, "question": inline(in_words(block, "question", ctx)),
                "guidance": paragraphs(in_words(block, "guidance", ctx)),
                "extension": block.extension, "frame": [inline(line) for line in frame],
                "foundation_question": shown_to_teacher(block.foundation_question, ctx),
                "words": block.words, "rubric": [{"level": r.level, "marks": r.marks,
                                                  "descriptor": inline(r.descriptor)} for r in block.rubric],
                "model_outline": paragraphs(teacher_only(block.model_outline, ctx.teacher))}
    raise TypeError(f"no view for block kind {block.kind}")


def _numbers(numbers: list[int]) -> str:
    """`1, 2, 3, 5` as `1–3, 5`."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def core_items(unit: schema.Unit, labels: dict) -> list[str]:
    """For the teacher edition, when a unit has extension items: its core items, block by block
    ("Questions on Source 2: 1–9"); empty when nothing is marked extension."""
    items = {schema.DocumentAnalysisBlock: "questions", schema.DiscussionBlock: "prompts", schema.FillInBlock: "items"}
    lines, any_extension = [], False
    for block in unit.blocks:
        name = block.title or labels[{"document_analysis": "questions", "discussion": "discuss",
                                      "fill_in": "fill_in", "essay": "essay"}.get(block.kind, "unit")]
        if isinstance(block, schema.EssayBlock):
            any_extension |= block.extension
            if not block.extension:
                lines.append(name)
        elif type(block) in items:
            marked = [x.extension for x in getattr(block, items[type(block)])]
            any_extension |= any(marked)
            core = [i for i, extension in enumerate(marked, 1) if not extension]
            if core:
                lines.append(f"{name}: {_numbers(core)}" if any(marked) else name)
    return lines if any_extension else []


def unit_view(kit, entry, number: int, teacher: bool, terms: GlossaryIndex | None = None,
              edition: str = "standard") -> dict:
    """`terms`: the kit's glossary index, if the caller has it (a book asks once for all its units).
    `edition="foundation"`: the foundation edition of the student view (kit/outputs.py)."""
    unit = entry.unit
    ctx = Context(kit, teacher, kit_labels(kit),
                  terms if terms is not None else glossary_index(kit),
                  None if any(isinstance(b, schema.GlossaryBlock) for b in unit.blocks) else set(),
                  foundation_starters(kit) if edition == "foundation" and not teacher else None)
    seen = Seen()
    blocks = [view for block in unit.blocks if (view := block_view(block, ctx, seen, unit.id))]
    titles = {u.unit.id: u.unit.title for u in kit.units}
    return {
        "id": unit.id, "number": number, "title": unit.title, "summary": inline(unit.summary),
        "objectives": [inline(o) for o in unit.objectives], "minutes": unit.minutes,
        "requires": [titles[r] for r in unit.requires], "blocks": blocks,
        "timing": [{"minutes": s.minutes, "activity": inline(s.activity)} for s in unit.timing] if teacher else [],
        "core": core_items(unit, ctx.labels) if teacher else [],
        "notes": paragraphs(teacher_only(unit.notes, teacher)), "file": entry.path,
    }


def unit_number(kit, unit_id: str) -> int:
    return next(i for i, u in enumerate(kit.units, 1) if u.unit.id == unit_id)


def document_view(kit, job) -> dict:
    """Everything the template of a unit's output, or of the source reader, needs (books and cards:
    `part_views`)."""
    view = {"kit": kit_view(kit, job.for_teacher, job.paper, job.output.edition), "kind": job.kind}
    if job.unit_id is None:
        view["readers"] = reader_view(kit)
        return view
    number = unit_number(kit, job.unit_id)
    view["unit"] = unit_view(kit, kit.unit(job.unit_id), number, job.for_teacher, edition=job.output.edition)
    view["sources"] = sources_view(kit, [view["unit"]]) if job.for_teacher else []
    return view


def _calls(paragraph: str, reading: bool) -> list[tuple[int, int, str]]:
    """(start, end, number) of each footnote call of a paragraph, in order."""
    from kit.sourcetext import FOOTNOTE_MARK, GLUED_CALL, GLUED_TO_YEAR

    if reading:
        return [(m.start(), m.end(), m.group(1)) for m in FOOTNOTE_MARK.finditer(paragraph)]
    calls = [(m.start(1), m.end(1), m.group(1)) for m in GLUED_CALL.finditer(paragraph)]
    return sorted(calls + [(m.start(2), m.end(2), m.group(2)) for m in GLUED_TO_YEAR.finditer(paragraph)])


def _marked_calls(paragraph: str, reading: bool) -> Markup:
    """A paragraph of a source, escaped, its footnote calls printed as calls: `[^14]` in a reading
    text; in a raw copy, the numbers glued to words (kit/sourcetext.py)."""
    out, last = [], 0
    for start, end, number in _calls(paragraph, reading):
        before = paragraph[last:start]
        word = re.search(r"\S*$", before).group()   # the call never goes to a line of its own
        out += [str(escape(before[:len(before) - len(word)])),
                f'<span class="fn-anchor">{escape(word)}<sup class="fn-call">{int(number)}</sup></span>']
        last = end
    return Markup("".join(out) + str(escape(paragraph[last:])))


def reader_view(kit) -> list[dict]:
    """The sources students may receive, each with its citation, licence and numbered paragraphs."""
    language = kit.config.language
    readers = kit.readers()
    views = []
    for source in readers:
        c = source.citation
        reading = source.reading is not None
        text = source.reading if reading else source.text.paragraphs
        views.append({
            "anchor": f"reader-{source.key}", "short": c.short, "citation": citation_text(c),
            "kind": _noun(language, c.kind),
            "url": c.url, "licence": c.licence, "reading": reading,
            "note": [] if reading else paragraphs(c.note),
            "paragraphs": [{"number": n, "text": _marked_calls(p, reading),
                            "notes": [{"number": int(call), "text": source.notes[int(call)]}
                                      for _, _, call in _calls(p, reading) if int(call) in source.notes]}
                           for n, p in enumerate(text, 1)],
        })
    return views


def _noun(language: str, kind: str | None) -> str:
    from kit.labels import KIND_NOUNS

    noun = KIND_NOUNS.get(language, KIND_NOUNS["en"]).get(kind, KIND_NOUNS["en"][None])
    return noun[:1].upper() + noun[1:]


def sources_view(kit, unit_views: list[dict]) -> list[dict]:
    """Every source of the kit: its citation, licence, whether students receive it, and what the
    units in `unit_views` quote from it (their source cards, with the unit and card numbers)."""
    excerpts = kit.excerpts()
    quoted = {s.key: [] for s in kit.sources}
    for unit in unit_views:
        for block in unit["blocks"]:
            for card in block.get("cards", []) + ([block["document"]] if block.get("document") else []):
                source = kit.source_of(excerpts[card["id"]].locator)
                if source is not None:
                    quoted[source.key].append({"unit": unit["number"], "unit_title": unit["title"],
                                               "number": card["number"], "title": card["title"],
                                               "locator": card["locator"], "adapted": card["adapted"]})
    return [{"key": s.key, "short": s.citation.short, "citation": citation_text(s.citation),
             "kind": _noun(kit.config.language, s.citation.kind), "url": s.citation.url,
             "licence": s.citation.licence, "in_reader": s.for_students, "quoted": quoted[s.key]}
            for s in kit.sources]


def part_views(kit, job) -> list[tuple[str, str, dict]]:
    """(name, unit file or "kit.yaml", view) of each part of a book or of the glossary cards, which
    are rendered in parts and joined (kit/composite.py).

    A book's first part, named " front", is the cover and the contents (each entry's `page` is
    filled in once the units' page counts are known); then one part per unit, the last with `end`
    (the closing source note). The cards have one part per unit with glossary terms, numbered on
    from the earlier units' cards.
    """
    base = {"kit": kit_view(kit, job.for_teacher, job.paper, job.output.edition), "kind": job.kind}
    if job.kind == "cards":
        from kit.cards import CARD_H, CARD_W, card_sheets

        parts, first = [], 1
        for entry in kit.units:
            terms = [t for b in entry.unit.blocks if isinstance(b, schema.GlossaryBlock) for t in b.items]
            if terms:
                parts.append((entry.unit.id, entry.path, {**base, "sheets": card_sheets(terms, job.paper, first),
                                                          "card_w": CARD_W, "card_h": CARD_H}))
                first += len(terms)
        return parts
    terms = glossary_index(kit)
    units = [unit_view(kit, entry, n, job.for_teacher, terms, job.output.edition)
             for n, entry in enumerate(kit.units, 1)]
    contents = [{"anchor": f"unit-{u['id']}", "number": u["number"], "title": u["title"], "page": 0} for u in units]
    labels = base["kit"]["labels"]
    # After the units: the sources page, then (in the student book) the source reader.
    appendices = []
    if kit.sources:
        appendices.append((" sources", {"part": "sources", "sources": sources_view(kit, units)}, labels["sources"]))
    if kit.readers() and not job.for_teacher:
        appendices.append((" reader", {"part": "reader", "readers": reader_view(kit)}, labels["reader"]))
    contents += [{"anchor": name.strip(), "number": "", "title": title, "page": 0} for name, _, title in appendices]
    front = (" front", "kit.yaml", {**base, "part": "front", "body_class": "book book-front", "contents": contents,
                                    "units": [], "end": not units and not appendices})
    last = len(units) + len(appendices) - 1
    return [front] + [(u["id"], u["file"], {**base, "part": "unit", "body_class": "book book-unit", "contents": [],
                                           "units": [u], "end": n == last})
                      for n, u in enumerate(units)] + [
        (name, "kit.yaml", {**base, **extra, "body_class": f"book book-{extra['part']}", "contents": [], "units": [],
                            "end": len(units) + n == last})
        for n, (name, extra, _) in enumerate(appendices)]
