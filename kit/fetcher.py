"""The one gate every resource WeasyPrint loads must pass.

Only `file:` URLs naming a regular file inside an allowed folder (the kit's assets/ and
templates/, and the default templates and fonts of the package), symlinks resolved, are served.
Everything else (other files, `..` escapes, http:, ftp:, data:) stops the render: no request is
ever made.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

MAX_RESOURCE_BYTES = 20_000_000


class RefusedResource(FatalURLFetchingError):
    def __init__(self, url: str, reason: str):
        super().__init__(f"refused to load '{url[:200]}': {reason}")
        self.url = url
        self.reason = reason


class KitFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path], prepared: dict[Path, bytes] | None = None):
        """`prepared` maps files to the bytes to serve instead (images already processed)."""
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.roots = [Path(r).resolve() for r in allowed_roots]
        self.prepared = prepared or {}
        self.served: list[Path] = []
        self.refused: list[RefusedResource] = []  # WeasyPrint swallows refusals inside SVG images

    def allowed(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise RefusedResource(url, f"'{parts.scheme or 'relative'}:' resources are not allowed; "
                                       "only files inside the kit's assets/ and templates/")
        if parts.netloc not in ("", "localhost"):
            raise RefusedResource(url, "files on other hosts are not allowed")
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            raise RefusedResource(url, "no such file") from None
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedResource(url, "the file is outside the kit's assets/ and templates/ folders")
        if not path.is_file():
            raise RefusedResource(url, "not a regular file")
        if path.stat().st_size > MAX_RESOURCE_BYTES:
            raise RefusedResource(url, f"larger than {MAX_RESOURCE_BYTES // 1_000_000} MB")
        return path

    def fetch(self, url, headers=None):
        try:
            path = self.allowed(url)
        except RefusedResource as refusal:
            self.refused.append(refusal)
            raise
        self.served.append(path)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        body = self.prepared.get(path)
        return URLFetcherResponse(path.as_uri(), body if body is not None else path.read_bytes(),
                                  {"Content-Type": mime})
