"""Join PDFs written by WeasyPrint into one, keeping what makes them accessible and navigable.

Copying pages alone would lose the tagged structure (pdf/ua-1), the bookmarks and the named
destinations that links point to. So the joined PDF has:

- every page of every part, in order, with its `/StructParents` (and its annotations'
  `/StructParent`) moved past the keys the earlier parts use;
- one structure tree: the children of every part's `/Document` element under one `/Document`,
  and one parent tree holding every part's entries under the moved keys;
- the bookmarks of every part, one after another;
- the named destinations of every part. A part may hold stand-in anchors for targets in other
  parts (so that WeasyPrint keeps links to them): `stubs[i]` names them, and the real target wins.

The first part gives the joined PDF its metadata (title, language, XMP) and its other catalog
entries. Each part keeps its own font subsets, so the joined file is larger than one document
would be.

The joined PDF is written part by part, as it is read: each object of a part is given a new number
and copied as it is (a stream's data is not decoded), only the references in it renumbered; the
objects that every part has once (catalog, page tree, structure tree root and parent tree,
outline root, name tree) are written once, merged. So a join holds one part's objects at a time,
not the whole book's (a copying join, with pikepdf, needed about 230 MB for a 1,300-page book);
the output is deterministic (its /ID is a hash of its content). pikepdf only reads the parts.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib

# A reference "N G R", outside strings: a literal string (QPDF writes every parenthesis in one
# escaped) or a hex string is matched whole, so that no text in it is taken for a reference.
_TOKEN = re.compile(rb"\((?:[^\\)]|\\[\s\S])*\)|<[0-9A-Fa-f\s]*>|(?<![\w.])(\d+) (\d+) R\b")
OBJECTS_PER_STREAM = 200

# The objects the joined PDF has once, merged from every part: their numbers.
CATALOG, PAGES, STRUCT_ROOT, DOCUMENT, PARENT_TREE, OUTLINES, NAMES, DESTS = range(1, 9)
FIRST_FREE = 9


class JoinError(RuntimeError):
    """A part is not shaped as WeasyPrint writes them (a bug, not a problem in a kit)."""


def _leaves(tree, key: str) -> list:
    """The flat (key, value, key, value...) list of a number tree (`key` "/Nums") or a name tree
    ("/Names")."""
    import pikepdf

    if key in tree:
        return list(tree[key])
    return [item for kid in tree.get("/Kids", pikepdf.Array()) for item in _leaves(kid, key)]


def _tree_nodes(tree) -> list:
    """Every indirect node of a number or name tree."""
    nodes = [tree] if tree.is_indirect else []
    for kid in tree.get("/Kids", []):
        nodes += _tree_nodes(kid)
    return nodes


def _number(obj) -> int | None:
    return obj.objgen[0] if obj is not None and obj.is_indirect else None


def _append(dictionary: bytes, entries: bytes) -> bytes:
    """`dictionary` (unparsed, "<< ... >>") with `entries` added."""
    return dictionary[:dictionary.rstrip().rindex(b">>")] + entries + b" >>"


class _Writer:
    """The joined file, written object by object; non-stream objects are packed into object
    streams, and an xref stream ends the file."""

    def __init__(self, version: str):
        self.chunks = [b"%PDF-" + version.encode("ascii") + b"\n%\xe2\xe3\xcf\xd3\n"]
        self.size = len(self.chunks[0])
        self.xref: dict[int, tuple[int, int, int]] = {}  # number -> (type, field 2, field 3)
        self.pending: list[tuple[int, bytes]] = []
        self.next_number = FIRST_FREE

    def number(self) -> int:
        """A number for an object the joined file adds (an object stream, the xref stream)."""
        self.next_number += 1
        return self.next_number - 1

    def reserve(self, size: int) -> int:
        """Reserve numbers for objects 1 to size - 1 of a part; returns what to add to a number."""
        offset = self.next_number - 1
        self.next_number += size - 1
        return offset

    def _raw(self, data: bytes) -> None:
        self.chunks.append(data)
        self.size += len(data)

    def stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        self.xref[number] = (1, self.size, 0)
        self._raw(b"%d 0 obj\n%s\nstream\n" % (number, dictionary) + data + b"\nendstream\nendobj\n")

    def object(self, number: int, text: bytes) -> None:
        self.pending.append((number, text))
        if len(self.pending) == OBJECTS_PER_STREAM:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        stream_number, header, body = self.number(), [], []
        offset = 0
        for index, (number, text) in enumerate(self.pending):
            self.xref[number] = (2, stream_number, index)
            header.append(b"%d %d" % (number, offset))
            body.append(text)
            offset += len(text) + 1
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + b"\n".join(body) + b"\n", 6)
        self.stream(stream_number, b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>"
                    % (len(self.pending), len(head), len(data)), data)
        self.pending = []

    def finish(self, info: int | None) -> bytes:
        self.flush()
        xref_number = self.number()
        start = self.size
        self.xref[xref_number] = (1, start, 0)
        rows = [b"\x00\x00\x00\x00\x00\xff\xff\xff\xff"]  # object 0: free
        for number in range(1, xref_number + 1):
            kind, second, third = self.xref.get(number, (0, 0, 0))
            rows.append(bytes([kind]) + second.to_bytes(4, "big") + third.to_bytes(4, "big"))
        data = zlib.compress(b"".join(rows), 6)
        digest = hashlib.md5(b"".join(self.chunks)).hexdigest().encode("ascii")
        trailer = (b"<< /Type /XRef /Size %d /W [ 1 4 4 ] /Root %d 0 R%s /ID [ <%s> <%s> ] /Filter /FlateDecode "
                   b"/Length %d >>" % (xref_number + 1, CATALOG, b" /Info %d 0 R" % info if info else b"",
                                       digest, digest, len(data)))
        self.stream(xref_number, trailer, data)
        self._raw(b"startxref\n%d\n%%%%EOF\n" % start)
        return b"".join(self.chunks)


class _Part:
    """One part, read: its objects renumbered into the joined file."""

    def __init__(self, pdf, writer: _Writer, first: bool):
        import pikepdf

        self.pdf = pdf
        root = pdf.Root
        self.struct_root = root.get("/StructTreeRoot")
        kids = self.struct_root.K if self.struct_root is not None else None
        if kids is not None and not isinstance(kids, pikepdf.Array):
            kids = pikepdf.Array([kids])
        self.document = kids[0] if kids is not None and len(kids) == 1 else None
        if self.struct_root is not None and self.document is None:
            raise JoinError("a part's structure tree has no single /Document element")
        outlines = root.get("/Outlines")
        self.outlines = outlines if outlines is not None and "/First" in outlines else None
        names = root.get("/Names")
        self.dests = names.get("/Dests") if names is not None else None

        merged = {_number(root): CATALOG, _number(root.Pages): PAGES, _number(self.struct_root): STRUCT_ROOT,
                  _number(self.document): DOCUMENT, _number(outlines): OUTLINES, _number(names): NAMES}
        dropped = set()
        if self.struct_root is not None:
            dropped |= {_number(node) for node in _tree_nodes(self.struct_root.ParentTree)}
        if self.dests is not None:
            dropped |= {_number(node) for node in _tree_nodes(self.dests)}
        if not first:  # the first part's metadata is the joined PDF's
            dropped |= {_number(pdf.trailer.get("/Info")), _number(root.get("/Metadata"))}
        # Object N of the part is object N + offset of the joined file; the numbers of the merged
        # and dropped objects (and of the part's object streams) are left unused.
        size = int(pdf.trailer.Size)
        self.offset = writer.reserve(size)
        self.skipped = (set(merged) | dropped) - {None}
        self.new = {number: number + self.offset for number in range(1, size)}
        self.new.update({number: target for number, target in merged.items() if number is not None})
        for number in dropped - {None}:
            del self.new[number]
        self.refs = {b"%d" % old: b"%d 0 R" % new for old, new in self.new.items()}  # "N" -> "M 0 R"
        for page in pdf.pages:
            if page.obj.get("/Parent") is None or _number(page.obj.Parent) != _number(root.Pages):
                raise JoinError("a part's page tree is not flat")

    def renumber(self, text: bytes) -> bytes:
        def replace(match, get=self.refs.get):
            number = match.group(1)
            return match.group(0) if number is None else get(number, b"null")

        return _TOKEN.sub(replace, text)

    def value(self, obj) -> bytes:
        """An object as it is written in the joined file (a reference, if it is indirect)."""
        return self.renumber(obj.unparse())

    def write_objects(self, writer: _Writer, extra: dict[int, bytes], held: int | None) -> None:
        """Write every object of the part but the merged ones and `held`; `extra` gives entries to
        add to some objects' dictionaries."""
        import pikepdf

        numbers, texts = [], []
        skipped = self.skipped
        for obj in self.pdf.objects:
            old = obj.objgen[0]
            if old in skipped or old + self.offset == held:
                continue
            number = old + self.offset
            if isinstance(obj, pikepdf.Stream):
                if obj.get("/Type") in ("/ObjStm", "/XRef"):
                    continue  # the joined file packs its own
                data = obj.read_raw_bytes()
                obj.stream_dict.Length = len(data)
                writer.stream(number, self.renumber(obj.stream_dict.unparse(resolved=True)), data)
            else:
                numbers.append(number)
                texts.append(obj.unparse(resolved=True))
        # Renumbered in one pass (QPDF writes no raw NUL byte: it escapes them in strings).
        for number, text in zip(numbers, self.renumber(b"\0".join(texts)).split(b"\0")):
            writer.object(number, _append(text, extra[number]) if number in extra else text)

    def document_kids(self) -> list[bytes]:
        import pikepdf

        if self.document is None:
            return []
        kids = self.document.get("/K")
        if kids is None:
            return []
        return [self.value(kid) for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])]


def _shift_struct_parents(pdf, offset: int) -> None:
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset


def _without(dictionary, keys: tuple[str, ...], part: _Part) -> bytes:
    """`dictionary` unparsed and renumbered, without `keys`."""
    import pikepdf

    kept = pikepdf.Dictionary({key: value for key, value in dictionary.items() if key not in keys})
    return part.renumber(kept.unparse())


def join_pdfs(parts: list[bytes], stubs: list[set[str]] | None = None) -> bytes:
    """One PDF made of `parts` in order (see the module docstring)."""
    import pikepdf

    stubs = stubs or [set() for _ in parts]
    pdfs = (pikepdf.Pdf.open(io.BytesIO(data)) for data in parts)
    writer: _Writer | None = None
    pages: list[bytes] = []
    nums: list[bytes] = []
    next_key = 0
    document_kids: list[bytes] = []
    dests: dict[str, bytes] = {}    # name -> destination, from the part that has the target
    stubbed: dict[str, bytes] = {}  # name -> destination of a stand-in anchor, if no part has the target
    outline_first = None
    outline_count = 0
    pending = None  # (number, text) of the last bookmark so far: written once the next one is known
    catalog = struct_root = document = info = None
    tagged = False

    for index, pdf in enumerate(pdfs):
        with pdf:
            if writer is None:
                writer = _Writer(str(pdf.pdf_version))
            part = _Part(pdf, writer, index == 0)
            if index == 0:
                tagged = part.struct_root is not None
            elif tagged != (part.struct_root is not None):
                raise JoinError("some parts are tagged (have a structure tree) and some are not")
            offset = next_key
            if part.struct_root is not None:
                flat = _leaves(part.struct_root.ParentTree, "/Nums")
                for i in range(0, len(flat), 2):
                    nums.append(b"%d %s" % (int(flat[i]) + offset, part.value(flat[i + 1])))
                    next_key = max(next_key, int(flat[i]) + offset + 1)
            _shift_struct_parents(pdf, offset)
            pages += [part.value(page.obj) for page in pdf.pages]
            document_kids += part.document_kids()
            if part.dests is not None:
                flat = _leaves(part.dests, "/Names")
                for i in range(0, len(flat), 2):
                    name = str(flat[i])
                    if name in stubs[index]:
                        stubbed.setdefault(name, part.value(flat[i + 1]))
                    else:
                        dests[name] = part.value(flat[i + 1])
            extra: dict[int, bytes] = {}  # bookmark number -> entries it gets from its neighbours
            held = None
            if part.outlines is not None:
                first, last = part.new[_number(part.outlines.First)], part.new[_number(part.outlines.Last)]
                if pending is not None:  # the previous part's last bookmark: now its /Next is known
                    writer.object(pending[0], _append(pending[1], b" /Next %d 0 R" % first))
                    extra[first] = b" /Prev %d 0 R" % pending[0]
                outline_first = outline_first or first
                outline_count += int(part.outlines.get("/Count", 0))
                last_text = part.renumber(part.outlines.Last.unparse(resolved=True))
                pending = (last, _append(last_text, extra.pop(last)) if last in extra else last_text)
                held = last
            part.write_objects(writer, extra, held)
            if index == 0:
                catalog = _without(pdf.Root, ("/Pages", "/StructTreeRoot", "/Outlines", "/Names", "/Type"), part)
                if part.struct_root is not None:
                    struct_root = _without(part.struct_root, ("/K", "/ParentTree", "/ParentTreeNextKey", "/Type"),
                                           part)
                    document = _without(part.document, ("/K", "/P"), part)
                info = part.new.get(_number(pdf.trailer.get("/Info")))
    if writer is None:
        raise JoinError("nothing to join")
    if pending is not None:
        writer.object(*pending)

    entries = b" /Type /Catalog /Pages %d 0 R" % PAGES
    writer.object(PAGES, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(pages), b" ".join(pages)))
    if struct_root is not None:
        entries += b" /StructTreeRoot %d 0 R" % STRUCT_ROOT
        writer.object(STRUCT_ROOT, _append(struct_root, b" /Type /StructTreeRoot /K [ %d 0 R ] /ParentTree %d 0 R "
                                           b"/ParentTreeNextKey %d" % (DOCUMENT, PARENT_TREE, next_key)))
        writer.object(DOCUMENT, _append(document, b" /P %d 0 R /K [ %s ]" % (STRUCT_ROOT, b" ".join(document_kids))))
        writer.object(PARENT_TREE, b"<< /Nums [ %s ] >>" % b" ".join(nums))
    if outline_first is not None:
        entries += b" /Outlines %d 0 R" % OUTLINES
        writer.object(OUTLINES, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
                      % (outline_first, pending[0], outline_count))
    for name, value in stubbed.items():
        dests.setdefault(name, value)
    if dests:
        entries += b" /Names %d 0 R" % NAMES
        flat = b" ".join(pikepdf.String(name).unparse() + b" " + dests[name] for name in sorted(dests))
        writer.object(NAMES, b"<< /Dests %d 0 R >>" % DESTS)
        writer.object(DESTS, b"<< /Names [ %s ] >>" % flat)
    writer.object(CATALOG, _append(catalog, entries))
    return writer.finish(info)
