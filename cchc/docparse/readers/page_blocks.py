"""Pages of positioned items (text lines and ruled tables) → the document's blocks.

Shared by the PDF reader (a text layer) and the scan reader (OCR): each page is a list of
items top to bottom; a table continued at the top of the next page is joined to the one
that ended the page before; runs of text lines go through `txt.read_lines`, which also
rebuilds tables printed without rulings. An OCR line's confidence is carried over to the
paragraph made of it (the lowest of its lines).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cchc.docparse.blocks import Block, Paragraph, SourceRef, Table
from cchc.docparse.readers.table_grid import continues, join_tables
from cchc.docparse.readers.txt import read_lines


@dataclass(frozen=True)
class TextItem:
    """A logical text line of a page, with its OCR confidence when it was recognised."""

    text: str
    conf: float | None = None


PageItem = TextItem | Table


def join_pages(pages: list[list[PageItem]]) -> list[PageItem]:
    """Page items in order, a table continued at the top of the next page merged."""
    out: list[PageItem] = []
    for items in pages:
        first = items[0] if items else None
        last = out[-1] if out else None
        if isinstance(last, Table) and isinstance(first, Table) and continues(last, first, same_width=True):
            out[-1] = join_tables(last, first)
            items = items[1:]
        out += items
    return out


def items_to_blocks(items: list[PageItem]) -> list[Block]:
    """Blocks for joined page items; line numbers count the text lines from the start."""
    blocks: list[Block] = []
    run: list[TextItem] = []
    offset = 0
    for item in [*items, None]:
        if isinstance(item, TextItem):
            run.append(item)
            continue
        if run:
            blocks += [_with_conf(_shift(b, offset), run, offset) for b in read_lines([t.text for t in run])]
            offset += len(run)
            run = []
        if isinstance(item, Table):
            blocks.append(item)
    return blocks


def _with_conf(block: Block, run: list[TextItem], offset: int) -> Block:
    if not isinstance(block, Paragraph) or block.ref.line_start is None:
        return block
    end = block.ref.line_end or block.ref.line_start
    confs = [t.conf for t in run[block.ref.line_start - 1 - offset : end - offset] if t.conf is not None]
    return replace(block, confidence=min(confs)) if confs else block


def _shift(block: Block, offset: int) -> Block:
    """A block from read_lines with its line numbers counted from the document start."""
    if isinstance(block, Paragraph):
        return replace(block, ref=_shift_ref(block.ref, offset))
    if isinstance(block, Table):
        rows = [replace(r, ref=_shift_ref(r.ref, offset)) for r in block.rows]
        return Table(rows=rows, ref=_shift_ref(block.ref, offset))
    return block


def _shift_ref(ref: SourceRef, offset: int) -> SourceRef:
    return replace(
        ref,
        line_start=None if ref.line_start is None else ref.line_start + offset,
        line_end=None if ref.line_end is None else ref.line_end + offset,
    )
