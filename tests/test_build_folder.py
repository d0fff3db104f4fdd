"""An honest build folder: files of earlier builds that the kit no longer makes are deleted when
kit wrote them and they are as it wrote them, and named (never deleted) when they changed since."""

from __future__ import annotations

from conftest import BASE_FILES
from kit.build import build

UNIT = "units/01-first.yaml"
ONLY_HANDOUTS = BASE_FILES["kit.yaml"] + "outputs: [handout]\n"


def renamed(unit_id: str) -> dict:
    return {UNIT: None, f"units/01-{unit_id}.yaml": BASE_FILES[UNIT].replace("id: first", f"id: {unit_id}", 1)}


def test_a_renamed_unit_takes_its_old_outputs_with_it(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit", {"kit.yaml": ONLY_HANDOUTS})
    build(root, jobs=0)
    assert (root / "build" / "01-first-handout.pdf").is_file()
    mine = root / "build" / "notes-for-me.pdf"
    mine.write_bytes(b"%PDF-1.7 the teacher's own file")
    make_kit(root, {"kit.yaml": ONLY_HANDOUTS, **renamed("letter")})
    result = build(root, jobs=0)
    assert result.removed == ["01-first-handout.pdf"]
    assert sorted(p.name for p in (root / "build").glob("*.pdf")) == ["01-letter-handout.pdf", "notes-for-me.pdf"]
    assert mine.read_bytes() == b"%PDF-1.7 the teacher's own file"  # never a file kit did not write
    assert build(root, jobs=0).removed == []


def test_a_changed_old_output_is_named_not_deleted(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit", {"kit.yaml": ONLY_HANDOUTS})
    build(root, jobs=0)
    old = root / "build" / "01-first-handout.pdf"
    old.write_bytes(old.read_bytes() + b"\n% annotated by the teacher")
    make_kit(root, {"kit.yaml": ONLY_HANDOUTS, **renamed("letter")})
    result = build(root, jobs=0)
    assert result.removed == [] and old.is_file()
    [warning] = [w for w in result.warnings if w.code == "not-made"]
    assert warning.severity == "warning" and "01-first-handout.pdf" in warning.message


def test_a_partial_build_deletes_nothing(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit", {"kit.yaml": ONLY_HANDOUTS})
    build(root, jobs=0)
    make_kit(root, {"kit.yaml": ONLY_HANDOUTS, **renamed("letter")})
    assert build(root, outputs=["handout"], jobs=0).removed == []
    assert (root / "build" / "01-first-handout.pdf").is_file()


def test_an_output_taken_out_of_kit_yaml_goes(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit", {"kit.yaml": BASE_FILES["kit.yaml"] + "outputs: [handout, teacher]\n"})
    build(root, jobs=0)
    make_kit(root, {"kit.yaml": ONLY_HANDOUTS})
    assert build(root, jobs=0).removed == ["01-first-teacher.pdf"]
    assert not (root / "build" / "01-first-teacher.pdf").exists()
