"""The slide plan: a unit as the slides a teacher presents, one design for each block kind.

`deck(kit, entry, number, labels)` is a plain function from a unit to a list of slides (dicts the
templates print and kit/pptxdeck.py draws). Prose is never poured onto slides:

- the title slide shows the unit's title and its central question; the objectives share one slide;
- a text block appears only through its author's `slide_points` (at most four);
- a figure fills its slide (with its `slide_image` if it has one);
- a timeline is a time axis with a handful of events a slide, each with its short label;
- a source excerpt has a slide of its own with its sourcing line and line numbers; one too long
  for a slide is split at sentence ends, the line numbers running on;
- an analysis question, a discussion prompt and the essay question have a slide each;
- glossary terms come a few a slide, with their whole definitions;
- the closing slide is the exit ticket (or, without one, the central question again).

Slides are packed by estimate; a slide that still overflows when laid out (kit/decks.py) is split
by `split_slide` where that cuts nothing (between list items, or an excerpt at a sentence end),
and is otherwise a located error naming the slide, its block and how to fix it.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path

from markupsafe import Markup

from kit import schema
from kit import views
from kit.labels import date_text
from kit.markup import FOOTNOTE
from kit.views import locator_label

MINUTES_PER_SLIDE = 2.5    # the deck budget: one slide per 2.5 minutes, plus title and closing

# What a 16:9 slide holds at 24 pt, in lines of body text below its title, and characters per line.
BODY_LINES = 9
LINE_CHARS = 54            # sans, full width
QUOTE_LINE_CHARS = 44      # serif, beside the line numbers
TITLE_LINE_CHARS = 40      # a slide title (28 pt, bold)
CREDIT_LINE_CHARS = 72     # the sourcing line (16 pt)
BODY_MM = 128.9            # the slide's height inside its margins, in mm
EVENT_LINE_CHARS = 33      # the label column of the time axis
DATE_LINE_CHARS = 15       # its date column (bold)
EVENTS_PER_SLIDE = 6
TERMS_PER_SLIDE = 3
SENTENCE_END = re.compile(r"(?<=[.!?…»”\"'’])\s+(?=[\"“‘'«(\[A-ZÀ-ÖØ-ÞƏĞİŞÇÖÜА-ЯЁ0-9])")
ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*$")


def _extension(item, labels: dict) -> str:
    """What follows the slide title of an extension question, prompt or essay: ` · Extension`."""
    return f" · {labels['extension']}" if item.extension else ""


def plain(text: str) -> str:
    """Unit text as it is shown on a slide, before markup: one line, no footnotes."""
    return " ".join(FOOTNOTE.sub("", text).split())


def inline(text: str) -> Markup:
    """Slides print no footnotes."""
    return views.inline(plain(text), footnotes=False)


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(" ".join(text.split())) if s]


def lines_of(text: str, width: int) -> int:
    """How many lines `text` takes at `width` characters a line (long words are broken)."""
    return max(1, len(textwrap.wrap(plain(text), width)))


def pack(items: list, size_of, budget: int, most: int) -> list[list]:
    """Group consecutive items so each group stays within `budget` and `most` items."""
    groups, current, used = [], [], 0
    for item in items:
        size = size_of(item)
        if current and (used + size > budget or len(current) >= most):
            groups.append(current)
            current, used = [], 0
        current.append(item)
        used += size
    if current:
        groups.append(current)
    return groups


def _continued(slides: list[dict], label: str) -> list[dict]:
    """Slides that carry on one slide's content: every one after the first is titled "(continued)"
    and keeps the number of the slide it continues (see `number_slides`)."""
    for i, slide in enumerate(slides):
        if i:
            slide["title"] = f"{slide['title']} ({label})"
            slide["continues"] = True
    return slides


# --- source excerpts --------------------------------------------------------------------------

def excerpt_sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph, sentence) for each sentence of an excerpt, paragraphs numbered from 0."""
    return [(p, s) for p, paragraph in enumerate(re.split(r"\n\s*\n", text.strip()))
            for s in sentences(plain(paragraph))]


def numbered_lines(parts: list[tuple[int, str]], first: int) -> list[dict]:
    """The sentences as slide lines, numbered on from line `first`; a number every five lines."""
    lines, paragraph = [], None
    runs: list[tuple[int, list[str]]] = []
    for p, sentence in parts:
        if p != paragraph:
            runs.append((p, []))
            paragraph = p
        runs[-1][1].append(sentence)
    for index, (_, run) in enumerate(runs):
        for i, line in enumerate(textwrap.wrap(" ".join(run), QUOTE_LINE_CHARS)):
            number = first + len(lines)
            lines.append({"text": views.inline(line, footnotes=False), "raw": line,
                          "number": number if number % 5 == 0 else None,
                          "new_paragraph": index > 0 and i == 0})
    return lines


def quote_lines(title: str, credit: str) -> int:
    """How many excerpt lines (24 pt serif) fit under `title` and above the sourcing line `credit`."""
    room = BODY_MM - (lines_of(title, TITLE_LINE_CHARS) * 11.4 + 5) - (lines_of(credit, CREDIT_LINE_CHARS) * 6.8 + 2)
    return max(1, int(room // 10.16))


def _where(kit, locator) -> str:
    """The locator, after the source's short citation when the kit has several ("Lincoln (1863), ¶3")."""
    source = kit.source_of(locator) if locator is not None else None
    where = locator_label(locator) if locator is not None else ""
    return f"{source.citation.short}, {where}" if source is not None and len(kit.sources) > 1 else where


def quote_slide(base: dict, parts: list[tuple[int, str]], first: int) -> dict:
    return {**base, "sentences": parts, "first_line": first, "lines": numbered_lines(parts, first)}


def _quote_slides(kit, excerpt: schema.SourceExcerpt, block_no: int, labels: dict, language: str) -> list[dict]:
    """One slide, or as few as hold it when split at sentence ends, the line numbers running on.
    The sourcing line under it is short enough to read from the back (an undated source says so;
    why is in its headnote, in the notes)."""
    when = date_text(excerpt.date, language) if excerpt.date else labels["undated"]
    credit = plain(excerpt.slide_credit) if excerpt.slide_credit else " · ".join(
        plain(part) for part in (excerpt.author, excerpt.type, when, _where(kit, excerpt.locator),
                                 excerpt.translation) if part)
    credit = f"{labels['source']} {kit.source_numbers()[excerpt.id]} · {credit}"
    base = {"layout": "quote", "title": excerpt.title, "credit": credit, "source": excerpt.id,
            "adapted": excerpt.adapted, "block": block_no,
            "fix": f"source '{excerpt.id}' has a sentence too long for one slide at 24 pt: shorten it with […], "
                   "or leave the excerpt off the slides with `slide: false`"}
    groups, current = [], []
    continued = f"{excerpt.title} ({labels['continued']})"
    for part in excerpt_sentences(excerpt.text):
        trial = current + [part]
        room = quote_lines(continued if groups else excerpt.title, credit)
        if current and len(numbered_lines(trial, 1)) > room:
            groups.append(current)
            current = [part]
        else:
            current = trial
    if current:
        groups.append(current)
    slides, first = [], 1
    for group in groups:
        slides.append(quote_slide(base, group, first))
        first += len(slides[-1]["lines"])
    return _continued(slides, labels["continued"])


# --- one design for each block kind -----------------------------------------------------------

def _timeline_events(block: schema.TimelineBlock, language: str) -> list[dict]:
    labelled = any(e.slide_label for e in block.events)
    return [{"date": e.date_text or date_text(e.date, language), "label": inline(e.slide_label or e.event),
             "raw": plain(e.slide_label or e.event)}
            for e in sorted(block.events, key=lambda e: e.date) if e.slide_label or not labelled]


def event_lines(event: dict) -> int:
    """The lines one event takes on the time axis: its date's or its label's, whichever is longer."""
    return max(lines_of(event["date"], DATE_LINE_CHARS), lines_of(event["raw"], EVENT_LINE_CHARS))


def _shown_excerpts(unit: schema.Unit) -> set[str]:
    return {e.id for b in unit.blocks if isinstance(b, schema.SourcesBlock) and b.slide
            for e in b.items if e.slide}


def block_slides(block, block_no: int, kit, labels: dict, unit: schema.Unit | None = None) -> list[dict]:
    """The slides of one block, packed by an estimate; `split_slide` splits one that overflows."""
    label, language = labels["continued"], kit.config.language
    title = block.title or ""
    if not getattr(block, "slide", True):
        return []
    if isinstance(block, schema.TextBlock):
        if block.teacher_only or not block.slide_points:
            return []
        return [{"layout": "points", "title": title, "points": [inline(p) for p in block.slide_points],
                 "raws": [plain(p) for p in block.slide_points], "block": block_no,
                 "fix": "shorten the block's `slide_points`"}]
    if isinstance(block, schema.FigureBlock):
        image = block.slide_image or block.image
        return [{"layout": "figure", "title": title or plain(block.caption or ""), "alt": plain(block.alt),
                 "src": (kit.root / "assets" / image).resolve().as_uri(), "image": image,
                 "credit": plain(block.credit or ""), "block": block_no,
                 "fix": "shorten the figure's title"}]
    if isinstance(block, schema.SourcesBlock):
        return [s for e in block.items if e.slide for s in _quote_slides(kit, e, block_no, labels, language)]
    if isinstance(block, schema.DocumentAnalysisBlock):
        excerpt = kit.excerpts()[block.source]
        shown = _shown_excerpts(unit) if unit is not None else set()
        slides = [] if excerpt.id in shown else _quote_slides(kit, excerpt, block_no, labels, language)
        count = len(block.questions)
        for number, q in enumerate(block.questions, 1):
            text = q.slide_text or q.prompt
            slides.append({"layout": "question", "title": f"{labels['question']} {number}" + _extension(q, labels),
                           "number": number, "of": count, "text": inline(text), "raw": plain(text),
                           "points": q.points, "block": block_no,
                           "fix": f"give question {number} a shorter `slide_text`"})
        return slides
    if isinstance(block, schema.GlossaryBlock):
        items = block.items[:block.slide_terms] if block.slide_terms else block.items
        terms = [{"term": t.term, "definition": inline(t.definition), "raw": plain(t.definition)} for t in items]
        groups = pack(terms, lambda t: 1 + lines_of(t["raw"], LINE_CHARS - 4), BODY_LINES, TERMS_PER_SLIDE)
        return _continued([{"layout": "terms", "title": title or labels["key_terms"], "terms": g, "block": block_no,
                            "fix": "shorten the definition"} for g in groups], label)
    if isinstance(block, schema.TimelineBlock):
        events = _timeline_events(block, language)
        groups = pack(events, event_lines, BODY_LINES, EVENTS_PER_SLIDE)
        return _continued([{"layout": "timeline", "title": title or labels["timeline"], "events": g,
                            "block": block_no, "fix": "give the events short `slide_label`s"}
                           for g in groups], label)
    if isinstance(block, schema.DiscussionBlock):
        return [{"layout": "prompt", "title": (title or labels["discuss"]) + _extension(p, labels), "number": i,
                 "text": inline(p.slide_text or p.text), "raw": plain(p.slide_text or p.text), "words": None, "block": block_no,
                 "fix": f"give prompt {i} a shorter `slide_text`"}
                for i, p in enumerate(block.prompts, 1)]
    if isinstance(block, schema.FillInBlock):
        items = []
        for i, g in enumerate(block.items, 1):
            shown = re.sub(r"\[\[[^\]]+\]\]", "________", plain(g.text))
            items.append({"number": i, "text": views.inline(shown, footnotes=False), "raw": shown})
        groups = pack(items, lambda g: lines_of(g["raw"], LINE_CHARS - 4), BODY_LINES, 4)
        return _continued([{"layout": "list", "title": title or labels["fill_in"], "entries": g,
                            "block": block_no, "fix": "shorten the sentence"} for g in groups], label)
    if isinstance(block, schema.EssayBlock):
        return [{"layout": "prompt", "title": (title or labels["essay"]) + _extension(block, labels), "number": None, "text": inline(block.question),
                 "raw": plain(block.question), "words": labels["about_words"].format(n=block.words) if block.words else None,
                 "block": block_no,
                 "fix": "shorten the essay question"}]
    return []


def _notes_for(block, slide: dict, kit) -> list[str]:
    """Speaker notes for one slide, from the unit's teacher-facing fields."""
    if slide["layout"] == "quote":
        excerpt = kit.excerpts()[slide["source"]]
        return [excerpt.headnote] + ([excerpt.caveat] if excerpt.caveat else [])
    if slide["layout"] == "question":
        question = block.questions[slide["number"] - 1]
        notes = [question.prompt] if question.slide_text else []
        return notes + [question.model_answer] + ([question.marking] if question.marking else [])
    if slide["layout"] == "prompt" and isinstance(block, schema.DiscussionBlock):
        prompt = block.prompts[slide["number"] - 1]
        return ([prompt.text] if prompt.slide_text else []) + ([prompt.guidance] if prompt.guidance else [])
    if slide["layout"] == "points":
        return [block.body] + ([block.notes] if block.notes else [])
    if isinstance(block, schema.FillInBlock):
        return ["Answers: " + "; ".join(a for g in block.items for a in re.findall(r"\[\[([^\]]+)\]\]", g.text))]
    if isinstance(block, schema.EssayBlock):
        return [n for n in (block.guidance, block.model_outline) if n]
    if slide["layout"] == "figure":
        return [n for n in (block.caption, block.notes) if n]
    notes = getattr(block, "notes", None)
    return [notes] if notes else []


def with_notes(block, slides: list[dict], kit) -> list[dict]:
    """Attach speaker notes; a run of "(continued)" slides carries them once, on its first slide."""
    previous = None
    for slide in slides:
        notes = _notes_for(block, slide, kit)
        slide["notes"] = [] if notes == previous else [p for n in notes for p in views.paragraphs(n)]
        previous = notes
    return slides


LIST_KEYS = ("terms", "events", "entries")


def split_slide(slide: dict, label: str, share: float = 0.5) -> list[dict] | None:
    """Two slides holding what one overflowing slide held, or None when it cannot be split without
    cutting text: lists split between items; an excerpt splits at a sentence end, its second half's
    line numbers running on from the first's. Nothing else is split.

    `share` is how much of the slide fitted on its page; the first slide keeps about that much.
    Both keep the slide's number (the second is titled "(continued)"), so splitting a slide never
    renumbers another; their ids are the slide's id with "-1" and "-2", unique in the deck.
    """
    share = min(max(share * 0.92, 0.1), 0.9)
    if slide["layout"] == "quote":
        parts = slide["sentences"]
        if len(parts) < 2:
            return None
        keep = min(max(1, int(len(parts) * share)), len(parts) - 1)
        first = quote_slide(slide, parts[:keep], slide["first_line"])
        second = quote_slide(slide, parts[keep:], slide["first_line"] + len(first["lines"]))
    else:
        key = next((k for k in LIST_KEYS if len(slide.get(k) or ()) > 1), None)
        if key is None:
            return None
        items = slide[key]
        keep = min(max(1, int(len(items) * share)), len(items) - 1)
        first, second = {**slide, key: items[:keep]}, {**slide, key: items[keep:]}
    if not second["title"].endswith(f"({label})"):
        second["title"] = f"{second['title']} ({label})"
    second["continues"] = True
    second["notes"] = []
    if slide.get("id"):
        first["id"], second["id"] = f"{slide['id']}-1", f"{slide['id']}-2"
    return [first, second]


def renumber_excerpts(slides: list[dict]) -> set[str]:
    """Line numbers running on across the slides of each excerpt, after `split_slide` re-wrapped
    some of them (a half may take a line more or less than its share did): the ids of the slides
    whose numbers changed, which must be laid out again."""
    changed, previous = set(), None
    for slide in slides:
        if slide["layout"] != "quote":
            previous = None
            continue
        running_on = previous is not None and slide.get("continues") and previous["source"] == slide["source"]
        first = previous["first_line"] + len(previous["lines"]) if running_on else 1
        if first != slide["first_line"]:
            slide.update(quote_slide(slide, slide["sentences"], first))
            changed.add(slide["id"])
        previous = slide
    return changed


def pages_stand_alone(root: Path) -> bool:
    """Whether each slide's page looks the same wherever it is in the deck, so that a deck can be
    made of pages laid out in different passes: not if the slide stylesheets (a kit may have its
    own) count pages or other things, or style left, right, blank or nth pages."""
    from kit.templating import stylesheet_paths

    css = "".join(path.read_text(encoding="utf-8", errors="replace") for path in stylesheet_paths(root, "slides"))
    return not re.search(r"counters?\(|:(left|right|blank)\b|:nth\(", css)


def number_slides(slides: list[dict]) -> list[dict]:
    """Ids (`slide-N`, the anchors that find overflowing slides) and the numbers shown on the slides
    and in the notes. A slide that continues the one before keeps its number, whether it was made
    so when the deck was packed or later by `split_slide`: one number, one piece of content, and
    no split ever renumbers another slide."""
    number = 0
    for i, slide in enumerate(slides, 1):
        slide["id"] = f"slide-{i}"
        number += 0 if slide.get("continues") and number else 1
        slide["slide_number"] = number
    return slides


def deck(kit, entry, number: int, labels: dict) -> list[dict]:
    """The slides of one unit, numbered; each knows the block it came from (1-based; 0 = the title,
    objectives and closing slides)."""
    unit = entry.unit
    slides = [{"layout": "title", "title": unit.title, "block": 0, "place": "title", "number_label": f"Unit {number}",
               "question": inline(unit.question or ""), "raw": plain(unit.question or ""),
               "fix": "shorten the unit's title or its `question`"},
              {"layout": "points", "title": labels["objectives"], "points": [inline(o) for o in unit.objectives],
               "raws": [plain(o) for o in unit.objectives], "block": 0, "place": "objectives",
               "fix": "shorten the unit's objectives"}]
    for slide in slides:
        slide["notes"] = []
    slides[0]["notes"] = views.paragraphs(unit.summary)
    for block_no, block in enumerate(unit.blocks, 1):
        slides += with_notes(block, block_slides(block, block_no, kit, labels, unit), kit)
    closing = unit.exit_ticket or unit.question
    if closing:
        slides.append({"layout": "closing", "title": labels["exit_ticket"] if unit.exit_ticket else unit.title,
                       "text": inline(closing), "raw": plain(closing), "block": 0, "notes": [],
                       "place": "exit_ticket" if unit.exit_ticket else "question",
                       "fix": "shorten the unit's `exit_ticket`"})
    return number_slides(slides)


def budget(unit: schema.Unit) -> int:
    """The most slides a unit's deck should have: one per 2.5 minutes, plus title and closing."""
    return math.floor(unit.minutes / MINUTES_PER_SLIDE) + 2


def slides_by_block(slides: list[dict]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for slide in slides:
        counts[slide["block"]] = counts.get(slide["block"], 0) + 1
    return counts


def ends_at_sentence(slide: dict) -> bool:
    """Whether an excerpt slide ends where a sentence of the excerpt ends."""
    return bool(ENDS_SENTENCE.search(slide["sentences"][-1][1])) if slide["sentences"] else True
