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
           "beyond": "beyond the article", "matching": "Matching starter", "answers": "Answers",
           "continued": "continued", "timing": "Timing", "speaker_notes": "Notes", "requires": "Before this unit",
           "skip": "Skip to the content", "previous": "Previous", "next": "Next", "units": "Units",
           "all_units": "All units"},
    "az": {"name": "Ad, soyad", "class": "Sinif", "date": "Tarix", "source": "Mənbə", "question": "Sual",
           "teacher_edition": "Müəllim nüsxəsi", "page": "Səhifə", "of": "/", "contents": "Mündəricat"},
    "tr": {"name": "Ad Soyad", "class": "Sınıf", "date": "Tarih", "source": "Kaynak", "question": "Soru",
           "teacher_edition": "Öğretmen nüshası", "page": "Sayfa", "of": "/", "contents": "İçindekiler"},
    "ru": {"name": "Имя", "class": "Класс", "date": "Дата", "source": "Источник", "question": "Вопрос",
           "teacher_edition": "Издание для учителя", "page": "Страница", "of": "из", "contents": "Содержание"},
}


def labels_for(language: str) -> dict[str, str]:
    """The labels of `language`; where it has no word yet, the English one."""
    return {**LABELS["en"], **LABELS.get(language, {})}
