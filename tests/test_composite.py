"""Books and glossary cards are rendered one unit at a time and joined: the joined PDF must read
as one document (continuous page numbers, a contents that links to the right pages, bookmarks,
one structure tree), and an edit must render again only the parts it changed, giving the same
bytes as a fresh build."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from conftest import copy_with_cache, BASE_FILES, UNIT_YAML, write_files
from kit.build import build
from kit.cache import Manifest, cache_folder
from kit.partcache import FOLDER
from kit.render import Renderer

LONG_TEXT = " ".join(["The council argued about the treaty for many weeks, and nobody agreed."] * 40)


def unit(ident: str, title: str, extra: str = "") -> str:
    text = (UNIT_YAML.replace("id: first", f"id: {ident}").replace("id: letter", f"id: letter-{ident}")
            .replace("source: letter", f"source: letter-{ident}")
            .replace('title: "The general\'s letter"\nsummary', f'title: "{title}"\nsummary'))
    return text + extra


def glossary(*terms: str) -> str:
    items = "".join(f"      - id: t-{t.lower()}\n        term: {t}\n        definition: \"A word, {t}, used in class.\"\n"
                    for t in terms)
    return f"  - kind: glossary\n    title: Words\n    items:\n{items}"


def text_block(body: str) -> str:
    return f"  - kind: text\n    title: More\n    body: \"{body}\"\n"


THREE_UNITS = {**BASE_FILES, "units/01-first.yaml": None,
               "units/01-alpha.yaml": unit("alpha", "Alpha unit", glossary("Council", "Treaty", "Winter")),
               "units/02-beta.yaml": unit("beta", "Beta unit", text_block(LONG_TEXT)),
               "units/03-gamma.yaml": unit("gamma", "Gamma unit", glossary(*[f"Word{n}" for n in range(10)]))}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    root = tmp_path_factory.mktemp("composite") / "kit"
    write_files(root, THREE_UNITS)
    build(root, outputs=["book", "cards"], jobs=0)
    return root


@pytest.fixture
def kit_root(built_once, tmp_path):
    return copy_with_cache(built_once, tmp_path / "kit")


def page_texts(pdf: Path | bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def first_page_of(texts: list[str], title: str) -> int:
    return next(n for n, text in enumerate(texts, 1) if re.search(rf"UNIT \d[^\n]*\n{title}", text))


@pytest.mark.parametrize("name", ["student-book.pdf", "teacher-book.pdf"])
def test_page_numbers_run_on_and_the_contents_gives_each_units_first_page(built_once, name):
    texts = page_texts(built_once / "build" / name)
    numbered = {n: int(m.group(1)) for n, text in enumerate(texts, 1) if (m := re.search(r"Page (\d+)\s*$", text))}
    assert numbered and all(printed == n for n, printed in numbered.items())  # blank pages have no footer
    assert "of" not in " ".join(re.findall(r"Page \d+.*$", texts[-1]))
    contents = texts[2]
    for title in ("Alpha unit", "Beta unit", "Gamma unit"):
        listed = int(re.search(rf"{title}[ .]+(\d+)", contents).group(1))
        assert listed == first_page_of(texts, title) and listed % 2 == 1  # a right-hand page
    assert len(texts) % 2 == 0


def test_joined_book_keeps_links_bookmarks_structure_and_metadata(built_once):
    texts = page_texts(built_once / "build" / "student-book.pdf")
    with pikepdf.Pdf.open(built_once / "build" / "student-book.pdf") as pdf:
        page_of = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        flat = list(pdf.Root.Names.Dests.Names)
        dests = {str(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}
        links = {str(a.Dest): page_of[dests[str(a.Dest)][0].objgen] for a in pdf.pages[2].obj.Annots}
        sources = next(n for n, text in enumerate(texts, 1) if "Source licence" in text)   # the sources page
        assert links == {"unit-alpha": first_page_of(texts, "Alpha unit"), "unit-beta": first_page_of(texts, "Beta unit"),
                         "unit-gamma": first_page_of(texts, "Gamma unit"), "sources": sources}
        with pdf.open_outline() as outline:
            top = [(item.title, page_of[item.destination[0].objgen]) for item in outline.root]
        assert top == [("Contents", 3), ("Alpha unit", links["unit-alpha"]), ("Beta unit", links["unit-beta"]),
                       ("Gamma unit", links["unit-gamma"]), ("Sources", sources)]
        tree = pdf.Root.StructTreeRoot
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        keys += [int(a.StructParent) for page in pdf.pages for a in page.obj.get("/Annots", [])]
        nums = list(tree.ParentTree.Nums)
        assert sorted(keys) == sorted(int(k) for k in nums[::2]) and len(set(keys)) == len(keys)
        assert int(tree.ParentTreeNextKey) == max(keys) + 1
        document = tree.K[0]
        assert str(document.S) == "/Document" and all(kid.P.objgen == document.objgen for kid in document.K)
        assert len(tree.K) == 1
        assert str(pdf.docinfo.Title).endswith("Student book") and str(pdf.Root.Lang) == "en"
        assert pdf.open_metadata().get("pdfuaid:part") == "1"


def test_cards_are_numbered_on_and_each_unit_starts_a_sheet(built_once):
    texts = page_texts(built_once / "build" / "glossary-cards.pdf")
    # alpha: 3 cards, one sheet (front, back); gamma: 10 cards, two sheets.
    assert len(texts) == 6
    assert re.findall(r"\b(\d+)\b", texts[0]) == ["1", "2", "3"] and "Council" in texts[0]
    assert "4" in texts[2].split() and "Word0" in texts[2] and "Word8" in texts[4]
    assert "13" in texts[4].split()


def _count_renders(monkeypatch) -> list[str]:
    rendered = []
    real = Renderer.render

    def counting(self, html, *args, **kwargs):
        rendered.append(html)
        return real(self, html, *args, **kwargs)

    monkeypatch.setattr(Renderer, "render", counting)
    return rendered


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fresh(root: Path, tmp_path: Path) -> Path:
    """The same kit built from nothing, in another folder."""
    copy = tmp_path / "fresh"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build"))
    build(copy, outputs=["book", "cards"], jobs=0)
    return copy / "build"


def test_one_unit_edit_renders_only_that_units_parts_and_gives_a_fresh_builds_bytes(kit_root, tmp_path, monkeypatch):
    _edit(kit_root / "units/02-beta.yaml", "Students read one letter closely.", "Students read one letter slowly.")
    rendered = _count_renders(monkeypatch)
    result = build(kit_root, outputs=["book", "cards"], jobs=0)
    assert {b.job.path.name for b in result.rendered} == {"student-book.pdf", "teacher-book.pdf"}
    assert len(rendered) == 2 and all('class="book-unit" id="unit-beta"' in html for html in rendered)
    monkeypatch.undo()
    fresh = _fresh(kit_root, tmp_path)
    for name in ("student-book.pdf", "teacher-book.pdf", "glossary-cards.pdf"):
        assert (kit_root / "build" / name).read_bytes() == (fresh / name).read_bytes(), name


def test_the_leak_guard_reads_a_books_text_from_its_parts(kit_root, monkeypatch):
    import kit.leaks

    read = []
    real = kit.leaks.pdf_text
    monkeypatch.setattr(kit.leaks, "pdf_text", lambda pdf: read.append(pdf) or real(pdf))
    _edit(kit_root / "units/02-beta.yaml", "Students read one letter closely.", "Students read one letter slowly.")
    build(kit_root, outputs=["book", "cards"], jobs=0)
    book = (kit_root / "build" / "student-book.pdf").read_bytes()
    assert len(read) == 1 and read[0] != book  # only beta's new part of the student book is read
    assert Manifest.load(kit_root, kit_root / "build").stored_text("student-book.pdf") == real(book)


def test_an_edit_that_adds_pages_numbers_the_later_units_again(kit_root, tmp_path, monkeypatch):
    _edit(kit_root / "units/01-alpha.yaml", "blocks:\n", "blocks:\n" + text_block(LONG_TEXT * 3))
    rendered = _count_renders(monkeypatch)
    build(kit_root, outputs=["book"], jobs=0)
    monkeypatch.undo()
    # alpha grew: it, the units after it and the contents are rendered again, in both books
    assert sum('class="book-unit" id="unit-alpha"' in html for html in rendered) == 2
    assert sum('class="book-unit" id="unit-gamma"' in html for html in rendered) == 2
    fresh = _fresh(kit_root, tmp_path)
    for name in ("student-book.pdf", "teacher-book.pdf"):
        assert (kit_root / "build" / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_stylesheet_edit_renders_every_part_again(kit_root, monkeypatch):
    write_files(kit_root, {"templates/kit.css": ".unit-title { color: #224466; }\n"})
    rendered = _count_renders(monkeypatch)
    build(kit_root, outputs=["book"], jobs=0)
    assert len(rendered) == 2 * 6  # both books: the front part twice (see kit/composite.py), three units, sources


def test_force_renders_every_part_again(kit_root, monkeypatch):
    rendered = _count_renders(monkeypatch)
    build(kit_root, outputs=["book", "cards"], jobs=0, force=True)
    assert len(rendered) == 2 * 6 + 2


def test_parts_no_output_uses_are_removed(kit_root):
    folder = cache_folder(kit_root, kit_root / "build") / FOLDER
    before = {p.name for p in folder.iterdir()}
    _edit(kit_root / "units/03-gamma.yaml", "Students read one letter closely.", "Students read it closely.")
    build(kit_root, outputs=["book", "cards"], jobs=0)
    after = {p.name for p in folder.iterdir()}
    assert len(after) == len(before) and after != before


def test_the_html_of_a_book_is_the_html_of_its_parts(kit_root):
    build(kit_root, outputs=["book"], jobs=0, html=True)
    page = (kit_root / "build" / "student-book.html").read_text(encoding="utf-8")
    assert page.count("<!-- part: ") == 5 and page.count("<!doctype html>") == 5   # front, 3 units, sources
    assert "counter-reset: page" in page


def test_join_is_deterministic_and_keeps_every_page():
    from kit.pdfjoin import join_pdfs
    from weasyprint import HTML

    # Text that reads like a PDF reference ("3 0 R") must come through as text.
    parts = [HTML(string=f"<html lang=en><title>T</title><h1>Part {n}: see 3 0 R (or 4 0 R)</h1>"
                         f"<p style='break-before: page'>more</p>").write_pdf(pdf_variant="pdf/ua-1") for n in range(3)]
    joined = join_pdfs(parts)
    assert joined == join_pdfs(parts)
    with pikepdf.Pdf.open(io.BytesIO(joined)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.pages) == 6
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root] == [f"Part {n}: see 3 0 R (or 4 0 R)" for n in range(3)]
            pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
            assert [pages[item.destination[0].objgen] for item in outline.root] == [0, 2, 4]
    assert "Part 2: see 3 0 R (or 4 0 R)" in page_texts(joined)[4]


def test_join_holds_one_part_at_a_time():
    """The joined file is written as the parts are read: each part is closed before the next opens."""
    from kit.pdfjoin import join_pdfs
    from weasyprint import HTML

    parts = [HTML(string=f"<html lang=en><title>T</title><h1>Part {n}</h1>").write_pdf(pdf_variant="pdf/ua-1")
             for n in range(3)]
    opened = []
    real_open = pikepdf.Pdf.open

    def recording_open(*args, **kwargs):
        assert all(earlier.filename == "closed input source" for earlier in opened)
        opened.append(real_open(*args, **kwargs))
        return opened[-1]

    pikepdf.Pdf.open = recording_open
    try:
        join_pdfs(parts)
    finally:
        pikepdf.Pdf.open = real_open
    assert len(opened) == 3 and all(pdf.filename == "closed input source" for pdf in opened)
