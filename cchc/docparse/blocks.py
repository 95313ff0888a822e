"""The intermediate every reader produces and every extractor consumes.

A document is a list of blocks in reading order: paragraphs and tables. Readers
(txt, docx, pdf, html) differ only in how they find these; extractors never look
at the original format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of text came from, for the review screen.

    Text-like sources give 1-based line numbers; table cells add table/row/cell
    indexes (0-based, in document order).
    """

    line_start: int | None = None
    line_end: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    # Fields (title, lead, …) read by OCR with a low confidence: the review marks them.
    low_confidence: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, int | list[str]]:
        """The set fields, for the JSON output."""
        out = {k: v for k, v in self.__dict__.items() if v is not None}
        if self.low_confidence is not None:
            out["low_confidence"] = list(self.low_confidence)
        return out


@dataclass
class Paragraph:
    """One paragraph of body text, whitespace-collapsed, markup removed.

    `bold` is True when the whole paragraph was bold (a heading hint from docx/html);
    readers that cannot tell leave it False. `confidence` (0–100) is set only by OCR.
    """

    text: str
    ref: SourceRef = field(default_factory=SourceRef)
    bold: bool = False
    confidence: float | None = None


@dataclass
class Row:
    """One table row. Each cell is a list of its paragraphs (a cell's lines).

    Merged cells are repeated in every row/column they span, and `spans` says how many
    grid columns each cell covers (1 when unmerged), so a section title spanning the
    whole row can be told from a task row. `confidence` holds each cell's OCR confidence
    (0–100) when the row was recognised from a scan.
    """

    cells: list[list[str]]
    ref: SourceRef = field(default_factory=SourceRef)
    spans: list[int] | None = None
    confidence: list[float | None] | None = None

    def cell_text(self, i: int, sep: str = " ") -> str:
        """The text of cell i with its paragraphs joined (empty when absent)."""
        if i >= len(self.cells):
            return ""
        return sep.join(p for p in self.cells[i] if p).strip()


@dataclass
class Table:
    """A table in document order; `header` is the header row when the reader knows it."""

    rows: list[Row]
    ref: SourceRef = field(default_factory=SourceRef)


Block = Paragraph | Table
