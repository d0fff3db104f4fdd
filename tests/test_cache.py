"""The build cache: each edit renders again exactly the outputs that depend on it, a rebuild with
nothing changed writes nothing, and a cached PDF is the same file a fresh build makes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import copy_with_cache, BASE_FILES, UNIT_YAML, write_files
from kit.build import build
from kit.cache import MANIFEST, cache_folder, kit_folder
from kit.cli import cli
from kit.errors import KitError
from kit.templating import DEFAULT_TEMPLATES

# Two units; the second shows an image. No glossary, so no glossary cards.
SECOND_UNIT = (UNIT_YAML.replace("id: first", "id: second").replace("id: letter", "id: letter2")
               .replace("source: letter", "source: letter2")
               .replace('title: "The general\'s letter"\nsummary', 'title: "The letter again"\nsummary')
               + "  - kind: figure\n    image: images/plan.svg\n    alt: \"A plan of the council chamber.\"\n"
                 "    caption: \"The council chamber.\"\n")
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
       '<rect x="10" y="10" width="180" height="80" fill="{colour}"/></svg>\n')
KINDS = ("handout", "teacher", "slides", "notes", "3up")
BOOKS = {"student-book.pdf", "teacher-book.pdf"}


def unit_outputs(number: int, ident: str, kinds=KINDS) -> set[str]:
    names = {f"{number:02d}-{ident}-{kind}.pdf" for kind in kinds}
    if "slides" in kinds:  # the deck's presenter file comes with it
        names.add(f"{number:02d}-{ident}-slides.pdfpc")
    return names


FIRST, SECOND = unit_outputs(1, "first"), unit_outputs(2, "second")
SLIDES = unit_outputs(1, "first", ("slides",)) | unit_outputs(2, "second", ("slides",))   # 16:9 on any paper
EVERYTHING = FIRST | SECOND | BOOKS


def two_unit_files() -> dict:
    return {**BASE_FILES, "units/02-second.yaml": SECOND_UNIT, "assets/images/plan.svg": SVG.format(colour="#336699")}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    root = tmp_path_factory.mktemp("cache") / "kit"
    write_files(root, two_unit_files())
    result = build(root)
    assert {b.job.path.name for b in result.built} == EVERYTHING
    return root


@pytest.fixture
def two_units(built_once, tmp_path):
    """A two-unit kit with its build folder, as the last build left it."""
    return copy_with_cache(built_once, tmp_path / "kit")


def rebuilt(root: Path, **options) -> set[str]:
    return {b.job.path.name for b in build(root, jobs=0, **options).rendered}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_files(root: Path) -> dict[str, tuple[int, bytes]]:
    """(mtime, bytes) of every file in build/, the cache's own files included."""
    return {p.relative_to(root / "build").as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted((root / "build").rglob("*")) if p.is_file()}


def test_nothing_changed_renders_nothing_and_writes_nothing(two_units):
    before = build_files(two_units)
    result = build(two_units, jobs=0)
    assert result.rendered == [] and all(b.cached for b in result.built)
    assert {b.job.path.name for b in result.built} == EVERYTHING
    assert result.kit is None  # not even loaded
    assert build_files(two_units) == before
    for _ in range(2):  # the first writes the print pack, which only the command makes
        before = build_files(two_units)
        cli_result = CliRunner().invoke(cli, ["build", str(two_units)])
        assert cli_result.exit_code == 0, cli_result.output
        assert cli_result.stdout.strip().splitlines()[-1] == f"Nothing to do: {len(EVERYTHING)} outputs up to date in {two_units / 'build'}."
    assert build_files(two_units) == before


def test_a_unit_edit_rebuilds_that_units_outputs_and_the_books(two_units):
    edit(two_units / "units/02-second.yaml", "Who wrote the letter?", "Who signed the letter?")
    assert rebuilt(two_units) == SECOND | BOOKS
    assert rebuilt(two_units) == set()


def test_a_title_other_units_show_rebuilds_them_too(two_units):
    # unit 2 requires unit 1, so its handout prints unit 1's title
    edit(two_units / "units/02-second.yaml", "minutes: 45", "minutes: 45\nrequires: [first]")
    assert rebuilt(two_units) == SECOND | BOOKS
    edit(two_units / "units/01-first.yaml", 'title: "The general\'s letter"\nsummary',
         'title: "A general writes"\nsummary')
    assert rebuilt(two_units) == FIRST | SECOND | BOOKS


def test_an_asset_edit_rebuilds_the_outputs_of_the_unit_that_shows_it(two_units):
    (two_units / "assets/images/plan.svg").write_text(SVG.format(colour="#993333"))
    assert rebuilt(two_units) == SECOND | BOOKS


def test_a_kit_yaml_edit_rebuilds_everything(two_units):
    edit(two_units / "kit.yaml", 'title: "Test kit"', 'title: "Test kit, second edition"')
    assert rebuilt(two_units) == EVERYTHING


def test_touching_a_file_without_changing_it_rebuilds_nothing(two_units):
    path = two_units / "units/01-first.yaml"
    path.write_bytes(path.read_bytes())
    assert rebuilt(two_units) == set()


def test_a_block_template_edit_rebuilds_the_outputs_that_print_it(make_kit, tmp_path):
    override = '{% include "default/blocks/document_analysis.html" %}\n<!-- marker {} -->\n'
    root = make_kit(tmp_path / "kit", {"units/02-second.yaml": SECOND_UNIT,
                                       "assets/images/plan.svg": SVG.format(colour="#336699"),
                                       "templates/blocks/document_analysis.html": override.replace("{}", "1")})
    build(root, jobs=0, html=True)
    (root / "templates/blocks/document_analysis.html").write_text(override.replace("{}", "2"))
    printing = {p.with_suffix(".pdf").name for p in (root / "build").glob("*.html")
                if "<!-- marker 1 -->" in p.read_text(encoding="utf-8")}
    assert {"01-first-handout.pdf", "01-first-teacher.pdf"} | BOOKS <= printing
    assert "01-first-slides.pdf" not in printing
    assert rebuilt(root, html=True) == printing


def test_a_stylesheet_edit_rebuilds_the_outputs_that_use_it(make_kit, tmp_path):
    slides_css = (Path(DEFAULT_TEMPLATES) / "slides.css").read_text(encoding="utf-8")
    root = make_kit(tmp_path / "kit", {"units/02-second.yaml": SECOND_UNIT,
                                       "assets/images/plan.svg": SVG.format(colour="#336699"),
                                       "templates/slides.css": slides_css})
    build(root, jobs=0, html=True)
    linking = {p.with_suffix(".pdf").name for p in (root / "build").glob("*.html")
               if (root / "templates/slides.css").resolve().as_uri() in p.read_text(encoding="utf-8")}
    assert {"01-first-slides.pdf", "02-second-slides.pdf"} <= linking
    (root / "templates/slides.css").write_text(slides_css + "\n/* edited */\n")
    again = rebuilt(root, html=True)
    # the notes and 3-up handouts are made from the deck, which is split by how it lays out
    assert linking <= again <= linking | SLIDES | unit_outputs(1, "first", ("notes", "3up")) \
        | unit_outputs(2, "second", ("notes", "3up"))
    assert not again & (BOOKS | unit_outputs(1, "first", ("handout", "teacher")))


def letter(names) -> set[str]:
    return {n if "slides" in n else n.replace(".pdf", "-letter.pdf") for n in names}


def test_options_paper_and_output_kinds(two_units):
    """A Letter build of an A4 kit writes files of its own beside the A4 ones (the slides, the
    same on either paper, are shared), and neither build undoes the other."""
    a4 = {p.name: p.read_bytes() for p in (two_units / "build").glob("*.pdf")}
    assert rebuilt(two_units, paper="letter") == letter(EVERYTHING) - SLIDES
    assert rebuilt(two_units, paper="letter") == set()
    assert rebuilt(two_units, paper="letter", outputs=["handout"]) == set()
    assert rebuilt(two_units) == set()
    assert {p.name for p in (two_units / "build").glob("*.pdf")} == {
        n for n in EVERYTHING | letter(EVERYTHING) if n.endswith(".pdf")}
    assert all((two_units / "build" / name).read_bytes() == data for name, data in a4.items())


def test_slides_do_not_depend_on_the_paper(make_kit, tmp_path):
    """The cache leaves slides out of a paper change: this holds only while they are the same bytes."""
    root = make_kit(tmp_path / "kit")
    build(root, tmp_path / "a4", jobs=0, paper="a4", outputs=["slides"])
    build(root, tmp_path / "letter", jobs=0, paper="letter", outputs=["slides"])
    assert (tmp_path / "a4/01-first-slides.pdf").read_bytes() == (tmp_path / "letter/01-first-slides.pdf").read_bytes()


def test_force_rebuilds_everything(two_units):
    assert {b.job.path.name for b in build(two_units, jobs=0, force=True).rendered} == EVERYTHING


def test_cached_pdfs_are_the_files_a_fresh_build_makes(two_units, tmp_path):
    edit(two_units / "units/02-second.yaml", "Who wrote the letter?", "Who signed the letter?")
    assert rebuilt(two_units) == SECOND | BOOKS
    fresh = tmp_path / "fresh"
    build(two_units, fresh, jobs=0)
    for name in EVERYTHING:
        assert (two_units / "build" / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_replaced_or_deleted_output_is_rebuilt(two_units):
    (two_units / "build/01-first-handout.pdf").unlink()
    (two_units / "build/02-second-teacher.pdf").write_bytes(b"%PDF-1.7 not the one kit wrote")
    assert rebuilt(two_units) == {"01-first-handout.pdf", "02-second-teacher.pdf"}


def test_a_broken_edit_writes_nothing_and_the_fix_rebuilds(two_units):
    before = build_files(two_units)
    edit(two_units / "units/02-second.yaml", "minutes: 45", "minutes: forty-five")
    with pytest.raises(KitError):
        build(two_units, jobs=0)
    assert build_files(two_units) == before
    edit(two_units / "units/02-second.yaml", "minutes: forty-five", "minutes: 45")
    assert rebuilt(two_units) == set()


def test_html_pages_beside_the_pdfs(two_units):
    # the pages did not exist yet (a presenter file or PowerPoint deck has none)
    assert rebuilt(two_units, html=True) == {name for name in EVERYTHING if name.endswith(".pdf")}
    page = (two_units / "build/01-first-handout.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "The general" in page
    assert 'rel="stylesheet" href="file:///' in page
    assert rebuilt(two_units, html=True) == set()
    assert rebuilt(two_units) == set()  # without --html the pages are not needed


def test_teacher_text_edited_elsewhere_rechecks_cached_student_outputs(make_kit, tmp_path):
    phrase = "Bring a pencil and the blue folder to every lesson of this unit"
    text_block = '{% include "default/blocks/text.html" %}\n<p>' + phrase + '.</p>\n'
    root = make_kit(tmp_path / "kit", {"units/02-second.yaml": SECOND_UNIT,
                                       "assets/images/plan.svg": SVG.format(colour="#336699"),
                                       "templates/blocks/text.html": text_block})
    build(root, jobs=0, outputs=["handout", "teacher"])
    before = build_files(root)
    # unit 2's teacher notes now hold the sentence unit 1's (cached) handout prints
    edit(root / "units/02-second.yaml", 'notes: "Remind the class', f'notes: "{phrase}. Remind the class')
    with pytest.raises(KitError) as info:
        build(root, jobs=0, outputs=["handout", "teacher"])
    leaks = {p.message.split("student output ")[1].split(" ")[0] for p in info.value.problems if p.code == "leak"}
    assert "01-first-handout.pdf" in leaks
    assert build_files(root) == before


def test_student_text_edited_elsewhere_needs_no_recheck_of_cached_student_outputs(make_kit, tmp_path, monkeypatch):
    import kit.leaks

    root = make_kit(tmp_path / "kit", {"units/02-second.yaml": SECOND_UNIT,
                                       "assets/images/plan.svg": SVG.format(colour="#336699")})
    build(root, jobs=0, outputs=["handout", "teacher"])
    checked = []
    real = kit.leaks.find_leaks
    monkeypatch.setattr(kit.leaks, "find_leaks", lambda text, t, s, output: checked.append(output) or real(text, t, s, output))
    # a student-visible edit: what the guard looks for stays as it was, so unit 1's handout is not read again
    edit(root / "units/02-second.yaml", 'title: "The letter again"', 'title: "The letter read again"')
    result = build(root, jobs=0, outputs=["handout", "teacher"])
    assert {b.job.path.name for b in result.rendered} == {"02-second-handout.pdf", "02-second-teacher.pdf"}
    assert checked == ["02-second-handout.pdf"]
    # a teacher-only edit adds runs to look for: the cached handout is checked again
    checked.clear()
    edit(root / "units/02-second.yaml", 'notes: "Remind the class', 'notes: "Ask who has read the treaty aloud. Remind the class')
    build(root, jobs=0, outputs=["handout", "teacher"])
    assert sorted(checked) == ["01-first-handout.pdf", "02-second-handout.pdf"]


def test_the_manifest_records_what_each_output_read(two_units):
    manifest = json.loads((cache_folder(two_units, two_units / "build") / MANIFEST).read_bytes())
    deps = manifest["outputs"]["02-second-handout.pdf"]["deps"]
    names = {Path(p).name for p in deps}
    assert {"handout.html", "unit.html", "print.css", "fonts.css", "NotoSerif-Regular.ttf"} <= names
    assert "slides.css" not in names and "slides.html" not in names
    assert all(p.startswith(("kit:", "pkg:")) for p in deps)
    # (images a unit shows are in its outputs' keys: WeasyPrint loads each image once per process)
    assert manifest["outputs"]["01-first-handout.pdf"]["pages"] >= 1


def test_the_cache_is_kept_outside_the_kit(built_once):
    assert not [p for p in built_once.rglob("*") if "cache" in p.name or p.suffix in (".json", ".part")]
    assert (cache_folder(built_once, built_once / "build") / MANIFEST).is_file()


def test_a_copied_kit_with_its_build_folder_is_built_afresh_and_may_replace_its_outputs(built_once, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built_once, copy)
    assert rebuilt(copy) == EVERYTHING  # nothing in a kit folder is ever taken as cache
    assert rebuilt(copy) == set()


def test_a_build_folder_that_came_with_a_kit_is_not_overwritten(built_once, tmp_path):
    from kit.output import CannotWrite

    copy = tmp_path / "copy"
    shutil.copytree(built_once, copy)
    stranger = copy / "build" / "01-first-handout.pdf"
    stranger.write_bytes(b"%PDF-1.7 not written by kit")
    with pytest.raises(CannotWrite, match="01-first-handout.pdf"):
        build(copy, jobs=0)
    assert stranger.read_bytes() == b"%PDF-1.7 not written by kit"


def test_a_build_folder_that_is_a_link_is_refused(built_once, tmp_path):
    from kit.output import CannotWrite

    copy = tmp_path / "copy"
    shutil.copytree(built_once, copy, ignore=shutil.ignore_patterns("build"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (copy / "build").symlink_to(elsewhere)
    with pytest.raises(CannotWrite, match="is a link"):
        build(copy, jobs=0)
    assert list(elsewhere.iterdir()) == []


def test_parses_are_cached_as_json_and_give_the_same_kit(two_units):
    from kit.cache import load_kit_cached
    from kit.kitload import load_kit

    folder = kit_folder(two_units) / "yaml"
    assert len(list(folder.glob("*.json"))) == 2  # the two units
    cached, fresh = load_kit_cached(two_units), load_kit(two_units)
    assert (cached.config, cached.units, cached.collected) == (fresh.config, fresh.units, fresh.collected)
    edit(two_units / "units/02-second.yaml", "Who wrote the letter?", "Who signed the letter?")
    build(two_units, jobs=0)
    assert len(list(folder.glob("*.json"))) == 2  # the old parse of unit 2 is gone
