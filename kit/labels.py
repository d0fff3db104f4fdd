"""Fixed labels printed on every output, and dates, in the kit's language (en, az, tr, ru).

Every label has a word in every language: tests/test_labels.py fails on a missing one.
"""

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
           "match_instruction": "Match each definition with its term.", "outline": "Model outline",
           "essay": "Essay"},
    "az": {"name": "Ad, soyad", "class": "Sinif", "date": "Tarix", "source": "Mənbə", "question": "Sual",
           "teacher_edition": "Müəllim nüsxəsi", "page": "Səhifə", "of": "/", "contents": "Mündəricat",
           "student_book": "Şagird kitabı", "teacher_book": "Müəllim kitabı", "objectives": "Təlim məqsədləri",
           "minutes": "dəq", "answer": "Nümunəvi cavab", "marking": "Qiymətləndirmə qeydləri",
           "teacher_notes": "Müəllim üçün qeydlər", "points": "bal", "adapted": "uyğunlaşdırılıb",
           "lesson_plan": "Dərs planı", "skills": "İnkişaf etdirilən bacarıqlar", "total": "Cəmi",
           "undated": "tarixsiz", "word_bank": "Söz bankı", "guidance": "Tövsiyələr",
           "rubric": "Qiymətləndirmə meyarları", "beyond": "məqalədən kənar", "matching": "Uyğunlaşdırma tapşırığı",
           "answers": "Cavablar", "continued": "davamı", "timing": "Vaxt bölgüsü", "speaker_notes": "Qeydlər",
           "requires": "Bu bölmədən əvvəl", "match_instruction": "Hər tərifi öz termini ilə uyğunlaşdırın.",
           "outline": "Nümunəvi plan", "essay": "Esse"},
    "tr": {"name": "Ad Soyad", "class": "Sınıf", "date": "Tarih", "source": "Kaynak", "question": "Soru",
           "teacher_edition": "Öğretmen nüshası", "page": "Sayfa", "of": "/", "contents": "İçindekiler",
           "student_book": "Öğrenci kitabı", "teacher_book": "Öğretmen kitabı", "objectives": "Öğrenme hedefleri",
           "minutes": "dk", "answer": "Örnek cevap", "marking": "Puanlama notları",
           "teacher_notes": "Öğretmen için notlar", "points": "puan", "adapted": "uyarlanmıştır",
           "lesson_plan": "Ders planı", "skills": "Kazandırılan beceriler", "total": "Toplam",
           "undated": "tarihsiz", "word_bank": "Kelime bankası", "guidance": "Yönlendirme",
           "rubric": "Dereceli puanlama anahtarı", "beyond": "makalenin ötesinde", "matching": "Eşleştirme etkinliği",
           "answers": "Cevaplar", "continued": "devamı", "timing": "Zamanlama", "speaker_notes": "Notlar",
           "requires": "Bu üniteden önce", "match_instruction": "Her tanımı ilgili terimle eşleştirin.",
           "outline": "Örnek taslak", "essay": "Kompozisyon"},
    "ru": {"name": "Имя", "class": "Класс", "date": "Дата", "source": "Источник", "question": "Вопрос",
           "teacher_edition": "Издание для учителя", "page": "Страница", "of": "из", "contents": "Содержание",
           "student_book": "Книга для ученика", "teacher_book": "Книга для учителя", "objectives": "Цели урока",
           "minutes": "мин", "answer": "Образец ответа", "marking": "Указания по оцениванию",
           "teacher_notes": "Заметки для учителя", "points": "б.", "adapted": "в адаптации",
           "lesson_plan": "План урока", "skills": "Развиваемые навыки", "total": "Итого",
           "undated": "без даты", "word_bank": "Слова для справки", "guidance": "Рекомендации",
           "rubric": "Критерии оценивания", "beyond": "за рамками статьи", "matching": "Задание на соответствие",
           "answers": "Ответы", "continued": "продолжение", "timing": "Хронометраж", "speaker_notes": "Заметки",
           "requires": "Перед этим разделом", "match_instruction": "Соотнесите каждое определение с термином.",
           "outline": "Образец плана", "essay": "Эссе"},
}

# Month names: alone ("April 1920") and in a full date ("26 April 1920"), where Russian takes the
# genitive ("26 апреля 1920", but "апрель 1920").
MONTHS = {
    "en": (("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"),) * 2,
    "az": (("yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr",
            "dekabr"),) * 2,
    "tr": (("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım",
            "Aralık"),) * 2,
    "ru": (("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
            "декабрь"),
           ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
            "декабря")),
}

LANGUAGES = tuple(LABELS)


def labels_for(language: str) -> dict[str, str]:
    """The labels of `language`; for a language kit has no words for, the English ones."""
    return {**LABELS["en"], **LABELS.get(language, {})}


def date_text(date, language: str) -> str:
    """A schema.PartialDate as the kit's language writes it: 1920, April 1920, 26 April 1920."""
    alone, in_date = MONTHS.get(language, MONTHS["en"])
    if not date.month:
        return str(date.year)
    if not date.day:
        return f"{alone[date.month - 1]} {date.year}"
    return f"{date.day} {in_date[date.month - 1]} {date.year}"
