"""Plain text as pasted from legal-document websites (first version: one paragraph per line)."""

from __future__ import annotations

from cchc.docparse.blocks import Block, Paragraph, SourceRef
from cchc.docparse.text import clean_inline


def read_txt(data: bytes) -> list[Block]:
    """Blocks for a text document."""
    return read_lines(data.decode("utf-8-sig", errors="replace").splitlines())


def read_lines(lines: list[str]) -> list[Block]:
    """Blocks for text lines (line i of the list is line i+1 of the source).

    Also used by the PDF reader for pages without ruled tables.
    """
    blocks: list[Block] = []
    for no, line in enumerate(lines, start=1):
        cleaned = clean_inline(line).lstrip("#").strip()
        if cleaned:
            blocks.append(Paragraph(cleaned, SourceRef(line_start=no, line_end=no)))
    return blocks
