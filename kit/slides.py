"""A unit as a slide deck: its key content, split so that every slide fits at 24 pt or more.

Long text is split at sentence boundaries into slides marked "(continued)"; lists are packed a
few items per slide. A slide that still overflows after layout (render.py) is split in two
(`split_slide`, driven by build.final_deck); one that cannot be split is reported as a build error
naming the unit, slide and block.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from kit import schema
from kit import views
from kit.views import locator_label


def inline(text: str) -> Markup:
    """Slides print no footnotes."""
    return views.inline(text, footnotes=False)

# Estimates of what a 16:9 slide holds at 24 pt, set so that most slides fit as packed: a slide
# that overflows costs a second layout, and its halves are each only half full.
TEXT_BUDGET = 460      # characters of body text
QUOTE_BUDGET = 400
SENTENCE_END = re.compile(r"(?<=[.!?…»”\"'’])\s+(?=[\"“‘'«(\[A-ZÀ-ÖØ-ÞƏĞİŞÇÖÜА-ЯЁ0-9])")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(" ".join(text.split())) if s]


def join_within(parts: list[str], budget: int) -> list[str]:
    """Consecutive parts joined with spaces into runs of at most `budget` characters."""
    runs, current = [], ""
    for part in parts:
        if current and len(current) + 1 + len(part) > budget:
            runs.append(current)
            current = part
        else:
            current = f"{current} {part}".strip()
    if current:
        runs.append(current)
    return runs


def pieces(text: str, budget: int) -> list[str]:
    """Sentences; one longer than `budget` is cut at clause breaks, and failing that between words."""
    out = []
    for sentence in sentences(text):
        if len(sentence) <= budget:
            out.append(sentence)
            continue
        for clause in re.split(r"(?<=[,;:])\s+", sentence):
            out += join_within(clause.split(), budget)
    return out


def split_text(text: str, budget: int) -> list[str]:
    """Consecutive runs of sentences (or, for very long ones, clauses), each within `budget`."""
    return join_within(pieces(text, budget), budget)


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


def _quote_slides(excerpt: schema.SourceExcerpt, block_no: int, label: str, budget: int) -> list[dict]:
    credit = f"{excerpt.author} · {excerpt.date or 'undated'} · {locator_label(excerpt.locator)}"
    slides = [{"layout": "quote", "title": excerpt.title, "text": inline(chunk), "raw": chunk, "credit": credit,
               "source": excerpt.id,
               "adapted": excerpt.adapted, "block": block_no}
              for chunk in split_text(excerpt.text, budget)]
    return _continued(slides, label)


def _question_entries(questions, budget: int) -> list[dict]:
    entries = []
    for number, q in enumerate(questions, 1):
        for i, chunk in enumerate(split_text(q.prompt, budget)):
            entries.append({"number": number if i == 0 else None, "text": inline(chunk), "raw": chunk})
    return entries


def block_slides(block, block_no: int, kit, label: str) -> list[dict]:
    """Slides for one block, packed by an estimate; `split_slide` halves one that overflows."""
    title = block.title or ""
    text_budget, quote_budget = TEXT_BUDGET, QUOTE_BUDGET
    if isinstance(block, schema.TextBlock):
        if block.teacher_only or not block.slide:
            return []
        chunks = [c for p in re.split(r"\n\s*\n", block.body) for c in split_text(p, text_budget)]
        groups = pack(chunks, len, text_budget, 3)
        return _continued([{"layout": "text", "title": title, "paragraphs": [inline(c) for c in g],
                            "raws": g, "block": block_no} for g in groups], label)
    if isinstance(block, schema.FigureBlock):
        if not block.slide:
            return []
        return [{"layout": "figure", "title": title or block.caption or "", "alt": block.alt,
                 "src": (kit.root / "assets" / block.image).resolve().as_uri(), "block": block_no}]
    if isinstance(block, schema.SourcesBlock):
        return [s for e in block.items for s in _quote_slides(e, block_no, label, quote_budget)]
    if isinstance(block, schema.DocumentAnalysisBlock):
        excerpt = kit.excerpts()[block.source]
        questions = _question_entries(block.questions, text_budget)
        groups = pack(questions, lambda q: len(q["text"]) + 20, text_budget, 3)
        return _quote_slides(excerpt, block_no, label, quote_budget) + _continued(
            [{"layout": "questions", "title": title or "Questions", "questions": g, "block": block_no}
             for g in groups], label)
    if isinstance(block, schema.GlossaryBlock):
        terms = [{"term": t.term, "definition": inline(sentences(t.definition)[0])} for t in block.items]
        groups = pack(terms, lambda t: len(t["term"]) + len(t["definition"]) + 40, text_budget, 3)
        return _continued([{"layout": "terms", "title": title or "Key terms", "terms": g, "block": block_no}
                           for g in groups], label)
    if isinstance(block, schema.TimelineBlock):
        events = [{"date": e.date_text or str(e.date), "event": inline(e.event)}
                  for e in sorted(block.events, key=lambda e: e.date)]
        groups = pack(events, lambda e: len(e["event"]) + 40, text_budget, 4)
        return _continued([{"layout": "timeline", "title": title or "Timeline", "events": g, "block": block_no}
                           for g in groups], label)
    if isinstance(block, schema.DiscussionBlock):
        return [{"layout": "prompt", "title": title or "Discuss", "number": i,
                 "text": inline(p.text), "raw": p.text, "block": block_no}
                for i, p in enumerate(block.prompts, 1)]
    if isinstance(block, schema.FillInBlock):
        items = [{"number": i, "text": Markup(re.sub(r"\[\[[^\]]+\]\]", "________", str(inline(g.text))))}
                 for i, g in enumerate(block.items, 1)]
        groups = pack(items, lambda g: len(g["text"]) + 10, text_budget, 4)
        return _continued([{"layout": "list", "title": title or "Fill in the blanks", "entries": g,
                            "block": block_no} for g in groups], label)
    if isinstance(block, schema.EssayBlock):
        return [{"layout": "prompt", "title": title or "Essay", "number": None, "text": inline(block.question),
                 "raw": block.question, "block": block_no}]
    return []


LIST_KEYS = ("paragraphs", "entries", "questions", "terms", "events")


def _notes_for(block, slide: dict, kit) -> list[str]:
    """Speaker notes for one slide, from the unit's teacher-facing fields."""
    if slide["layout"] == "quote":
        excerpt = kit.excerpts()[slide["source"]]
        return [excerpt.headnote] + ([excerpt.caveat] if excerpt.caveat else [])
    if slide["layout"] == "questions":
        numbers = [q["number"] for q in slide["questions"] if q["number"]]
        return [f"{n}. {block.questions[n - 1].model_answer}" for n in numbers]
    if slide["layout"] == "prompt" and isinstance(block, schema.DiscussionBlock):
        guidance = block.prompts[slide["number"] - 1].guidance
        return [guidance] if guidance else []
    if isinstance(block, schema.FillInBlock):
        return ["Answers: " + "; ".join(a for g in block.items for a in re.findall(r"\[\[([^\]]+)\]\]", g.text))]
    if isinstance(block, schema.EssayBlock) and block.model_outline:
        return [block.model_outline]
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


def _cut(raw: str, share: float) -> tuple[str, str] | None:
    """`raw` cut at a sentence (or clause) boundary so that the first part is about `share` of it."""
    parts = split_text(raw, max(40, int(len(raw) * share)))
    if len(parts) < 2:
        return None
    return parts[0], " ".join(parts[1:])


def split_slide(slide: dict, label: str, share: float = 0.5) -> list[dict] | None:
    """Two slides holding what one overflowing slide held, or None when it cannot be split.

    `share` is how much of the slide fitted on its page; the first slide keeps about that much.
    Both keep the slide's number (the second is titled "(continued)"), so splitting a slide never
    renumbers another; their ids are the slide's id with "-1" and "-2", unique in the deck.
    """
    share = min(max(share * 0.92, 0.1), 0.9)
    for key in LIST_KEYS:
        items = slide.get(key)
        if items and len(items) > 1:
            keep = min(max(1, int(len(items) * share)), len(items) - 1)
            first, second = {**slide, key: items[:keep]}, {**slide, key: items[keep:]}
            break
        if items and isinstance(items[0], dict) and items[0].get("raw"):
            cut = _cut(items[0]["raw"], share)
            if cut is None:
                return None
            first = {**slide, key: [{**items[0], "raw": cut[0], "text": inline(cut[0])}]}
            second = {**slide, key: [{**items[0], "number": None, "raw": cut[1], "text": inline(cut[1])}]}
            break
        if items and slide.get("raws"):
            cut = _cut(slide["raws"][0], share)
            if cut is None:
                return None
            first = {**slide, "raws": [cut[0]], key: [inline(cut[0])]}
            second = {**slide, "raws": [cut[1]], key: [inline(cut[1])]}
            break
    else:
        cut = _cut(slide["raw"], share) if slide.get("raw") else None
        if cut is None:
            return None
        first = {**slide, "raw": cut[0], "text": inline(cut[0])}
        second = {**slide, "raw": cut[1], "text": inline(cut[1])}
    if not second["title"].endswith(f"({label})"):
        second["title"] = f"{second['title']} ({label})"
    second["continues"] = True
    if slide.get("layout") != "questions":
        second["notes"] = []
    if slide.get("id"):
        first["id"], second["id"] = f"{slide['id']}-1", f"{slide['id']}-2"
    return [first, second]


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
    """The slides of one unit, numbered; each knows the block it came from (1-based, 0 = title)."""
    unit = entry.unit
    objectives = [{"number": None, "text": inline(o)} for o in unit.objectives]
    slides = [{"layout": "title", "title": unit.title, "block": 0, "number_label": f"Unit {number}"}]
    slides += _continued([{"layout": "text", "title": unit.title, "paragraphs": [inline(c) for c in group],
                           "raws": group, "block": 0}
                          for group in pack(split_text(unit.summary, TEXT_BUDGET), len, TEXT_BUDGET, 3)],
                         labels["continued"])
    slides += _continued([{"layout": "list", "title": labels["objectives"], "entries": group, "block": 0}
                          for group in pack(objectives, lambda o: len(o["text"]) + 30, TEXT_BUDGET, 5)],
                         labels["continued"])
    for slide in slides:
        slide["notes"] = []
    for block_no, block in enumerate(unit.blocks, 1):
        slides += with_notes(block, block_slides(block, block_no, kit, labels["continued"]), kit)
    return number_slides(slides)
