"""Every fixed label, and every month, in every language kit speaks; dates as each language writes them."""

from __future__ import annotations

import pytest

from kit.labels import LABELS, LANGUAGES, MONTHS, date_text, labels_for
from kit.schema import PartialDate


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_has_a_word_in_every_language(language):
    missing = sorted(set(LABELS["en"]) - set(LABELS[language]))
    assert not missing, f"labels with no {language} word: {missing}"
    assert not set(LABELS[language]) - set(LABELS["en"]), "a label unknown in English"
    assert all(word.strip() for word in LABELS[language].values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_its_months(language):
    alone, in_date = MONTHS[language]
    assert len(alone) == len(in_date) == 12 and len(set(alone)) == 12


@pytest.mark.parametrize("language, text", [
    ("en", "26 April 1920"), ("az", "26 aprel 1920"), ("tr", "26 Nisan 1920"), ("ru", "26 апреля 1920")])
def test_a_full_date_in_each_language(language, text):
    assert date_text(PartialDate(1920, 4, 26), language) == text


def test_a_month_alone_and_a_year_alone():
    assert date_text(PartialDate(1920, 4), "ru") == "апрель 1920"
    assert date_text(PartialDate(1920, 4), "en") == "April 1920"
    assert date_text(PartialDate(1920), "tr") == "1920"
    assert date_text(PartialDate(1920, 4, 26), "xx") == "26 April 1920"  # a language kit has no words for


def test_a_russian_kit_prints_russian_labels_and_dates(make_kit, tmp_path):
    from pypdf import PdfReader

    from conftest import BASE_FILES
    from kit.build import build

    kit_yaml = BASE_FILES["kit.yaml"].replace("language: en", "language: ru")
    root = make_kit(tmp_path / "kit", {"kit.yaml": kit_yaml})
    build(root, outputs=["handout"], jobs=0)
    text = " ".join(page.extract_text() for page in PdfReader(root / "build" / "01-first-handout.pdf").pages)
    text = " ".join(text.split())
    ru = labels_for("ru")
    assert f"{ru['unit']} 1".upper() in text   # the unit line is set in capitals
    for expected in (ru["objectives"], "2 марта 1920", ru["name"], ru["author_issuer"], ru["skill_sourcing"]):
        assert expected in text, expected
    assert "March" not in text and "Learning objectives" not in text and "Author or issuer" not in text
    assert "Sourcing" not in text   # the question's skill is named in Russian too


def test_skills_and_other_spellings_are_named_in_the_kit_s_language(make_kit, tmp_path):
    from conftest import BASE_FILES
    from kit.kitload import load_kit
    from kit.views import unit_view

    kit_yaml = BASE_FILES["kit.yaml"].replace("language: en", "language: tr")
    glossary = """  - kind: glossary
    items:
      - id: t-general
        term: general
        definition: "An officer of high rank."
        spellings: {az: general, ru: генерал, other: "the old general"}
"""
    root = make_kit(tmp_path / "kit", {"kit.yaml": kit_yaml,
                                       "units/01-first.yaml": BASE_FILES["units/01-first.yaml"] + glossary})
    kit = load_kit(root)
    view = unit_view(kit, kit.unit("first"), 1, teacher=True)
    blocks = {b["type"]: b for b in view["blocks"]}
    assert [r["skill"] for r in blocks["document_analysis"]["skills"]] == [
        "Kaynak sorgulama", "Bağlam", "Yakın okuma", "Kaynakları karşılaştırma"]
    assert blocks["document_analysis"]["questions"][0]["skill"] == "Kaynak sorgulama"
    spellings = blocks["glossary"]["entries"][0]["spellings"]
    assert [s["language"] for s in spellings] == ["Azerbaycan Türkçesi", "Rusça", "Ayrıca"]
