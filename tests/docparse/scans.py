"""Scanned test documents made the way an office makes them: Word → PDF → paper → scanner.

A .docx is printed to PDF by LibreOffice, each page rendered at 300 dpi and reduced to
black and white (as office scanners send), and the pages bound into a PDF that holds only
images. Needs `soffice` (LibreOffice) and Tesseract; `needs()` skips a test without them,
or fails it under CCHC_REQUIRE_ALL=1 (CI), so a missing tool is never silently untested.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from cchc.docparse.readers import ocr_engine

DPI = 300
_THRESHOLD = 160


def needs(*tools: str) -> None:
    """Skip (or, on CI, fail) unless every tool is installed: soffice, tesseract."""
    missing = [t for t in tools if not _installed(t)]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (sudo apt-get install libreoffice-writer-nogui tesseract-ocr-vie)"
    if os.environ.get("CCHC_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _installed(tool: str) -> bool:
    if tool == "tesseract":
        return ocr_engine.available()
    return shutil.which(tool) is not None


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF LibreOffice prints for a .docx."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "van-ban.docx"
        source.write_bytes(docx)
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
        return (Path(tmp) / "van-ban.pdf").read_bytes()


def page_images(pdf: bytes, *, dpi: int = DPI) -> list[Image.Image]:
    """The pages of a PDF as black-and-white images, as a scanner makes them."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document]
    finally:
        document.close()
    # A scanner thresholds the page (no dithering, which would break letters into dots).
    return [page.point(lambda v: 255 if v > _THRESHOLD else 0, mode="1") for page in pages]


def image_pdf(images: list[Image.Image], *, dpi: int = DPI) -> bytes:
    """A PDF holding only the page images (no text layer)."""
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


@functools.cache
def scanned(docx: bytes) -> bytes:
    """The image-only PDF of a scanned print of `docx` (cached: LibreOffice takes seconds)."""
    return image_pdf(page_images(docx_to_pdf(docx)))
