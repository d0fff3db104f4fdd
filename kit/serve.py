"""`kit serve`: build, watch, and show the outputs on a local page that updates itself.

The page (kit/static/) lists the units in order, each output as a strip of page thumbnails;
a click shows a page large. The build loop runs in the main thread as `kit watch` does; the
standard library's ThreadingHTTPServer serves the page from other threads, bound to 127.0.0.1
only. After each build the page is told by server-sent events (`/events`) and fetches what
changed. The output being viewed is rebuilt first, alone, and shown as soon as it is done; then
everything else. A save that breaks the kit shows the located problems at the top of the page,
and the pages of the last good build stay.

What the server gives out is only what is in the build folder: the outputs the last build
planned, by their exact names (a name is never joined to a path unless it is one of them), each
a regular file directly in the folder (a link in an output's place is refused), pages of its
PDFs drawn as PNGs, and the files inside a web edition's zip, looked up by their exact names in
the zip. Requests whose Host is not the loopback address and port are refused, so a web page
elsewhere cannot read the build through a name that points at this machine.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from collections import OrderedDict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

HOST = "127.0.0.1"
STATIC = Path(__file__).parent / "static"
STATIC_FILES = {"/": ("preview.html", "text/html; charset=utf-8"),
                "/preview.js": ("preview.js", "text/javascript; charset=utf-8"),
                "/preview.css": ("preview.css", "text/css; charset=utf-8")}
WIDTHS = {"thumb": 180, "large": 1100}   # px of a page drawn as PNG
KEEPALIVE_SECONDS = 15
PNG_CACHE_BYTES = 64 << 20
PAGE_POLICY = "default-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
WEB_POLICY = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'"


class Preview:
    """What the page shows, shared by the build loop (which changes it) and the server's threads."""

    def __init__(self, root: Path, out_dir: Path):
        self.root = Path(root)
        self.out_dir = Path(out_dir)
        self.changed = threading.Condition()
        self.version = 0
        self.state: dict = {"title": "", "units": [], "kit": [], "errors": [], "building": True, "built_at": None}
        self.files: dict[str, str] = {}   # name -> format, of every output the page may show
        self.viewing: str | None = None
        self.closed = False
        self._pngs: OrderedDict = OrderedDict()
        self._png_bytes = 0
        self._png_lock = threading.Lock()

    def publish(self, **changes) -> None:
        with self.changed:
            self.state = {**self.state, **changes}
            self.version += 1
            self.changed.notify_all()

    def snapshot(self) -> tuple[int, dict]:
        with self.changed:
            return self.version, self.state

    def wait(self, seen: int, timeout: float) -> tuple[int, dict]:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version, self.state

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    # --- files of the build folder ----------------------------------------------------------

    def output_path(self, name: str) -> Path | None:
        """The output `name` in the build folder, if it is one the page shows and a regular file
        there (not a link); None otherwise."""
        if name not in self.files:
            return None
        path = self.out_dir / name
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or os.path.realpath(path.parent) != os.path.realpath(self.out_dir):
            return None
        return path

    def page_png(self, name: str, index: int, width: int) -> bytes | None:
        from kit.preview import page_png

        path = self.output_path(name)
        if path is None or self.files[name] != "pdf":
            return None
        info = path.stat()
        key = (name, info.st_mtime_ns, info.st_size, index, width)
        with self._png_lock:
            if key in self._pngs:
                self._pngs.move_to_end(key)
                return self._pngs[key]
        try:
            png = page_png(path.read_bytes(), index, width)
        except Exception:  # noqa: BLE001 - a PDF being replaced or broken by hand: nothing to show
            return None
        if png is not None:
            with self._png_lock:
                self._pngs[key] = png
                self._png_bytes += len(png)
                while self._png_bytes > PNG_CACHE_BYTES and len(self._pngs) > 1:
                    self._png_bytes -= len(self._pngs.popitem(last=False)[1])
        return png

    def zip_member(self, name: str, member: str) -> bytes | None:
        import zipfile

        path = self.output_path(name)
        if path is None or self.files[name] != "zip":
            return None
        try:
            with zipfile.ZipFile(path) as archive:
                if member not in archive.namelist():
                    return None
                return archive.read(member)
        except (OSError, zipfile.BadZipFile):
            return None


def outputs_state(preview: Preview, result, kit) -> dict:
    """The page's state after a good build: the units in order with their outputs, then the
    outputs of the whole kit."""
    units = [{"id": u.unit.id, "number": n, "title": u.unit.title, "outputs": []}
             for n, u in enumerate(kit.units, 1)]
    by_id = {u["id"]: u for u in units}
    whole_kit, files = [], {}
    for item in result.built:
        job = item.job
        try:
            info = os.lstat(job.path)
        except OSError:
            continue
        files[job.path.name] = job.output.format
        shown = {"name": job.path.name, "kind": job.kind, "description": job.output.description,
                 "format": job.output.format, "pages": item.pages, "v": f"{info.st_mtime_ns:x}-{info.st_size:x}",
                 "unit": job.unit_id}
        (by_id[job.unit_id]["outputs"] if job.unit_id in by_id else whole_kit).append(shown)
    preview.files = files
    return {"title": kit.config.title, "units": units, "kit": whole_kit, "errors": [], "building": False,
            "built_at": time.strftime("%H:%M:%S")}


def _problems(exc, root: Path) -> list[str]:
    from kit.errors import KitError

    if isinstance(exc, KitError):
        return [p.with_snippet(root).format() for p in exc.problems]
    return [f"kit: {exc}"]


def rebuild(preview: Preview, echo, err, jobs: int | None = None, changed: list[str] | None = None) -> None:
    """The output being viewed first (alone), then every output; the page is told after each."""
    from kit.build import UnknownUnit, build, write_print_pack
    from kit.cache import load_kit_cached
    from kit.errors import KitError
    from kit.output import BuildLocked, CannotWrite

    started = time.perf_counter()
    preview.publish(building=True)
    first = _viewed(preview)
    try:
        if first is not None:
            choice, unit_id = first
            result = build(preview.root, preview.out_dir, outputs=[choice], unit_ids={unit_id} if unit_id else None,
                           jobs=jobs)
            if result.rendered:
                _, state = preview.snapshot()
                preview.publish(**_refreshed(state, result), errors=[], building=True)
        result = build(preview.root, preview.out_dir, jobs=jobs)
        kit = result.kit or load_kit_cached(preview.root)
        write_print_pack(preview.root, preview.out_dir, result, None)
    except (KitError, BuildLocked, CannotWrite, UnknownUnit) as exc:
        problems = _problems(exc, preview.root)
        for line in problems:
            err(line)
        err("The kit has problems; nothing was written, the page keeps the last good pages.")
        preview.publish(errors=problems, building=False)
        return
    preview.publish(**outputs_state(preview, result, kit))
    rendered = result.rendered
    echo(f"Built {len(rendered)} of {len(result.built)} outputs in {time.perf_counter() - started:.1f} s"
         + (f": {', '.join(b.job.path.name for b in rendered[:8])}" if rendered else ""))


def _viewed(preview: Preview) -> tuple[str, str | None] | None:
    """(choice, unit id) of the output the page is showing, if it is a known output."""
    from kit.outputs import KINDS

    name = preview.viewing
    _, state = preview.snapshot()
    for shown in [o for u in state["units"] for o in u["outputs"]] + state["kit"]:
        if shown["name"] == name and shown["kind"] in KINDS:
            return KINDS[shown["kind"]].choice, shown["unit"]
    return None


def _refreshed(state: dict, result) -> dict:
    """`state` with the outputs `result` rendered given their new pages and versions."""
    fresh = {}
    for item in result.rendered:
        try:
            info = os.lstat(item.job.path)
        except OSError:
            continue
        fresh[item.job.path.name] = {"pages": item.pages, "v": f"{info.st_mtime_ns:x}-{info.st_size:x}"}

    def update(outputs):
        return [{**o, **fresh.get(o["name"], {})} for o in outputs]

    return {"units": [{**u, "outputs": update(u["outputs"])} for u in state["units"]], "kit": update(state["kit"])}


def handler_for(preview: Preview, port_of):
    """The request handler class of one preview (`port_of()` gives the port the server listens on)."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "kit-serve"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass  # requests are not news; build results and problems are printed by the loop

        def _host_ok(self) -> bool:
            port = port_of()
            return self.headers.get("Host", "") in {f"{HOST}:{port}", f"localhost:{port}", f"[::1]:{port}"}

        def _send(self, status: int, body: bytes, content_type: str, policy: str = PAGE_POLICY,
                  cache: str = "no-store") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", cache)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _refuse(self, status: int = HTTPStatus.NOT_FOUND, why: str = "not found") -> None:
            self._send(status, (why + "\n").encode(), "text/plain; charset=utf-8")

        def _segments(self) -> list[str] | None:
            """The path's segments, each decoded once; None when one could name anything but a
            file in the folder (empty, '.', '..', or a decoded '/', '\\' or NUL)."""
            raw = urlsplit(self.path).path
            if not raw.startswith("/"):
                return None
            segments = [unquote(s, errors="strict") if "%" in s else s for s in raw[1:].split("/")]
            for segment in segments:
                if segment in ("", ".", "..") or any(c in segment for c in "/\\\x00"):
                    return None
            return segments

        def do_HEAD(self):  # noqa: N802 - the base class's name
            self.do_GET()

        def do_GET(self):  # noqa: N802
            if not self._host_ok():
                return self._refuse(HTTPStatus.FORBIDDEN, "kit serve answers only on the loopback address")
            path = urlsplit(self.path).path
            if path in STATIC_FILES:
                file, content_type = STATIC_FILES[path]
                return self._send(HTTPStatus.OK, (STATIC / file).read_bytes(), content_type)
            if path == "/state":
                version, state = preview.snapshot()
                return self._send(HTTPStatus.OK, json.dumps({**state, "version": version}).encode(),
                                  "application/json")
            if path == "/events":
                return self._events()
            try:
                segments = self._segments()
            except UnicodeDecodeError:
                segments = None
            if not segments or len(segments) < 2:
                return self._refuse()
            query = parse_qs(urlsplit(self.path).query)
            what, name = segments[0], segments[1]
            if what == "file" and len(segments) == 2:
                target = preview.output_path(name)
                if target is None:
                    return self._refuse()
                content_type = {"pdf": "application/pdf", "zip": "application/zip"}.get(preview.files[name],
                                                                                        "application/octet-stream")
                return self._send(HTTPStatus.OK, target.read_bytes(), content_type)
            if what == "page" and len(segments) == 3 and segments[2].endswith(".png") \
                    and segments[2][:-4].isdigit():
                width = WIDTHS.get(query.get("size", ["thumb"])[0])
                png = preview.page_png(name, int(segments[2][:-4]) - 1, width) if width else None
                if png is None:
                    return self._refuse()
                return self._send(HTTPStatus.OK, png, "image/png", cache="private, max-age=3600")
            if what == "web" and len(segments) >= 3:
                member = "/".join(segments[2:])
                data = preview.zip_member(name, member)
                if data is None:
                    return self._refuse()
                import mimetypes

                content_type = mimetypes.guess_type(member)[0] or "application/octet-stream"
                if content_type.startswith("text/"):
                    content_type += "; charset=utf-8"
                return self._send(HTTPStatus.OK, data, content_type, WEB_POLICY)
            return self._refuse()

        def do_POST(self):  # noqa: N802
            if not self._host_ok():
                return self._refuse(HTTPStatus.FORBIDDEN, "kit serve answers only on the loopback address")
            if urlsplit(self.path).path != "/view":
                return self._refuse()
            length = int(self.headers.get("Content-Length") or 0)
            if length > 4096:
                return self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too large")
            try:
                name = json.loads(self.rfile.read(length) or b"{}").get("name")
            except (ValueError, AttributeError):
                return self._refuse(HTTPStatus.BAD_REQUEST, "expected {\"name\": ...}")
            preview.viewing = name if isinstance(name, str) and name in preview.files else None
            self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")

        def _events(self) -> None:
            """Server-sent events: the state now, then again after every change, until the client
            goes or the server stops."""
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.close_connection = True
            if self.command == "HEAD":
                return
            seen = -1
            try:
                while not preview.closed:
                    version, state = preview.wait(seen, KEEPALIVE_SECONDS) if seen >= 0 else preview.snapshot()
                    if version != seen:
                        seen = version
                        data = json.dumps({**state, "version": version})
                        self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                return

    return Handler


class _Watcher:
    """The file system watched in a thread from the moment it is made; `batches()` yields the
    batches of changes seen since, however long a build kept the caller away."""

    def __init__(self, root: Path):
        import queue

        from kit.watch import file_changes

        self.queue: queue.Queue = queue.Queue()
        self.stopping = threading.Event()
        self.started = threading.Event()

        def run():
            try:
                changes = file_changes(root, stop_event=self.stopping)
                self.started.set()
                for batch in changes:
                    self.queue.put(batch)
            except Exception as exc:  # noqa: BLE001 - handed to the main thread, which reports it
                self.queue.put(exc)
            finally:
                self.started.set()

        self.thread = threading.Thread(target=run, name="kit-serve-watch", daemon=True)
        self.thread.start()
        self.started.wait(10)

    def batches(self):
        while True:
            batch = self.queue.get()
            if isinstance(batch, Exception):
                raise batch
            yield batch

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(5)


def serve(root, out_dir=None, *, port: int = 8000, open_browser: bool = False, changes=None,
          max_rebuilds: int | None = None, jobs: int | None = None, echo=None, err=None) -> int:
    """Serve the preview of the kit at `root` on 127.0.0.1:`port` (0: any free port), build, then
    rebuild after each batch of relevant changes; returns the number of rebuilds."""
    import sys

    from kit.build import default_out_dir
    from kit.terminal import printable
    from kit.watch import relevant

    root = Path(root)
    out_dir = Path(out_dir) if out_dir else default_out_dir(root)
    raw_echo = echo or (lambda text: print(text, flush=True))
    raw_err = err or (lambda text: print(text, file=sys.stderr, flush=True))

    def say(text: str) -> None:
        raw_echo(printable(text))

    def complain(text: str) -> None:
        raw_err(printable(text))

    preview = Preview(root, out_dir)
    server = ThreadingHTTPServer((HOST, port), handler_for(preview, lambda: server.server_address[1]))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="kit-serve", daemon=True)
    thread.start()
    url = f"http://{HOST}:{server.server_address[1]}/"
    rebuilds = 0
    watching = None
    if changes is None:  # watched from now on, so a save during the first build is not missed
        watching = _Watcher(root)
        changes = watching.batches()
    try:
        say(f"Serving the preview of {root} at {url} (Ctrl-C to stop).")
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        rebuild(preview, say, complain, jobs)
        if max_rebuilds is not None and max_rebuilds <= 0:
            return rebuilds
        for batch in changes:
            changed = sorted({Path(path) for _, path in batch if relevant(path, root, out_dir)})
            if not changed:
                continue
            say("Changed: " + ", ".join(p.name for p in changed))
            rebuild(preview, say, complain, jobs)
            rebuilds += 1
            if max_rebuilds is not None and rebuilds >= max_rebuilds:
                break
    finally:
        if watching is not None:
            watching.stop()
        preview.close()
        server.shutdown()
        server.server_close()
    return rebuilds
