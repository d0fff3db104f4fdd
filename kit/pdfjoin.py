"""Join PDFs written by WeasyPrint into one, keeping what makes them accessible and navigable.

Copying pages alone would lose the tagged structure (pdf/ua-1), the bookmarks and the named
destinations that links point to. So for each further part this merges, into the first part:

- the pages, with their `/StructParents` (and their annotations' `/StructParent`) moved past the
  keys the earlier parts use, and the part's parent-tree entries under the moved keys;
- the children of the part's `/Document` structure element, under the first part's one;
- its bookmarks, after the earlier parts' ones;
- its named destinations. A part may hold stand-in anchors for targets in other parts (so that
  WeasyPrint keeps links to them): `stubs[i]` names them, and the real target wins.

The first part gives the joined PDF its metadata (title, language, XMP). Each part keeps its own
font subsets, so the joined file is larger than one document would be.
"""

from __future__ import annotations

import io
import warnings


def _leaves(tree, key: str) -> list:
    """The flat (key, value, key, value...) list of a number tree (`key` "/Nums") or a name tree
    ("/Names")."""
    import pikepdf

    if key in tree:
        return list(tree[key])
    return [item for kid in tree.get("/Kids", pikepdf.Array()) for item in _leaves(kid, key)]


def _pairs(pdf) -> list:
    """(name, destination) of each named destination of `pdf`."""
    if "/Names" not in pdf.Root or "/Dests" not in pdf.Root.Names:
        return []
    flat = _leaves(pdf.Root.Names.Dests, "/Names")
    return [(str(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]


def _document_element(pdf):
    """The /Document structure element WeasyPrint puts at the root of the structure tree."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return None, None
    kids = root.K if isinstance(root.K, pikepdf.Array) else pikepdf.Array([root.K])
    return root, (kids[0] if len(kids) else None)


def _shift_struct_parents(pdf, offset: int) -> None:
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset


def _next_key(nums: list) -> int:
    return max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1


def _append_outline(base, outlines, copied):
    """Chain the top-level items of `copied` (an outline root copied into `base`) after those of
    `outlines` (None if `base` has none yet); returns the outline root."""
    import pikepdf

    if outlines is None or "/First" not in outlines:
        outlines = base.Root.Outlines = base.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, Count=0))
        outlines.First = copied.First
    else:
        outlines.Last.Next = copied.First
        copied.First.Prev = outlines.Last
    outlines.Last = copied.Last
    item = copied.First
    while True:
        item.Parent = outlines
        if "/Next" not in item:
            break
        item = item.Next
    outlines.Count = int(outlines.get("/Count", 0)) + int(copied.get("/Count", 0))
    return outlines


def join_pdfs(parts: list[bytes], stubs: list[set[str]] | None = None) -> bytes:
    """One PDF made of `parts` in order (see the module docstring)."""
    import pikepdf

    stubs = stubs or [set() for _ in parts]
    base = pikepdf.Pdf.open(io.BytesIO(parts[0]))
    tree, document = _document_element(base)
    nums = _leaves(tree.ParentTree, "/Nums") if tree is not None else []
    next_key = _next_key(nums)
    dests: dict = {}    # name -> destination, from the part that has the target
    stubbed: dict = {}  # name -> destination of a stand-in anchor, used only if no part has the target

    for name, value in _pairs(base):
        (stubbed if name in stubs[0] else dests)[name] = value
    outlines = base.Root.get("/Outlines")
    for data, stub in zip(parts[1:], stubs[1:]):
        part = pikepdf.Pdf.open(io.BytesIO(data))
        offset = next_key
        _shift_struct_parents(part, offset)
        with warnings.catch_warnings():
            # Named destinations are merged below; this is the warning that says extend() does not.
            warnings.simplefilter("ignore", getattr(pikepdf, "PageCopyWarning", UserWarning))
            base.pages.extend(part.pages)
        # Everything else of the part that the joined PDF keeps, copied in one go: each copy
        # walks every object the copied one reaches (the whole structure tree, from any element).
        part_tree, part_document = _document_element(part)
        part_nums = _leaves(part_tree.ParentTree, "/Nums") if part_tree is not None and document is not None else []
        pairs = _pairs(part)
        outline = part.Root.Outlines if "/Outlines" in part.Root and "/First" in part.Root.Outlines else None
        bundle = base.copy_foreign(part.make_indirect(pikepdf.Array(
            [part_document, outline] + part_nums[1::2] + [value for _, value in pairs])))
        copied_document, copied = bundle[0], bundle[1]
        for i, value in zip(range(0, len(part_nums), 2), bundle[2:2 + len(part_nums) // 2]):
            nums += [int(part_nums[i]) + offset, value]
            next_key = max(next_key, int(part_nums[i]) + offset + 1)
        if part_document is not None and document is not None:
            for kid in copied_document.get("/K", []):
                if isinstance(kid, pikepdf.Dictionary):
                    kid.P = document
                document.K.append(kid)
        for (name, _), value in zip(pairs, bundle[2 + len(part_nums) // 2:]):
            if name in stub:
                stubbed.setdefault(name, value)
            else:
                dests[name] = value
        if outline is not None:
            outlines = _append_outline(base, outlines, copied)
    if tree is not None:
        tree.ParentTree = base.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
        tree.ParentTreeNextKey = next_key
    for name, value in stubbed.items():
        dests.setdefault(name, value)
    if dests:
        flat = pikepdf.Array()
        for name in sorted(dests):
            flat.append(pikepdf.String(name))
            flat.append(dests[name])
        if "/Names" not in base.Root:
            base.Root.Names = pikepdf.Dictionary()
        base.Root.Names.Dests = base.make_indirect(pikepdf.Dictionary(Names=flat))
    out = io.BytesIO()
    # Streams are copied as they are (already compressed: decoding and compressing them again
    # would double the time a save takes), and the many small objects of the structure trees are
    # packed into object streams (half the file size).
    base.save(out, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none,
              object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()

