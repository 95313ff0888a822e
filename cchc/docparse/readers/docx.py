"""Word (.docx) documents: the body XML walked with lxml, paragraphs and tables in order.

python-docx is not used for reading: its per-cell property lookups are quadratic on large
tables, and a 1 MB plan with a long appendix must read in well under a second.

Conventions (shared with the html and pdf readers, see `table_grid`):
- a soft line break (w:br) splits a paragraph into two paragraphs (two lines of a cell);
- Word auto-numbering is rendered into the text ("I. MỤC TIÊU", "a) …", "- …");
- a cell merged across columns (gridSpan) is one cell with `spans=[n]`; a cell merged
  down rows (vMerge) is repeated into every row it covers;
- consecutive tables repeating the same header row (a table split over pages) are one.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from cchc.docparse.blocks import Block, Paragraph, SourceRef, Table
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers.docx_numbering import W, load_numbering
from cchc.docparse.readers.docx_text import DocxContext, load_styles, paragraph_lines
from cchc.docparse.readers.table_grid import GridCell, merge_continued_tables, rows_from_grid
from cchc.docparse.text import collapse

CORRUPT = (
    "Tệp Word (.docx) bị hỏng hoặc không đầy đủ, không đọc được nội dung. "
    "Hãy mở lại bằng Word, lưu lại thành .docx rồi tải lên lại."
)
NOT_WORD = "Tệp nén này không phải văn bản Word (.docx). Hãy tải lên đúng tệp kế hoạch."
TOO_LARGE = "Tệp Word quá lớn để đọc (trên 200 MB khi giải nén). Hãy tách văn bản hoặc bỏ bớt hình ảnh."
NO_TEXT = (
    "Tệp Word không có nội dung chữ (có thể chỉ chứa ảnh quét). "
    "Hãy dùng bản Word có chữ hoặc bản PDF có lớp chữ."
)
UNEXPECTED = (
    "Không đọc được tệp Word do cấu trúc bất thường. Hãy mở bằng Word, lưu lại thành .docx rồi tải lên lại."
)
_MAX_XML = 200 * 1024 * 1024  # guards against zip bombs
_TCPR, _GRID_SPAN, _VMERGE, _VAL = f"{W}tcPr", f"{W}gridSpan", f"{W}vMerge", f"{W}val"
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)


def read_docx(data: bytes) -> list[Block]:
    """Blocks of a .docx document; raises UnreadableDocument with a Vietnamese message."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE file: an old .doc, or a password-protected docx (EncryptedPackage).
        from cchc.docparse.readers.doc import read_doc

        return read_doc(data)
    try:
        blocks = _read(data)
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, etree.XMLSyntaxError, EOFError, zipfile.LargeZipFile, NotImplementedError):
        raise UnreadableDocument(CORRUPT) from None
    except Exception:  # a reader must never crash the import: anything odd is unreadable
        raise UnreadableDocument(UNEXPECTED) from None
    if not blocks:
        raise UnreadableDocument(NO_TEXT)
    return blocks


def _read(data: bytes) -> list[Block]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = _part(package, "word/document.xml", required=True)
        ctx = DocxContext(
            numberer=load_numbering(_part(package, "word/numbering.xml")),
            styles=load_styles(_part(package, "word/styles.xml")),
        )
    root = etree.fromstring(document, parser=_PARSER)
    body = root.find(f"{W}body")
    if body is None:
        raise UnreadableDocument(CORRUPT)
    blocks: list[Block] = []
    _walk(body, ctx, blocks)
    return merge_continued_tables(blocks)


def _part(package: zipfile.ZipFile, name: str, *, required: bool = False) -> bytes | None:
    try:
        info = package.getinfo(name)
    except KeyError:
        if required:
            raise UnreadableDocument(NOT_WORD) from None
        return None
    if info.file_size > _MAX_XML:
        raise UnreadableDocument(TOO_LARGE)
    return package.read(info)


def _walk(container: etree._Element, ctx: DocxContext, blocks: list[Block]) -> None:
    """Append the blocks of a body-like element (body, sdtContent) in document order."""
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            _add_paragraph(child, ctx, blocks)
        elif tag == f"{W}tbl":
            table = _table(child, ctx)
            if table.rows:
                blocks.append(table)
        elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins"):
            _walk(child, ctx, blocks)


def _add_paragraph(p: etree._Element, ctx: DocxContext, blocks: list[Block]) -> None:
    lines, bold = paragraph_lines(p, ctx)
    for line in lines:
        ctx.line += 1
        blocks.append(Paragraph(line, SourceRef(line_start=ctx.line, line_end=ctx.line), bold=bold))


def _table(tbl: etree._Element, ctx: DocxContext) -> Table:
    cells: list[GridCell] = []
    anchors: dict[int, GridCell] = {}  # grid column -> last cell starting there (vMerge target)
    for r, tr in enumerate(tbl.iterchildren(f"{W}tr")):
        col = _int_prop(tr.find(f"{W}trPr"), "gridBefore", 0)
        for tc in tr.iterchildren(f"{W}tc"):
            col += _cell(tc, r, col, ctx, cells, anchors)
    rows = [row for row in rows_from_grid(cells) if any(collapse(" ".join(c)) for c in row.cells)]
    return Table(rows=rows, ref=SourceRef())


def _cell(
    tc: etree._Element,
    r: int,
    col: int,
    ctx: DocxContext,
    cells: list[GridCell],
    anchors: dict[int, GridCell],
) -> int:
    """Place one w:tc on the grid; returns its column span."""
    span, merge = _cell_props(tc.find(_TCPR))
    anchor = anchors.get(col)
    if merge and anchor is not None and anchor.row + anchor.rowspan == r:
        anchor.rowspan += 1
        return span
    cell = GridCell(row=r, col=col, lines=_cell_lines(tc, ctx), colspan=span)
    cells.append(cell)
    anchors[col] = cell
    return span


def _cell_props(props: etree._Element | None) -> tuple[int, bool]:
    """(gridSpan, continues a vertical merge) of a cell, in one pass over tcPr."""
    span, merge = 1, False
    if props is None:
        return span, merge
    for child in props:
        if child.tag == _GRID_SPAN:
            span = max(1, _int(child.get(_VAL), 1))
        elif child.tag == _VMERGE:
            # <w:vMerge/> without a value continues the merge; val="restart" starts one.
            merge = child.get(_VAL, "continue") == "continue"
    return span, merge


def _cell_lines(tc: etree._Element, ctx: DocxContext) -> list[str]:
    lines: list[str] = []
    for child in tc:
        if child.tag == f"{W}p":
            lines.extend(paragraph_lines(child, ctx, want_bold=False)[0])
        elif child.tag == f"{W}tbl":  # a nested table: its text, row by row
            for row in _table(child, ctx).rows:
                lines.extend(line for cell in row.cells for line in cell)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            lines.extend(_cell_lines(child, ctx))
    return lines


def _int_prop(props: etree._Element | None, tag: str, default: int) -> int:
    node = props.find(f"{W}{tag}") if props is not None else None
    return _int(node.get(_VAL), default) if node is not None else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
