"""`kit watch`: one build, then a rebuild of what each saved change affects; a broken save keeps
the last good PDFs. Driven by a list of change sets, and once for real through the file system."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import tree_hashes
from kit.watch import relevant, watch

KIT_BIN = Path(sys.executable).parent / "kit"
UNIT = "units/01-first.yaml"
HANDOUT_AND_TEACHER = {"outputs": ["handout", "teacher"], "jobs": 1}


def edit(root: Path, old: str, new: str) -> set:
    path = root / UNIT
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return {(2, str(path))}  # (watchfiles.Change.modified, path)


def run_watch(root: Path, changes, **options):
    out, err = [], []
    count = watch(root, changes=changes, echo=out.append, err=err.append, **{**HANDOUT_AND_TEACHER, **options})
    return count, out, err


def test_each_change_rebuilds_what_it_affects(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit")

    def changes():
        yield edit(root, "Who wrote the letter?", "Who signed the letter?")
        yield {(2, str(root / "build" / "01-first-handout.pdf"))}  # its own output: ignored
        yield {(2, str(root / "units" / ".01-first.yaml.swp"))}    # an editor's file: ignored
        yield edit(root, "Who signed the letter?", "Who signed the letter?")  # saved unchanged

    count, out, err = run_watch(root, changes())
    assert count == 2 and [line for line in err if "[page-fill]" not in line] == []  # the minimal kit's short last pages
    assert out[0].startswith("Rebuilt 2 of 2 outputs")
    assert out[1].startswith("Watching ")
    assert out[2:] == ["Changed: units/01-first.yaml", out[3], "Changed: units/01-first.yaml",
                       "Nothing to do: 2 outputs up to date."]
    assert out[3].startswith("Rebuilt 2 of 2 outputs") and "01-first-handout.pdf" in out[3]


def test_a_broken_save_keeps_the_last_good_pdfs(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit")
    snapshots = []

    def changes():
        snapshots.append(tree_hashes(root / "build"))
        yield edit(root, "minutes: 45", "minutes: forty-five")
        snapshots.append(tree_hashes(root / "build"))
        yield edit(root, "minutes: forty-five", "minutes: 45")

    count, out, err = run_watch(root, changes())
    assert count == 2
    assert snapshots[0] == snapshots[1]  # the broken save wrote nothing
    assert any(f"{UNIT}:" in line and "forty-five" in line for line in err), err
    said = [line for line in err if "[page-fill]" not in line]  # (the minimal kit's short last pages, kept)
    assert said[-1].endswith("nothing was written, the last good PDFs are unchanged.")
    assert out[-1] == "Nothing to do: 2 outputs up to date."  # back as it was: nothing to render


def test_max_rebuilds_stops_the_loop(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit")

    def endless():
        while True:
            yield edit(root, "Who wrote", "Who wrote")

    count, out, _ = run_watch(root, endless(), max_rebuilds=2)
    assert count == 2 and out.count("Changed: units/01-first.yaml") == 2


def test_what_counts_as_a_change(tmp_path):
    root, out = tmp_path / "kit", tmp_path / "kit" / "build"
    assert relevant(root / "kit.yaml", root, out)
    assert relevant(root / "units" / "02-next.yaml", root, out)
    assert relevant(root / "assets" / "images" / "map.png", root, out)
    assert relevant(root / "templates" / "kit.css", root, out)
    assert not relevant(root / "build" / "01-first-handout.pdf", root, out)
    assert not relevant(root / "units" / ".01-first.yaml.swp", root, out)
    assert not relevant(root / "units" / "01-first.yaml~", root, out)
    assert not relevant(root / "README.md", root, out)
    assert not relevant(root / "kit.yaml" / "x", root, out)


class Watching:
    """`kit watch` as a real process, its stdout read on a thread (every wait bounded)."""

    def __init__(self, root: Path, *args: str):
        self.proc = subprocess.Popen([str(KIT_BIN), "watch", str(root), "--jobs", "1", "--output", "handout", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if text in line:
                return
        self.proc.kill()
        raise AssertionError(f"never saw {text!r}; saw {self.seen}; stderr: {self.proc.stderr.read()}")

    def finish(self, timeout: float = 60) -> int:
        try:
            code = self.proc.wait(timeout=timeout)
        finally:
            self.proc.kill()
            self.proc.wait()
            self.reader.join(timeout=5)
            self.proc.stdout.close()
            self.proc.stderr.close()
        return code


def test_the_command_rebuilds_on_a_saved_change_then_stops(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit")
    watching = Watching(root, "--max-rebuilds", "1")
    watching.wait_for("Watching")

    def keep_saving():  # the watcher starts just after that line: save until it has seen a change
        prompt = "Who wrote the letter?"
        for n in range(120):
            if watching.proc.poll() is not None:
                return
            prompt = edit_prompt(root, prompt, f"Who wrote the letter (save {n})?")
            time.sleep(0.5)

    saver = threading.Thread(target=keep_saving, daemon=True)
    saver.start()
    watching.wait_for("Rebuilt 1 of 1 output ")
    assert watching.finish() == 0
    saver.join(timeout=10)
    assert "Changed: units/01-first.yaml" in watching.seen


def edit_prompt(root: Path, old: str, new: str) -> str:
    edit(root, old, new)
    return new


def test_ctrl_c_stops_watching_with_exit_130(make_kit, tmp_path):
    root = make_kit(tmp_path / "kit")
    watching = Watching(root)
    watching.wait_for("Watching")
    os.kill(watching.proc.pid, signal.SIGINT)
    assert watching.finish() == 130
