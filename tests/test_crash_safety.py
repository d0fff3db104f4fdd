"""Crash safety: a killed, interrupted, terminated, concurrent or failing build never leaves a
half-written or mixed build/ folder.

Real `kit build` processes are signalled at a known point: a handshake on their stderr (the
"rendering NAME" progress lines), never a sleep. To stop a build *inside* the write step, a
small harness runs the real CLI with os.replace held at a gate file until the test opens it;
nothing in kit itself knows about tests. Every wait is bounded.
"""

from __future__ import annotations

import errno
import hashlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import cli

BASE = Path(__file__).resolve().parent / "minimal-kit"
KIT_BIN = Path(sys.executable).parent / "kit"
TWO_OUTPUTS = ("--output", "handout", "--output", "teacher")
WAIT = 60  # seconds: the bound on every wait (a 2-core CI machine under load)

# Runs the real CLI (kit.cli.main, as .venv/bin/kit does) with two holds a test can switch on:
# the Nth output a rendering process starts (kit.renderers.render, in whichever process renders:
# workers are forked here so that they inherit the hold)
# and os.replace of each PDF wait until the gate file exists. Both print a line first: the handshake.
HARNESS = r"""
import os, sys, time
from pathlib import Path
import kit.renderers

os.environ["KIT_START_METHOD"] = "fork"
gate = Path(os.environ["KIT_TEST_GATE"])
hold_render = int(os.environ.get("KIT_TEST_HOLD_RENDER", "0"))
hold_write = os.environ.get("KIT_TEST_HOLD_WRITE") == "1"
renders = 0

def wait_for_gate():
    deadline = time.monotonic() + 60
    while not gate.exists():
        if time.monotonic() > deadline:
            raise SystemExit("harness: the gate never opened")
        time.sleep(0.01)

real_render = kit.renderers.render
def render(session, job):
    global renders
    renders += 1
    print(f"  harness: rendering #{renders} {job.path.name}", file=sys.stderr, flush=True)
    if renders == hold_render:
        wait_for_gate()
    return real_render(session, job)
kit.renderers.render = render

real_replace = os.replace
def replace(src, dst, *args, **kwargs):
    if hold_write and str(dst).endswith(".pdf"):
        print(f"  harness: writing {Path(dst).name}", file=sys.stderr, flush=True)
        wait_for_gate()
    return real_replace(src, dst, *args, **kwargs)
os.replace = replace

from kit.cli import main
main(sys.argv[1:])
"""


# --- helpers ----------------------------------------------------------------------------------

def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(path).pages).lower()  # titles print in capitals


class Build:
    """A `kit build` subprocess (in its own process group) whose stderr is read on a thread."""

    running: list["Build"] = []

    def __init__(self, root: Path, *args: str, harness: bool = False, gate: Path | None = None,
                 hold_render: int = 0, hold_write: bool = False):
        command = ([sys.executable, "-c", HARNESS] if harness else [str(KIT_BIN)]) + ["build", str(root), *args]
        env = {**os.environ, "KIT_TEST_GATE": str(gate or root / ".no-gate"),
               "KIT_TEST_HOLD_RENDER": str(hold_render), "KIT_TEST_HOLD_WRITE": "1" if hold_write else ""}
        self.lines: queue.Queue = queue.Queue()
        self.stderr: list[str] = []
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env, start_new_session=True)
        Build.running.append(self)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text: str) -> None:
        """Block until a stderr line contains `text`; fail (and kill) after WAIT seconds."""
        deadline = time.monotonic() + WAIT
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = "<timeout>"
            if line is None or line == "<timeout>":
                self.kill()
                pytest.fail(f"never saw {text!r} ({line})\n{''.join(self.stderr)}")
            if text in line:
                return

    def signal(self, sig) -> None:
        self.proc.send_signal(sig)

    def finish(self) -> tuple[int, str, str]:
        try:
            self.proc.wait(timeout=WAIT)   # not communicate(): the reader thread owns stderr
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail("the build did not finish")
        self.reader.join(timeout=WAIT)
        return self.proc.returncode, self.proc.stdout.read(), "".join(self.stderr)

    def kill(self) -> None:
        """SIGKILL the whole process group (render workers included)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=WAIT)


@pytest.fixture(autouse=True)
def no_stray_processes():
    yield
    while Build.running:
        build = Build.running.pop()
        build.kill()
        build.reader.join(timeout=WAIT)
        build.proc.stdout.close()
        build.proc.stderr.close()


def run_kit(root: Path, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run([str(KIT_BIN), "build", str(root), *args], capture_output=True, text=True, timeout=WAIT)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def built_kit(tmp_path) -> Path:
    """A copy of the base kit, built once (handout and teacher), then edited so that the next
    build would write different PDFs: any change to build/ would show."""
    root = tmp_path / "kit"
    shutil.copytree(BASE, root)
    result = CliRunner().invoke(cli, ["build", str(root), *TWO_OUTPUTS])
    assert result.exit_code == 0, result.stderr
    kit_yaml = root / "kit.yaml"
    kit_yaml.write_text(kit_yaml.read_text().replace('title: "Test kit"', 'title: "Second edition"'))
    return root


def assert_unchanged(root: Path, before: dict) -> None:
    assert tree_hashes(root / "build") == before
    assert leftovers(root / "build") == []


def assert_next_build_succeeds(root: Path) -> None:
    code, _, stderr = run_kit(root, *TWO_OUTPUTS)
    assert code == 0, stderr
    assert leftovers(root / "build") == []
    assert "second edition" in pdf_text(root / "build" / "01-first-handout.pdf")


# --- (a) SIGKILL ------------------------------------------------------------------------------

def test_sigkill_while_rendering_leaves_the_old_outputs(built_kit):
    before = tree_hashes(built_kit / "build")
    build = Build(built_kit, *TWO_OUTPUTS, "--jobs", "1", harness=True, hold_render=2)
    build.wait_for("rendering #2 01-first-teacher.pdf")   # the second output is being rendered
    build.kill()
    assert build.proc.returncode == -signal.SIGKILL
    # The first output was checked and staged (a hidden temporary file) before the kill; every
    # output is as it was, and the next build sweeps the staged file away.
    staged = leftovers(built_kit / "build")
    assert len(staged) == 1 and staged[0].startswith(".01-first-handout.pdf."), staged
    after = tree_hashes(built_kit / "build")
    assert {k: v for k, v in after.items() if not k.endswith(".part")} == before
    assert_next_build_succeeds(built_kit)


def test_sigkill_while_writing_leaves_a_part_file_that_the_next_build_removes(built_kit):
    before = tree_hashes(built_kit / "build")
    build = Build(built_kit, *TWO_OUTPUTS, harness=True, hold_write=True)
    build.wait_for("harness: writing")   # every temporary file is complete, none yet in place
    assert len(leftovers(built_kit / "build")) == 2
    build.kill()
    assert build.proc.returncode == -signal.SIGKILL
    after = tree_hashes(built_kit / "build")
    assert {k: v for k, v in after.items() if not k.endswith(".part")} == before
    assert_next_build_succeeds(built_kit)


# --- (b, c) SIGINT and SIGTERM ----------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"], ids=["in-process", "two-workers"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupt_while_rendering(built_kit, sig, jobs):
    before = tree_hashes(built_kit / "build")
    build = Build(built_kit, *TWO_OUTPUTS, "--jobs", jobs, harness=True, hold_render=1)
    build.wait_for("rendering #1")
    build.signal(sig)
    code, stdout, stderr = build.finish()
    assert code == 130, stderr
    assert "kit: interrupted; earlier outputs are unchanged." in stderr
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert "Built" not in stdout
    assert_unchanged(built_kit, before)
    assert group_ends(build.proc.pid), "a render worker outlived the interrupted build"


def group_ends(pgid: int, seconds: float = 10) -> bool:
    """True once no process of the group is left (the build's workers included)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupt_while_writing_removes_the_temporary_file(built_kit, sig):
    before = tree_hashes(built_kit / "build")
    build = Build(built_kit, *TWO_OUTPUTS, harness=True, hold_write=True)
    build.wait_for("harness: writing")
    assert len(leftovers(built_kit / "build")) == 2  # both outputs staged before either is replaced
    build.signal(sig)
    code, _, stderr = build.finish()
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert_unchanged(built_kit, before)


def test_sigterm_handler_is_removed_after_the_command():
    previous = signal.getsignal(signal.SIGTERM)
    CliRunner().invoke(cli, ["check", str(BASE)])
    assert signal.getsignal(signal.SIGTERM) is previous


# --- (d) two builds at once -------------------------------------------------------------------

def test_a_second_build_on_the_same_folder_is_refused(built_kit):
    gate = built_kit / "gate"
    first = Build(built_kit, *TWO_OUTPUTS, harness=True, gate=gate, hold_render=1)
    first.wait_for("rendering #1")                   # A has loaded the kit and holds the lock
    kit_yaml = built_kit / "kit.yaml"
    kit_yaml.write_text(kit_yaml.read_text().replace("Second edition", "Third edition"))
    code, stdout, stderr = run_kit(built_kit, *TWO_OUTPUTS)
    assert code == 75, stderr
    assert f"kit: another build is writing to {built_kit / 'build'}" in stderr
    assert "Traceback" not in stderr and "Built" not in stdout
    gate.touch()
    code, _, stderr = first.finish()
    assert code == 0, stderr
    for name in ("01-first-handout.pdf", "01-first-teacher.pdf"):
        text = pdf_text(built_kit / "build" / name)
        assert "second edition" in text and "third edition" not in text
    assert leftovers(built_kit / "build") == []


# --- (e) reproducible builds ------------------------------------------------------------------

def visible_files(folder: Path) -> dict[str, str]:
    """Every output: hashes of all files except those in dot-folders (the build cache's own
    bookkeeping, which records this machine's paths and times)."""
    return {name: digest for name, digest in tree_hashes(folder).items()
            if not any(part.startswith(".") for part in name.split("/")[:-1])}


def test_two_builds_are_byte_identical(tmp_path):
    """The same kit, built twice at two different paths into two folders: every output is equal
    (no timestamps, no random ids, no paths of the machine in the PDFs)."""
    first, second = tmp_path / "a" / "kit", tmp_path / "somewhere-else" / "copy"
    shutil.copytree(BASE, first)
    shutil.copytree(BASE, second)
    for root, out in ((first, tmp_path / "out1"), (second, tmp_path / "out2")):
        result = CliRunner().invoke(cli, ["build", str(root), *TWO_OUTPUTS, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        time.sleep(1.1)  # a timestamp with one-second resolution would differ
    one, two = visible_files(tmp_path / "out1"), visible_files(tmp_path / "out2")
    assert {"01-first-handout.pdf", "01-first-teacher.pdf"} <= set(one)
    assert one == two


# --- (f) the disk refuses ---------------------------------------------------------------------

@pytest.mark.parametrize("failure, words", [
    ("replace", "cannot write"),
    ("disk-full", "the disk is full"),
])
def test_a_failed_write_exits_73_and_changes_nothing(built_kit, monkeypatch, failure, words):
    before = tree_hashes(built_kit / "build")
    if failure == "replace":
        def refuse(src, dst, *args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        monkeypatch.setattr(os, "replace", refuse)
    else:
        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(os, "fsync", full)
    result = CliRunner().invoke(cli, ["build", str(built_kit), *TWO_OUTPUTS, "--jobs", "1"])
    assert result.exit_code == 73, result.stderr
    assert f"kit: cannot write {built_kit / 'build'}" in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr and "Built" not in result.stdout
    monkeypatch.undo()
    assert_unchanged(built_kit, before)


def test_disk_full_on_the_second_output_changes_nothing(built_kit, monkeypatch):
    before = tree_hashes(built_kit / "build")
    real_fsync, calls = os.fsync, []

    def full_on_second(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_on_second)
    result = CliRunner().invoke(cli, ["build", str(built_kit), *TWO_OUTPUTS, "--jobs", "1"])
    assert result.exit_code == 73, result.stderr
    monkeypatch.undo()
    assert_unchanged(built_kit, before)
