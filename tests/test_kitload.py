"""load_kit: the kit checked as a whole (ids, references, locators, quotations, images)."""

from __future__ import annotations

import gc
import os
import warnings

import pytest

from conftest import KIT_YAML, UNIT_YAML, col_of, line_of, problems_of
from kit.errors import KitError, Problem
from kit.kitload import LoadedKit, load_kit

UNIT = "units/01-first.yaml"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FIGURE = """\
  - kind: figure
    image: {image}
    alt: "A schematic map."
"""


def unit_with(old: str, new: str, text: str = UNIT_YAML) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def one(problems) -> Problem:
    assert len(problems) == 1, [p.format(False) for p in problems]
    return problems[0]


def at(text: str, needle: str, path: str = UNIT) -> str:
    return f"{path}:{line_of(text, needle)}:{col_of(text, needle)}"


def test_the_base_kit_loads(make_kit, tmp_path):
    kit = load_kit(make_kit(tmp_path))
    assert isinstance(kit, LoadedKit)
    assert [u.unit.id for u in kit.units] == ["first"]
    assert [u.path for u in kit.units] == [UNIT]
    assert kit.config.title == "Test kit"
    assert len(kit.source.paragraphs) == 4
    assert set(kit.excerpts()) == {"letter"}


def test_units_load_in_file_name_order(make_kit, tmp_path):
    second = UNIT_YAML.replace("id: first", "id: second").replace("id: letter", "id: letter-b") \
        .replace("source: letter", "source: letter-b")
    kit = load_kit(make_kit(tmp_path, {"units/00-second.yaml": second, "units/.hidden.yaml": "junk: [",
                                       "units/notes.txt": "not a unit"}))
    assert [u.unit.id for u in kit.units] == ["second", "first"]


def test_duplicate_unit_id_across_files(make_kit, tmp_path):
    second = UNIT_YAML.replace("id: letter", "id: letter-b").replace("source: letter", "source: letter-b")
    problem = one(problems_of(make_kit(tmp_path, {"units/02-again.yaml": second})))
    assert problem.code == "duplicate-id"
    assert str(problem.location) == "units/02-again.yaml:1:5"        # the second one
    assert "duplicate unit id 'first'" in problem.message
    assert f"{UNIT}:1:5" in problem.message                         # names the first


def test_duplicate_source_id(make_kit, tmp_path):
    second = UNIT_YAML.replace("id: first", "id: second")
    problem = one(problems_of(make_kit(tmp_path, {"units/02-second.yaml": second})))
    assert problem.code == "duplicate-id"
    assert "duplicate source id 'letter'" in problem.message
    where = f"{line_of(second, 'id: letter')}:{col_of(second, 'id: letter') + 4}"
    assert str(problem.location) == f"units/02-second.yaml:{where}"
    assert f"{UNIT}:{where}" in problem.message


def test_reference_to_unknown_source_with_did_you_mean(make_kit, tmp_path):
    text = unit_with("source: letter", "source: leter")
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text})))
    assert problem.code == "unknown-reference"
    assert "there is no source with id 'leter'" in problem.message
    assert "did you mean 'letter'" in problem.message
    assert str(problem.location) == at(text, "leter")


def test_reference_to_unknown_unit_with_did_you_mean(make_kit, tmp_path):
    text = unit_with("minutes: 45\n", "minutes: 45\nrequires: [frist]\n")
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text})))
    assert problem.code == "unknown-reference"
    assert "there is no unit with id 'frist'" in problem.message and "did you mean 'first'" in problem.message
    assert str(problem.location) == at(text, "frist")


def test_locator_paragraph_beyond_the_text(make_kit, tmp_path):
    text = unit_with("{paragraph: 2, footnote: 2}", "{paragraph: 9}")
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text})))
    assert problem.code == "bad-locator"
    assert "paragraph 9 does not exist: the source text has 4 paragraphs" in problem.message
    assert str(problem.location) == at(text, "{paragraph: 9}")


def test_footnote_not_called_in_that_paragraph(make_kit, tmp_path):
    text = unit_with("{paragraph: 2, footnote: 2}", "{paragraph: 2, footnote: 1}")
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text})))
    assert problem.code == "bad-locator"
    assert "footnote 1 is called in ¶1, not ¶2; correct the locator" in problem.message
    assert str(problem.location) == at(text, "{paragraph: 2")


def test_footnote_glued_to_a_year_is_a_valid_locator(make_kit, tmp_path):
    text = unit_with("{paragraph: 2, footnote: 2}", "{paragraph: 3, footnote: 14}").replace(
        "We must not wait for the winter; the people's patience is at an end.",
        "the council was dissolved in 1920 by a decree")
    assert load_kit(make_kit(tmp_path, {UNIT: text})).units


def test_quotation_that_departs_names_the_first_departing_word(make_kit, tmp_path):
    text = unit_with("the people's patience is at an end", "the people's courage is at an end")
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text})))
    assert problem.code == "quotation"
    assert "source 'letter'" in problem.message
    assert "at the word 'courage'" in problem.message
    assert "(after 'the winter the peoples')" in problem.message
    assert str(problem.location) == at(text, '"We must')


def test_quotation_whose_first_word_is_not_in_the_source(make_kit, tmp_path):
    text = unit_with("We must not wait", "Zebras must not wait")
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text})))
    assert problem.code == "quotation" and "at its first word 'Zebras'" in problem.message


def test_quotation_with_omission_and_insertion_passes(make_kit, tmp_path):
    text = unit_with("We must not wait for the winter; the people's patience is at an end.",
                     "We must not wait [\u2026] [as he put it] the people's patience is at an end.")
    assert load_kit(make_kit(tmp_path, {UNIT: text})).units


def test_adapted_excerpt_is_exempt(make_kit, tmp_path):
    text = unit_with("the people's patience is at an end", "the nation's courage is at an end")
    text = unit_with("        caveat:", "        adapted: true\n        caveat:", text)
    kit = load_kit(make_kit(tmp_path, {UNIT: text}))
    assert kit.excerpts()["letter"].adapted is True


def test_missing_image(make_kit, tmp_path):
    text = UNIT_YAML + FIGURE.format(image="images/map.png")
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text})))
    assert problem.code == "missing-asset"
    assert "assets/images/map.png" in problem.message
    assert str(problem.location) == at(text, "images/map.png")


def test_image_with_wrong_content(make_kit, tmp_path):
    text = UNIT_YAML + FIGURE.format(image="images/map.png")
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text, "assets/images/map.png": b"GIF89a" + b"\0" * 40})))
    assert problem.code == "bad-image"
    assert "is not a PNG file" in problem.message
    assert str(problem.location) == at(text, "images/map.png")


def test_svg_and_png_images_load(make_kit, tmp_path):
    text = UNIT_YAML + FIGURE.format(image="images/a.svg") + FIGURE.format(image="images/b.png")
    kit = load_kit(make_kit(tmp_path, {UNIT: text, "assets/images/b.png": PNG,
                                       "assets/images/a.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'}))
    assert [i for i, _ in kit.collected.images] == ["images/a.svg", "images/b.png"]


def test_image_type_not_allowed(make_kit, tmp_path):
    text = UNIT_YAML + FIGURE.format(image="../kit.yaml")
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text})))
    assert problem.code == "bad-image"
    assert str(problem.location) == at(text, "../kit.yaml")


@pytest.mark.parametrize("image", ["../units/map.svg", "images/../../units/map.svg", "/etc/map.svg",
                                   "..\\units\\map.svg", "C:/map.svg"])
def test_image_path_escaping_assets(make_kit, tmp_path, image):
    text = UNIT_YAML + FIGURE.format(image=f"'{image}'")
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    problem = one(problems_of(make_kit(tmp_path, {UNIT: text, "units/map.svg": svg, "assets/images/.keep": ""})))
    assert problem.code == "missing-asset"
    assert str(problem.location).startswith(f"{UNIT}:{line_of(text, 'image: ')}:")


def test_image_symlink_inside_assets_pointing_outside(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit", {UNIT: UNIT_YAML + FIGURE.format(image="images/map.svg")})
    outside = tmp_path / "outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (root / "assets" / "images").mkdir(parents=True)
    os.symlink(outside, root / "assets" / "images" / "map.svg")
    problem = one(problems_of(root))
    assert (problem.code, problem.location.path) == ("outside-kit", "assets/images/map.svg")


def test_missing_kit_yaml(make_kit, tmp_path):
    root = make_kit(tmp_path, {"kit.yaml": None})
    problem = one(problems_of(root))
    assert problem.code == "no-kit"
    assert problem.location.path.endswith("kit.yaml")
    assert "kit new" in problem.message


def test_no_units(make_kit, tmp_path):
    problem = one(problems_of(make_kit(tmp_path, {UNIT: None})))
    assert problem.code == "no-units"
    assert str(problem.location) == "units/"


def test_missing_source_text(make_kit, tmp_path):
    problem = one(problems_of(make_kit(tmp_path, {"assets/source/article.txt": None})))
    assert problem.code == "missing-asset"
    assert str(problem.location) == at(KIT_YAML, "source/article.txt", "kit.yaml")


def test_problems_in_several_files_are_all_reported_and_sorted(make_kit, tmp_path):
    kit_yaml = KIT_YAML.replace("language: en", "language: fr")
    unit = unit_with("minutes: 45", "minutes: lots")
    other = "id: other\ntitle: 1919\n"
    found = problems_of(make_kit(tmp_path, {"kit.yaml": kit_yaml, UNIT: unit, "units/02-other.yaml": other}))
    assert {p.location.path for p in found} == {"kit.yaml", UNIT, "units/02-other.yaml"}
    keys = [(p.location.path, p.location.line, p.location.column) for p in found]
    assert keys == sorted(keys)
    assert ("kit.yaml", 4, 11) in keys and (UNIT, line_of(unit, "lots"), 10) in keys
    assert ("units/02-other.yaml", 2, 8) in keys
    assert sum(p.code == "missing-key" for p in found) == 4   # summary, objectives, minutes, blocks


def test_yaml_error_in_one_unit_does_not_hide_another(make_kit, tmp_path):
    found = problems_of(make_kit(tmp_path, {"units/02-bad.yaml": "a: b: c\n",
                                            "units/03-bad.yaml": "id: x\nid: y\n"}))
    assert [(p.location.path, p.code) for p in found] == [("units/02-bad.yaml", "yaml-syntax"),
                                                          ("units/03-bad.yaml", "duplicate-key")]


def test_kit_error_sorts_its_problems(make_kit, tmp_path):
    with pytest.raises(KitError) as info:
        load_kit(make_kit(tmp_path, {"units/02-b.yaml": "title: 1\n", "units/00-a.yaml": "title: 1\n"}))
    paths = [p.location.path for p in info.value.problems]
    assert paths == sorted(paths) and paths[0] == "units/00-a.yaml"


def test_image_check_closes_its_files(make_kit, tmp_path):
    root = make_kit(tmp_path, {UNIT: UNIT_YAML + FIGURE.format(image="images/b.png"),
                               "assets/images/b.png": PNG})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        load_kit(root)
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_nul_in_an_image_path_is_a_located_problem(make_kit, tmp_path):
    text = UNIT_YAML + FIGURE.format(image='"images/a\\0.svg"')
    root = make_kit(tmp_path, {UNIT: text, "assets/images/b.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'})
    problem = one(problems_of(root))
    assert problem.code == "unprintable"
    assert "'image' contains the control character U+0000" in problem.message
    assert (problem.location.line, problem.location.column) == (line_of(text, "image: "), col_of(text, '"images/'))


def test_nul_in_the_source_text_path_is_a_located_problem(make_kit, tmp_path):
    kit_yaml = KIT_YAML.replace("text: source/article.txt", 'text: "source/article\\0.txt"')
    problem = one(problems_of(make_kit(tmp_path, {"kit.yaml": kit_yaml})))
    assert problem.code == "unprintable"
    assert problem.location.path == "kit.yaml" and problem.location.line == line_of(kit_yaml, "text: ")
    assert problem.location.column == col_of(kit_yaml, '"source/')


def test_quotation_of_a_number_with_a_thousands_separator(make_kit, tmp_path):
    source = "The army of 10,000 men crossed the border at night.\n\nA second paragraph.\n"
    text = unit_with("{paragraph: 2, footnote: 2}", "{paragraph: 1}").replace(
        "We must not wait for the winter; the people's patience is at an end.", "The army of 10,000 men crossed")
    assert load_kit(make_kit(tmp_path, {UNIT: text, "assets/source/article.txt": source})).units
