"""The print pack, the front page of build/: thumbnails, paper, sides, class sets, partial builds
and stale outputs."""

from __future__ import annotations

import base64
import io
import re
import shutil

import pytest

from conftest import BASE_FILES, UNIT_YAML, write_files
from kit.build import build, write_print_pack

GLOSSARY = """\
  - kind: glossary
    items:
      - id: t-council
        term: Council
        definition: "A body that meets to decide."
"""


@pytest.fixture(scope="module")
def built_kit(tmp_path_factory):
    """The minimal kit with a glossary, built with every default output, and its print pack."""
    root = tmp_path_factory.mktemp("pack") / "kit"
    write_files(root, {**BASE_FILES, "units/01-first.yaml": UNIT_YAML + GLOSSARY,
                       "units/02-second.yaml": UNIT_YAML.replace("id: first", "id: second")
                       .replace("id: letter", "id: letter2").replace("source: letter", "source: letter2")})
    result = build(root, jobs=0)
    text = write_print_pack(root, None, result, 20)
    return root, result, text


def pack(root) -> str:
    return (root / "build" / "print-pack.html").read_text(encoding="utf-8")


def test_every_pdf_has_a_thumbnail_of_its_first_page(built_kit):
    from PIL import Image

    root, result, _ = built_kit
    html = pack(root)
    thumbs = re.findall(r'<img class="thumb" src="data:image/png;base64,([^"]+)" alt="First page of ([^"]+)"', html)
    assert sorted(name for _, name in thumbs) == sorted(b.job.path.name for b in result.built if b.job.output.paged)
    for data, name in thumbs:
        with Image.open(io.BytesIO(base64.b64decode(data))) as image:
            assert abs(image.width - 150) <= 1 and image.height > 50, name
            assert image.convert("L").getextrema()[0] < 200, name  # not a blank page: something is printed


def test_paper_sides_and_the_edge_to_flip(built_kit):
    root, _, text = built_kit
    html = pack(root)
    card = html[html.index("glossary-cards.pdf</a>"):][:600]
    assert "A4" in card and "double-sided, flip on the long edge (the backs line up with the fronts only so)" in card
    slides = html[html.index("01-first-slides.pdf</a>"):][:400]
    assert "16:9 slides" in slides and "projected, not printed" in slides
    assert "glossary-cards.pdf" in text and "flip on the long edge" in text


def test_class_sets_choose_handouts_or_the_book(built_kit):
    from kit.printpack import class_sets, pack_rows

    root, result, text = built_kit
    rows = pack_rows(result.built, 20)
    sets = class_sets(rows, 20)
    by_name = {r.file: r for r in rows}
    handouts = by_name["01-first-handout.pdf"].class_sheets + by_name["02-second-handout.pdf"].class_sheets
    book = by_name["student-book.pdf"].class_sheets
    always = sum(r.class_sheets for r in sets.always) + sum(r.class_sheets for r in sets.teacher)
    assert dict(sets.options) == {"the unit handouts": always + handouts, "the student book": always + book}
    assert "student-book.pdf" not in {r.file for r in sets.always}  # never added on top of the handouts
    html = pack(root)
    assert f"Total, printing the unit handouts</td><td>{always + handouts}" in html
    assert f"Total, printing the student book</td><td>{always + book}" in html
    assert f"Class set, printing the student book: {always + book} sheets" in text


def test_a_partial_build_lists_every_output_and_marks_the_stale_ones(built_kit, tmp_path):
    from conftest import copy_with_cache

    root = copy_with_cache(built_kit[0], tmp_path / "copy")
    unit = root / "units/01-first.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("The general's letter", "The general's last letter", 1),
                    encoding="utf-8")
    result = build(root, outputs=["teacher"], unit_ids={"first"}, jobs=0)
    assert [b.job.path.name for b in result.built] == ["01-first-teacher.pdf"]
    text = write_print_pack(root, None, result, 20)
    html = pack(root)
    for name in ("01-first-handout.pdf", "02-second-handout.pdf", "student-book.pdf", "glossary-cards.pdf"):
        assert f">{name}</a>" in html, name
    stale = set(re.findall(r"(\S+\.pdf) .*STALE", text))
    # the unit's own outputs, and the books, which print it; not the teacher edition just built, nor unit 2's
    assert {"01-first-handout.pdf", "01-first-slides.pdf", "student-book.pdf", "teacher-book.pdf"} <= stale
    assert "01-first-teacher.pdf" not in stale and "02-second-handout.pdf" not in stale
    assert "no longer match the kit" in html


def test_an_output_deleted_by_hand_leaves_the_pack(built_kit, tmp_path):
    from conftest import copy_with_cache

    root = copy_with_cache(built_kit[0], tmp_path / "copy")
    (root / "build" / "02-second-notes.pdf").unlink()
    result = build(root, outputs=["handout"], unit_ids={"first"}, jobs=0)
    write_print_pack(root, None, result, 20)
    html = pack(root)
    assert ">02-second-notes.pdf</a>" not in html and ">02-second-handout.pdf</a>" in html
    shutil.rmtree(root)
