"""Readers turn raw bytes into blocks; the format is sniffed from content, not name."""

from __future__ import annotations

from collections.abc import Callable

from cchc.docparse.blocks import Block
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers import sniff
from cchc.docparse.readers.progress import Progress

# Formats whose reader may take seconds per page (OCR) and reports its progress.
SLOW_FORMATS = ("pdf", "image")


def read_document(
    data: bytes, *, filename: str | None = None, progress: Progress | None = None
) -> tuple[str, list[Block]]:
    """(format, blocks) for a document; raises UnreadableDocument with a Vietnamese message.

    `progress(done, total)` is called by readers that work page by page (OCR)."""
    fmt = sniff.detect_format(data, filename=filename)
    reader = _reader_for(fmt)
    if fmt in SLOW_FORMATS:
        return fmt, reader(data, progress)
    return fmt, reader(data)


def needs_ocr(data: bytes, *, filename: str | None = None) -> bool:
    """True for a page image, or a PDF without a text layer: reading it takes seconds a page."""
    fmt = sniff.detect_format(data, filename=filename)
    if fmt == "image":
        from cchc.docparse.readers.scan import check_image

        check_image(data)  # a broken image is refused at upload, not in the worker
        return True
    if fmt != "pdf":
        return False
    from cchc.docparse.readers.pdf import has_text_layer

    return not has_text_layer(data)


def _reader_for(fmt: str) -> Callable[..., list[Block]]:
    # Imported lazily: pdfplumber and python-docx cost ~100 ms to import and a txt
    # parse should not pay for them.
    if fmt == "txt":
        from cchc.docparse.readers.txt import read_txt

        return read_txt
    if fmt == "docx":
        from cchc.docparse.readers.docx import read_docx

        return read_docx
    if fmt == "pdf":
        from cchc.docparse.readers.pdf import read_pdf

        return read_pdf
    if fmt == "html":
        from cchc.docparse.readers.html import read_html

        return read_html
    if fmt == "doc":
        from cchc.docparse.readers.doc import read_doc

        return read_doc
    if fmt == "image":
        from cchc.docparse.readers.scan import read_image

        return read_image
    raise UnreadableDocument("Không nhận dạng được định dạng tệp.")
