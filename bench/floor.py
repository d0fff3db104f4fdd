"""The renderer's floor for a kit: raw WeasyPrint renders of the HTML kit renders, in one warm process.

    .venv/bin/python bench/floor.py KIT_DIR HTML_DIR

HTML_DIR holds the pages of `kit build KIT_DIR --html -o HTML_DIR` (for the slides, the HTML of the
final, split deck; for the books and glossary cards, which kit renders in parts, the HTML of
each part, timed as `NAME#PART`). Each is rendered with the fetcher a build uses and one FontConfiguration and
image cache for all; only `HTML(...).render()` and `write_pdf()` are timed. Prints JSON:
{output name: seconds}.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path


PART = re.compile(r"<!-- part: (.*?) -->\n")


def main(kit_dir: str, html_dir: str) -> None:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from kit.boundary import resource_roots
    from kit.checks import prepared_images
    from kit.fetcher import KitFetcher
    from kit.kitload import load_kit
    from kit.plan import plan_outputs
    from kit.render import PDF_VARIANT

    root = Path(kit_dir).resolve()
    kit = load_kit(root)
    pages = []
    for job in plan_outputs(kit, Path(html_dir)):
        if not job.output.printed:  # Word documents and quiz files are not rendered by WeasyPrint
            continue
        html = job.path.with_suffix(".html").read_text(encoding="utf-8")
        parts = PART.split(html)  # [before, name, html, name, html...] for outputs made in parts
        if len(parts) == 1:
            pages.append((job.path.name, html))
        else:
            pages += [(f"{job.path.name}#{parts[i].strip()}", parts[i + 1]) for i in range(1, len(parts), 2)]
    fetcher = KitFetcher(resource_roots(root), prepared_images(kit), kit_root=root)
    font_config, cache = FontConfiguration(), {}
    base_url = root.as_uri() + "/"

    def render(html: str) -> bytes:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(font_config=font_config,
                                                                                   cache=cache)
        return document.write_pdf(pdf_variant=PDF_VARIANT)

    render(pages[0][1])  # warm up: imports, fonts and images loaded once, untimed
    times = {}
    for name, html in pages:
        started = time.perf_counter()
        render(html)
        times[name] = time.perf_counter() - started
    print(json.dumps(times))


if __name__ == "__main__":
    main(*sys.argv[1:3])
