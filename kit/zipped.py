"""Zip files that are the same bytes whenever their content is: fixed times, fixed order."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip file can hold


def stable_zip(members, stored: tuple[str, ...] = ()) -> bytes:
    """A zip of (name, bytes) pairs, in the order given, compressed (but for names ending in one of
    `stored`: fonts and images already are), with no time of making."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if stored and name.endswith(stored) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def restamped(data: bytes) -> bytes:
    """The same zip (a DOCX, say) with its members' times fixed, so equal content gives equal bytes."""
    return stable_zip(members(data))


def members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]
