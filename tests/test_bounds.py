"""Every resource a kit reaches has a size and time bound: SVGs that explode through `<use>`,
raster images whose header claims too many pixels, named pipes in place of files, whether they
are named by a unit or reached from a stylesheet; the contrast scan of `kit preview` is linear,
and preview never writes through a link."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import UNIT_YAML
from kit.build import build
from kit.cli import cli
from kit.errors import KitError, Location
from kit.fetcher import KitFetcher, RefusedResource
from kit.svgcheck import MAX_ELEMENTS, MAX_EXPANDED, MAX_USE_DEPTH, check_svg, roots_rule
from test_bad_input import png_bytes, png_header_only

FAST = 5.0   # seconds: a refusal must come long before a render would finish


def use_bomb(depth: int = 9, fanout: int = 4) -> str:
    """About 1.2 KB of SVG; each level draws the previous one `fanout` times (4**9 = 262,144 rects)."""
    lines = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             'width="10" height="10">', '<defs><rect id="l0" width="1" height="1"/>']
    for level in range(1, depth + 1):
        lines.append(f'<g id="l{level}">' + f'<use xlink:href="#l{level - 1}"/>' * fanout + "</g>")
    lines.append(f'</defs><use xlink:href="#l{depth}"/></svg>')
    return "\n".join(lines) + "\n"


FIGURE = '  - kind: figure\n    image: {image}\n    alt: "A map of the region."\n'


def unit_with_figure(image: str) -> str:
    return UNIT_YAML + FIGURE.format(image=image)


def figure_location(image: str) -> str:
    text = unit_with_figure(image)
    line = text.splitlines().index(f"    image: {image}") + 1
    return f"units/01-first.yaml:{line}:12"


def css_kit(make_kit, tmp_path, css: str, files: dict | None = None) -> Path:
    return make_kit(tmp_path / "kit", {"templates/kit.css": css, **(files or {})})


def refused_build(root: Path) -> tuple[list, float]:
    start = time.monotonic()
    with pytest.raises(KitError) as info:
        build(root, outputs=["handout"], jobs=1)
    return info.value.problems, time.monotonic() - start


# --- svgcheck itself ------------------------------------------------------------------------------

def svg_problems(text: str, roots=()) -> list[str]:
    return [p.message for p in check_svg(text.encode(), "x.svg", Location("x"), "file:///nowhere/x.svg",
                                         roots_rule(list(roots)))]


def test_the_use_bomb_is_small_and_refused_fast():
    bomb = use_bomb()
    assert len(bomb) < 1300
    start = time.monotonic()
    problems = svg_problems(bomb)
    assert time.monotonic() - start < 0.5
    assert problems and f"more than {MAX_EXPANDED:,} elements once its <use> references are expanded" in problems[0]


def test_a_modest_use_tree_passes():
    assert svg_problems(use_bomb(depth=5)) == []      # 4**5 = 1,024 rects


@pytest.mark.parametrize("svg, fragment", [
    ('<svg><g id="a"><use href="#a"/></g></svg>', "draws an element containing itself"),
    ('<svg><use id="a" href="#a"/></svg>', "draws an element containing itself"),
    ('<svg><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>', "containing itself"),
    ("<svg>" + "".join(f'<g id="l{i}"><use href="#l{i - 1}"/></g>' for i in range(1, 12)).replace(
        'href="#l0"', 'href="#r"') + '<rect id="r"/></svg>', f"more than {MAX_USE_DEPTH} deep"),
    ("<svg>" + "<g/>" * (MAX_ELEMENTS + 1) + "</svg>", f"more than {MAX_ELEMENTS:,} elements"),
    ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "DOCTYPE"),
    ("<svg><g></svg>", "not a well-formed SVG file"),
    ('<svg><image href="file:///etc/hostname"/></svg>', "outside the kit's assets/ and templates/"),
    ('<svg><image xlink:href="http://127.0.0.1:9/x.png" xmlns:xlink="http://www.w3.org/1999/xlink"/></svg>',
     "'http:' resources are not allowed"),
    ('<svg><image href="data:image/png;base64,iVBORw0KGgo="/></svg>', "'data:' resources are not allowed"),
    ('<svg><style>@import url(http://127.0.0.1:9/a.css);</style></svg>', "'http:' resources"),
    ('<svg><rect style="fill: url(&quot;/etc/hostname&quot;)"/></svg>', "outside the kit"),
])
def test_svgcheck_refuses(svg, fragment):
    problems = svg_problems(svg)
    assert problems and fragment in problems[0], problems


def test_svgcheck_allows_fragments_and_files_inside_the_roots(tmp_path):
    (tmp_path / "dot.png").write_bytes(png_bytes(8, 8))
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/><rect id="r"/></defs>'
           '<use href="#r"/><rect style="fill: url(#g)" fill="url(#g)"/><image href="dot.png"/></svg>')
    problems = check_svg(svg.encode(), "x.svg", Location("x"), (tmp_path / "x.svg").as_uri(), roots_rule([tmp_path]))
    assert problems == []


def test_an_svg_cannot_grow_through_the_svg_files_it_draws(tmp_path):
    (tmp_path / "leaf.svg").write_text(use_bomb(depth=6))               # 4,096 rects: fine alone
    (tmp_path / "middle.svg").write_text("<svg>" + '<image href="leaf.svg"/>' * 20 + "</svg>")
    assert svg_problems('<svg><image href="leaf.svg"/></svg>'.replace("leaf.svg", (tmp_path / "leaf.svg").as_uri()),
                        [tmp_path]) == []
    problems = svg_problems('<svg><image href="%s"/></svg>' % (tmp_path / "middle.svg").as_uri(), [tmp_path])
    assert problems and "more than 50,000 elements" in problems[0]
    (tmp_path / "self.svg").write_text('<svg><image href="self.svg"/></svg>')
    problems = svg_problems('<svg><image href="%s"/></svg>' % (tmp_path / "self.svg").as_uri(), [tmp_path])
    assert problems and "draws itself" in problems[0]


# --- (a) the bomb named by a unit's figure ----------------------------------------------------------

def test_svg_bomb_in_a_unit_figure_is_refused_by_check_and_build(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit", {"units/01-first.yaml": unit_with_figure("bomb.svg"),
                                       "assets/bomb.svg": use_bomb()})
    where = figure_location("bomb.svg")
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert time.monotonic() - start < FAST
    assert result.exit_code == 1, result.output
    assert f"{where}: error: 'assets/bomb.svg' draws more than 50,000 elements" in result.stderr
    assert "[svg-too-complex]" in result.stderr

    problems, seconds = refused_build(root)
    assert seconds < FAST
    assert [(str(p.location), p.code) for p in problems] == [(where, "svg-too-complex")]
    assert not (root / "build" / "01-first-handout.pdf").exists()


def test_check_image_checks_svgs(tmp_path):
    from kit.images import check_image

    (tmp_path / "bomb.svg").write_text(use_bomb())
    (tmp_path / "fine.svg").write_text(use_bomb(depth=3))
    where = Location("units/x.yaml", 3, 5)
    problems = check_image(tmp_path / "bomb.svg", where)
    assert [(p.location, p.code) for p in problems] == [(where, "svg-too-complex")]
    assert check_image(tmp_path / "fine.svg", where) == []
    (tmp_path / "leak.svg").write_text('<svg><image href="../secret.png"/></svg>')
    assert [p.code for p in check_image(tmp_path / "leak.svg", where)] == ["svg-reference"]


# --- (b) reached from the kit's stylesheet -----------------------------------------------------------

def test_svg_bomb_through_kit_css_is_refused_fast(make_kit, tmp_path):
    root = css_kit(make_kit, tmp_path, "body { background: url(../assets/bomb.svg); }\n",
                   {"assets/bomb.svg": use_bomb()})
    problems, seconds = refused_build(root)
    assert seconds < FAST
    assert [p.code for p in problems] == ["refused-resource"]
    assert "'bomb.svg' draws more than 50,000 elements" in problems[0].message


def test_svg_bomb_under_another_name_is_refused_by_its_content(make_kit, tmp_path):
    root = css_kit(make_kit, tmp_path, "body { background: url(../assets/pattern.txt); }\n",
                   {"assets/pattern.txt": use_bomb()})
    problems, seconds = refused_build(root)
    assert seconds < FAST
    assert "draws more than 50,000 elements" in problems[0].message


CHILD = """
import resource, runpy, sys
sys.argv = ["kit"] + sys.argv[1:]
try:
    runpy.run_module("kit", run_name="__main__")
finally:
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"PEAK-RSS-KB={peak}", file=sys.stderr)
"""


def child_run(args: list[str], timeout: float = 60) -> tuple[int, str, float, int]:
    """`kit ARGS` in a child process; (exit code, stderr, seconds, peak RSS of the child in MB)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent), "PYTHONWARNINGS": ""}
    start = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, env=env,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"kit {' '.join(args)} still running after {timeout} s")
    seconds = time.monotonic() - start
    lines = proc.stderr.splitlines()
    peak = next(int(line.split("=")[1]) for line in lines if line.startswith("PEAK-RSS-KB="))
    return proc.returncode, proc.stderr, seconds, peak // 1024


def test_png_bomb_through_kit_css_is_refused_fast_without_decoding(make_kit, tmp_path):
    root = css_kit(make_kit, tmp_path, "body { background: url(../assets/big.png); }\n",
                   {"assets/big.png": png_header_only(13_000, 13_000)})
    assert (root / "assets" / "big.png").stat().st_size < 1000
    code, stderr, seconds, peak_mb = child_run(["build", str(root), "--output", "handout", "-j", "1"])
    assert code == 1, stderr
    assert seconds < 30
    assert peak_mb < 400, f"{peak_mb} MB"   # decoding it took 1.5 GB
    assert "'big.png' is 13000x13000 pixels, more than the limit of 40,000,000; scale it down" in stderr
    assert "Traceback" not in stderr
    # in-process: refused before Pillow decodes a pixel (a decode would need 169 Mpx x 1 byte at least)
    import tracemalloc

    tracemalloc.start()
    try:
        problems, seconds = refused_build(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < FAST * 2
    assert "13000x13000 pixels" in problems[0].message
    assert peak < 150_000_000


def test_png_header_over_pillows_own_limit_is_refused(tmp_path):
    (tmp_path / "huge.css").write_bytes(png_header_only(100_000, 100_000))   # the name does not matter
    reason = fetch_refusal(KitFetcher([tmp_path]), tmp_path / "huge.css")
    assert "decodes to far too many pixels" in reason


def fetch_refusal(fetcher: KitFetcher, path: Path) -> str:
    with pytest.raises(RefusedResource) as info:
        fetcher.fetch(path.as_uri())
    assert fetcher.served == []
    return info.value.reason


def test_the_gate_serves_ordinary_images_and_stylesheets(tmp_path):
    (tmp_path / "a.png").write_bytes(png_bytes(16, 16))
    (tmp_path / "a.svg").write_text(use_bomb(depth=4))
    (tmp_path / "a.css").write_text("body { color: black }")
    fetcher = KitFetcher([tmp_path])
    for name in ("a.png", "a.svg", "a.css"):
        assert fetcher.fetch((tmp_path / name).as_uri()).read() == (tmp_path / name).read_bytes()


def test_the_gate_refuses_a_named_pipe_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe.png")
    start = time.monotonic()
    with pytest.raises(RefusedResource) as info:
        KitFetcher([tmp_path]).fetch((tmp_path / "pipe.png").as_uri())
    assert time.monotonic() - start < 1
    assert "not a regular file" in info.value.reason


def test_the_gate_with_kit_root_refuses_a_kit_folder_that_leaves_the_kit(tmp_path):
    kit, outside = tmp_path / "kit", tmp_path / "outside"
    kit.mkdir()
    outside.mkdir()
    (outside / "x.css").write_text("body {}")
    (kit / "assets").symlink_to(outside)
    assert KitFetcher([kit / "assets"]).fetch((kit / "assets" / "x.css").as_uri()).read() == b"body {}"
    reason = fetch_refusal(KitFetcher([kit / "assets"], kit_root=kit), kit / "assets" / "x.css")
    assert "outside the kit" in reason


def test_a_named_pipe_reached_from_kit_css_does_not_hang_the_build(make_kit, tmp_path):
    root = css_kit(make_kit, tmp_path, "body { background: url(../assets/pipe.png); }\n")
    os.mkfifo(root / "assets" / "pipe.png")
    code, stderr, seconds, _ = child_run(["build", str(root), "--output", "handout", "-j", "1"], timeout=60)
    assert code == 1, stderr
    assert "pipe.png" in stderr and "not a regular file" in stderr
    assert "Traceback" not in stderr


# --- kit preview -----------------------------------------------------------------------------------

PATHOLOGICAL_CSS = {   # each of these took the old scan seconds to minutes at 80 KB
    "no braces": "a " * 40_000,
    "unclosed comments": "/* " * 27_000,
    "variables without semicolons": "--a: red " * 9_000,
    "var( without a closing parenthesis": ".a { color: " + "var(--a, " * 8_000 + "}",
    "long selector in @media": "@media print {" + " .a b" * 16_000 + "}",
}


def realistic_css(size: int = 80_000) -> str:
    rules, i = [":root { --accent: #1f4e79; --pale: #eeeeee; }\n"], 0
    while sum(map(len, rules)) < size:
        rules.append(f"/* rule {i} */\n.c{i} > p, .c{i} li {{ color: var(--accent); background: var(--pale, #fff); "
                     f"margin: 0 {i % 5}em; }}\n@media print {{ .p{i} {{ color: #{i % 4096:03x}; }} }}\n")
        i += 1
    return "".join(rules)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_CSS) + ["realistic"])
def test_the_contrast_scan_is_fast_on_80_kb(name, tmp_path):
    from kit.preview import low_contrast_pairs

    css = PATHOLOGICAL_CSS.get(name) or realistic_css()
    assert len(css) >= 70_000
    path = tmp_path / "big.css"
    path.write_text(css, encoding="utf-8")
    start = time.monotonic()
    pairs = low_contrast_pairs(path)
    assert time.monotonic() - start < 0.5
    if name == "realistic":
        assert pairs and all(p.selector.startswith(".p") for p in pairs)


def test_the_contrast_scan_still_reads_variables_fallbacks_and_media(tmp_path):
    from kit.preview import low_contrast_pairs

    path = tmp_path / "k.css"
    path.write_text(textwrap.dedent("""\
        :root { --ink: #bbbbbb; --paper: #000000 }
        /* .commented { color: #eeeeee } */
        .a { color: var(--ink); }
        .b { color: var(--ink); background: var(--paper); }
        .c { color: var(--missing, #cccccc) }
        @media print { .d { color: #dddddd; } }
        .e { color: #111 }
        """), encoding="utf-8")
    assert [p.selector for p in low_contrast_pairs(path)] == [".a", ".c", ".d"]


@pytest.fixture(scope="module")
def built_pdf(tmp_path_factory) -> Path:
    from conftest import BASE_FILES, write_files

    root = tmp_path_factory.mktemp("preview") / "kit"
    write_files(root, BASE_FILES)
    build(root, outputs=["handout"], jobs=1)
    pdf = root / "build" / "01-first-handout.pdf"
    assert pdf.is_file()
    return pdf


def test_preview_replaces_links_and_never_writes_through_them(built_pdf, tmp_path):
    from kit.preview import preview

    out = tmp_path / "preview"
    (out / built_pdf.stem).mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    targets = {}
    for link in (out / f"{built_pdf.stem}-contact.png", out / built_pdf.stem / f"{built_pdf.stem}-001.png"):
        target = outside / (link.name + ".keep")
        target.write_bytes(b"not kit's file")
        link.symlink_to(target)
        targets[link] = target
    (out / "unrelated.txt").write_text("mine")
    [(pdf, pages, sheet)] = preview([built_pdf], out, grayscale=False)
    assert pages >= 1 and sheet == out / f"{built_pdf.stem}-contact.png"
    for link, target in targets.items():
        assert target.read_bytes() == b"not kit's file"
        assert not link.is_symlink() and link.read_bytes().startswith(b"\x89PNG")
    assert (out / "unrelated.txt").read_text() == "mine"
    assert sorted(p.name for p in outside.iterdir()) == sorted(t.name for t in targets.values())
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]


def test_preview_refuses_an_output_folder_that_is_a_link(built_pdf, tmp_path):
    from kit.output import CannotWrite
    from kit.preview import preview

    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "preview").symlink_to(outside)
    with pytest.raises(CannotWrite, match="symbolic link"):
        preview([built_pdf], tmp_path / "preview", grayscale=False)
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / built_pdf.stem).symlink_to(outside)
    with pytest.raises(CannotWrite, match="symbolic link"):
        preview([built_pdf], tmp_path / "real", grayscale=False)
    assert list(outside.iterdir()) == []


def test_kit_preview_through_a_linked_page_is_refused_by_the_command(built_pdf, tmp_path):
    root = built_pdf.parent.parent
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"precious")
    out = root / "build" / "preview"
    out.mkdir(exist_ok=True)
    link = out / f"{built_pdf.stem}-contact.png"
    if link.exists() or link.is_symlink():
        link.unlink()
    link.symlink_to(outside)
    result = CliRunner().invoke(cli, ["preview", str(root)])
    assert result.exit_code == 0, result.output
    assert outside.read_bytes() == b"precious"
    assert not link.is_symlink()
