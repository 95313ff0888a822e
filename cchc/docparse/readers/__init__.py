"""Readers turn raw bytes into blocks; the format is sniffed from content, not name."""

from __future__ import annotations

from collections.abc import Callable

from cchc.docparse.blocks import Block
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers import sniff


def read_document(data: bytes, *, filename: str | None = None) -> tuple[str, list[Block]]:
    """(format, blocks) for a document; raises UnreadableDocument with a Vietnamese message."""
    fmt = sniff.detect_format(data, filename=filename)
    reader = _reader_for(fmt)
    return fmt, reader(data)


def _reader_for(fmt: str) -> Callable[[bytes], list[Block]]:
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
    raise UnreadableDocument("Không nhận dạng được định dạng tệp.")
