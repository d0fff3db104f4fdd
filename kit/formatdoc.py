"""The kit and unit formats, generated from schema.py: a JSON Schema and a Markdown reference."""

from __future__ import annotations

import dataclasses
import typing

from kit import schema
from kit.validate import fields_of

SCHEMA_ID = "https://kit.invalid/schema/"  # an identifier, never fetched


def _unwrap(hint):
    if typing.get_origin(hint) is typing.Union and type(None) in typing.get_args(hint):
        return next(a for a in typing.get_args(hint) if a is not type(None)), False
    return hint, True


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _json_type(hint, meta: dict, defs: dict) -> dict:
    hint, _ = _unwrap(hint)
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        out = {"type": "array", "items": _json_type(item, meta, defs)}
        if meta.get("min_items"):
            out["minItems"] = meta["min_items"]
        return out
    if hint is schema.Block:
        return {"oneOf": [_ref(cls, defs) for cls in schema.BLOCK_KINDS.values()]}
    if hint is schema.PartialDate:  # a bare year is an integer to an editor's YAML parser
        return {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"},
                          {"type": "integer", "minimum": 1, "maximum": 9999}]}
    if dataclasses.is_dataclass(hint):
        return _ref(hint, defs)
    out = {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"}}[hint].copy()
    if meta.get("choices"):
        out["enum"] = list(meta["choices"])
    if meta.get("pattern"):
        out["pattern"] = meta["pattern"]
    if meta.get("minimum") is not None:
        out["minimum"] = meta["minimum"]
    if meta.get("maximum") is not None:
        out["maximum"] = meta["maximum"]
    return out


def _ref(cls, defs: dict) -> dict:
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}
        properties, required = {}, []
        if schema.block_kind(cls):
            properties["kind"] = {"const": cls.kind, "description": "The kind of block."}
            required.append("kind")
        for f, hint in fields_of(cls):
            prop = _json_type(hint, f.metadata, defs)
            doc = f.metadata["doc"] + (" (teacher edition only)" if f.metadata["teacher"] else "")
            properties[f.name] = {**prop, "description": doc}
            if _required(f):
                required.append(f.name)
        defs[cls.__name__] = {"type": "object", "description": (cls.__doc__ or "").strip(),
                              "properties": properties, "required": required, "additionalProperties": False}
    return {"$ref": f"#/$defs/{cls.__name__}"}


def json_schema(top) -> dict:
    """A JSON Schema (2020-12) for kit.yaml (`top=schema.Kit`) or a unit file (`schema.Unit`)."""
    defs: dict = {}
    ref = _ref(top, defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_ID + top.__name__.lower() + ".json",
            "title": f"kit {top.__name__.lower()} file", **ref, "$defs": defs}


def _kind_text(hint, meta: dict) -> str:
    hint, _ = _unwrap(hint)
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        return f"list of {_kind_text(item, meta)}"
    if hint is schema.Block:
        return "blocks"
    if hint is schema.PartialDate:
        return "date"
    if dataclasses.is_dataclass(hint):
        return f"`{hint.__name__}`"
    text = {str: "text", int: "whole number", bool: "true/false"}[hint]
    if meta.get("choices"):
        text = " / ".join(f"`{c}`" for c in meta["choices"])
    return text


def markdown_reference() -> str:
    """The format reference (docs/format.md), one table per mapping."""
    order = [schema.Kit, schema.Citation, schema.FoundationStarters, schema.Unit, schema.Step, *schema.BLOCK_KINDS.values(),
             schema.SourceExcerpt, schema.Locator, schema.Term, schema.Spellings, schema.Question,
             schema.Prompt, schema.Event, schema.Gap, schema.RubricLevel]
    out = []
    for cls in order:
        name = f"Block `kind: {cls.kind}`" if schema.block_kind(cls) else f"`{cls.__name__}`"
        out += [f"#### {name}", "", (cls.__doc__ or "").strip().splitlines()[0], "",
                "| key | required | value | meaning |", "| --- | --- | --- | --- |"]
        for f, hint in fields_of(cls):
            meta = f.metadata
            required = "yes" if _required(f) else ""
            doc = meta["doc"].replace("|", "\\|") + (" **Teacher only.**" if meta["teacher"] else "")
            out.append(f"| `{f.name}` | {required} | {_kind_text(hint, meta)} | {doc} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def update_reference(path) -> None:
    """Rewrite the generated format reference between its markers (`python -m kit.formatdoc
    docs/format.md`)."""
    from pathlib import Path

    start, end = "<!-- format-reference:start -->\n", "<!-- format-reference:end -->"
    text = Path(path).read_text(encoding="utf-8")
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    Path(path).write_text(head + start + markdown_reference() + end + tail, encoding="utf-8")


if __name__ == "__main__":
    import sys

    update_reference(sys.argv[1] if len(sys.argv) > 1 else "docs/format.md")
