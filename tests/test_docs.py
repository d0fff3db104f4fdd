"""The documentation: the site MkDocs builds from docs/ (with the README as its home page) builds
with --strict, so a broken link, a missing anchor or a page left out of the navigation fails; the
README starts with the two commands; its pictures are there and small; its examples are valid
units."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from kit.cli import cli

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
TOP = """# kit

```sh
./setup.sh && .venv/bin/kit build              # set up, then build the shipped kit into build/
./setup.sh && .venv/bin/python -m pytest -q    # set up, then run the tests
```
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site, built into a temporary folder (never into the repository)."""
    out = tmp_path_factory.mktemp("site")
    in_repo = sorted(p.name for p in REPO.iterdir())
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "--config-file", str(REPO / "mkdocs.yml"), "--site-dir", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in REPO.iterdir()) == in_repo
    return out


def test_site_builds_strictly_with_every_page(site):
    for page in ("index.html", "format.html", "development.html"):
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Five-minute tutorial" in home and "Adding to a unit" in home  # the README, included
    assert 'href="format.html"' in home and 'href="development.html"' in home  # links rewritten
    assert "format-reference" not in home
    assert "<code>Citation</code>" in (site / "format.html").read_text(encoding="utf-8")
    assert "Adding an output kind" in (site / "development.html").read_text(encoding="utf-8")


def test_site_loads_nothing_from_elsewhere(site):
    for page in site.glob("*.html"):
        loaded = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(https?:[^"]*)"', page.read_text(encoding="utf-8"))
        assert not loaded, (page.name, loaded)


def test_readme_starts_with_the_two_commands():
    assert README.startswith(TOP)


def test_readme_pictures_exist_are_small_and_all_shown(site):
    shown = re.findall(r"!\[([^\]]*)\]\((docs/images/[^)]+\.png)\)", README)
    assert len(shown) >= 4
    for alt, path in shown:
        picture = REPO / path
        assert alt.strip(), path
        assert picture.is_file() and picture.stat().st_size < 150_000, path
        with Image.open(picture) as image:
            assert image.format == "PNG" and max(image.size) <= 1200, path
        assert (site / path.removeprefix("docs/")).is_file(), path  # copied into the site
    assert {p for _, p in shown} == {f"docs/images/{p.name}" for p in (REPO / "docs" / "images").iterdir()}


def test_readme_examples_are_valid_blocks(tmp_path):
    """The blocks of "Adding to a unit", put into the unit `kit new` writes, pass `kit check`."""
    section = README.split("\n## Adding to a unit\n", 1)[1].split("\n## ", 1)[0]
    examples = re.findall(r"```yaml\n(.*?)```", section, re.S)
    kinds = {m for e in examples for m in re.findall(r"^  - kind: (\w+)$", e, re.M)}
    assert {"text", "figure", "timeline", "fill_in", "essay"} <= kinds
    runner = CliRunner()
    kit_dir = tmp_path / "my-kit"
    assert runner.invoke(cli, ["new", str(kit_dir)]).exit_code == 0
    unit = kit_dir / "units" / "01-first-unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n".join(examples), encoding="utf-8")
    (kit_dir / "assets" / "images").mkdir()
    Image.new("RGB", (1800, 1200), "white").save(kit_dir / "assets" / "images" / "map.png")
    result = runner.invoke(cli, ["check", str(kit_dir)])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output
