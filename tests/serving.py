"""A `kit serve` process for the tests, on a free port of 127.0.0.1, and helpers to talk to it."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Served:
    def __init__(self, root: Path, *extra: str):
        self.root = root
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen([sys.executable, "-m", "kit", "serve", str(root), "--port", "0", "-j", "1",
                                         *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: list[str] = []
        self.errors: list[str] = []
        first = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        assert match, first + self.process.stderr.read()
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}/"
        self.readers = [threading.Thread(target=lambda s=stream, i=into: [i.append(line) for line in s], daemon=True)
                        for stream, into in ((self.process.stdout, self.lines), (self.process.stderr, self.errors))]
        for reader in self.readers:
            reader.start()

    def request(self, path: str, method: str = "GET", host: str | None = None, body: bytes | None = None):
        """(status, headers, body) of a request sent with `path` exactly as given (not normalized)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host or f"127.0.0.1:{self.port}")
            if body is not None:
                connection.putheader("Content-Type", "application/json")
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def state(self) -> dict:
        status, _, body = self.request("/state")
        assert status == 200
        return json.loads(body)

    def wait_for(self, condition, timeout: float = 90.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state()
            if condition(state):
                return state
            if self.process.poll() is not None:
                raise AssertionError("kit serve ended:\n" + "".join(self.errors))
            time.sleep(0.1)
        raise AssertionError(f"timed out; last state: {state}\n" + "".join(self.errors))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for reader in self.readers:
            reader.join(10)
        self.process.stdout.close()
        self.process.stderr.close()


def idle(state: dict) -> bool:
    return not state["building"] and bool(state["units"])


def outputs(state: dict) -> dict[str, dict]:
    return {o["name"]: o for u in state["units"] for o in u["outputs"]} | {o["name"]: o for o in state["kit"]}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
