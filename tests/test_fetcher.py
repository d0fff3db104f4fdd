"""The resource gate: only regular files inside the allowed folders; a canary build proves it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kit.build import build
from kit.errors import KitError
from kit.fetcher import KitFetcher, RefusedResource


@pytest.fixture
def tree(tmp_path):
    kit = tmp_path / "kit"
    (kit / "assets" / "images").mkdir(parents=True)
    (kit / "templates").mkdir()
    (kit / "assets" / "style.css").write_text("body { color: black; }")
    (kit / "kit.yaml").write_text("title: secret\n")
    (tmp_path / "outside.txt").write_text("outside")
    return kit


@pytest.fixture
def fetcher(tree):
    return KitFetcher([tree / "assets", tree / "templates"])


def refusal(fetcher, url: str) -> RefusedResource:
    with pytest.raises(RefusedResource) as info:
        fetcher.fetch(url)
    assert fetcher.served == []
    return info.value


def test_serves_a_regular_file_inside(fetcher, tree):
    path = tree / "assets" / "style.css"
    response = fetcher.fetch(path.as_uri())
    assert response.read() == b"body { color: black; }"
    assert fetcher.served == [path.resolve()]


def test_serves_a_percent_encoded_name(fetcher, tree):
    path = tree / "assets" / "images" / "a map.svg"
    path.write_text("<svg/>")
    assert fetcher.fetch(path.as_uri()).read() == b"<svg/>"


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:9/x.png", "'http:' resources are not allowed"),
    ("https://example.org/font.woff", "'https:' resources are not allowed"),
    ("data:text/css,body{}", "'data:' resources are not allowed"),
    ("data:image/png;base64,iVBORw0KGgo=", "'data:' resources are not allowed"),
    ("ftp://example.org/x.css", "'ftp:' resources are not allowed"),
    ("style.css", "'relative:' resources are not allowed"),
    ("file:///etc/hostname", "outside the kit's assets/ and templates/"),
    ("file://evil.example/etc/hostname", "other hosts"),
])
def test_refuses(fetcher, url, reason):
    assert reason in refusal(fetcher, url).reason


def test_refuses_a_file_outside_the_roots(fetcher, tree):
    assert "outside" in refusal(fetcher, (tree.parent / "outside.txt").as_uri()).reason
    assert "outside" in refusal(fetcher, (tree / "kit.yaml").as_uri()).reason


@pytest.mark.parametrize("tail", ["assets/../kit.yaml", "assets/images/../../kit.yaml",
                                  "assets/%2e%2e/kit.yaml", "assets/../../outside.txt"])
def test_refuses_dot_dot_escapes(fetcher, tree, tail):
    url = tree.as_uri() + "/" + tail
    assert "outside" in refusal(fetcher, url).reason


def test_refuses_a_symlink_inside_assets_pointing_outside(fetcher, tree):
    link = tree / "assets" / "images" / "map.svg"
    os.symlink(tree.parent / "outside.txt", link)
    assert "outside" in refusal(fetcher, link.as_uri()).reason


def test_refuses_a_symlinked_folder_pointing_outside(fetcher, tree):
    os.symlink(tree.parent, tree / "assets" / "up")
    assert "outside" in refusal(fetcher, (tree / "assets" / "up" / "outside.txt").as_uri()).reason


def test_refuses_a_directory(fetcher, tree):
    assert "not a regular file" in refusal(fetcher, (tree / "assets" / "images").as_uri()).reason


def test_refuses_a_missing_file(fetcher, tree):
    assert "no such file" in refusal(fetcher, (tree / "assets" / "nope.css").as_uri()).reason


def test_refuses_a_url_with_a_nul(fetcher, tree):
    refusal(fetcher, (tree / "assets").as_uri() + "/style%00.css")


def test_canary_nul_url_is_a_refused_resource(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/kit.css": "@import url(file:///etc/host%00name);\n"})
    with pytest.raises(KitError) as info:
        build(root, outputs=["handout"])
    assert {p.code for p in info.value.problems} == {"refused-resource"}


def test_a_sibling_folder_with_a_common_prefix_is_outside(tree):
    (tree / "assets-evil").mkdir()
    (tree / "assets-evil" / "x.css").write_text("x")
    fetcher = KitFetcher([tree / "assets"])
    assert "outside" in refusal(fetcher, (tree / "assets-evil" / "x.css").as_uri()).reason


# --- canary builds: a hostile kit.css must stop the build, and nothing is written -----------

CANARIES = {
    "import-file": "@import url(file:///etc/hostname);\n",
    "http-image": "body { background: url(http://127.0.0.1:9/x.png); }\n",
    "data-image": 'body { background: url("data:image/png;base64,iVBORw0KGgo="); }\n',
    "http-font": "@font-face { font-family: X; src: url(http://127.0.0.1:9/f.woff); }\nbody { font-family: X; }\n",
}


@pytest.mark.parametrize("name", sorted(CANARIES))
def test_canary_stylesheet_fails_the_build_and_writes_nothing(make_kit, tmp_path, name):
    root = make_kit(tmp_path, {"templates/kit.css": CANARIES[name]})
    with pytest.raises(KitError) as info:
        build(root, outputs=["handout"])
    codes = {p.code for p in info.value.problems}
    assert codes == {"refused-resource"}
    assert all("refused to load" in p.message for p in info.value.problems)
    assert not list((root / "build").glob("*.pdf"))
    assert not list((root / "build").glob("*.part"))


def test_canary_symlink_in_assets_fails_the_build(make_kit, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red; }")
    root = make_kit(tmp_path / "kit", {"templates/kit.css": "@import url(../assets/linked.css);\n"})
    os.symlink(secret, root / "assets" / "linked.css")
    with pytest.raises(KitError) as info:
        build(root, outputs=["handout"])
    assert [(p.code, p.location.path) for p in info.value.problems] == [("outside-kit", "assets/linked.css")]
    assert not (root / "build" / "01-first-handout.pdf").exists()


def test_a_kit_css_inside_the_kit_is_used(make_kit, tmp_path):
    root = make_kit(tmp_path, {"templates/kit.css": "@import url(extra.css);\n",
                               "templates/extra.css": "h1 { color: #7a1f1f; }\n"})
    result = build(root, outputs=["handout"])
    assert [b.job.path.name for b in result.built] == ["01-first-handout.pdf"]
    assert Path(root / "build" / "01-first-handout.pdf").read_bytes().startswith(b"%PDF")
