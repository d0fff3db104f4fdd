"""Rendered parts of books and glossary cards, kept between builds.

A part is found by the HTML it is rendered from (with kit's code): the same HTML, and the same
content of every file its render read (stylesheets, fonts, images), gives the same PDF. So after
an edit to one unit, only that unit's parts of the books and cards are rendered again.

Parts live in `parts/` of the build folder's cache folder (kit/cache.py, outside the kit).
Workers never write: parts rendered by a build travel back with its results, and the parent
stores them as they arrive (`store_parts`); a successful build then drops the parts no output
uses (`prune_parts`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kit.cache import digest, read_file, write_file
from kit.pagefill import SparsePage

FOLDER = "parts"


@dataclass
class Part:
    """A rendered part of a book or of the glossary cards."""

    pdf: bytes
    pages: int
    deps: dict = field(default_factory=dict)  # snapshot name -> content hash of each file read
    text: str | None = None  # the text of a student output's part, for the leak guard (kit/leaks.py)
    stubs: frozenset = frozenset()  # its stand-in anchors (kit/composite.py); not stored
    sparse: tuple = ()  # its near-empty pages (kit/pagefill.py SparsePage), for the build's warnings


class PartCache:
    def __init__(self, cache_folder: Path, snapshot, code: str, use: bool = True):
        self.folder = Path(cache_folder) / FOLDER
        self.use = use  # False for `kit build --force`: every part is rendered
        self.snapshot = snapshot
        self.code = code
        self.new: dict[str, Part] = {}
        self.used: list[str] = []

    def key(self, html: str, kind: str) -> str:
        """`kind`: "pdf" for a rendered part; "pages" for one only laid out to count its pages.

        The HTML names stylesheets and images by absolute file URL; those are taken out of the
        key (the content of every file a part read is checked by `get`), so that a kit folder
        moved or renamed keeps its parts, as it keeps its other outputs."""
        from kit.templating import DEFAULT_TEMPLATES

        places = {Path(self.snapshot.root).resolve().as_uri() + "/": "kit:",
                  DEFAULT_TEMPLATES.resolve().as_uri() + "/": "kit-templates:"}
        for url in sorted(places, key=len, reverse=True):  # the inner folder first, if one holds the other
            html = html.replace(url, places[url])
        return digest([self.code, kind, html])

    def get(self, key: str) -> Part | None:
        self.used.append(key)
        part = self.new.get(key)
        if part is None and not self.use:
            return None
        if part is None:
            meta = read_file(self.folder / f"{key}.json")
            pdf = read_file(self.folder / f"{key}.part") if meta is not None else None
            if pdf is None:
                return None
            try:
                data = json.loads(meta.decode("utf-8"))
                part = Part(pdf, int(data["pages"]), dict(data["deps"]), data.get("text"),
                            sparse=tuple(SparsePage(int(i), float(f), str(w)) for i, f, w in data.get("sparse", ())))
            except (ValueError, KeyError, TypeError):
                return None
        if any(self.snapshot.sha(name) != sha for name, sha in part.deps.items()):
            return None
        return part

    def put(self, key: str, pdf: bytes, pages: int, files: list[str], text: str | None = None,
            sparse=()) -> Part:
        names = sorted({self.snapshot.name(path) for path in files})
        part = Part(pdf, pages, {name: self.snapshot.sha(name) for name in names}, text, sparse=tuple(sparse))
        self.new[key] = part
        return part

    def paths(self, part: Part) -> list[str]:
        """The files a part's render read, as paths."""
        return [str(self.snapshot.path(name)) for name in part.deps]

    def take(self) -> tuple[dict[str, Part], list[str]]:
        """The parts rendered and the keys used since the last call."""
        new, used = self.new, self.used
        self.new, self.used = {}, []
        return new, used


def store_parts(cache_folder: Path, new: dict[str, Part]) -> None:
    """Write parts a render made, as its result arrives (a part is found by its content, so it is
    right to keep even if the build then fails)."""
    folder = Path(cache_folder) / FOLDER
    for key, part in new.items():
        write_file(folder / f"{key}.part", part.pdf)
        write_file(folder / f"{key}.json", json.dumps({"pages": part.pages, "deps": part.deps, "text": part.text,
                                                       "sparse": [[p.index, p.fill, p.first_words] for p in part.sparse]},
                                                      sort_keys=True).encode("utf-8"))


def prune_parts(cache_folder: Path, keep: set[str]) -> None:
    """Drop every part no output uses any more."""
    folder = Path(cache_folder) / FOLDER
    if folder.is_dir():
        for path in folder.iterdir():
            if path.stem not in keep:
                path.unlink(missing_ok=True)
