"""The validated kit as plain data (for `kit dump`)."""

from __future__ import annotations

import dataclasses

from kit import schema


def to_data(value):
    if isinstance(value, schema.PartialDate):
        return value.iso()
    if dataclasses.is_dataclass(value):
        data = {"kind": schema.block_kind(value)} if schema.block_kind(value) else {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is not None and item != []:
                data[f.name] = to_data(item)
        return data
    if isinstance(value, list):
        return [to_data(v) for v in value]
    return value


def kit_to_data(kit) -> dict:
    return {"kit": to_data(kit.config),
            "units": [dict(file=u.path, **to_data(u.unit)) for u in kit.units]}
