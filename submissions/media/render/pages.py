"""PDF (presentations, comics) → one WebP picture per page, for the in-browser viewer.

Pages are rasterised by pdfium without its form and script layer, so nothing in the document runs, and
the pictures carry pixels only.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PIL import Image

from submissions.media.errors import MediaRejected, Reason
from submissions.media.limits import MediaLimits
from submissions.media.progress import ProgressCallback
from submissions.media.results import ProbeResult, Rendition

PAGE_WIDTH = 1600
MAX_PAGE_HEIGHT = 4800
MAX_SCALE = 4.0
WEBP_QUALITY = 82


def render_pages(
    path: Path, out_dir: Path, probe: ProbeResult, limits: MediaLimits, on_progress: ProgressCallback | None
) -> list[Rendition]:
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise MediaRejected(Reason.DAMAGED) from error
    try:
        count = min(len(document), probe.pages or limits.max_pages, limits.max_pages)
        if count == 0:
            raise MediaRejected(Reason.DAMAGED)
        renditions = []
        for index in range(count):
            renditions.append(_render_page(document, index, out_dir))
            if on_progress:
                on_progress((index + 1) / count * 100)
        return renditions
    finally:
        document.close()


def _render_page(document: pypdfium2.PdfDocument, index: int, out_dir: Path) -> Rendition:
    page = document[index]
    try:
        width_pt, height_pt = page.get_size()
        if width_pt <= 0 or height_pt <= 0:
            raise MediaRejected(Reason.DAMAGED)
        scale = min(PAGE_WIDTH / width_pt, MAX_PAGE_HEIGHT / height_pt, MAX_SCALE)
        bitmap = page.render(scale=scale, may_draw_forms=False)
        try:
            rendered = bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()
    except pypdfium2.PdfiumError as error:
        raise MediaRejected(Reason.DAMAGED) from error
    finally:
        page.close()
    picture = Image.frombytes("RGB", rendered.size, rendered.tobytes())
    target = out_dir / f"page_{index + 1:03d}.webp"
    picture.save(target, "WEBP", quality=WEBP_QUALITY, method=4)
    return Rendition(target.name, target, "image/webp", picture.width, picture.height)
