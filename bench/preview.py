"""Save → updated preview: how long after a unit file is saved `kit serve` shows its new handout.

    .venv/bin/python bench/preview.py [--rounds 5] [--jobs N]

Copies the shipped kit into a temporary folder, starts the real `kit serve` on a free port of
127.0.0.1, waits for its first build, tells it the first unit's handout is being viewed (as the
page does when a page of it is shown large), and listens to its server-sent events. Each round
saves the first unit with one word changed and measures the time from the save (after the file
is written and closed) to the event in which the handout has its new version: what a teacher
waits for before the page changes. Then it waits for the rest of the rebuild (the other outputs,
the books) before the next round. Prints each round and the median. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HANDOUT = "01-overview-handout.pdf"


def events(port: int):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", "/events")
    response = connection.getresponse()
    data = None
    while True:
        line = response.fp.readline().decode("utf-8")
        if not line:
            return
        if line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "\n" and data is not None:
            yield time.perf_counter(), data
            data = None


def version_of(state: dict, name: str) -> str | None:
    for output in [o for u in state["units"] for o in u["outputs"]] + state["kit"]:
        if output["name"] == name:
            return output["v"]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kit-preview-bench-") as folder:
        root = Path(folder) / "kit"
        root.mkdir()
        shutil.copy2(REPO / "kit.yaml", root / "kit.yaml")
        for part in ("units", "assets", "templates"):
            if (REPO / part).is_dir():
                shutil.copytree(REPO / part, root / part)
        unit = sorted((root / "units").glob("01-*.yaml"))[0]
        env = {**os.environ, "PYTHONPATH": str(REPO), "KIT_CACHE_DIR": str(Path(folder) / "cache")}
        command = [sys.executable, "-m", "kit", "serve", str(root), "--port", "0"]
        if args.jobs:
            command += ["-j", str(args.jobs)]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        try:
            port = int(re.search(r"127\.0\.0\.1:(\d+)", server.stdout.readline()).group(1))
            stream = events(port)
            state = next(state for _, state in stream if not state["building"] and state["units"])
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("POST", "/view", json.dumps({"name": HANDOUT}),
                               {"Content-Type": "application/json"})
            assert connection.getresponse().status == 204
            times = []
            text = unit.read_text(encoding="utf-8")
            for round_ in range(args.rounds):
                before = version_of(state, HANDOUT)
                edited = text.replace("three sides and a republic", f"three sides and a republic ({round_ + 1})", 1)
                unit.write_text(edited, encoding="utf-8")
                saved = time.perf_counter()
                shown = None
                for when, state in stream:
                    if shown is None and version_of(state, HANDOUT) != before:
                        shown = when - saved
                    if shown is not None and not state["building"]:
                        break
                times.append(shown)
                print(f"round {round_ + 1}: the handout's new pages after {shown:.2f} s", flush=True)
            print(f"median save -> updated preview: {statistics.median(times):.2f} s "
                  f"(min {min(times):.2f}, max {max(times):.2f}, {args.rounds} rounds)")
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
