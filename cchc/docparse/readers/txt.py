"""Plain text as pasted from legal-document websites → paragraphs and tables.

Pasting loses the page's structure in a few recurring ways, which are undone here:
page chrome around the document ("Đang tải nội dung…", view counters, a metadata block),
markdown markers (`##`, `**bold**`), words glued together ("263/KH-UBNDngày") or
broken over two lines, and tables flattened in one of several ways (see flat_tables).
"""

from __future__ import annotations

import re

from cchc.docparse.blocks import Block, Paragraph, SourceRef, Table
from cchc.docparse.outline import continues_paragraph
from cchc.docparse.readers.flat_tables import find_tables
from cchc.docparse.readers.text_lines import Line, prepare_lines

_HEADING_HASHES = re.compile(r"^\s*#{1,6}\s*")
_WHOLE_BOLD = re.compile(r"^\s*(?:#{1,6}\s*)?(\*\*|__)(?!\s).*\S\1\s*$")


def read_txt(data: bytes) -> list[Block]:
    """Blocks for a text document."""
    return read_lines(data.decode("utf-8-sig", errors="replace").splitlines())


def read_lines(lines: list[str]) -> list[Block]:
    """Blocks for text lines (line i of the list is line i+1 of the source).

    Also used by the PDF reader for text outside ruled tables.
    """
    prepared = prepare_lines(lines)
    blocks: list[Block] = []
    pos = 0
    for region in find_tables(prepared):
        blocks += _paragraphs(prepared[pos : region.start])
        blocks.append(region.table)
        blocks += _paragraphs(region.notes)
        pos = region.end
    blocks += _paragraphs(prepared[pos:])
    return _number_tables(blocks)


def _paragraphs(lines: list[Line]) -> list[Paragraph]:
    """One paragraph per text line, with lines broken mid-sentence joined back."""
    out: list[Paragraph] = []
    blanks = 0
    for line in lines:
        if line.kind != "text":
            blanks += line.kind == "blank"
            continue
        para = _paragraph(line)
        if para.text and out and blanks <= 1 and continues_paragraph(out[-1].text, para.text):
            last = out[-1]
            last.text = f"{last.text} {para.text}"
            last.ref = SourceRef(line_start=last.ref.line_start, line_end=line.no)
        elif para.text:
            out.append(para)
        blanks = 0
    return out


def _paragraph(line: Line) -> Paragraph:
    text = _HEADING_HASHES.sub("", line.clean).strip()
    return Paragraph(
        text, SourceRef(line_start=line.no, line_end=line.no), bold=bool(_WHOLE_BOLD.match(line.text))
    )


def _number_tables(blocks: list[Block]) -> list[Block]:
    """Give tables and their rows table/row indexes and line spans."""
    index = 0
    for block in blocks:
        if not isinstance(block, Table) or not block.rows:
            continue
        first, last = block.rows[0].ref.line_start, block.rows[-1].ref.line_end
        block.ref = SourceRef(line_start=first, line_end=last, table=index)
        for r, row in enumerate(block.rows):
            row.ref = SourceRef(line_start=row.ref.line_start, line_end=row.ref.line_end, table=index, row=r)
        index += 1
    return blocks
