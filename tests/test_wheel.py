"""The package as anyone would install it: a wheel and an sdist made by the standard build tool,
installed into a fresh virtual environment with nothing from the repository, which then makes a
new kit and builds it, in a folder whose path has spaces and non-ASCII letters."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow

SKIP = shutil.ignore_patterns(".git", ".venv", "build", "__pycache__", "*.egg-info", ".pytest_cache",
                              ".hypothesis", "previews", "tests", "bench")


def run(command, **options):
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=900, **options)
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The wheel and sdist, built from a copy of the repository (so that the build tool's own
    build/ folder never mixes with the shipped kit's)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=SKIP)
    run([sys.executable, "-m", "build", "--outdir", work / "dist", source])  # sdist, then the wheel from it
    wheels = list((work / "dist").glob("*.whl"))
    sdists = list((work / "dist").glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    return work, wheels[0], sdists[0]


def test_the_distribution_is_named_teaching_kit_and_carries_templates_fonts_and_starter(dist):
    _, wheel, sdist = dist
    assert wheel.name.startswith("teaching_kit-") and sdist.name.startswith("teaching_kit-")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kit/templates/handout.html", "kit/templates/blocks/sources.html", "kit/fonts/NotoSans-Regular.ttf",
                   "kit/fonts/OFL.txt", "kit/starter/kit.yaml", "kit/starter/units/01-first-unit.yaml",
                   "kit/starter/assets/source/gettysburg.txt"):
        assert needed in names, needed
    assert not any(name.startswith(("units/", "tests/", "assets/")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kit = kit.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    with tarfile.open(sdist) as archive:
        assert any(n.endswith("kit/templates/handout.html") for n in archive.getnames())


def test_a_fresh_environment_installs_the_wheel_and_builds_a_new_kit(dist):
    work, wheel, _ = dist
    venv = work / "fresh venv"
    run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    run([python, "-m", "pip", "install", "-q", wheel])
    kit = venv / "bin" / "kit"
    folder = work / "Tarix dərsləri – İlk"
    folder.mkdir()
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environment["KIT_CACHE_DIR"] = str(work / "cache")
    version = run([kit, "--version"], cwd=folder, env=environment).stdout
    assert version.startswith("kit, version")
    run([kit, "new", "ilk kit ğ"], cwd=folder, env=environment)
    result = run([kit, "build", "ilk kit ğ"], cwd=folder, env=environment)
    assert result.stdout.startswith("Built ")
    pdfs = sorted((folder / "ilk kit ğ" / "build").glob("*.pdf"))
    assert pdfs and all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    where = run([python, "-c", "import kit; print(kit.__file__)"], cwd=folder, env=environment).stdout
    assert Path(where.strip()).is_relative_to(venv)  # the installed copy, not the repository's
