"""Fixed labels printed on every output, in the kit's language."""

from __future__ import annotations

LABELS = {
    "en": {"name": "Name", "class": "Class", "date": "Date", "source": "Source", "question": "Question",
           "teacher_edition": "Teacher edition", "page": "Page", "of": "of", "contents": "Contents",
           "student_book": "Student book", "teacher_book": "Teacher book", "objectives": "Learning objectives",
           "minutes": "min", "answer": "Model answer", "marking": "Marking notes",
           "teacher_notes": "Notes for the teacher", "points": "points", "adapted": "adapted",
           "lesson_plan": "Lesson plan", "skills": "Skills covered", "total": "Total", "undated": "undated",
           "word_bank": "Word bank", "guidance": "Guidance", "rubric": "Marking rubric",
           "matching": "Matching starter", "answers": "Answers",
           "continued": "continued", "timing": "Timing", "speaker_notes": "Notes", "requires": "Before this unit",
           # phrases about the kit's sources: {noun} is the source's kind ("speech"), {Noun} capitalised
           "in_source": "In the {noun}", "beyond_one": "beyond the {noun}", "beyond_many": "beyond the sources",
           "says_more_one": "the definition says more than the {noun} does",
           "says_more_many": "the definition says more than the sources do",
           "drawn_from": "Drawn from", "source_licence": "Source licence", "kit_licence": "Kit licence",
           "reader": "Reader", "sources": "Sources", "quoted": "What the kit quotes from it",
           "in_reader": "In the students' reader", "not_in_reader": "Not given to students",
           "reading_text": "Reading text: the copy with its footnote calls and, where known, its punctuation "
                           "mended; every word is the copy's.",
           "footnotes": "Notes", "used_in": "Used in", "nothing_quoted": "Cited for background; nothing quoted.",
           "paragraph": "Paragraph", "unit": "Unit", "where": "Where"},
    "az": {"name": "Ad, soyad", "class": "Sinif", "date": "Tarix", "source": "Mənbə", "question": "Sual",
           "teacher_edition": "Müəllim nüsxəsi", "page": "Səhifə", "of": "/", "contents": "Mündəricat",
           "in_source": "{Noun}", "sources": "Mənbələr"},
    "tr": {"name": "Ad Soyad", "class": "Sınıf", "date": "Tarih", "source": "Kaynak", "question": "Soru",
           "teacher_edition": "Öğretmen nüshası", "page": "Sayfa", "of": "/", "contents": "İçindekiler",
           "in_source": "{Noun}", "sources": "Kaynaklar"},
    "ru": {"name": "Имя", "class": "Класс", "date": "Дата", "source": "Источник", "question": "Вопрос",
           "teacher_edition": "Издание для учителя", "page": "Страница", "of": "из", "contents": "Содержание",
           "in_source": "{Noun}", "sources": "Источники"},
}

# What each kind of source is called (schema.SOURCE_KINDS); a source with no kind is a "source".
KIND_NOUNS = {
    "en": {"article": "article", "book": "book", "book-chapter": "chapter", "textbook": "textbook",
           "speech": "speech", "letter": "letter", "telegram": "telegram", "treaty": "treaty", "decree": "decree",
           "report": "report", "memoir": "memoir", "diary": "diary", "newspaper": "newspaper",
           "interview": "interview", "document": "document", "other": "source", None: "source"},
    "az": {"article": "məqalə", "book": "kitab", "book-chapter": "fəsil", "textbook": "dərslik", "speech": "nitq",
           "letter": "məktub", "telegram": "teleqram", "treaty": "müqavilə", "decree": "fərman",
           "report": "hesabat", "memoir": "xatirələr", "diary": "gündəlik", "newspaper": "qəzet",
           "interview": "müsahibə", "document": "sənəd", "other": "mənbə", None: "mənbə"},
    "tr": {"article": "makale", "book": "kitap", "book-chapter": "bölüm", "textbook": "ders kitabı",
           "speech": "konuşma", "letter": "mektup", "telegram": "telgraf", "treaty": "antlaşma",
           "decree": "kararname", "report": "rapor", "memoir": "hatırat", "diary": "günlük", "newspaper": "gazete",
           "interview": "röportaj", "document": "belge", "other": "kaynak", None: "kaynak"},
    "ru": {"article": "статья", "book": "книга", "book-chapter": "глава", "textbook": "учебник", "speech": "речь",
           "letter": "письмо", "telegram": "телеграмма", "treaty": "договор", "decree": "декрет",
           "report": "доклад", "memoir": "мемуары", "diary": "дневник", "newspaper": "газета",
           "interview": "интервью", "document": "документ", "other": "источник", None: "источник"},
}


def labels_for(language: str) -> dict[str, str]:
    """The labels of `language`; where it has no word yet, the English one."""
    return {**LABELS["en"], **LABELS.get(language, {})}


def source_phrase(language: str, key: str, kind: str | None) -> str:
    """The label `key` (a phrase with {noun}) about a source of `kind`, in `language`: the noun in
    the language the phrase is written in, so a phrase the language lacks is English throughout."""
    phrase_language = language if key in LABELS.get(language, {}) else "en"
    noun = KIND_NOUNS.get(phrase_language, KIND_NOUNS["en"]).get(kind, KIND_NOUNS["en"][None])
    return labels_for(language)[key].format(noun=noun, Noun=noun[:1].upper() + noun[1:])


def source_labels(language: str, kinds: list) -> dict[str, str]:
    """The labels that speak of the kit's sources as a whole, for a kit whose sources are of `kinds`:
    one source ("beyond the speech") or several ("beyond the sources")."""
    if len(kinds) == 1:
        return {"beyond": source_phrase(language, "beyond_one", kinds[0]),
                "says_more": source_phrase(language, "says_more_one", kinds[0])}
    labels = labels_for(language)
    return {"beyond": labels["beyond_many"], "says_more": labels["says_more_many"]}
