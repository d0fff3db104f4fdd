"""The one gate every resource WeasyPrint loads must pass.

Only `file:` URLs naming a regular file inside an allowed folder (the kit's assets/ and
templates/, and the default templates and fonts of the package), symlinks resolved, are served.
Everything else (other files, `..` escapes, http:, ftp:, data:) stops the render: no request is
ever made.

What is served is bounded too: a file is read only as a regular file of at most
MAX_RESOURCE_BYTES (a named pipe cannot hang the read); a raster image, whatever its name, is
refused when its header claims more than kit.images.MAX_PIXELS pixels (nothing is decoded to
find out); an SVG is refused when kit.svgcheck finds it too large once its `<use>` references
are expanded, or referring to anything this gate would not serve.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
import warnings
from pathlib import Path

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from kit.boundary import Refused, inside, read_regular, served_path
from kit.errors import KitError, Location

MAX_RESOURCE_BYTES = 20_000_000


class RefusedResource(FatalURLFetchingError):
    def __init__(self, url: str, reason: str):
        super().__init__(f"refused to load '{url[:200]}': {reason}")
        self.url = url
        self.reason = reason


class KitFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path], prepared: dict[Path, bytes] | None = None,
                 kit_root: Path | None = None):
        """`prepared` maps files to the bytes to serve instead (images already processed). With
        `kit_root`, a file served from a folder of the kit must also be inside the kit (its real
        path), so that an allowed folder that is itself a link out of the kit serves nothing."""
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.roots = [Path(r).resolve() for r in allowed_roots]
        self.kit_root = Path(kit_root) if kit_root is not None else None
        self.kit_roots = [] if kit_root is None else [
            resolved for root, resolved in zip(allowed_roots, self.roots)
            if Path(os.path.abspath(root)).is_relative_to(os.path.abspath(kit_root))]
        self.prepared = prepared or {}
        self.served: list[Path] = []
        self.refused: list[RefusedResource] = []  # WeasyPrint swallows refusals inside SVG images
        self.checked: dict[tuple, str | None] = {}  # (real path, digest) -> why it was refused, or None

    def allowed(self, url: str) -> Path:
        try:
            path = served_path(url, self.roots, MAX_RESOURCE_BYTES)
        except Refused as refusal:
            raise RefusedResource(url, refusal.reason) from None
        if self.kit_root is not None and any(path.is_relative_to(root) for root in self.kit_roots) \
                and not inside(path, self.kit_root):
            raise RefusedResource(url, "the file is outside the kit (a folder of the kit is a link that leaves "
                                       "it); copy what it points at into the kit instead")
        return path

    def _serves(self, url: str):
        try:
            return self.allowed(url), None
        except RefusedResource as refusal:
            return None, refusal.reason

    def fetch(self, url, headers=None):
        try:
            path = self.allowed(url)
            body = self.prepared.get(path)
            if body is None:
                body = self._read(url, path)
        except RefusedResource as refusal:
            self.refused.append(refusal)
            raise
        self.served.append(path)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": mime})

    def _read(self, url: str, path: Path) -> bytes:
        """The file's bytes, when it is a regular file within the limits (checked once per file)."""
        try:
            data = read_regular(path, path.name, MAX_RESOURCE_BYTES)
        except KitError as exc:
            raise RefusedResource(url, exc.problems[0].message) from None
        key = (path, hashlib.blake2b(data, digest_size=16).digest())
        if key not in self.checked:
            self.checked[key] = self._content_refusal(url, path, data)
        if self.checked[key] is not None:
            raise RefusedResource(url, self.checked[key])
        return data

    def _content_refusal(self, url: str, path: Path, data: bytes) -> str | None:
        """Why the file must not be served (decided by its content, not its name), or None."""
        from kit.images import MAX_PIXELS
        from kit.svgcheck import check_svg, looks_like_xml

        size = _raster_size(data)
        if size == "bomb":
            return f"'{path.name}' is an image that decodes to far too many pixels; scale it down"
        if size is not None:
            width, height = size
            if width * height > MAX_PIXELS:
                return (f"'{path.name}' is {width}x{height} pixels, more than the limit of {MAX_PIXELS:,}; "
                        "scale it down")
            return None
        if looks_like_xml(data):
            problems = check_svg(data, path.name, Location(path.name), url, self._serves, path=path)
            if problems:
                return problems[0].message
        return None


def _raster_size(data: bytes):
    """(width, height) from the header of an image Pillow recognises, "bomb" when Pillow itself
    refuses its size, None when it is not a raster image. No pixel is decoded."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except Image.DecompressionBombError:
        return "bomb"
    except Exception:  # noqa: BLE001 - not an image Pillow knows (a stylesheet, a font, an SVG)
        return None
