"""Fixed labels printed on every output, and dates, in the kit's language (en, az, tr, ru).

Every label has a word in every language: tests/test_labels.py fails on a missing one.
"""

from __future__ import annotations

LABELS = {
    "en": {"key_terms": "Key terms", "timeline": "Timeline", "discuss": "Discuss", "fill_in": "Fill in the blanks", "exit_ticket": "Exit ticket", "name": "Name", "class": "Class", "date": "Date", "source": "Source", "question": "Question",
           "teacher_edition": "Teacher edition", "page": "Page", "of": "of", "contents": "Contents",
           "student_book": "Student book", "teacher_book": "Teacher book", "objectives": "Learning objectives",
           "minutes": "min", "answer": "Model answer", "marking": "Marking notes",
           "teacher_notes": "Notes for the teacher", "points": "points", "adapted": "adapted",
           "lesson_plan": "Lesson plan", "skills": "Skills covered", "total": "Total", "undated": "undated",
           "word_bank": "Word bank", "guidance": "Guidance", "rubric": "Marking rubric",
           "beyond": "beyond the article", "matching": "Matching starter", "answers": "Answers",
           "continued": "continued", "timing": "Timing", "speaker_notes": "Notes", "requires": "Before this unit",
           "match_instruction": "Match each definition with its term.", "outline": "Model outline",
           "essay": "Essay", "the_document": "The document", "above": "above", "skill": "Skill",
           "questions": "Questions", "about_words": "About {n} words.", "level": "Level", "marks": "Marks",
           "essay_does": "What the essay does", "glossary_cards": "Glossary cards",
           "term": "Term", "definition": "Definition", "other_spellings": "Other spellings", "event": "Event",
           "notes_heading": "Notes", "sourcing_grid": "Sourcing grid", "grid_who": "Who wrote it, and who was it for?",
           "grid_when": "When, and in what situation?", "grid_what": "What kind of document is it? Why was it written?",
           "grid_trust": "How far can we trust it, and what for?"},
    "az": {"key_terms": "Əsas terminlər", "timeline": "Xronologiya", "discuss": "Müzakirə edin", "fill_in": "Boşluqları doldurun", "exit_ticket": "Çıxış bileti", "name": "Ad, soyad", "class": "Sinif", "date": "Tarix", "source": "Mənbə", "question": "Sual",
           "teacher_edition": "Müəllim nüsxəsi", "page": "Səhifə", "of": "/", "contents": "Mündəricat",
           "student_book": "Şagird kitabı", "teacher_book": "Müəllim kitabı", "objectives": "Təlim məqsədləri",
           "minutes": "dəq", "answer": "Nümunəvi cavab", "marking": "Qiymətləndirmə qeydləri",
           "teacher_notes": "Müəllim üçün qeydlər", "points": "bal", "adapted": "uyğunlaşdırılıb",
           "lesson_plan": "Dərs planı", "skills": "İnkişaf etdirilən bacarıqlar", "total": "Cəmi",
           "undated": "tarixsiz", "word_bank": "Söz bankı", "guidance": "Tövsiyələr",
           "rubric": "Qiymətləndirmə meyarları", "beyond": "məqalədən kənar", "matching": "Uyğunlaşdırma tapşırığı",
           "answers": "Cavablar", "continued": "davamı", "timing": "Vaxt bölgüsü", "speaker_notes": "Qeydlər",
           "requires": "Bu bölmədən əvvəl", "match_instruction": "Hər tərifi öz termini ilə uyğunlaşdırın.",
           "outline": "Nümunəvi plan", "essay": "Esse", "the_document": "Sənəd", "above": "yuxarıda",
           "skill": "Bacarıq", "questions": "Suallar", "about_words": "Təxminən {n} söz.", "level": "Səviyyə",
           "marks": "Bal", "essay_does": "Esse nə edir", "glossary_cards": "Lüğət kartları",
           "term": "Termin", "definition": "Tərif", "other_spellings": "Digər yazılışlar", "event": "Hadisə",
           "notes_heading": "Qeydlər", "sourcing_grid": "Mənbə təhlili cədvəli", "grid_who": "Kim yazıb və kimin üçün?",
           "grid_when": "Nə vaxt və hansı şəraitdə?", "grid_what": "Bu hansı sənəddir? Niyə yazılıb?",
           "grid_trust": "Ona nə dərəcədə və nədə etibar etmək olar?"},
    "tr": {"key_terms": "Anahtar terimler", "timeline": "Zaman çizelgesi", "discuss": "Tartışın", "fill_in": "Boşlukları doldurun", "exit_ticket": "Çıkış kartı", "name": "Ad Soyad", "class": "Sınıf", "date": "Tarih", "source": "Kaynak", "question": "Soru",
           "teacher_edition": "Öğretmen nüshası", "page": "Sayfa", "of": "/", "contents": "İçindekiler",
           "student_book": "Öğrenci kitabı", "teacher_book": "Öğretmen kitabı", "objectives": "Öğrenme hedefleri",
           "minutes": "dk", "answer": "Örnek cevap", "marking": "Puanlama notları",
           "teacher_notes": "Öğretmen için notlar", "points": "puan", "adapted": "uyarlanmıştır",
           "lesson_plan": "Ders planı", "skills": "Kazandırılan beceriler", "total": "Toplam",
           "undated": "tarihsiz", "word_bank": "Kelime bankası", "guidance": "Yönlendirme",
           "rubric": "Dereceli puanlama anahtarı", "beyond": "makalenin ötesinde", "matching": "Eşleştirme etkinliği",
           "answers": "Cevaplar", "continued": "devamı", "timing": "Zamanlama", "speaker_notes": "Notlar",
           "requires": "Bu üniteden önce", "match_instruction": "Her tanımı ilgili terimle eşleştirin.",
           "outline": "Örnek taslak", "essay": "Kompozisyon", "the_document": "Belge", "above": "yukarıda",
           "skill": "Beceri", "questions": "Sorular", "about_words": "Yaklaşık {n} kelime.", "level": "Düzey",
           "marks": "Puan", "essay_does": "Kompozisyonda neler var", "glossary_cards": "Sözlük kartları",
           "term": "Terim", "definition": "Tanım", "other_spellings": "Diğer yazılışlar", "event": "Olay",
           "notes_heading": "Notlar", "sourcing_grid": "Kaynak çözümleme tablosu", "grid_who": "Kim yazdı, kimin için?",
           "grid_when": "Ne zaman, hangi koşullarda?", "grid_what": "Ne tür bir belge? Neden yazıldı?",
           "grid_trust": "Ona ne kadar ve ne konuda güvenebiliriz?"},
    "ru": {"key_terms": "Ключевые термины", "timeline": "Хронология", "discuss": "Обсудите", "fill_in": "Заполните пропуски", "exit_ticket": "Билет на выход", "name": "Имя", "class": "Класс", "date": "Дата", "source": "Источник", "question": "Вопрос",
           "teacher_edition": "Издание для учителя", "page": "Страница", "of": "из", "contents": "Содержание",
           "student_book": "Книга для ученика", "teacher_book": "Книга для учителя", "objectives": "Цели урока",
           "minutes": "мин", "answer": "Образец ответа", "marking": "Указания по оцениванию",
           "teacher_notes": "Заметки для учителя", "points": "б.", "adapted": "в адаптации",
           "lesson_plan": "План урока", "skills": "Развиваемые навыки", "total": "Итого",
           "undated": "без даты", "word_bank": "Слова для справки", "guidance": "Рекомендации",
           "rubric": "Критерии оценивания", "beyond": "за рамками статьи", "matching": "Задание на соответствие",
           "answers": "Ответы", "continued": "продолжение", "timing": "Хронометраж", "speaker_notes": "Заметки",
           "requires": "Перед этим разделом", "match_instruction": "Соотнесите каждое определение с термином.",
           "outline": "Образец плана", "essay": "Эссе", "the_document": "Документ", "above": "см. выше",
           "skill": "Навык", "questions": "Вопросы", "about_words": "Объём: около {n} сл.", "level": "Уровень",
           "marks": "Баллы", "essay_does": "Что есть в эссе", "glossary_cards": "Карточки глоссария",
           "term": "Термин", "definition": "Определение", "other_spellings": "Другие написания", "event": "Событие",
           "notes_heading": "Примечания", "sourcing_grid": "Таблица анализа источника", "grid_who": "Кто написал и для кого?",
           "grid_when": "Когда и в какой обстановке?", "grid_what": "Что это за документ? Зачем он написан?",
           "grid_trust": "Насколько ему можно доверять и в чём?"},
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
