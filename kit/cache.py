"""The build cache: an output is rendered again only when something it depends on changed.

The cache lives outside the kit, in the user's cache folder (`cache_folder`): nothing in a kit
folder, which may come from anyone, is ever taken as cache. Each output's entry in the manifest of
its build folder holds:

- `key`: a hash of what is known before rendering: kit's version and code, the output's kind,
  paper (not for slides: they are 16:9) and name, kit.yaml, the unit file(s) it is made from (a
  book or the glossary cards: every unit), what its unit shows of other units (the kit's glossary
  terms, the sources and units it refers to, its position), the assets it may use (every file in
  assets/ except images only other units show) and the names of the template files on offer;
- `deps`: the content hash of every template, stylesheet, font and asset the render actually
  read, as recorded while rendering (kit/renderers.py). Files are named relative to the kit
  (`kit:…`) or to kit's package (`pkg:…`);
- the size, modification time and hash of the PDF written (and of its `.html` with `--html`), the
  page count and the seconds it took.

An output is up to date when its key is the same, every recorded dependency has the same content
and the file on disk is the one written. A rebuild with nothing changed does not even load the
kit: `plans` maps the build's options to a hash of every file a build can read, and when that
hash, and every planned output on disk, are what the last build left, there is nothing to do.

Student outputs also store their extracted text, so that the leak guard can check an output
it did not render against teacher text edited elsewhere in the kit. And `yaml/` keeps the parse of
each unit file (ParseCache), so that loading a big kit after one edit parses one file. The
manifest also tells which files in the build folder kit wrote: no other file there is ever
replaced or removed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"
FORMAT = 2
RUN_PRINT = 8  # bytes of a fingerprint of a run of words (run_prints)
RACY_NS = 2_000_000_000  # a file changed this close to a scan may change again without its mtime moving
PACKAGE = Path(__file__).resolve().parent
TEMPLATE_SUFFIXES = (".html", ".css")


def content_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


CACHE_ENV = "KIT_CACHE_DIR"  # overrides the user's cache folder (tests use a temporary one)


def cache_root() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kit", appauthor=False))


def _path_key(path: Path, length: int = 20) -> str:
    """A short name for a folder, from its real path."""
    return content_sha(str(Path(path).resolve()).encode("utf-8"))[:length]


def kit_folder(root: Path) -> Path:
    """The cache folder of the kit at `root` (its parses), keyed by the kit's real path."""
    return cache_root() / ("kit-" + _path_key(root))


def cache_folder(root: Path, out_dir: Path) -> Path:
    """The cache folder of one build folder of one kit (manifest, stored text, parts, guards)."""
    return kit_folder(root) / ("build-" + _path_key(out_dir))


def lock_path(out_dir: Path) -> Path:
    """The lock of a build folder: one per folder, whichever kit writes to it."""
    return cache_root() / "locks" / (_path_key(out_dir, 32) + ".lock")


def note_written(sha: str) -> None:
    """Remember that kit wrote a file with this content (see `written_here`)."""
    marker = cache_root() / "written" / sha[:2] / sha
    if not marker.exists():
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()


def written_here(sha: str | None) -> bool:
    """True when kit wrote a file with this content on this machine: kit replaces no other file."""
    return sha is not None and (cache_root() / "written" / sha[:2] / sha).exists()


def read_file(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def write_file(path: Path, data: bytes) -> None:
    from kit.output import write_atomically

    write_atomically(Path(path), data)


def digest(value) -> str:
    """A stable hash of JSON-able data."""
    return content_sha(json.dumps(value, sort_keys=True, ensure_ascii=True, default=str).encode())


def file_sha(path: Path) -> str | None:
    """sha256 of a regular file; None for anything else (opened without blocking, so a named pipe
    in a file's place cannot hang the build: the gate refuses it later with a message)."""
    import stat

    h = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            while chunk := handle.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


@dataclass(frozen=True)
class Options:
    """What a build was asked for, beside the kit itself."""

    outputs: tuple | None
    unit_ids: tuple | None
    paper: str | None
    html: bool

    def digest(self, root: Path) -> str:
        # The PDFs do not depend on where the kit is; the HTML pages name its files by path.
        return digest({"root": str(Path(root).resolve()) if self.html else None, "outputs": self.outputs,
                       "units": self.unit_ids, "paper": self.paper, "html": self.html})


def _scan_roots(root: Path) -> list[Path]:
    from kit.templating import DEFAULT_TEMPLATES, FONTS

    root = Path(root).resolve()
    return [root / "kit.yaml", root / "units", root / "assets", root / "templates",
            Path(DEFAULT_TEMPLATES).resolve(), Path(FONTS).resolve()]


class Snapshot:
    """The content hash of every file a build can read: the kit's kit.yaml, units/, assets/ and
    templates/, and kit's own templates, fonts and code.

    Files are named `kit:PATH` inside the kit folder and `pkg:PATH` inside kit's package, so a
    kit copied or moved with its build folder keeps its cache. A file whose size and
    modification time are those of the previous scan keeps its recorded hash (unless it changed
    within two seconds of that scan); any other file is read and hashed.
    """

    def __init__(self, root: Path, previous: dict | None = None, previous_time: int = 0):
        self.root = Path(root).resolve()
        self.taken = time.time_ns()
        self.files: dict[str, list] = {}
        previous = previous or {}
        for path in self._walk():
            try:
                stat = path.stat()
            except OSError:
                continue
            name = self.name(path)
            old = previous.get(name)
            if old and old[0] == stat.st_size and old[1] == stat.st_mtime_ns \
                    and stat.st_mtime_ns < previous_time - RACY_NS:
                self.files[name] = old
            else:
                sha = file_sha(path)
                if sha is not None:
                    self.files[name] = [stat.st_size, stat.st_mtime_ns, sha]
        self._extra: dict[str, str | None] = {}

    def name(self, path) -> str:
        """`kit:…` or `pkg:…` for a file in the kit or in kit's package; else its absolute path."""
        path = Path(path)
        path = path if path.is_absolute() else path.resolve()
        for prefix, folder in (("kit:", self.root), ("pkg:", PACKAGE)):
            if path.is_relative_to(folder):
                return prefix + path.relative_to(folder).as_posix()
        return str(path)

    def path(self, name: str) -> Path:
        if name.startswith("kit:"):
            return self.root / name[4:]
        if name.startswith("pkg:"):
            return PACKAGE / name[4:]
        return Path(name)

    def _walk(self):
        for top in _scan_roots(self.root):
            if top.is_file():
                yield top
            elif top.is_dir():
                for folder, dirs, names in os.walk(top):
                    dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
                    for name in sorted(names):
                        if not name.startswith("."):
                            yield Path(folder) / name
        for path in sorted(PACKAGE.glob("*.py")):
            yield path

    def sha(self, path_or_name) -> str | None:
        """The hash of a file (None if it does not exist); files outside the scan are hashed once."""
        name = path_or_name if isinstance(path_or_name, str) and not path_or_name.startswith("/") \
            else self.name(path_or_name)
        if name in self.files:
            return self.files[name][2]
        if name not in self._extra:
            self._extra[name] = file_sha(self.path(name))
        return self._extra[name]

    def digest(self) -> str:
        return digest(sorted((name, entry[2]) for name, entry in self.files.items()))

    def under(self, folder: Path) -> list[str]:
        """Names of the scanned files inside `folder`."""
        prefix = self.name(Path(folder).resolve()) + "/"
        return sorted(n for n in self.files if n.startswith(prefix))

    def code(self) -> str:
        return code_digest(lambda path: self.sha(path))


def _relative_names(snapshot: Snapshot, folder: Path) -> list[str]:
    prefix = len(snapshot.name(Path(folder).resolve())) + 1
    return [n[prefix:] for n in snapshot.under(folder)]


class Keys:
    """The before-rendering part of each output's cache key (see the module docstring)."""

    def __init__(self, kit, snapshot: Snapshot):
        from kit.templating import DEFAULT_TEMPLATES

        self.kit = kit
        self.snapshot = snapshot
        root = Path(kit.root).resolve()
        self.unit_sha = {u.unit.id: snapshot.sha((root / u.path).resolve()) for u in kit.units}
        self.position = {u.unit.id: n for n, u in enumerate(kit.units, 1)}
        kit_templates = (root / "templates").resolve()
        default_templates = Path(DEFAULT_TEMPLATES).resolve()
        assets = (root / "assets").resolve()
        self.common = digest({
            "code": snapshot.code(),
            "kit.yaml": snapshot.sha((root / "kit.yaml").resolve()),
            # Which template names exist decides which file each name resolves to.
            "templates": [_relative_names(snapshot, kit_templates), _relative_names(snapshot, default_templates)],
            # Files in the template folders that are not templates (a logo a template shows).
            "template-files": [(p, snapshot.sha(p)) for folder in (kit_templates, default_templates)
                               for p in snapshot.under(folder) if not p.endswith(TEMPLATE_SUFFIXES)],
        })
        self.terms = digest([repr(t) for t in kit.terms()])
        # Images a unit shows are dependencies of that unit's outputs only; every other asset
        # (the source text, fonts, anything a stylesheet may load) is a dependency of every output.
        by_unit: dict[str, set[str]] = {}
        kit_wide: set[str] = set()
        unit_of_path = {u.path: u.unit.id for u in kit.units}
        for relative, where in kit.collected.images:
            path = snapshot.name((assets / relative).resolve())
            owner = unit_of_path.get(where.path)
            if owner is None:
                kit_wide.add(path)
            else:
                by_unit.setdefault(owner, set()).add(path)
        unit_images = set().union(*by_unit.values()) if by_unit else set()
        self.unit_images = by_unit
        self.shared_assets = [(p, snapshot.sha(p)) for p in snapshot.under(assets)
                              if p not in unit_images or p in kit_wide]
        self.references: dict[str, list] = {}
        excerpts = kit.excerpts()
        titles = {u.unit.id: u.unit.title for u in kit.units}
        for kind, ident, where in kit.collected.references:
            owner = unit_of_path.get(where.path)
            if owner is None:
                continue
            if kind == "source" and ident in excerpts:
                shown = repr(excerpts[ident])
            elif kind == "unit":
                shown = titles.get(ident)
            elif kind == "term":
                shown = None  # every unit depends on every term already
            else:
                shown = sorted(self.unit_sha.items())
            self.references.setdefault(owner, []).append((kind, ident, shown))

    def key(self, job) -> str:
        # The glossary cards show the kit's terms (in "terms" below) and nothing else of the units;
        # the source reader shows kit.yaml's sources and their texts in assets/, nothing of a unit.
        units = [job.unit_id] if job.unit_id else [] if job.kind in ("cards", "reader") else list(self.unit_sha)
        images = set().union(*(self.unit_images.get(u, set()) for u in units))
        return digest({
            # Slides are 16:9 whatever the paper (tests/test_cache.py checks the bytes are the same).
            "common": self.common, "kind": job.kind, "paper": job.paper if job.output.paper_sized else None,
            "name": job.path.name,
            "units": [(u, self.unit_sha[u], self.position[u]) for u in units],
            "terms": self.terms,
            "refers": [self.references.get(u, []) for u in units],
            "assets": self.shared_assets + [(p, self.snapshot.sha(p)) for p in sorted(images)],
        })


def run_prints(runs: set[str]) -> set[bytes]:
    """Short fingerprints of runs of words, to tell later whether a set of runs grew."""
    return {hashlib.blake2b(run.encode("utf-8"), digest_size=RUN_PRINT).digest() for run in runs}


def guard_digest(kit, code: str) -> str:
    """What the leak guard compares a student output with: every teacher and student field (and
    kit's code, which decides what in them is looked for)."""
    return digest([code, [t for t, _, _ in kit.collected.teacher_text], [t for t, _, _ in kit.collected.student_text]])


def _file_record(path: Path, sha: str) -> dict:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha}


def _file_matches(path: Path, record: dict | None) -> bool:
    if not record:
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    if stat.st_size != record["size"]:
        return False
    return stat.st_mtime_ns == record["mtime_ns"] or file_sha(path) == record["sha256"]


def _has_page(kind: str | None) -> bool:
    """Whether an output of this kind has an HTML page beside it with --html (a PDF does)."""
    from kit.outputs import KINDS

    return kind not in KINDS or KINDS[kind].paged


def html_path(pdf_path: Path) -> Path:
    return pdf_path.with_suffix(".html")


class Manifest:
    """What the last builds into one folder wrote, and from what."""

    def __init__(self, out_dir: Path, folder: Path, data: dict | None = None):
        self.out_dir = Path(out_dir)
        self.folder = Path(folder)
        data = data if data and data.get("format") == FORMAT else {}
        self.files: dict = data.get("files", {})
        self.scanned: int = data.get("scanned", 0)
        self.plans: dict = data.get("plans", {})
        self.outputs: dict = data.get("outputs", {})
        self._loaded = json.loads(json.dumps(data)) if data else None

    @classmethod
    def load(cls, root: Path, out_dir: Path) -> "Manifest":
        folder = cache_folder(root, out_dir)
        try:
            data = json.loads((read_file(folder / MANIFEST) or b"null").decode("utf-8"))
        except ValueError:
            data = None
        return cls(out_dir, folder, data if isinstance(data, dict) else None)

    def wrote(self, name: str) -> bool:
        """True when the file `name` in the build folder may be replaced: kit wrote it there (even if
        it was changed since), or wrote a file with its content on this machine (a kit moved with
        its build folder keeps its outputs)."""
        path = self.out_dir / name
        if path.is_symlink():
            return False
        return name in self.outputs or name in {html_path(Path(n)).name for n, e in self.outputs.items()
                                                if e.get("html")} or written_here(file_sha(path))

    def snapshot(self, root: Path) -> Snapshot:
        return Snapshot(root, self.files, self.scanned)

    def up_to_date(self, snapshot: Snapshot, options: Options) -> list[dict] | None:
        """The entries of every planned output when nothing at all changed since the last build
        with these options; None otherwise."""
        plan = self.plans.get(options.digest(snapshot.root))
        if not plan or plan["inputs"] != snapshot.digest():
            return None
        entries = []
        for name, key in plan["outputs"].items():
            entry = self.outputs.get(name)
            # (a build with other options may have written the same file since)
            if not entry or entry.get("key") != key or not _file_matches(self.out_dir / name, entry.get("pdf")):
                return None
            if options.html and _has_page(entry.get("kind")) and \
                    not _file_matches(html_path(self.out_dir / name), entry.get("html")):
                return None
            entries.append({"name": name, **entry})
        return entries

    def fresh(self, job, key: str, snapshot: Snapshot, html: bool) -> bool:
        entry = self.outputs.get(job.path.name)
        if not entry or entry.get("key") != key:
            return False
        if any(snapshot.sha(path) != sha for path, sha in entry.get("deps", {}).items()):
            return False
        if not _file_matches(job.path, entry.get("pdf")):
            return False
        return not html or not job.output.paged or (_file_matches(html_path(job.path), entry.get("html"))
                            and entry["html"].get("root") == str(snapshot.root))

    def entry(self, job) -> dict:
        return self.outputs.get(job.path.name, {})

    def record(self, job, key: str, deps: dict, pdf_sha: str, pages: int, seconds: float,
               guard: str | None, html_sha: str | None, root: Path | None = None, parts: list[str] = (),
               warnings=()) -> None:
        """Note an output just written (its PDF's and, with --html, its page's content hash), with
        the warnings its render gave (near-empty pages), which a build that keeps it shows again."""
        note_written(pdf_sha)
        if html_sha is not None:
            note_written(html_sha)
        entry = {"kind": job.kind, "paper": job.paper, "unit": job.unit_id, "key": key, "deps": deps,
                 "pdf": _file_record(job.path, pdf_sha),
                 "pages": pages, "seconds": round(seconds, 3), "guard": guard}
        if parts:
            entry["parts"] = sorted(set(parts))
        if warnings:
            entry["warnings"] = [{"file": w.location.path, "line": w.location.line, "column": w.location.column,
                                  "message": w.message, "code": w.code} for w in warnings]
        if html_sha is not None:
            entry["html"] = {**_file_record(html_path(job.path), html_sha), "root": str(Path(root).resolve())}
        self.outputs[job.path.name] = entry

    @staticmethod
    def warnings(entry: dict) -> list:
        """The warnings recorded with an output's entry (`record`), as problems."""
        from kit.errors import Location, Problem

        try:
            return [Problem(Location(str(w["file"]), int(w["line"]), int(w["column"])), str(w["message"]),
                            str(w["code"]), "warning") for w in entry.get("warnings", ())]
        except (KeyError, TypeError, ValueError):
            return []

    def retire(self, made, paper: str) -> tuple[list[str], list[str]]:
        """Forget the outputs this folder no longer gets (a unit renamed or removed, a kind taken
        out of kit.yaml's `outputs`) and delete their files (and HTML pages) where they are still
        as kit wrote them. Files laid out on the other paper size are another build's, and stay.
        Returns (the names deleted, the names left): a file changed since kit wrote it, or
        replaced by a link, is left where it is."""
        from kit.outputs import KINDS

        removed, left = [], []
        for name in sorted(set(self.outputs) - set(made)):
            entry = self.outputs[name]
            kind = KINDS.get(entry.get("kind"))
            if entry.get("paper") != paper and (kind is None or kind.paper_sized):
                continue
            del self.outputs[name]
            for path, record in ((self.out_dir / name, entry.get("pdf")),
                                 (html_path(self.out_dir / name), entry.get("html"))):
                if not os.path.lexists(path):
                    continue
                if record and not path.is_symlink() and _file_matches(path, record):
                    path.unlink()
                    removed.append(path.name)
                else:
                    left.append(path.name)
            self.text_path(name).unlink(missing_ok=True)
        return removed, left

    def parts_in_use(self) -> set[str]:
        """The rendered parts (kit/partcache.py) that the recorded books and cards are made of."""
        return {key for entry in self.outputs.values() for key in entry.get("parts", ())}

    def text_path(self, name: str) -> Path:
        return self.folder / "text" / f"{name}.txt.gz"

    def stored_text(self, name: str) -> str | None:
        try:
            return gzip.decompress(read_file(self.text_path(name)) or b"").decode("utf-8") or None
        except (ValueError, EOFError):
            return None

    def store_text(self, name: str, text: str) -> None:
        write_file(self.text_path(name), gzip.compress(text.encode("utf-8"), 6, mtime=0))

    def guard_path(self, guard: str) -> Path:
        return self.folder / "guards" / f"{guard}.bin"

    def guard_runs(self, guard: str) -> set[bytes] | None:
        """The fingerprints of the runs a student output was checked against (kit/leaks.py) by
        the builds whose leak guard was `guard`, if kept."""
        data = read_file(self.guard_path(guard))
        if data is None or len(data) % RUN_PRINT:
            return None
        return {data[i:i + RUN_PRINT] for i in range(0, len(data), RUN_PRINT)}

    def store_guard_runs(self, guard: str, runs) -> None:
        """Keep the fingerprints `runs()` gives for `guard` (once), and drop those of guards no
        output was checked with any more."""
        if not self.guard_path(guard).exists():
            write_file(self.guard_path(guard), b"".join(sorted(runs())))
        used = {entry.get("guard") for entry in self.outputs.values()} | {guard}
        for path in self.guard_path(guard).parent.glob("*.bin"):
            if path.stem not in used:
                path.unlink(missing_ok=True)

    def save(self, snapshot: Snapshot, options: Options, planned: list[str]) -> None:
        """Write the manifest (if it changed); `planned` names every output of this build."""
        inputs = snapshot.digest()
        plans = {k: v for k, v in self.plans.items() if v["inputs"] == inputs}
        plans[options.digest(snapshot.root)] = {"inputs": inputs,
                                                "outputs": {n: self.outputs[n]["key"] for n in planned}}
        data = {"format": FORMAT, "scanned": snapshot.taken, "files": snapshot.files, "plans": plans,
                "outputs": self.outputs}
        if self._loaded and {**data, "scanned": self._loaded.get("scanned")} == self._loaded:
            return  # nothing changed but the time of the scan: leave the file alone
        write_file(self.folder / MANIFEST, json.dumps(data, indent=0, sort_keys=True).encode("utf-8"))


def dep_hashes(snapshot: Snapshot, deps: list[str]) -> dict[str, str | None]:
    """Recorded dependencies with their hashes as of the start of the build ("*": every template file)."""
    from kit.templating import DEFAULT_TEMPLATES

    files = {snapshot.name(p) for p in deps if p != "*"}
    if "*" in deps:
        for folder in (snapshot.root / "templates", Path(DEFAULT_TEMPLATES).resolve()):
            files.update(snapshot.under(folder))
    return {name: snapshot.sha(name) for name in sorted(files)}


def estimate(manifest: Manifest, snapshot: Snapshot, kit, job) -> float:
    """Roughly how long an output takes to render: its last time, else the size of its units."""
    seconds = manifest.entry(job).get("seconds")
    if seconds:
        return seconds
    units = [kit.unit(job.unit_id)] if job.unit_id else kit.units
    return sum(snapshot.files.get(f"kit:{u.path}", [20_000])[0] for u in units) / 20_000


class ParseCache:
    """YAML parses of earlier builds, keyed by the file's name and content (and kit's code).

    Parsing is most of the time `load_kit` takes (about 0.05 s per unit), and a rebuild after one
    edit needs to parse one file. The cache holds each parse as JSON in the kit's cache folder
    (`yaml/`); `load_kit(root, parse=cache.parse)` uses it.
    """

    def __init__(self, root: Path, code: str):
        self.folder = kit_folder(root) / "yaml"
        self.code = code
        self.new: dict[str, str] = {}
        self.used: set[str] = set()

    @staticmethod
    def _to_json(doc) -> str:
        return json.dumps({"name": doc.name, "data": doc.data, "lines": doc.lines,
                           "value_marks": [[list(k), list(v)] for k, v in doc.value_marks.items()],
                           "key_marks": [[list(k), list(v)] for k, v in doc.key_marks.items()],
                           "plain": sorted(list(p) for p in doc.plain),
                           "folded": sorted(list(p) for p in doc.folded)}, ensure_ascii=False)

    @staticmethod
    def _from_json(text: str):
        from kit.yamlload import Document

        d = json.loads(text)
        return Document(d["name"], d["data"], d["lines"], {tuple(k): tuple(v) for k, v in d["value_marks"]},
                        {tuple(k): tuple(v) for k, v in d["key_marks"]}, {tuple(p) for p in d["plain"]},
                        {tuple(p) for p in d.get("folded", ())})

    def parse(self, text: str, name: str):
        """`yamlload.parse(text, name)`, from the cache when this text was parsed before."""
        from kit.yamlload import parse

        key = digest([self.code, name, content_sha(text.encode("utf-8"))])
        self.used.add(key)
        stored = read_file(self.folder / f"{key}.json")
        if stored is not None:
            try:
                return self._from_json(stored.decode("utf-8"))
            except (ValueError, TypeError, KeyError, RecursionError):
                pass
        doc = parse(text, name)  # a KitError (a broken file) is not cached
        self.new[key] = self._to_json(doc)
        return doc

    def save(self) -> None:
        """Store the new parses and drop those of files that no longer exist (under the build lock)."""
        for key, text in self.new.items():
            write_file(self.folder / f"{key}.json", text.encode("utf-8"))
        if self.folder.is_dir():
            for path in self.folder.glob("*.json"):
                if path.stem not in self.used:
                    path.unlink(missing_ok=True)
        self.new = {}


def code_digest(sha=file_sha) -> str:
    """kit's version and code: what every cache key includes (`sha(path)` hashes a file)."""
    from kit import __version__

    return digest([__version__] + [(f"pkg:{p.name}", sha(p)) for p in sorted(PACKAGE.glob("*.py"))])


def load_kit_cached(root: Path):
    """`load_kit`, with the YAML parses of earlier builds (read only)."""
    from kit.kitload import load_kit

    return load_kit(root, parse=ParseCache(root, code_digest()).parse)
