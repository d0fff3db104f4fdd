"""Commands that render nothing never import the renderer: `kit --help`, `check`, `list` and
`schema` stay fast. Each runs in a fresh interpreter, which then lists the heavy modules it holds."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

HEAVY = ("weasyprint", "PIL", "fontTools", "pydyf", "pypdfium2", "pypdf", "pikepdf", "watchfiles", "cssselect2", "tinycss2", "rich", "docx", "pptx", "selenium")

PROBE = r"""
import json, sys
from kit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(HEAVY)))
print("HEAVY=" + json.dumps(heavy), file=sys.stderr)
"""


def heavy_modules(*args: str, cwd: Path | None = None) -> list[str]:
    code = PROBE.replace("json.loads(HEAVY)", repr(list(HEAVY)))
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=60)
    line = next(line for line in done.stderr.splitlines() if line.startswith("HEAVY="))
    return json.loads(line[len("HEAVY="):])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["schema"], ["schema", "--format", "markdown"],
                                  ["build", "--help"], ["watch", "--help"]])
def test_commands_without_a_kit_import_nothing_heavy(args):
    assert heavy_modules(*args) == []


def test_list_imports_nothing_heavy(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit")
    assert heavy_modules("list", str(root)) == []


def test_check_imports_only_what_its_font_and_image_checks_need(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit")  # no raster image: Pillow is not needed either
    assert heavy_modules("check", str(root)) == ["fontTools"]


def test_a_no_op_build_imports_nothing_heavy(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit")
    subprocess.run([str(Path(sys.executable).parent / "kit"), "build", str(root), "--output", "handout", "-j", "1"],
                   check=True, capture_output=True, timeout=120)
    assert heavy_modules("build", str(root), "--output", "handout") == []


def test_help_is_quick():
    best = min(_timed([str(Path(sys.executable).parent / "kit"), "--help"]) for _ in range(3))
    assert best < 1.0  # bench/run.py measures it against the 0.3 s target; this only catches a regression


def _timed(command) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return time.perf_counter() - started
