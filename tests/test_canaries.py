"""Canaries: no template, stylesheet, SVG or unit text can put a file from outside the kit into a
PDF, or make kit send a network request.

A secret file with a random marker sits beside the kit; a loopback HTTP server counts requests.
Each vector is planted in a kit's own templates/ (or assets/), the kit is built, and the build
must stop with exit 1 and a `refused-resource` (or `render`) problem, nothing under build/ may
contain the marker, and the server must have seen no request at all.
"""

from __future__ import annotations

import base64
import http.server
import io
import re
import shutil
import subprocess
import sys
import threading
import uuid
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import cli

BASE = Path(__file__).resolve().parent / "minimal-kit"
UNIT = "units/01-first.yaml"
EXTEND = '{%% extends "default/handout.html" %%}{%% block body %%}%s{{ super() }}{%% endblock %%}'


# --- fixtures ---------------------------------------------------------------------------------

class _CountingHandler(http.server.BaseHTTPRequestHandler):
    timeout = 5

    def do_GET(self):  # noqa: N802 - the http.server API
        self.server.requests.append(self.path)
        body = b"body::after { content: 'FETCHED' }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A loopback HTTP server that records every request; stopped when the test ends."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    httpd.requests = []
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        assert not thread.is_alive()


@pytest.fixture
def secret(tmp_path):
    """Files outside the kit, each carrying the same random marker."""
    from PIL import Image, PngImagePlugin

    marker = f"CANARY-{uuid.uuid4().hex}"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{marker}\n")
    (outside / "secret.css").write_text(f"body::before {{ content: '{marker}' }}\n")
    (outside / "secret.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="0" y="20">{marker}</text></svg>')
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", marker)
    out = io.BytesIO()
    Image.new("RGB", (1200, 40), "white").save(out, "PNG", pnginfo=info)
    (outside / "secret.png").write_bytes(out.getvalue())
    return marker, outside


def make_kit(tmp_path: Path, files: dict) -> Path:
    root = tmp_path / "kit"
    shutil.copytree(BASE, root)
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


def build(root: Path):
    result = CliRunner().invoke(cli, ["build", str(root), "--output", "handout"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    return result


def payloads(data: bytes):
    """The file's bytes, each of its streams inflated, and (for a PDF) its text."""
    yield data
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            pass
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        yield "".join(page.extract_text() for page in reader.pages).encode()
        for name, contents in reader.attachments.items():
            yield name.encode()
            yield from contents


def assert_no_leak(root: Path, marker: str) -> None:
    build_dir = root / "build"
    for path in build_dir.rglob("*") if build_dir.exists() else []:
        if path.is_file():
            for blob in payloads(path.read_bytes()):
                assert marker.encode() not in blob, f"the secret reached {path}"


# --- the vectors ------------------------------------------------------------------------------

def _svg_with(href: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="100" height="100"><image href="{href}" xlink:href="{href}" width="100" height="100"/></svg>')


FIGURE = "  - kind: figure\n    image: evil.svg\n    alt: A drawing.\n"


def vectors(outside: Path, port: int, marker: str) -> dict[str, dict]:
    """name -> files of a kit that tries to reach `outside` or the loopback server."""
    url = (outside / "secret.png").as_uri()
    txt = (outside / "secret.txt").as_uri()
    css = (outside / "secret.css").as_uri()
    svg = (outside / "secret.svg").as_uri()
    http = f"http://127.0.0.1:{port}"
    html = lambda vector: {"templates/handout.html": EXTEND % vector}  # noqa: E731
    with_figure = (BASE / UNIT).read_text() + FIGURE
    return {
        "img-file-url": html(f'<img src="{url}">'),
        "img-file-url-localhost": html(f'<img src="file://localhost{outside / "secret.png"}">'),
        "img-file-url-other-host": html(f'<img src="file://127.0.0.1{outside / "secret.png"}">'),
        "img-relative-escape": html('<img src="../outside/secret.png">'),
        "img-percent-encoded-escape": html('<img src="assets/%2e%2e/%2e%2e/outside/secret.png">'),
        "base-href": html(f'<base href="{outside.as_uri()}/"><img src="secret.png">'),
        "css-url-file": {"templates/kit.css": f"body {{ background: url({url}) }}"},
        "css-url-relative": {"templates/kit.css": "body { background: url(../../outside/secret.png) }"},
        "css-import-file": {"templates/kit.css": f"@import url({css});"},
        "css-import-relative": {"templates/kit.css": '@import "../../outside/secret.css";'},
        "css-font-face": {"templates/kit.css": f"@font-face {{ font-family: x; src: url({txt}) }} "
                                               "body { font-family: x }"},
        "style-element": html(f"<style>p {{ background: url({url}) }}</style>"),
        "style-attribute": html(f'<p style="background: url({url})">x</p>'),
        "link-stylesheet": html(f'<link rel="stylesheet" href="{css}">'),
        "link-attachment": html(f'<link rel="attachment" href="{txt}">'),
        "a-attachment": html(f'<a rel="attachment" href="{txt}">notes</a>'),
        "inline-svg-image": html(_svg_with(url)),
        "svg-asset-image": {UNIT: with_figure, "assets/evil.svg": _svg_with(url)},
        "object": html(f'<object data="{svg}" type="image/svg+xml"></object>'),
        "embed": html(f'<embed src="{svg}" type="image/svg+xml">'),
        "http-img": html(f'<img src="{http}/img.png">'),
        "http-link-stylesheet": html(f'<link rel="stylesheet" href="{http}/x.css">'),
        "http-css-import": {"templates/kit.css": f"@import url({http}/x.css);"},
        "http-link-attachment": html(f'<link rel="attachment" href="{http}/notes.txt">'),
        "http-svg-asset-image": {UNIT: with_figure, "assets/evil.svg": _svg_with(f"{http}/img.png")},
        # data: URLs carry their content with them: the marker itself would print if they were served
        "data-url-img": html('<img src="data:image/svg+xml;base64,' + base64.b64encode(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="20"><text y="15">{marker}</text></svg>'
            .encode()).decode() + '">'),
        "data-url-attachment": html(f'<link rel="attachment" href="data:text/plain,{marker}">'),
        "data-url-css": {"templates/kit.css": f"@import url(\"data:text/css,body::after{{content:'{marker}'}}\");"},
    }


VECTOR_NAMES = sorted(vectors(Path("/outside"), 1, "CANARY"))


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_vector_is_refused(name, tmp_path, secret, server):
    marker, outside = secret
    root = make_kit(tmp_path, vectors(outside, server.server_address[1], marker)[name])
    result = build(root)
    assert result.exit_code == 1, result.stderr
    assert re.search(r"\[(refused-resource|render|svg-reference)\]", result.stderr), result.stderr
    assert "nothing was written" in result.stderr
    assert not (root / "build" / "01-first-handout.pdf").exists()
    assert_no_leak(root, marker)
    assert server.requests == []


def others(outside: Path, port: int) -> dict[str, dict]:
    """Vectors WeasyPrint may simply ignore (it does not load these elements): either way, no leak."""
    svg, txt = (outside / "secret.svg").as_uri(), (outside / "secret.txt").as_uri()
    http = f"http://127.0.0.1:{port}"
    html = lambda vector: {"templates/handout.html": EXTEND % vector}  # noqa: E731
    return {
        "svg-asset-use": {UNIT: (BASE / UNIT).read_text() + FIGURE, "assets/evil.svg":
                          f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><use href="{svg}#x"/></svg>'},
        "iframe": html(f'<iframe src="{txt}"></iframe><iframe src="{http}/frame"></iframe>'),
        "video-audio": html(f'<video src="{http}/v.mp4" poster="{http}/p.png"></video><audio src="{txt}"></audio>'),
        "srcset": html(f'<img srcset="{http}/a.png 1x, {svg} 2x" alt="x">'),
        "input-image": html(f'<input type="image" src="{http}/i.png">'),
        "meta-refresh": html(f'<meta http-equiv="refresh" content="0; url={http}/r">'),
        "script-src": html(f'<script src="{http}/s.js"></script>'),
        "link-icon-preload": html(f'<link rel="icon" href="{http}/i.ico"><link rel="preload" href="{txt}">'),
    }


@pytest.mark.parametrize("name", sorted(others(Path("/outside"), 1)))
def test_ignored_or_refused_but_never_fetched(name, tmp_path, secret, server):
    marker, outside = secret
    root = make_kit(tmp_path, others(outside, server.server_address[1])[name])
    result = build(root)
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:
        assert re.search(r"\[(refused-resource|render|svg-reference)\]", result.stderr), result.stderr
    assert_no_leak(root, marker)
    assert server.requests == []


def test_refusal_names_the_url_and_the_rule(tmp_path, secret, server):
    marker, outside = secret
    root = make_kit(tmp_path, vectors(outside, server.server_address[1], marker)["img-file-url"])
    stderr = build(root).stderr
    assert f"{UNIT}: error: refused to load '{(outside / 'secret.png').as_uri()}'" in stderr
    assert "outside the kit's assets/ and templates/ folders" in stderr
    assert "[refused-resource]" in stderr
    assert marker not in stderr


# --- symlinks: what the renderer's gate does not see ------------------------------------------

def test_template_symlink_to_a_file_outside_is_refused(tmp_path, secret, server):
    """Jinja reads templates itself; a linked template would print the file it points to."""
    marker, outside = secret
    root = make_kit(tmp_path, {"templates/handout.html": EXTEND % '<p>{% include "notes.html" %}</p>'})
    (root / "templates" / "notes.html").symlink_to(outside / "secret.txt")
    result = build(root)
    assert result.exit_code == 1, result.stderr
    assert "templates/notes.html: error: this is a link to a file or folder outside the kit" in result.stderr
    assert "[outside-kit]" in result.stderr
    assert_no_leak(root, marker)
    assert marker not in result.stderr


def test_templates_folder_linked_outside_is_refused(tmp_path, secret):
    marker, outside = secret
    (outside / "handout.html").write_text(EXTEND % '<p>{% include "secret.txt" %}</p>')
    root = make_kit(tmp_path, {})
    (root / "templates").symlink_to(outside, target_is_directory=True)
    result = build(root)
    assert result.exit_code == 1, result.stderr
    assert "templates: error: this is a link to a file or folder outside the kit" in result.stderr
    assert_no_leak(root, marker)


def test_stylesheet_symlink_to_a_file_outside_is_refused(tmp_path, secret, server):
    marker, outside = secret
    root = make_kit(tmp_path, {})
    (root / "templates").mkdir()
    (root / "templates" / "kit.css").symlink_to(outside / "secret.css")
    result = build(root)
    assert result.exit_code == 1, result.stderr
    assert "templates/kit.css: error: this is a link to a file or folder outside the kit" in result.stderr
    assert_no_leak(root, marker)


def test_source_text_symlink_to_a_file_outside_is_refused(tmp_path, secret):
    marker, outside = secret
    root = make_kit(tmp_path, {})
    (root / "assets" / "source" / "article.txt").unlink()
    shutil.copy(BASE / "assets" / "source" / "article.txt", outside / "article.txt")
    (root / "assets" / "source" / "article.txt").symlink_to(outside / "article.txt")
    result = build(root)
    assert result.exit_code == 1, result.stderr
    assert "assets/source/article.txt: error: this is a link to a file or folder outside the kit" in result.stderr


# --- unit text is text, never markup ----------------------------------------------------------

def test_unit_text_prints_literally_and_fetches_nothing(tmp_path, secret, server):
    marker, outside = secret
    http = f"http://127.0.0.1:{server.server_address[1]}"
    txt = (outside / "secret.txt").as_uri()
    hostile = {
        "title": f'<img src="{http}/title.png"> {{{{ 7*7 }}}}',
        "body": f'<link rel="attachment" href="{txt}"> <script>alert(1)</script> {{{{ 7*7 }}}} '
                f'{{% include "kit.css" %}} <style>@import url({http}/x.css);</style>',
        "objective": f'<a rel="attachment" href="{txt}">x</a> <svg><image href="{http}/svg.png"/></svg>',
    }
    text = (BASE / UNIT).read_text()
    text = text.replace('title: "The general\'s letter"', f"title: '{hostile['title']}'", 1)
    text = text.replace('body: "In 1920 a council met to discuss a treaty."', f"body: '{hostile['body']}'")
    text = text.replace("  - Say who wrote the letter.", f"  - '{hostile['objective']}'")
    root = make_kit(tmp_path, {UNIT: text})
    result = build(root)
    assert result.exit_code == 0, result.stderr
    pdf = (root / "build" / "01-first-handout.pdf").read_bytes()
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    printed = "".join("".join(page.extract_text().split()) for page in reader.pages)  # lines break anywhere
    for value in hostile.values():
        assert "".join(value.split()) in printed, value
    rest = printed
    for value in hostile.values():  # the values hold the server's port, which may contain "49"
        rest = rest.replace("".join(value.split()), "")
    assert "{{7*7}}" in printed and "49" not in rest  # the expression printed, never evaluated
    assert reader.attachments == {}
    assert server.requests == []
    assert_no_leak(root, marker)


def test_the_canary_would_sing(tmp_path, secret):
    """The checks above can fail: a permissive fetcher does put the secret into the PDF."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    marker, outside = secret
    pdf = HTML(string=f'<p>x</p><link rel="attachment" href="{(outside / "secret.txt").as_uri()}">',
               url_fetcher=URLFetcher()).write_pdf()
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "leak.pdf").write_bytes(pdf)
    with pytest.raises(AssertionError, match="the secret reached"):
        assert_no_leak(tmp_path, marker)


# --- what a kit folder brings along in build/ ---------------------------------------------------

def test_a_build_folder_from_elsewhere_cannot_change_what_is_printed(tmp_path):
    """Nothing in a kit folder is taken as cache: a build/ that arrives with a kit, holding what
    looks like a cache (parses, a manifest, parts), changes nothing and is left as it was."""
    first = make_kit(tmp_path / "sender", {})
    assert build(first).exit_code == 0
    planted = {".kit-cache/manifest.json": '{"format": 2, "outputs": {}}',
               ".kit-cache/yaml/0.json": '{"name": "units/01-first.yaml", "data": {"title": "SPOOFED BY THE CACHE"}}',
               ".kit-cache/parts/0.part": "%PDF-1.7 SPOOFED BY THE CACHE"}
    for name, text in planted.items():
        (first / "build" / name).parent.mkdir(parents=True, exist_ok=True)
        (first / "build" / name).write_text(text, encoding="utf-8")
    received = tmp_path / "receiver" / "kit"
    shutil.copytree(first, received)  # kit and build/ together, as a zip would bring them
    proc = subprocess.run([str(Path(sys.executable).parent / "kit"), "build", str(received), "--output", "handout",
                           "--force"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for name, text in planted.items():
        assert (received / "build" / name).read_text(encoding="utf-8") == text  # kit never deletes what it did not write
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(received / "build" / "01-first-handout.pdf").pages)
    assert "SPOOFED" not in text.upper()


@pytest.mark.parametrize("start", ["forkserver", "spawn"])
def test_python_files_in_the_kit_folder_never_run(tmp_path, start):
    """`kit build` run from inside a downloaded kit: a `kit/` package or a `multiprocessing.py`
    there would shadow kit's own modules in a worker started as `python -c`, and run."""
    root = make_kit(tmp_path / "kit", {})
    canary = tmp_path / "ran"
    plant = f"open({str(canary)!r}, 'w').write(__name__)\n"
    (root / "kit").mkdir()
    for name in ("kit/__init__.py", "kit/renderers.py", "multiprocessing.py", "multiprocessing/__init__.py"):
        if name.startswith("multiprocessing/") and (root / "multiprocessing.py").exists():
            continue
        (root / name).write_text(plant, encoding="utf-8")
    environment = {**__import__("os").environ, "KIT_START_METHOD": start}
    environment.pop("PYTHONSAFEPATH", None)
    proc = subprocess.run([str(Path(sys.executable).parent / "kit"), "build", ".", "--output", "handout",
                           "--jobs", "2"], cwd=root, capture_output=True, text=True, timeout=120, env=environment)
    assert proc.returncode == 0, proc.stderr
    assert not canary.exists(), f"a Python file in the kit folder ran: {canary.read_text()}"
