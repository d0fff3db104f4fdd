"""Print-grade outputs: paper sizes, duplex padding, tags, bookmarks, slides, notes and 3-up
handouts, cut-cards, print pack, footnotes, images, fonts, labels and previews.

One small kit (made by `kit new`, plus a few additions) is built once per module for each paper.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from kit.build import build
from kit.cards import CARD_W, COLUMNS, PAPER_MM, card_position
from kit.errors import KitError
from kit.starter import create_starter

PT_PER_MM = 72 / 25.4

EXTRA_BLOCKS = """
  - kind: text
    title: A note
    body: "The speech was short.[^It took about two minutes, by most accounts.] Lincoln was not the main speaker."
  - kind: sources
    title: The whole speech
    items:
      - id: whole
        title: "The Gettysburg Address, last paragraph"
        author: Abraham Lincoln
        date: 1863-11-19
        type: speech
        locator: {paragraph: 3}
        headnote: "The end of the speech."
        text: >
          But, in a larger sense, we can not dedicate -- we can not consecrate -- we can not hallow --
          this ground. The brave men, living and dead, who struggled here, have consecrated it, far above
          our poor power to add or detract. The world will little note, nor long remember what we say
          here, but it can never forget what they did here. It is for us the living, rather, to be
          dedicated here to the unfinished work which they who fought here have thus far so nobly
          advanced.
"""


def make_kit(path: Path, paper: str = "a4", language: str = "en") -> Path:
    create_starter(path)
    unit = path / "units" / "01-first-unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + EXTRA_BLOCKS, encoding="utf-8")
    kit_yaml = path / "kit.yaml"
    text = kit_yaml.read_text(encoding="utf-8").replace("paper: a4", f"paper: {paper}")
    kit_yaml.write_text(text.replace("language: en", f"language: {language}"), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["a4", "letter"])
def built(request, tmp_path_factory):
    root = make_kit(tmp_path_factory.mktemp(f"print-{request.param}") / "kit", paper=request.param)
    result = build(root)
    return request.param, root, {item.job.kind: item for item in result.built}


def pdf_of(item) -> PdfReader:
    return PdfReader(item.job.path)


def text_of(item) -> str:
    return "\n".join(page.extract_text() for page in pdf_of(item).pages)


def test_paper_sizes(built):
    paper, _, items = built
    width, height = (w * PT_PER_MM for w in PAPER_MM[paper])
    for kind in ("handout", "teacher", "notes", "3up", "student-book", "teacher-book", "cards"):
        for page in pdf_of(items[kind]).pages:
            assert float(page.mediabox.width) == pytest.approx(width, abs=1), kind
            assert float(page.mediabox.height) == pytest.approx(height, abs=1), kind
    slide = pdf_of(items["slides"]).pages[0]
    assert float(slide.mediabox.width) / float(slide.mediabox.height) == pytest.approx(16 / 9, rel=1e-3)


def test_student_documents_have_even_page_counts(built):
    _, _, items = built
    for kind in ("handout", "3up", "student-book", "cards"):
        assert len(pdf_of(items[kind]).pages) % 2 == 0, kind
        assert items[kind].pages == len(pdf_of(items[kind]).pages)


def test_pdfs_are_tagged_with_language_and_bookmarks(built):
    _, _, items = built
    for kind in ("handout", "teacher", "slides", "teacher-book"):
        catalog = pdf_of(items[kind]).trailer["/Root"]
        assert "/StructTreeRoot" in catalog, kind
        assert catalog["/MarkInfo"]["/Marked"], kind
        assert catalog["/Lang"] == "en", kind
    outline = [entry.title for entry in pdf_of(items["student-book"]).outline if not isinstance(entry, list)]
    assert "The Gettysburg Address" in outline


def test_margins_keep_text_inside_a_safe_area(built):
    """No text closer than 12 mm to any edge of a handout page (header and footer included)."""
    paper, _, items = built
    document = pypdfium2.PdfDocument(items["handout"].job.path)
    limit = 12 * PT_PER_MM
    for page in document:
        width, height = page.get_size()
        textpage = page.get_textpage()
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            assert left >= limit and bottom >= limit and right <= width - limit and top <= height - limit


def test_footnote_prints_on_the_page_of_its_call(built):
    _, _, items = built
    pages = [page.extract_text() for page in pdf_of(items["handout"]).pages]
    call_page = next(i for i, text in enumerate(pages) if "The speech was short" in text)
    assert "It took about two minutes" in pages[call_page]


def test_running_header_footer_and_page_x_of_y(built):
    _, _, items = built
    pages = [page.extract_text() for page in pdf_of(items["handout"]).pages]
    assert "Page 1 of" in pages[0]
    assert "Lincoln (1863)" in pages[0]
    assert "The Gettysburg Address" in pages[1].splitlines()[0] or "The Gettysburg Address" in pages[1]


def test_long_source_is_split_across_slides_with_continued(built):
    _, _, items = built
    slides = [page.extract_text() for page in pdf_of(items["slides"]).pages]
    titles = [text for text in slides if "last paragraph" in text]
    assert len(titles) >= 2
    assert any("(continued)" in text for text in titles)
    joined = " ".join(" ".join(t.split()) for t in titles)
    assert "But, in a larger sense, we can not dedicate" in joined and "so nobly advanced." in joined
    for text in titles:   # each slide of the excerpt ends where a sentence ends (then the slide's footer)
        assert re.search(r"[.!?]\s*The Gettysburg Address\s*\d+$", " ".join(text.split())), text


def test_notes_handout_has_speaker_notes_and_3up_has_none(built):
    _, _, items = built
    notes, three_up = text_of(items["notes"]), text_of(items["3up"])
    guidance = "difference between the speaker"
    assert guidance in " ".join(notes.split())
    assert guidance not in " ".join(three_up.split())
    assert "Name" in three_up


def test_cut_card_backs_are_mirrored_for_long_edge_flip(built):
    paper, _, items = built
    document = pypdfium2.PdfDocument(items["cards"].job.path)
    front, back = document[0].get_textpage(), document[1].get_textpage()
    term_box = front.search("score").get_next()
    definition_box = back.search("Twenty").get_next()
    assert term_box and definition_box
    x_term = front.get_charbox(term_box[0])[0] / PT_PER_MM
    x_definition = back.get_charbox(definition_box[0])[0] / PT_PER_MM
    page_width = PAPER_MM[paper][0]
    column_front = int((x_term - card_position(0, False, paper)[0]) // CARD_W)
    column_back = int((x_definition - card_position(0, False, paper)[0]) // CARD_W)
    assert column_back == COLUMNS - 1 - column_front
    # Mirrored about the page's vertical centre line, so the card lands behind its term.
    front_card = card_position(column_front, False, paper)[0]
    back_card = card_position(column_front, True, paper)[0]
    assert front_card + CARD_W + back_card == pytest.approx(page_width)


def test_print_pack_counts_sheets(built, tmp_path):
    from kit.printpack import pack_rows

    _, _, items = built
    rows = {row.kind: row for row in pack_rows(list(items.values()), class_size=25)}
    handout = rows["handout"]
    assert handout.single_sided == handout.pages
    assert handout.double_sided == -(-handout.pages // 2)
    assert handout.copies == 25 and handout.class_sheets == handout.double_sided * 25
    assert rows["teacher"].copies == 1
    assert rows["slides"].copies == 0 and rows["slides"].class_sheets == 0


def test_unsplittable_slide_overflow_names_unit_slide_and_block(tmp_path):
    root = make_kit(tmp_path / "kit")
    unit = root / "units" / "01-first-unit.yaml"
    long_title = " ".join(["Overlong"] * 120)
    unit.write_text(unit.read_text(encoding="utf-8") + f"""
  - kind: text
    title: "{long_title}"
    body: "Short."
    slide_points: ["Short."]
""", encoding="utf-8")
    with pytest.raises(KitError) as caught:
        build(root, outputs=["slides"])
    messages = [p.format(False) for p in caught.value.problems]
    assert any(re.search(r"units/01-first-unit.yaml:\d+:\d+: error: unit 'first-unit', slide \d+ .* from block 8 "
                         r"\(text\)\) does not fit on one slide", m) for m in messages), messages
    assert not (root / "build" / "01-first-unit-slides.pdf").exists()


def test_character_missing_from_every_font_is_a_located_error(tmp_path):
    root = make_kit(tmp_path / "kit")
    unit = root / "units" / "01-first-unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace('title: "The Gettysburg Address"',
                                                              'title: "The Gettysburg Address \u2603\ufe0e"'),
                    encoding="utf-8")
    with pytest.raises(KitError) as caught:
        build(root, outputs=["handout"])
    assert any(p.code == "missing-glyph" and p.location.line == 3 for p in caught.value.problems)


def test_labels_follow_the_kit_language(tmp_path):
    root = make_kit(tmp_path / "kit", language="az")
    result = build(root, outputs=["teacher", "handout"])
    items = {item.job.kind: item for item in result.built}
    assert "Müəllim nüsxəsi" in text_of(items["teacher"])
    assert "Ad, soyad" in text_of(items["handout"])
    assert pdf_of(items["handout"]).trailer["/Root"]["/Lang"] == "az"


def test_images_are_prepared_before_rendering(tmp_path):
    from kit.images import MAX_PRINT_PIXELS, check_image, prepare_image
    from kit.errors import Location

    photo = tmp_path / "photo.jpg"
    image = Image.new("RGB", (3000, 1000), "red")
    exif = image.getexif()
    exif[0x0112] = 6            # rotate 90° when displayed
    exif[0x010F] = "Camera maker"
    image.save(photo, exif=exif)
    prepared = Image.open(io.BytesIO(prepare_image(photo)))
    assert prepared.size == (MAX_PRINT_PIXELS * 1000 // 3000, MAX_PRINT_PIXELS)
    assert not prepared.getexif()
    small = tmp_path / "small.png"
    Image.new("RGB", (300, 200)).save(small)
    warnings = check_image(small, Location("units/x.yaml", 3, 5))
    assert [w.severity for w in warnings] == ["warning"] and "150 dpi" in warnings[0].message


def test_preview_writes_pages_contact_sheets_and_reports_low_contrast(built, tmp_path):
    from kit.preview import low_contrast_pairs, preview

    _, _, items = built
    results = preview([items["handout"].job.path], tmp_path / "gray", grayscale=True)
    (pdf, pages, sheet) = results[0]
    assert pages == items["handout"].pages and sheet.exists()
    with Image.open(next((tmp_path / "gray" / pdf.stem).glob("*.png"))) as page:
        assert page.mode in ("L", "RGB")
        if page.mode == "RGB":
            assert all(r == g == b for r, g, b in page.getdata())
    css = tmp_path / "pale.css"
    css.write_text(".pale { color: #aaaaaa; }\n.fine { color: #333; background: #fff; }\n", encoding="utf-8")
    pairs = low_contrast_pairs(css)
    assert [p.selector for p in pairs] == [".pale"]


def test_shipped_stylesheets_have_no_low_contrast_pairs():
    from kit.preview import low_contrast_pairs
    from kit.templating import DEFAULT_TEMPLATES

    assert [str(p) for css in sorted(DEFAULT_TEMPLATES.glob("*.css")) for p in low_contrast_pairs(css)] == []
