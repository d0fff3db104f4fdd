"""The bad-input corpus: every case in tests/bad_inputs/cases/ is a broken kit, and `kit build`
must refuse it with a located message, the documented exit code, no traceback, and a build/
folder left exactly as it was.

A case is a folder with `case.yaml` (why, exit, the stderr fragments expected in that order, an
optional summary, files to remove and a named `setup` for inputs that are generated rather than
stored) and `kit/`, files laid over the minimal valid kit in tests/minimal-kit/.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import struct
import sys
import zlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kit.cli import cli

HERE = Path(__file__).resolve().parent
BASE = HERE / "minimal-kit"
CASES = HERE / "bad_inputs" / "cases"
KIT_BIN = Path(sys.executable).parent / "kit"
UNIT = "units/01-first.yaml"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what could drive a terminal
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # what could reorder its text
SUMMARY = re.compile(r"^\d+ errors? in \d+ files?; nothing was written\.$")


# --- helpers shared by the corpus ------------------------------------------------------------

def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, dotfiles and leftovers included."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def png_bytes(width: int = 64, height: int = 64) -> bytes:
    """A real, decodable PNG with varied pixels (so that it does not compress to nothing)."""
    from PIL import Image

    image = Image.frombytes("RGB", (width, height), bytes((i * 7919) % 251 for i in range(width * height * 3)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (its data is a few bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _nul_after_8k(root: Path, outside: Path) -> None:
    text = _tiny()
    assert text.count("\n") == 9
    filler = "".join(f"# {'x' * 3000}\n" for _ in range(3))
    (root / UNIT).write_bytes((text + filler + "  \x00\n").encode())


def _too_deep(root: Path, outside: Path) -> None:
    lines = _tiny().splitlines()
    lines[8] = "    body: " + "[" * 30 + "x" + "]" * 30
    (root / UNIT).write_text("\n".join(lines) + "\n")


def _tiny() -> str:
    """tests/bad_inputs/tiny-unit.yaml without its comment line: `id` on line 1, `body` on line 9."""
    return (HERE / "bad_inputs" / "tiny-unit.yaml").read_text().split("\n", 1)[1]


def _long_word(root: Path, outside: Path) -> None:
    (root / UNIT).write_text(_tiny().replace("a council met", "a " + "x" * 300_000 + " met"))


def _binary_unit(root: Path, outside: Path) -> None:
    (root / UNIT).write_bytes(png_bytes(8, 8))


def _big_unit(root: Path, outside: Path) -> None:
    (root / UNIT).write_text(_tiny() + "# " + "x" * 1_000_000 + "\n")


def _huge_number(root: Path, outside: Path) -> None:
    (root / UNIT).write_text(_tiny().replace("minutes: 45", "minutes: " + "9" * 5000))


def _truncated_png(root: Path, outside: Path) -> None:
    data = png_bytes(200, 200)
    (root / "assets" / "map.png").write_bytes(data[: len(data) // 2])


def _oversized_png(root: Path, outside: Path) -> None:
    (root / "assets" / "map.png").write_bytes(png_header_only(100_000, 100_000))


def _over_limit_png(root: Path, outside: Path) -> None:
    (root / "assets" / "map.png").write_bytes(png_header_only(7_000, 7_000))


def _png_bomb_through_css(root: Path, outside: Path) -> None:
    (root / "assets" / "paper.png").write_bytes(png_header_only(13_000, 13_000))


def _outside_png(root: Path, outside: Path) -> None:
    (outside / "outside.png").write_bytes(png_bytes())


def _outside_png_absolute(root: Path, outside: Path) -> None:
    _outside_png(root, outside)
    unit = root / UNIT
    unit.write_text(unit.read_text().replace("OUTSIDE", str(outside / "outside.png")))


def _symlink_outside_png(root: Path, outside: Path) -> None:
    _outside_png(root, outside)
    (root / "assets" / "map.png").symlink_to(outside / "outside.png")


def _symlink_outside_unit(root: Path, outside: Path) -> None:
    elsewhere = outside / "elsewhere.yaml"
    elsewhere.write_text(_tiny().replace("id: first", "id: elsewhere"))
    (root / "units" / "02-elsewhere.yaml").symlink_to(elsewhere)


def _symlink_outside_template(root: Path, outside: Path) -> None:
    (outside / "secret.txt").write_text("SECRET-MARKER\n")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "leak.html").symlink_to(outside / "secret.txt")


def _linked_folder(name: str):
    def setup(root: Path, outside: Path) -> None:
        shutil.move(root / name, outside / name)
        (root / name).symlink_to(outside / name)
    return setup


def _build_folder_linked(root: Path, outside: Path) -> None:
    shutil.move(root / "build", outside / "build")
    (root / "build").symlink_to(outside / "build")


def _output_linked(root: Path, outside: Path) -> None:
    (outside / "precious.txt").write_text("a file of the teacher's own\n")
    (root / "build" / "01-first-handout.pdf").unlink()
    (root / "build" / "01-first-handout.pdf").symlink_to(outside / "precious.txt")


def _output_not_written_by_kit(root: Path, outside: Path) -> None:
    (root / "build" / "01-first-handout.pdf").write_bytes(b"%PDF-1.7 a file that came with the kit\n")


def _unit_is_a_pipe(root: Path, outside: Path) -> None:
    os.mkfifo(root / "units" / "02-pipe.yaml")


SETUPS = {
    "unit-is-a-pipe": _unit_is_a_pipe,
    "assets-linked-outside": _linked_folder("assets"),
    "units-linked-outside": _linked_folder("units"),
    "build-folder-linked": _build_folder_linked,
    "output-linked": _output_linked,
    "output-not-written-by-kit": _output_not_written_by_kit,
    "nul-after-8k": _nul_after_8k,
    "too-deep": _too_deep,
    "long-word": _long_word,
    "binary-unit": _binary_unit,
    "big-unit": _big_unit,
    "huge-number": _huge_number,
    "truncated-png": _truncated_png,
    "oversized-png": _oversized_png,
    "over-limit-png": _over_limit_png,
    "png-bomb-through-css": _png_bomb_through_css,
    "outside-png": _outside_png,
    "outside-png-absolute": _outside_png_absolute,
    "symlink-outside-png": _symlink_outside_png,
    "symlink-outside-unit": _symlink_outside_unit,
    "symlink-outside-template": _symlink_outside_template,
}


def load_case(name: str) -> dict:
    return yaml.safe_load((CASES / name / "case.yaml").read_text(encoding="utf-8"))


def make_case_kit(name: str, tmp_path: Path, prebuilt: Path) -> Path:
    """The base kit with the case laid over it, in tmp_path/kit, with a copy of a real build/."""
    case = load_case(name)
    root = tmp_path / "kit"
    shutil.copytree(BASE, root)
    shutil.copytree(prebuilt, root / "build")
    overlay = CASES / name / "kit"
    if overlay.is_dir():
        shutil.copytree(overlay, root, dirs_exist_ok=True)
    for relative in case.get("remove", []):
        (root / relative).unlink()
    if case.get("setup"):
        SETUPS[case["setup"]](root, tmp_path)
    return root


def run_build(root: Path, *extra: str):
    """`kit build ROOT --output handout` in-process; (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli, ["build", str(root), "--output", "handout", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"uncaught {result.exception!r}\n{result.stderr}"
    return result.exit_code, result.stdout, result.stderr


def check_stderr(case: dict, stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "internal error" not in stderr
    assert not CONTROL.search(stderr), "a control character reached the terminal"
    assert not BIDI.search(stderr), "a bidi control reached the terminal"
    position = 0
    for fragment in case["stderr"]:
        found = stderr.find(fragment, position)
        assert found >= 0, f"missing (or out of order): {fragment!r}\n--- stderr ---\n{stderr}"
        position = found + len(fragment)
    if case["exit"] == 1:
        last = stderr.rstrip("\n").splitlines()[-1]
        assert SUMMARY.match(last), last
        assert last == case.get("summary", "1 error in 1 file; nothing was written."), stderr


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory) -> Path:
    """A build/ folder made by a real, successful build of the base kit."""
    root = tmp_path_factory.mktemp("prebuilt") / "kit"
    shutil.copytree(BASE, root)
    code, _, stderr = run_build(root)
    assert code == 0, stderr
    assert (root / "build" / "01-first-handout.pdf").read_bytes().startswith(b"%PDF")
    return root / "build"


CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "case.yaml").is_file())


def test_the_corpus_is_large_enough():
    assert len(CASE_NAMES) >= 40
    for name in CASE_NAMES:
        case = load_case(name)
        assert set(case) <= {"why", "exit", "stderr", "summary", "remove", "setup"}, name
        assert case["why"] and case["stderr"], name
        assert case.get("setup") is None or case["setup"] in SETUPS, name


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_input(name, tmp_path, prebuilt):
    case = load_case(name)
    root = make_case_kit(name, tmp_path, prebuilt)
    before = tree_hashes(root / "build")
    code, stdout, stderr = run_build(root)
    assert code == case["exit"], f"exit {code}\n{stderr}"
    check_stderr(case, stderr)
    assert "Built" not in stdout
    after = tree_hashes(root / "build")
    assert after == before, "build/ changed"
    assert not [p for p in (root / "build").iterdir() if p.name.endswith(".part")]


# A few cases again through the installed command, as a teacher would run it.
@pytest.mark.parametrize("name", ["yaml-duplicate-key", "several-files-sorted", "image-truncated-png",
                                  "unprintable-lone-surrogate", "bidi-and-escape-in-title",
                                  "yaml-control-character", "kit-missing"])
def test_bad_input_through_the_real_command(name, tmp_path, prebuilt):
    case = load_case(name)
    root = make_case_kit(name, tmp_path, prebuilt)
    before = tree_hashes(root / "build")
    proc = subprocess.run([str(KIT_BIN), "build", str(root), "--output", "handout"], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONWARNINGS": ""})
    assert proc.returncode == case["exit"], proc.stderr
    check_stderr(case, proc.stderr)
    assert tree_hashes(root / "build") == before


# --- inputs that must be accepted ---------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_unit_with_a_byte_order_mark_builds(encoding, tmp_path):
    root = tmp_path / "kit"
    shutil.copytree(BASE, root)
    (root / UNIT).write_bytes((BASE / UNIT).read_text(encoding="utf-8").encode(encoding))
    code, stdout, stderr = run_build(root)
    assert code == 0, stderr
    assert "Built 1 output (" in stdout
    assert (root / "build" / "01-first-handout.pdf").read_bytes().startswith(b"%PDF")


def test_a_located_problem_in_a_bom_file_keeps_its_column(tmp_path, prebuilt):
    root = tmp_path / "kit"
    shutil.copytree(BASE, root)
    text = (BASE / UNIT).read_text(encoding="utf-8").replace("minutes: 45", "minutes: forty")
    (root / UNIT).write_bytes(b"\xef\xbb\xbf" + text.encode())
    code, _, stderr = run_build(root)
    assert code == 1
    assert f"{UNIT}:6:10: error: expected a whole number for 'minutes'" in stderr


# --- the pixel limit, lowered in-process (Pillow's own test does the same) ----------------------

def test_pixel_limit_is_enforced_on_a_real_image(tmp_path, prebuilt, monkeypatch):
    import kit.images

    root = make_case_kit("image-truncated-png", tmp_path, prebuilt)
    (root / "assets" / "map.png").write_bytes(png_bytes(64, 64))
    monkeypatch.setattr(kit.images, "MAX_PIXELS", 64 * 64 - 1)
    before = tree_hashes(root / "build")
    code, _, stderr = run_build(root)
    assert code == 1, stderr
    assert f"{UNIT}:11:12: error: 'map.png' is 64x64 pixels, more than the limit of 4,095" in stderr
    assert tree_hashes(root / "build") == before
