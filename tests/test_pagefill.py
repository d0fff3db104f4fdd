"""The page-fill report: how full each laid-out page is (kit/pagefill.py), and the near-empty
pages a build warns about, on the command line, in --json and again when the output is kept from
an earlier build."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from weasyprint import HTML

from conftest import BASE_FILES, write_files
from kit.cli import cli
from kit.errors import Location
from kit.pagefill import fill_warnings, page_fill, sparse_pages

PAGE = "<style>@page { size: 100mm 100mm; margin: 10mm } body { margin: 0; font-size: 10pt; line-height: 5mm }</style>"


def laid_out(body: str):
    return HTML(string=PAGE + body).render()


def test_fill_is_the_share_of_the_content_height_covered():
    document = laid_out('<div style="height: 40mm; background: #eee"></div>')
    fill, words, any_fill = page_fill(document.pages[0])
    assert fill == pytest.approx(0.5, abs=0.01)
    assert (words, any_fill) == ("", False)


def test_a_page_under_a_quarter_full_is_reported_with_its_first_words():
    document = laid_out('<div style="height: 76mm; background: #eee"></div>'
                        '<p style="margin: 0">one two three four five six seven eight nine ten</p>'
                        '<p style="margin: 0">eleven</p>')
    assert len(document.pages) == 2
    [sparse] = sparse_pages(document)
    assert sparse.index == 1 and 0 < sparse.fill < 0.25
    assert sparse.first_words == "one two three four five six seven eight"


def test_a_page_just_over_a_quarter_full_is_not_reported():
    assert sparse_pages(laid_out('<div style="height: 21mm; border-bottom: 0.5pt solid"></div>')) == []


def test_empty_ruled_lines_count_as_content():
    lines = "".join('<div style="height: 7.5mm; border-bottom: 0.5mm solid #888"></div>' for _ in range(10))
    fill, _, _ = page_fill(laid_out(lines).pages[0])
    assert fill == pytest.approx(1.0, abs=0.01)


def test_a_blank_verso_left_by_a_right_hand_start_is_not_reported():
    document = laid_out('<div style="height: 79mm; background: #eee"></div>'
                        '<div style="break-before: right; height: 79mm; background: #eee"></div>')
    assert len(document.pages) == 3 and document.pages[1]._page_box.page_type.blank
    assert sparse_pages(document) == []


def test_running_text_hidden_boxes_and_margin_boxes_do_not_count():
    css = "<style>@page { @bottom-center { content: 'Page ' counter(page) } }</style>"
    document = laid_out(css + '<div style="height: 0; overflow: hidden"><p>a running title</p></div>'
                        '<p style="margin: 0">one line</p>')
    [sparse] = sparse_pages(document)
    assert sparse.fill == pytest.approx(5 / 80, abs=0.01)
    assert sparse.first_words == "one line"


def test_a_page_marked_as_any_fill_is_not_reported():
    assert sparse_pages(laid_out('<nav data-page-fill="any"><p>Contents</p></nav>')) == []
    assert len(sparse_pages(laid_out('<nav><p>Contents</p></nav>'))) == 1


def test_a_duplex_padding_page_is_planned():
    from kit.fetcher import KitFetcher
    from kit.render import Renderer

    renderer = Renderer(KitFetcher([]))
    rendered = renderer.render(PAGE + '<div style="height: 79mm; background: #eee"></div>', "file:///", Location("x"),
                               pad_to_even=True, measure_fill=True)
    assert rendered.pages == 2 and rendered.sparse == []


def test_the_warning_names_the_file_the_page_how_full_and_what_is_on_it():
    [sparse] = sparse_pages(laid_out('<p>Drawn from an article.</p>'))
    [warning] = fill_warnings([sparse], "student-book.pdf", Location("kit.yaml"), first_page=53)
    assert (warning.code, warning.severity, warning.location.path) == ("page-fill", "warning", "kit.yaml")
    assert warning.message.startswith("student-book.pdf, page 53 is 6% full")
    assert "“Drawn from an article.…”" in warning.message


# A kit whose own stylesheet sends the closing citation to a page of its own: every paged output's
# last page holds only that line.
LONELY_CITATION = {"templates/kit.css": ".source-note { break-before: page !important; }\n"}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def fill_warnings_of(report: dict) -> dict[str, str]:
    return {w["message"].split(",")[0]: w for w in report["warnings"] if w["code"] == "page-fill"}


@pytest.fixture(scope="module")
def lonely(tmp_path_factory):
    root = tmp_path_factory.mktemp("pagefill") / "kit"
    write_files(root, {**BASE_FILES, **LONELY_CITATION})
    first = run("build", root, "--output", "handout", "--output", "teacher", "--output", "book", "--json")
    assert first.exit_code == 0, first.output
    return root, json.loads(first.stdout)


def test_build_json_reports_each_near_empty_page(lonely):
    _, report = lonely
    found = fill_warnings_of(report)
    assert set(found) == {"01-first-handout.pdf", "01-first-teacher.pdf", "student-book.pdf", "teacher-book.pdf"}
    handout = found["01-first-handout.pdf"]
    assert handout["file"] == "units/01-first.yaml" and handout["severity"] == "warning"
    assert "page 2 is" in handout["message"] and "“Drawn from Test Author" in handout["message"]
    assert found["student-book.pdf"]["file"] == "kit.yaml"


def test_kept_outputs_report_their_near_empty_pages_again(lonely):
    root, first = lonely
    again = run("build", root, "--output", "handout", "--output", "teacher", "--output", "book", "--json")
    report = json.loads(again.stdout)
    assert all(o["status"] != "built" for o in report["outputs"]), report["outputs"]
    assert fill_warnings_of(report) == fill_warnings_of(first)
    # a build with other options keeps the handout (not rendered again) and still warns
    handout_only = json.loads(run("build", root, "--output", "handout", "--json").stdout)
    assert set(fill_warnings_of(handout_only)) == {"01-first-handout.pdf"}


def test_a_book_rebuilt_from_its_cached_parts_reports_them_again(lonely):
    root, first = lonely
    (root / "build" / "student-book.pdf").unlink()
    report = json.loads(run("build", root, "--output", "book", "--json").stdout)
    assert fill_warnings_of(report)["student-book.pdf"] == fill_warnings_of(first)["student-book.pdf"]


def test_build_prints_the_warning(lonely):
    root, _ = lonely
    result = run("build", root, "--output", "handout")
    assert result.exit_code == 0
    assert "units/01-first.yaml: warning: 01-first-handout.pdf, page 2 is" in result.stderr
    assert "[page-fill]" in result.stderr


def test_the_closing_citation_keeps_with_what_comes_before_it(tmp_path):
    """Without the kit stylesheet that forces it onto a page of its own, the minimal handout is one
    page (its citation under the questions), with no warning."""
    write_files(tmp_path, BASE_FILES)
    report = json.loads(run("build", tmp_path, "--output", "handout", "--json").stdout)
    assert fill_warnings_of(report) == {}
    assert report["outputs"][0]["pages"] == 2  # one page and its duplex padding
