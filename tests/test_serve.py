"""`kit serve` over HTTP: what it serves, what it refuses, and the events after a save."""

from __future__ import annotations

import http.client
import json
import os

import pytest

from conftest import BASE_FILES, KIT_YAML, write_files
from serving import Served, edit, idle, outputs

KIT = KIT_YAML + "outputs: [handout, web]\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve") / "kit"
    write_files(root, {**BASE_FILES, "kit.yaml": KIT})
    server = Served(root)
    server.wait_for(idle)
    yield server
    server.stop()


def test_the_state_lists_units_and_outputs(served):
    state = served.wait_for(idle)
    assert state["title"] == "Test kit" and state["errors"] == []
    [unit] = state["units"]
    assert (unit["id"], unit["number"], unit["title"]) == ("first", 1, "The general's letter")
    assert [o["name"] for o in unit["outputs"]] == ["01-first-handout.pdf"]
    assert unit["outputs"][0]["pages"] == 2
    assert sorted(o["name"] for o in state["kit"]) == ["teacher-web-edition.zip", "web-edition.zip"]


def test_the_page_files_and_pages_are_served(served):
    status, headers, body = served.request("/")
    assert status == 200 and b"preview.js" in body and "script-src" not in headers["Content-Security-Policy"]
    status, headers, body = served.request("/file/01-first-handout.pdf")
    assert status == 200 and body.startswith(b"%PDF") and headers["Content-Type"] == "application/pdf"
    for size, width in (("thumb", 180), ("large", 1100)):
        status, headers, body = served.request(f"/page/01-first-handout.pdf/1.png?size={size}")
        assert status == 200 and body.startswith(b"\x89PNG") and headers["Content-Type"] == "image/png"
        assert abs(int.from_bytes(body[16:20], "big") - width) <= 1
    assert served.request("/page/01-first-handout.pdf/3.png")[0] == 404  # it has two pages
    status, headers, body = served.request("/web/web-edition.zip/01-first.html")
    assert status == 200 and b"The general&#39;s letter" in body
    assert "script-src 'none'" in headers["Content-Security-Policy"]
    status, _, body = served.request("/web/web-edition.zip/style.css")
    assert status == 200 and b"@font-face" in body


@pytest.mark.parametrize("path", [
    "/file/../kit.yaml", "/file/%2e%2e/kit.yaml", "/file/..%2fkit.yaml", "/file/%2e%2e%2fkit.yaml",
    "/file/..%2F..%2Fetc%2Fpasswd", "/file/%252e%252e%252fkit.yaml", "/file/kit.yaml", "/file/manifest.json",
    "/file/print-pack.html", "/file/.", "/file//etc/passwd", "/file/01-first-handout.pdf%00.png",
    "/file/..\\kit.yaml", "/page/..%2fkit.yaml/1.png", "/page/01-first-handout.pdf/..%2f1.png",
    "/web/web-edition.zip/../../kit.yaml", "/web/web-edition.zip/%2e%2e/%2e%2e/kit.yaml",
    "/web/web-edition.zip/..%2f..%2fkit.yaml", "/web/../kit.yaml", "/../kit.yaml", "/%2e%2e/kit.yaml",
    "/units/01-first.yaml", "/kit.yaml", "/file/%ff%fe",
])
def test_nothing_outside_the_build_folder_is_served(served, path):
    status, _, body = served.request(path)
    assert status == 404, (path, body[:200])
    assert b"Test kit" not in body and b"root:" not in body


def test_a_request_for_another_host_is_refused(served):
    for host in ("example.com", f"attacker.example:{served.port}", "127.0.0.1:1"):
        status, _, _ = served.request("/state", host=host)
        assert status == 403, host
    assert served.request("/state", host=f"localhost:{served.port}")[0] == 200


def read_event(response) -> dict:
    """The next `state` event of a server-sent event stream."""
    data = None
    while True:
        line = response.fp.readline().decode("utf-8")
        assert line, "the event stream ended"
        if line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "\n" and data is not None:
            return data


def test_a_save_sends_events_and_a_broken_save_keeps_the_last_good_pages(served):
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=120)
    connection.request("GET", "/events")
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"
    first = read_event(response)
    assert idle(first)
    before = outputs(first)["01-first-handout.pdf"]["v"]
    unit = served.root / "units/01-first.yaml"
    edit(unit, 'title: "The general\'s letter"', 'title: "The general\'s second letter"')
    while True:
        state = read_event(response)
        if idle(state):
            break
    assert state["units"][0]["title"] == "The general's second letter" and state["errors"] == []
    assert outputs(state)["01-first-handout.pdf"]["v"] != before
    good = (served.root / "build/01-first-handout.pdf").read_bytes()

    edit(unit, "minutes: 45", "minutes: forty-five")
    while True:
        state = read_event(response)
        if not state["building"]:
            break
    assert any(line.startswith("units/01-first.yaml:6:") and "minutes" in line for line in state["errors"]), state
    assert state["units"][0]["title"] == "The general's second letter"  # the last good state stays
    assert served.request("/file/01-first-handout.pdf")[2] == good
    assert served.request("/page/01-first-handout.pdf/1.png")[0] == 200

    edit(unit, "minutes: forty-five", "minutes: 45")
    while True:
        state = read_event(response)
        if idle(state):
            break
    assert state["errors"] == []
    connection.close()


def test_the_viewed_output_is_rebuilt_first(served):
    status, _, _ = served.request("/view", "POST", body=json.dumps({"name": "01-first-handout.pdf"}).encode())
    assert status == 204
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=120)
    connection.request("GET", "/events")
    response = connection.getresponse()
    before = outputs(read_event(response))
    edit(served.root / "units/01-first.yaml", "Say who wrote the letter.", "Say who wrote the letter, and when.")
    states = []
    while not states or not idle(states[-1]):
        states.append(read_event(response))
    connection.close()
    # Shown while the rest is still building: the handout new, the web editions not yet.
    early = [s for s in states if s["building"] and outputs(s)["01-first-handout.pdf"]["v"] !=
             before["01-first-handout.pdf"]["v"]]
    assert early, states
    assert outputs(early[0])["web-edition.zip"]["v"] == before["web-edition.zip"]["v"]
    assert outputs(states[-1])["web-edition.zip"]["v"] != before["web-edition.zip"]["v"]


def test_a_link_in_place_of_an_output_is_not_followed(served, tmp_path):
    target = served.root / "build/01-first-handout.pdf"
    kept = tmp_path / "kept.pdf"
    os.replace(target, kept)
    try:
        os.symlink(served.root / "kit.yaml", target)
        assert served.request("/file/01-first-handout.pdf")[0] == 404
        assert served.request("/page/01-first-handout.pdf/1.png?size=large")[0] == 404
    finally:
        os.unlink(target)
        os.replace(kept, target)


def test_a_port_in_use_is_a_usage_error(tmp_path):
    import socket
    import subprocess
    import sys

    from serving import REPO

    root = tmp_path / "kit"
    write_files(root, {**BASE_FILES, "kit.yaml": KIT})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "kit", "serve", str(root), "--port", str(port)],
                              capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 2, done.stderr
    assert f"port {port} on 127.0.0.1 is in use" in done.stderr
    assert not (root / "build").exists()  # nothing was built
