"""Generate benchmark kits of N units from the shipped kit's units.

Unit k of a generated kit is a copy of shipped unit (k mod 5) with every id it defines (the unit,
its sources, its terms) renamed with a `-cN` suffix, and every reference to those ids renamed the
same way, so the generated kit passes `kit check` like the shipped one. The glossary terms of a
copy are renamed too ("Entente" becomes "Entente 2"): a real kit does not define the same term
twenty times, and kit marks and lists every term of the kit wherever its name occurs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
ID_KEYS = {"id"}
REF_KEYS = {"related", "source", "sources", "requires"}


class _Dumper(yaml.SafeDumper):
    """Every scalar is plain text where YAML allows it, as the kit's own loader reads it."""

    yaml_implicit_resolvers: dict = {}


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _rename(node, rename, copy: int, key=None):
    if isinstance(node, dict):
        return {k: _rename(v, rename, copy, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_rename(v, rename, copy, key) for v in node]
    if isinstance(node, str) and key in ID_KEYS | REF_KEYS:
        return rename.get(node, node)
    if isinstance(node, str) and key == "term":
        head, paren, rest = node.partition(" (")
        return f"{head} {copy}{paren}{rest}"
    return node


def _defined_ids(node, out: set, key=None) -> set:
    if isinstance(node, dict):
        for k, v in node.items():
            _defined_ids(v, out, k)
    elif isinstance(node, list):
        for v in node:
            _defined_ids(v, out, key)
    elif isinstance(node, str) and key in ID_KEYS:
        out.add(node)
    return out


def make_kit(dest: Path, units: int, source: Path = REPO) -> Path:
    """A kit of `units` units in `dest` (created; must not exist), copied from the kit at `source`."""
    dest = Path(dest)
    dest.mkdir(parents=True)
    shutil.copy2(source / "kit.yaml", dest / "kit.yaml")
    for folder in ("assets", "templates"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder)
    originals = sorted(p for p in (source / "units").iterdir() if p.suffix in (".yaml", ".yml"))
    data = [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) for p in originals]
    ids = set()
    for d in data:
        _defined_ids(d, ids)
    (dest / "units").mkdir()
    for k in range(units):
        copy, original = divmod(k, len(originals))
        unit = data[original]
        if copy:
            unit = _rename(unit, {i: f"{i}-c{copy}" for i in ids}, copy + 1)
        text = yaml.dump(unit, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
        (dest / "units" / f"{k + 1:03d}-{unit['id']}.yaml").write_text(text, encoding="utf-8")
    return dest
