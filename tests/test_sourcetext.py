"""The source text: paragraphs, glued footnote calls, and the quotation check, on the shipped article."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import REPO
from kit.sourcetext import SourceText, excerpt_segments, quotation_departure

ARTICLE = REPO / "assets" / "source" / "gafarov-2010.txt"


@pytest.fixture(scope="module")
def article() -> SourceText:
    return SourceText.from_text(ARTICLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def words(article) -> list[str]:
    return article.words()


def test_article_has_51_paragraphs(article):
    assert len(article.paragraphs) == 51
    assert all(p == p.strip() and p for p in article.paragraphs)


def test_footnotes_1_to_41_are_each_called_exactly_once(article):
    calls = Counter(n for i in range(1, 52) for n in article.footnotes(i))
    assert sorted(calls) == list(range(1, 42))
    assert set(calls.values()) == {1}


def test_footnote_calls_come_in_order_through_the_article(article):
    in_order = [n for i in range(1, 52) for n in article.footnotes(i)]
    assert in_order == list(range(1, 42))


def test_paragraph_18_calls_13_glued_to_the_year(article):
    assert "192013" in article.paragraphs[17]
    assert article.footnotes(18) == [13]


def test_words_restore_the_year_in_paragraph_18(article):
    start = sum(len(SourceText([p]).words()) for p in article.paragraphs[:17])
    paragraph_words = article.words()[start:start + len(SourceText([article.paragraphs[17]]).words())]
    assert "1920" in paragraph_words
    assert "192013" not in paragraph_words
    assert "11 january 1920 by shalva eliava" in " ".join(paragraph_words)


def test_words_have_no_footnote_numbers(words):
    joined = " ".join(words)
    assert "delegation 1" not in joined
    assert not any(w.isdigit() and len(w) == 6 for w in words)   # no 192013-like tokens


def test_words_are_lower_case_without_apostrophes(words):
    assert all(w == w.lower() for w in words)
    assert not any("'" in w or "\u2019" in w for w in words)


# --- the quotation check on the article ---------------------------------------------------

def test_exact_quotation_passes(words):
    text = ("Without resistance on the part of the Azeri army, the Red Army left the Samur, Hachmas, "
            "and Charkhi stations behind and is moving forward.")
    assert quotation_departure(text, words) is None


def test_restored_apostrophes_and_quotes_pass(words):
    # the copy reads "independent peoples republic" and lost every quotation mark
    text = '\u201cAzerbaijan will, on the whole, remain an independent people\u2019s republic.\u201d'
    assert quotation_departure(text, words) is None
    assert quotation_departure("\"Azerbaijan will, on the whole, remain an independent people's republic.\"",
                               words) is None


def test_footnote_glued_to_the_quoted_year_passes(words):
    text = "the treaty signed on 11 January, 1920 by Shalva Eliava, for the government of Soviet Russia"
    assert quotation_departure(text, words) is None


@pytest.mark.parametrize("omission", ["[\u2026]", "[...]", "\u2026", "..."])
def test_omissions_pass(words, omission):
    text = (f"There was no bloodshed. {omission} Azerbaijan will, on the whole, remain an independent "
            "people's republic.")
    assert quotation_departure(text, words) is None


def test_editorial_insertion_passes(words):
    text = ("Levandovskiy, in turn, said that he [Levandovskiy] had no knowledge of this and that he "
            "intended to move his army [the 11th Army] to the old Ottoman-Russian border")
    assert quotation_departure(text, words) is None


def test_changed_word_is_named(words):
    text = "Without resistance on the part of the Azeri army, the Red Army left the Samur stations behind."
    message = quotation_departure(text, words)
    assert message is not None
    assert message == ("the quotation departs from the source text at the word 'stations' "
                       "(after 'Army left the Samur')")


def test_changed_word_after_an_omission_is_named(words):
    text = "There was no bloodshed. [\u2026] Azerbaijan will, on the whole, remain a dependent republic."
    message = quotation_departure(text, words)
    assert message is not None and "at the word 'a' (after 'on the whole remain')" in message


def test_segments_out_of_order_are_refused(words):
    # both halves occur, but the second before the first: an omission cannot move text backwards
    text = "Azerbaijan will, on the whole, remain an independent people's republic. [\u2026] There was no bloodshed."
    message = quotation_departure(text, words)
    assert message is not None


def test_word_not_in_the_article_at_all(words):
    message = quotation_departure("Zanzibar declared war.", words)
    assert message == "the quotation departs from the source text at its first word 'Zanzibar'"


def test_excerpt_segments():
    assert excerpt_segments("One two [\u2026] three [sic] four.") == [["One", "two"], ["three", "four"]]
    assert excerpt_segments("It\u2019s [the army] here") == [["Its", "here"]]


# --- small texts ----------------------------------------------------------------------------

def test_paragraphs_are_non_empty_lines():
    text = SourceText.from_text("  First line.  \n\n\n   \nSecond line.\r\nThird.")
    assert text.paragraphs == ["First line.", "Second line.", "Third."]


@pytest.mark.parametrize("paragraph, calls", [
    ("The delegation.1 Then more.2", [1, 2]),
    ("He wrote above14 and left", [14]),
    ("Signed in 192013 by them.", [13]),
    ("In 1920 and 1921 nothing happened.", []),
    ("The 11th Army and 3 May, 1920, too.", []),
    ("Art 11 of the treaty.", []),
    ("(see above)7 and [this]8 too?9", [7, 8, 9]),
])
def test_footnote_calls(paragraph, calls):
    assert SourceText([paragraph]).footnotes(1) == calls


def test_footnote_call_after_closing_quote():
    assert SourceText(['He wrote: "We must go now."2 Then he left.']).footnotes(1) == [2]


def test_numbers_with_separators_are_not_footnote_calls():
    text = SourceText(["An army of 10,000 men and 2.5 million rubles arrived."])
    assert text.footnotes(1) == []
    assert text.words() == ["an", "army", "of", "10", "000", "men", "and", "2", "5", "million", "rubles",
                            "arrived"]


def test_quotation_with_a_thousands_separator_passes():
    source = SourceText(["The army of 10,000 men crossed the border at night."])
    assert quotation_departure("The army of 10,000 men crossed the border", source.words()) is None
