"""Fixed labels printed on every output, and dates, in the kit's language (en, az, tr, ru), and the
nouns for each kind of source.

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
           "matching": "Matching starter", "answers": "Answers", "continued": "continued", "timing": "Timing",
           "speaker_notes": "Notes", "requires": "Before this unit",
           "match_instruction": "Match each definition with its term.", "outline": "Model outline", "essay": "Essay",
           "the_document": "The document", "above": "above", "skill": "Skill", "questions": "Questions",
           "about_words": "About {n} words.", "level": "Level", "marks": "Marks",
           "essay_does": "What the essay does", "glossary_cards": "Glossary cards", "term": "Term",
           "definition": "Definition", "other_spellings": "Other spellings", "event": "Event",
           "notes_heading": "Notes", "sourcing_grid": "Sourcing grid",
           "grid_who": "Who wrote it, and who was it for?", "grid_when": "When, and in what situation?",
           "grid_what": "What kind of document is it? Why was it written?",
           "grid_trust": "How far can we trust it, and what for?", "in_source": "In the {noun}",
           "beyond_one": "beyond the {noun}", "beyond_many": "beyond the sources",
           "says_more_one": "the definition says more than the {noun} does",
           "says_more_many": "the definition says more than the sources do", "drawn_from": "Drawn from",
           "source_licence": "Source licence", "kit_licence": "Kit licence", "reader": "Reader",
           "sources": "Sources", "quoted": "What the kit quotes from it", "in_reader": "In the students' reader",
           "not_in_reader": "Not given to students",
           "reading_text": "Reading text: the copy with its footnote calls and, where known, its punctuation mended; every word is the copy's.",
           "footnotes": "Notes", "used_in": "Used in", "nothing_quoted": "Cited for background; nothing quoted.",
           "paragraph": "Paragraph", "unit": "Unit", "where": "Where", "key_terms": "Key terms",
           "timeline": "Timeline", "discuss": "Discuss", "fill_in": "Fill in the blanks",
           "exit_ticket": "Exit ticket", "skip": "Skip to the content", "previous": "Previous", "next": "Next",
           "units": "Units", "all_units": "All units", "author_issuer": "Author or issuer", "type": "Type",
           "audience": "Audience", "match_write": "Write the letter of the matching definition next to each term.",
           "slides_title": "slides", "notes_title": "slides with notes", "three_up_title": "slides, three to a page", "extension": "Extension", "core": "Core work",
           "foundation_edition": "Foundation edition", "foundation_book": "Foundation book",
           "standard_only": "In the standard edition only", "starters": "You could start",
           "talk_starters": "When you speak, you could say", "essay_frame": "Plan your paragraphs",
           "skill_sourcing": "Sourcing", "skill_context": "Context", "skill_close_reading": "Close reading",
           "skill_corroboration": "Corroboration", "spelling_az": "Azerbaijani", "spelling_tr": "Turkish",
           "spelling_ru": "Russian", "spelling_other": "Also"},
    "az": {"name": "Ad, soyad", "class": "Sinif", "date": "Tarix", "source": "Mənbə", "question": "Sual",
           "teacher_edition": "Müəllim nüsxəsi", "page": "Səhifə", "of": "/", "contents": "Mündəricat",
           "student_book": "Şagird kitabı", "teacher_book": "Müəllim kitabı", "objectives": "Təlim məqsədləri",
           "minutes": "dəq", "answer": "Nümunəvi cavab", "marking": "Qiymətləndirmə qeydləri",
           "teacher_notes": "Müəllim üçün qeydlər", "points": "bal", "adapted": "uyğunlaşdırılıb",
           "lesson_plan": "Dərs planı", "skills": "İnkişaf etdirilən bacarıqlar", "total": "Cəmi",
           "undated": "tarixsiz", "word_bank": "Söz bankı", "guidance": "Tövsiyələr",
           "rubric": "Qiymətləndirmə meyarları", "matching": "Uyğunlaşdırma tapşırığı", "answers": "Cavablar",
           "continued": "davamı", "timing": "Vaxt bölgüsü", "speaker_notes": "Qeydlər",
           "requires": "Bu bölmədən əvvəl", "match_instruction": "Hər tərifi öz termini ilə uyğunlaşdırın.",
           "outline": "Nümunəvi plan", "essay": "Esse", "the_document": "Sənəd", "above": "yuxarıda",
           "skill": "Bacarıq", "questions": "Suallar", "about_words": "Təxminən {n} söz.", "level": "Səviyyə",
           "marks": "Bal", "essay_does": "Esse nə edir", "glossary_cards": "Lüğət kartları", "term": "Termin",
           "definition": "Tərif", "other_spellings": "Digər yazılışlar", "event": "Hadisə",
           "notes_heading": "Qeydlər", "sourcing_grid": "Mənbə təhlili cədvəli",
           "grid_who": "Kim yazıb və kimin üçün?", "grid_when": "Nə vaxt və hansı şəraitdə?",
           "grid_what": "Bu hansı sənəddir? Niyə yazılıb?",
           "grid_trust": "Ona nə dərəcədə və nədə etibar etmək olar?", "in_source": "{Noun}",
           "beyond_one": "mənbədən kənar ({noun})", "beyond_many": "mənbələrdən kənar",
           "says_more_one": "tərif mənbədə ({noun}) deyiləndən genişdir",
           "says_more_many": "tərif mənbələrdə deyiləndən genişdir", "drawn_from": "İstifadə olunan mənbə",
           "source_licence": "Mənbənin lisenziyası", "kit_licence": "Dəstin lisenziyası", "reader": "Oxu materialı",
           "sources": "Mənbələr", "quoted": "Dəstin ondan sitat gətirdikləri",
           "in_reader": "Şagirdlərin oxu materialında", "not_in_reader": "Şagirdlərə verilmir",
           "reading_text": "Oxu mətni: haşiyə işarələri əlavə olunmuş və, məlum olan yerlərdə, durğu işarələri düzəldilmiş nüsxə; bütün sözlər nüsxədəki kimidir.",
           "footnotes": "Qeydlər", "used_in": "İstifadə olunduğu yer",
           "nothing_quoted": "Fon məlumatı üçün istinad edilir; sitat yoxdur.", "paragraph": "Abzas",
           "unit": "Bölmə", "where": "Harada", "key_terms": "Əsas terminlər", "timeline": "Xronologiya",
           "discuss": "Müzakirə edin", "fill_in": "Boşluqları doldurun", "exit_ticket": "Çıxış bileti",
           "skip": "Məzmuna keçin", "previous": "Əvvəlki", "next": "Növbəti", "units": "Bölmələr",
           "all_units": "Bütün bölmələr", "author_issuer": "Müəllif və ya göndərən", "type": "Növ",
           "audience": "Ünvan", "match_write": "Hər terminin yanına ona uyğun tərifin hərfini yazın.",
           "slides_title": "slaydlar", "notes_title": "qeydli slaydlar",
           "three_up_title": "slaydlar, hər səhifədə üç", "extension": "Əlavə tapşırıq",
           "core": "Əsas iş", "foundation_edition": "Sadələşdirilmiş nəşr",
           "foundation_book": "Şagird kitabı (sadələşdirilmiş nəşr)",
           "standard_only": "Yalnız əsas nəşrdə", "starters": "Belə başlaya bilərsiniz",
           "talk_starters": "Danışarkən belə deyə bilərsiniz", "essay_frame": "Abzaslarınızı planlayın",
           "skill_sourcing": "Mənbənin mənşəyi", "skill_context": "Kontekst", "skill_close_reading": "Diqqətli oxu",
           "skill_corroboration": "Mənbələrin müqayisəsi", "spelling_az": "Azərbaycanca", "spelling_tr": "Türkcə",
           "spelling_ru": "Rusca", "spelling_other": "Həmçinin"},
    "tr": {"name": "Ad Soyad", "class": "Sınıf", "date": "Tarih", "source": "Kaynak", "question": "Soru",
           "teacher_edition": "Öğretmen nüshası", "page": "Sayfa", "of": "/", "contents": "İçindekiler",
           "student_book": "Öğrenci kitabı", "teacher_book": "Öğretmen kitabı", "objectives": "Öğrenme hedefleri",
           "minutes": "dk", "answer": "Örnek cevap", "marking": "Puanlama notları",
           "teacher_notes": "Öğretmen için notlar", "points": "puan", "adapted": "uyarlanmıştır",
           "lesson_plan": "Ders planı", "skills": "Kazandırılan beceriler", "total": "Toplam", "undated": "tarihsiz",
           "word_bank": "Kelime bankası", "guidance": "Yönlendirme", "rubric": "Dereceli puanlama anahtarı",
           "matching": "Eşleştirme etkinliği", "answers": "Cevaplar", "continued": "devamı", "timing": "Zamanlama",
           "speaker_notes": "Notlar", "requires": "Bu üniteden önce",
           "match_instruction": "Her tanımı ilgili terimle eşleştirin.", "outline": "Örnek taslak",
           "essay": "Kompozisyon", "the_document": "Belge", "above": "yukarıda", "skill": "Beceri",
           "questions": "Sorular", "about_words": "Yaklaşık {n} kelime.", "level": "Düzey", "marks": "Puan",
           "essay_does": "Kompozisyonda neler var", "glossary_cards": "Sözlük kartları", "term": "Terim",
           "definition": "Tanım", "other_spellings": "Diğer yazılışlar", "event": "Olay", "notes_heading": "Notlar",
           "sourcing_grid": "Kaynak çözümleme tablosu", "grid_who": "Kim yazdı, kimin için?",
           "grid_when": "Ne zaman, hangi koşullarda?", "grid_what": "Ne tür bir belge? Neden yazıldı?",
           "grid_trust": "Ona ne kadar ve ne konuda güvenebiliriz?", "in_source": "{Noun}",
           "beyond_one": "kaynağın ötesinde ({noun})", "beyond_many": "kaynakların ötesinde",
           "says_more_one": "tanım, kaynağın ({noun}) söylediğinden fazlasını içeriyor",
           "says_more_many": "tanım, kaynakların söylediğinden fazlasını içeriyor", "drawn_from": "Kaynak",
           "source_licence": "Kaynağın lisansı", "kit_licence": "Setin lisansı", "reader": "Okuma metni",
           "sources": "Kaynaklar", "quoted": "Setin ondan alıntıladıkları",
           "in_reader": "Öğrencilerin okuma metninde", "not_in_reader": "Öğrencilere verilmez",
           "reading_text": "Okuma metni: dipnot işaretleri eklenmiş ve bilinen yerlerde noktalaması düzeltilmiş kopya; her kelime kopyadaki gibidir.",
           "footnotes": "Notlar", "used_in": "Kullanıldığı yer",
           "nothing_quoted": "Arka plan için anılıyor; alıntı yok.", "paragraph": "Paragraf", "unit": "Ünite",
           "where": "Nerede", "key_terms": "Anahtar terimler", "timeline": "Zaman çizelgesi", "discuss": "Tartışın",
           "fill_in": "Boşlukları doldurun", "exit_ticket": "Çıkış kartı", "skip": "İçeriğe geç",
           "previous": "Önceki", "next": "Sonraki", "units": "Üniteler", "all_units": "Tüm üniteler",
           "author_issuer": "Yazar ya da gönderen", "type": "Tür", "audience": "Muhatap",
           "match_write": "Her terimin yanına uygun tanımın harfini yazın.", "slides_title": "slaytlar",
           "notes_title": "notlu slaytlar", "three_up_title": "slaytlar, sayfada üç", "extension": "Ek çalışma",
           "core": "Temel çalışma", "foundation_edition": "Temel düzey baskısı",
           "foundation_book": "Öğrenci kitabı (temel düzey)", "standard_only": "Yalnızca standart baskıda",
           "starters": "Şöyle başlayabilirsiniz", "talk_starters": "Konuşurken şöyle diyebilirsiniz",
           "essay_frame": "Paragraflarınızı planlayın", "skill_sourcing": "Kaynak sorgulama",
           "skill_context": "Bağlam", "skill_close_reading": "Yakın okuma",
           "skill_corroboration": "Kaynakları karşılaştırma", "spelling_az": "Azerbaycan Türkçesi",
           "spelling_tr": "Türkçe", "spelling_ru": "Rusça", "spelling_other": "Ayrıca"},
    "ru": {"name": "Имя", "class": "Класс", "date": "Дата", "source": "Источник", "question": "Вопрос",
           "teacher_edition": "Издание для учителя", "page": "Страница", "of": "из", "contents": "Содержание",
           "student_book": "Книга для ученика", "teacher_book": "Книга для учителя", "objectives": "Цели урока",
           "minutes": "мин", "answer": "Образец ответа", "marking": "Указания по оцениванию",
           "teacher_notes": "Заметки для учителя", "points": "б.", "adapted": "в адаптации",
           "lesson_plan": "План урока", "skills": "Развиваемые навыки", "total": "Итого", "undated": "без даты",
           "word_bank": "Слова для справки", "guidance": "Рекомендации", "rubric": "Критерии оценивания",
           "matching": "Задание на соответствие", "answers": "Ответы", "continued": "продолжение",
           "timing": "Хронометраж", "speaker_notes": "Заметки", "requires": "Перед этим разделом",
           "match_instruction": "Соотнесите каждое определение с термином.", "outline": "Образец плана",
           "essay": "Эссе", "the_document": "Документ", "above": "см. выше", "skill": "Навык",
           "questions": "Вопросы", "about_words": "Объём: около {n} сл.", "level": "Уровень", "marks": "Баллы",
           "essay_does": "Что есть в эссе", "glossary_cards": "Карточки глоссария", "term": "Термин",
           "definition": "Определение", "other_spellings": "Другие написания", "event": "Событие",
           "notes_heading": "Примечания", "sourcing_grid": "Таблица анализа источника",
           "grid_who": "Кто написал и для кого?", "grid_when": "Когда и в какой обстановке?",
           "grid_what": "Что это за документ? Зачем он написан?",
           "grid_trust": "Насколько ему можно доверять и в чём?", "in_source": "{Noun}",
           "beyond_one": "вне источника ({noun})", "beyond_many": "вне источников",
           "says_more_one": "определение шире источника ({noun})", "says_more_many": "определение шире источников",
           "drawn_from": "По материалам", "source_licence": "Лицензия источника",
           "kit_licence": "Лицензия комплекта", "reader": "Хрестоматия", "sources": "Источники",
           "quoted": "Что цитируется в комплекте", "in_reader": "В хрестоматии для учеников",
           "not_in_reader": "Ученикам не выдаётся",
           "reading_text": "Текст для чтения: копия со знаками сносок и, где это известно, исправленной пунктуацией; каждое слово — как в копии.",
           "footnotes": "Примечания", "used_in": "Где используется",
           "nothing_quoted": "Упоминается для контекста; цитат нет.", "paragraph": "Абзац", "unit": "Раздел",
           "where": "Где", "key_terms": "Ключевые термины", "timeline": "Хронология", "discuss": "Обсудите",
           "fill_in": "Заполните пропуски", "exit_ticket": "Билет на выход", "skip": "Перейти к содержанию",
           "previous": "Назад", "next": "Далее", "units": "Разделы", "all_units": "Все разделы",
           "author_issuer": "Автор или отправитель", "type": "Вид", "audience": "Адресат",
           "match_write": "Напишите рядом с каждым термином букву подходящего определения.",
           "slides_title": "слайды", "notes_title": "слайды с заметками",
           "three_up_title": "слайды, по три на странице", "extension": "Дополнительно",
           "core": "Основная работа", "foundation_edition": "Базовый уровень",
           "foundation_book": "Книга для ученика (базовый уровень)",
           "standard_only": "Только в основном издании", "starters": "Можно начать так",
           "talk_starters": "В обсуждении можно сказать так", "essay_frame": "Спланируйте абзацы",
           "skill_sourcing": "Атрибуция источника", "skill_context": "Контекст",
           "skill_close_reading": "Внимательное чтение", "skill_corroboration": "Сопоставление источников",
           "spelling_az": "По-азербайджански", "spelling_tr": "По-турецки", "spelling_ru": "По-русски",
           "spelling_other": "Также"},
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

# The sentence starters the foundation edition prints: under a question, those of its skill
# (schema.SKILLS); under a discussion's prompts, `discussion`; under an essay, `essay`, its paragraph
# frame. "…" is where the student's words go. kit.yaml's `foundation_starters` replaces any of them.
STARTERS = {
    "en": {"sourcing": ("This source was written by … for …", "It was written when …, so …",
                        "The writer wanted to …"),
           "context": ("At this time …", "This happened because …", "This helps to explain the source, because …"),
           "close-reading": ("The words “…” show that …", "The writer says … This suggests that …",
                             "This tells me that …"),
           "corroboration": ("Source … agrees with this, because …", "Source … says something different: …",
                             "Both sources show that …"),
           "discussion": ("I think … because …", "I agree with … because …", "I see it differently: …"),
           "essay": ("My answer to the question is …", "One reason is … The source that shows this is …",
                     "Another reason is … We can see this in …", "On the other hand, …", "Overall, … because …")},
    "az": {"sourcing": ("Bu mənbəni … yazıb, … üçün.", "Mənbə … zaman yazılıb, ona görə də …",
                        "Müəllif … istəyirdi."),
           "context": ("Bu dövrdə …", "Bu, … səbəbindən baş verdi.", "Bu, mənbəni anlamağa kömək edir, çünki …"),
           "close-reading": ("“…” sözləri göstərir ki, …", "Müəllif … deyir. Bu onu göstərir ki, …",
                             "Buradan belə başa düşürəm ki, …"),
           "corroboration": ("… saylı mənbə bununla razılaşır, çünki …", "… saylı mənbə başqa şey deyir: …",
                             "Hər iki mənbə göstərir ki, …"),
           "discussion": ("Məncə, …, çünki …", "… ilə razıyam, çünki …", "Mən bunu başqa cür görürəm: …"),
           "essay": ("Suala cavabım belədir: …", "Birinci səbəb … Bunu … mənbəsi göstərir.",
                     "Başqa bir səbəb … Bunu … görürük.", "Digər tərəfdən, …", "Nəticədə, …, çünki …")},
    "tr": {"sourcing": ("Bu kaynağı …, … için yazdı.", "Kaynak … zaman yazıldı, bu yüzden …",
                        "Yazar … istiyordu."),
           "context": ("Bu dönemde …", "Bu, … yüzünden oldu.", "Bu, kaynağı anlamamıza yardım ediyor, çünkü …"),
           "close-reading": ("“…” sözleri şunu gösteriyor: …", "Yazar … diyor. Bu, … anlamına geliyor.",
                             "Buradan şunu anlıyorum: …"),
           "corroboration": ("… numaralı kaynak bununla uyuşuyor, çünkü …",
                             "… numaralı kaynak farklı bir şey söylüyor: …", "İki kaynak da şunu gösteriyor: …"),
           "discussion": ("Bence …, çünkü …", "… ile aynı fikirdeyim, çünkü …", "Ben farklı düşünüyorum: …"),
           "essay": ("Soruya cevabım şu: …", "Birinci neden … Bunu … kaynağı gösteriyor.",
                     "Bir başka neden … Bunu … görüyoruz.", "Öte yandan …", "Sonuç olarak …, çünkü …")},
    "ru": {"sourcing": ("Этот источник написал … для …", "Он написан, когда …, поэтому …", "Автор хотел …"),
           "context": ("В это время …", "Это произошло, потому что …",
                       "Это помогает понять источник, потому что …"),
           "close-reading": ("Слова «…» показывают, что …", "Автор пишет, что … Это значит, что …",
                             "Отсюда я понимаю, что …"),
           "corroboration": ("Источник … с этим согласен, потому что …", "Источник … говорит другое: …",
                             "Оба источника показывают, что …"),
           "discussion": ("Я думаю, что …, потому что …", "Я согласен (согласна) с …, потому что …",
                          "Я смотрю на это иначе: …"),
           "essay": ("Мой ответ на вопрос: …", "Первая причина — … Это видно из источника …",
                     "Вторая причина — … Это видно в …", "С другой стороны, …", "В итоге …, потому что …")},
}

LANGUAGES = tuple(LABELS)


def labels_for(language: str) -> dict[str, str]:
    """The labels of `language`; for a language kit has no words for, the English ones."""
    return {**LABELS["en"], **LABELS.get(language, {})}


def starters_for(language: str) -> dict[str, tuple[str, ...]]:
    """Kit's own sentence starters in `language` (English for a language kit has no words for)."""
    return {**STARTERS["en"], **STARTERS.get(language, {})}


def date_text(date, language: str) -> str:
    """A schema.PartialDate as the kit's language writes it: 1920, April 1920, 26 April 1920."""
    alone, in_date = MONTHS.get(language, MONTHS["en"])
    if not date.month:
        return str(date.year)
    if not date.day:
        return f"{alone[date.month - 1]} {date.year}"
    return f"{date.day} {in_date[date.month - 1]} {date.year}"


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
