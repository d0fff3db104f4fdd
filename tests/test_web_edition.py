"""The web editions (kit/webedition.py): zips of static pages, read back entry by entry."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest

from conftest import BASE_FILES, UNIT_YAML, write_files
from kit.build import build
from kit.errors import KitError

MODEL_ANSWER = "Quartermaster general wrote it secretly towards officers while councillors kept arguing endlessly."
CAVEAT = "Only this sentence of the letter survives"
LESSON_STEP = "Read the letter aloud together and underline the verbs."

UNIT = UNIT_YAML + """\
  - kind: figure
    title: A map
    image: images/map.png
    alt: "A map of the Caucasus with Baku marked by a red dot."
    caption: "Baku and the Caspian Sea."
  - kind: glossary
    items:
      - id: t-council
        term: Council
        definition: "A body that meets to decide; here, the council that discussed the treaty."
        spellings: {az: "Şura, Bakı, ğ, ı, İ", ru: "Совет"}
"""


def png(width=60, height=40) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#3a7").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    root = tmp_path_factory.mktemp("web") / "kit"
    write_files(root, {**BASE_FILES, "units/01-first.yaml": UNIT, "assets/images/map.png": png()})
    result = build(root, outputs=["web"], jobs=0)
    assert sorted(b.job.path.name for b in result.built) == ["teacher-web-edition.zip", "web-edition.zip"]
    return root, {name: zipfile.ZipFile(root / "build" / name) for name in ("web-edition.zip", "teacher-web-edition.zip")}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.tags, self.alts, self.html_lang, self.viewport = [], [], [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "meta" and attrs.get("name") == "viewport":
            self.viewport = True
        if tag == "img":
            self.alts.append(attrs.get("alt"))
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


def read(archive: zipfile.ZipFile, name: str) -> str:
    return archive.read(name).decode("utf-8")


def test_each_edition_is_an_index_and_a_page_a_unit_with_its_files(editions):
    _, zips = editions
    for archive in zips.values():
        names = archive.namelist()
        assert names[0] == "index.html"  # first, where a learning platform looks for it
        assert "01-first.html" in names and "style.css" in names
        assert [n for n in names if n.startswith("media/") and n.endswith("map.png")]
        fonts = [n for n in names if n.startswith("fonts/")]
        assert len(fonts) == 8 and all(archive.read(n)[:4] == b"wOFF" for n in fonts)


def test_every_link_is_relative_and_leads_into_the_zip(editions):
    _, zips = editions
    for archive in zips.values():
        names = set(archive.namelist())
        for page in (n for n in names if n.endswith(".html")):
            parser = Links()
            parser.feed(read(archive, page))
            for link in parser.links:
                assert not re.match(r"^[a-z]+:|^/|\.\.", link), (page, link)
                target = link.split("#")[0]
                assert not target or target in names, (page, link)
        for url in re.findall(r"url\(['\"]?([^'\")]+)", read(archive, "style.css")):
            assert url in names and not url.startswith(("/", "file:", "http")), url


def test_pages_are_accessible_and_fit_a_phone(editions):
    _, zips = editions
    for archive in zips.values():
        for page in ("index.html", "01-first.html"):
            html = read(archive, page)
            parser = Links()
            parser.feed(html)
            assert parser.html_lang == "en" and parser.viewport
            assert {"header", "nav", "main", "footer"} <= set(parser.tags), page
            assert parser.tags.count("h1") == 1, page
            assert all(parser.alts), page
            assert 'class="skip" href="#main"' in html
        assert "A map of the Caucasus with Baku marked by a red dot." in read(archive, "01-first.html")
        css = read(archive, "style.css")
        assert "@media print" in css and "max-width" in css
        # a table in a text block (a chart to fill in) has its cells ruled on screen as on paper
        assert re.search(r"table\.text-table td \{[^}]*border: 1px solid", css)


def test_the_fonts_hold_the_letters_the_kit_prints(editions):
    from fontTools.ttLib import TTFont

    _, zips = editions
    archive = zips["web-edition.zip"]
    for name in (n for n in archive.namelist() if n.startswith("fonts/")):
        cmap = TTFont(io.BytesIO(archive.read(name))).getBestCmap()
        assert all(ord(c) in cmap for c in "əğışİСовет"), name
        assert len(archive.read(name)) < 200_000, name  # a subset, not the whole font
    teacher = zips["teacher-web-edition.zip"]
    assert sorted(n for n in archive.namelist() if n.startswith("fonts/")) == \
        sorted(n for n in teacher.namelist() if n.startswith("fonts/"))  # one subset serves both


def test_the_student_edition_has_no_teacher_text_and_the_teacher_edition_has_it(editions):
    _, zips = editions
    student = read(zips["web-edition.zip"], "01-first.html")
    teacher = read(zips["teacher-web-edition.zip"], "01-first.html")
    for text in (MODEL_ANSWER, CAVEAT, LESSON_STEP):
        assert text not in student and text in teacher
    assert "Teacher edition" in teacher and "Teacher edition" not in student


def test_the_same_kit_makes_the_same_zip(editions):
    root, zips = editions
    before = (root / "build" / "web-edition.zip").read_bytes()
    build(root, outputs=["web"], jobs=0, force=True)
    assert (root / "build" / "web-edition.zip").read_bytes() == before


def test_the_leak_guard_reads_the_student_web_edition(tmp_path):
    root = tmp_path / "kit"
    leaky = ('{% extends "default/web-index.html" %}{% block main %}{{ super() }}<p>' + MODEL_ANSWER
             + '</p>{% endblock %}')
    write_files(root, {**BASE_FILES, "templates/web-index.html": leaky})
    with pytest.raises(KitError) as info:
        build(root, outputs=["web"], jobs=0)
    problems = info.value.problems
    assert {p.code for p in problems} == {"leak"}
    assert any("web-edition.zip" in p.message and "teacher-web" not in p.message for p in problems)
    assert not (root / "build" / "web-edition.zip").exists()


def test_the_leak_guard_reads_alt_text_too(tmp_path):
    root = tmp_path / "kit"
    leaky = ('{% extends "default/web-page.html" %}{% block main %}{{ super() }}<img src="index.html" alt="'
             + MODEL_ANSWER + '">{% endblock %}')
    write_files(root, {**BASE_FILES, "templates/web-page.html": leaky})
    with pytest.raises(KitError) as info:
        build(root, outputs=["web"], jobs=0)
    assert {p.code for p in info.value.problems} == {"leak"}


def test_a_stylesheet_url_outside_the_gate_is_refused(tmp_path):
    root = tmp_path / "kit"
    bad_css = '@font-face { font-family: "X"; src: url(../../../../etc/passwd); }'
    write_files(root, {**BASE_FILES, "templates/web.css": bad_css})
    with pytest.raises(KitError) as info:
        build(root, outputs=["web"], jobs=0)
    problems = info.value.problems
    assert len(problems) == 1  # the same problem in both editions, reported once
    assert all(p.location.path == "templates/web.css" and "refused to load" in p.message for p in problems)


def test_the_web_edition_is_built_only_when_asked_for(tmp_path):
    root = tmp_path / "kit"
    write_files(root, {**BASE_FILES})
    from kit.kitload import load_kit
    from kit.plan import plan_outputs

    kinds = {job.kind for job in plan_outputs(load_kit(root), root / "build")}
    assert "web" not in kinds and "handout" in kinds
    assert {job.kind for job in plan_outputs(load_kit(root), root / "build", outputs=["web"])} == {"web", "teacher-web"}


def test_a_unit_page_names_the_kit_once_in_its_header_and_not_again_above_the_unit(editions):
    _, archives = editions
    for archive in archives.values():
        page = read(archive, "01-first.html")
        main = page[page.index("<main"):page.index("</main>")]
        assert "Test kit" in page[:page.index("<main")]        # the site header (and the title)
        assert "Test kit" not in main.split('class="unit-title"')[0]   # the unit's own header line: just "Unit 1"
        assert "Unit 1" in main
