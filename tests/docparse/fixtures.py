"""Test documents (docx, pdf, html) built from a seed's text and its gold JSON.

Each builder makes a realistic document holding the same content as the seed, so a parse
of the built file can be held to the seed's gold:

- header: a borderless 2-column table (issuer | national motto, then "Số: …" | "place, ngày …");
- body: the seed's lines before the appendix, literally (numbering text kept), except that
  `AUTO_NUMBERED` seeds get their roman headings ("I.", "II." …) from Word auto-numbering;
- appendix (seeds with a task table): the appendix title lines, then the task table from the
  gold tasks: header row, one section row per gold section merged over all 6 columns with
  the text "<code>. <title>", one row per task; consecutive equal lead cells merged
  vertically; the table split in two halves with the header row repeated.

`expected_paragraphs` and `expected_table_rows` give what a reader should return.
All builders are deterministic and cached.
"""

from __future__ import annotations

import functools
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cchc.docparse.text import clean_inline

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = sorted(p.stem for p in (DATA / "seeds").glob("*.txt"))
TABLE_SEEDS = [s for s in SEEDS if s[:3] in ("000", "001", "002")]
AUTO_NUMBERED = {s for s in SEEDS if s.startswith("000")}
HEADER = ["STT", "Nhiệm vụ cụ thể", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
LEAD = 3
_JUNK = ("Hệ thống pháp luật", "Đang tải nội dung")
_SEPARATOR = re.compile(r"^[-_=.*\s]+$")
_ROMAN_HEADING = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+(.+)$")
_LETTER_CODE = re.compile(r"^(.+)\.([a-zđ])$")


@dataclass(frozen=True)
class Line:
    """A body line of the seed: cleaned text, bold hint, auto-numbered roman level."""

    text: str
    bold: bool = False
    roman: bool = False


@dataclass
class Seed:
    """A seed split into the parts a document builder lays out."""

    stem: str
    issuer: list[str] = field(default_factory=list)
    motto: list[str] = field(default_factory=list)
    number: list[str] = field(default_factory=list)
    date: list[str] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    appendix: list[Line] = field(default_factory=list)
    gold: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TableRow:
    """A row of the appendix table: kind is header, section or task."""

    kind: str
    cells: tuple[tuple[str, ...], ...]


# --------------------------------------------------------------------------- seed model


@functools.cache
def seed(stem: str) -> Seed:
    """The seed `stem` (e.g. "000_d819fbad9da38ddd") split into header, body and appendix."""
    raw = (DATA / "seeds" / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    lines = [line for line in (_line(r) for r in raw) if line is not None]
    out = Seed(stem=stem, gold=json.loads((DATA / "gold" / f"{stem}.json").read_text(encoding="utf-8")))
    no = next(i for i, line in enumerate(lines) if re.match(r"^Số\b", line.text))
    date = next(i for i in range(no + 1, len(lines)) if re.search(r",\s*ngày\b", lines[i].text))
    for line in lines[:no]:
        is_motto = line.text.startswith(("CỘNG HÒA", "Độc lập"))
        (out.motto if is_motto else out.issuer).append(line.text)
    out.number = [line.text for line in lines[no:date]]
    out.date = [lines[date].text]
    rest = lines[date + 1 :]
    cut = next((i for i, line in enumerate(rest) if line.text.casefold() == "phụ lục"), len(rest))
    out.body = _number_romans(rest[:cut]) if stem in AUTO_NUMBERED else rest[:cut]
    appendix = rest[cut:]
    stt = next((i for i, line in enumerate(appendix) if line.text.startswith("STT")), len(appendix))
    out.appendix = appendix[:stt]
    return out


def _line(raw: str) -> Line | None:
    text = clean_inline(raw).lstrip("#").strip()
    if not text or _SEPARATOR.match(text) or text.startswith(_JUNK):
        return None
    stripped = raw.strip()
    return Line(text, bold=stripped.startswith(("**", "#")) or stripped.endswith("**"))


def _number_romans(lines: list[Line]) -> list[Line]:
    """Mark the roman headings I, II, III … (in sequence) as auto-numbered."""
    expected = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    out, n = [], 0
    for line in lines:
        match = _ROMAN_HEADING.match(line.text)
        if match and n < len(expected) and match.group(1) == expected[n]:
            out.append(Line(match.group(2), bold=True, roman=True))
            n += 1
        else:
            out.append(line)
    return out


def expected_paragraphs(stem: str) -> list[str]:
    """Paragraph texts (outside tables) a reader should return, in order."""
    s = seed(stem)
    body = [_roman_text(s, line) for line in s.body]
    return body + [line.text for line in s.appendix]


def _roman_text(s: Seed, line: Line) -> str:
    if not line.roman:
        return line.text
    index = [x for x in s.body if x.roman].index(line)
    return f"{['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'][index]}. {line.text}"


# --------------------------------------------------------------------------- task table


@functools.cache
def table_rows(stem: str) -> tuple[TableRow, ...]:
    """The appendix table (header once) as printed, from the gold sections and tasks."""
    gold = seed(stem).gold
    tasks = gold["tasks"]
    rows = [TableRow("header", tuple((h,) for h in HEADER))]
    for section in gold["sections"]:
        rows.append(TableRow("section", ((f"{section['code']}. {section['title']}",),)))
        rows += [_task_row(t, tasks) for t in tasks if t["section"] == section["code"]]
    return tuple(rows)


def _task_row(task: dict, tasks: list[dict]) -> TableRow:
    title = task["title"]
    parent = _parent(task, tasks)
    if parent is not None and parent["title"] == title:
        title = ""  # the document leaves the title blank; the parser takes the parent's
    deadline = (task.get("deadline") or {}).get("text") or ""
    cells = (
        _opt(_stt(task, tasks)),
        _opt(title),
        tuple(f"- {p}" for p in task["products"]),
        _units(task["lead"]),
        _units(task["support"]),
        _opt(deadline),
    )
    return TableRow("task", cells)


def _opt(text: str) -> tuple[str, ...]:
    return (text,) if text else ()


def _parent(task: dict, tasks: list[dict]) -> dict | None:
    match = _LETTER_CODE.match(task["code"])
    if not match:
        return None
    return next((t for t in tasks if t["code"] == match.group(1)), None)


def _stt(task: dict, tasks: list[dict]) -> str:
    """The STT as printed: 'I.1' under roman section I is '1'; letter rows are '-' or blank."""
    code, section = task["code"], task["section"]
    match = _LETTER_CODE.match(code)
    if match:
        siblings = [t for t in tasks if (_LETTER_CODE.match(t["code"]) or [None, None])[1] == match.group(1)]
        return "-" if len(siblings) > 1 else ""
    if re.fullmatch(r"[IVXLC]+", section) and code.startswith(section + "."):
        return code[len(section) + 1 :]
    return code


def _units(units: list[str]) -> tuple[str, ...]:
    if any(";" in u for u in units):
        return tuple(f"- {u}" for u in units)  # a unit holding ";" needs one line per unit
    sep = "; " if any("," in u for u in units) else ", "
    return (sep.join(units),) if units else ()


def expected_table_rows(stem: str) -> list[list[list[str]]]:
    """Rows of the merged task table a reader should return (lead cells repeated)."""
    return [[list(cell) for cell in row.cells] for row in table_rows(stem)]


def table_halves(stem: str) -> tuple[list[TableRow], list[TableRow]]:
    """The table split in two, each half starting with the header row (as Word pastes it)."""
    rows = list(table_rows(stem))
    middle = len(rows) // 2
    return rows[:middle], [rows[0], *rows[middle:]]


def lead_spans(rows: list[TableRow]) -> list[int]:
    """Per row, how many rows its lead cell covers (0 for a covered row, 1 unmerged)."""
    spans = [1] * len(rows)
    start = None
    for i, row in enumerate(rows):
        same = (
            start is not None
            and row.kind == "task"
            and rows[start].kind == "task"
            and row.cells[LEAD]
            and row.cells[LEAD] == rows[start].cells[LEAD]
        )
        if same:
            spans[start] += 1
            spans[i] = 0
        else:
            start = i
    return spans


# --------------------------------------------------------------------------- packaging


def zip_bytes(parts: dict[str, bytes | str]) -> bytes:
    """A deterministic zip (fixed timestamps, sorted order) of the given parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


# --------------------------------------------------------------------------- docx

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="styles.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>
<Relationship Id="rId2" Target="numbering.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"/>
</Relationships>"""
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{_W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>
<w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
<w:rPr><w:b/></w:rPr></w:style>
</w:styles>"""
# numId 1: upper roman headings "I."; numId 2: "1." / "a)" / bullet levels, for reader tests.
_NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{_W_NS}">
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""
_NO_BORDERS = "".join(
    f'<w:{b} w:val="nil"/>' for b in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_BORDERS = "".join(
    f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for b in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_TASK_WIDTHS = (700, 3600, 2200, 2000, 2000, 1700)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx_paragraph(text: str, *, bold: bool = False, num: tuple[int, int] | None = None) -> str:
    """A w:p; long text is split over two runs as Word does, bold on every run."""
    ppr = (
        f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>'
        if num
        else ""
    )
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    cut = text.find(" ", len(text) // 2) if len(text) > 40 else -1
    pieces = [text[:cut], text[cut:]] if cut > 0 else [text]
    runs = "".join(f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(p)}</w:t></w:r>' for p in pieces)
    return f"<w:p>{ppr}{runs}</w:p>"


def docx_cell(
    lines: tuple[str, ...] | list[str], width: int, *, span: int = 1, vmerge: str | None = None
) -> str:
    """A w:tc with one paragraph per line (an empty paragraph when there are none)."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    props += {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}.get(vmerge or "", "")
    body = "".join(docx_paragraph(line) for line in lines) if vmerge != "continue" else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body or '<w:p/>'}</w:tc>"


def docx_table(rows_xml: list[str], widths: tuple[int, ...], *, borders: bool = True) -> str:
    """A w:tbl around prepared rows."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = f"<w:tblBorders>{_BORDERS if borders else _NO_BORDERS}</w:tblBorders>"
    props = f'<w:tblPr><w:tblW w:w="0" w:type="auto"/>{border}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    return f"<w:tbl>{props}{''.join(rows_xml)}</w:tbl>"


def docx_package(body_xml: str, *, landscape: bool = False) -> bytes:
    """A complete .docx around body XML (styles and numbering included), on A4 paper;
    landscape as offices print a wide task table."""
    size = (
        '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        if landscape
        else '<w:pgSz w:w="11906" w:h="16838"/>'
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W_NS}"><w:body>'
        f"{body_xml}<w:sectPr>{size}</w:sectPr></w:body></w:document>"
    )
    return zip_bytes(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _ROOT_RELS,
            "word/_rels/document.xml.rels": _DOC_RELS,
            "word/document.xml": document,
            "word/styles.xml": _STYLES,
            "word/numbering.xml": _NUMBERING,
        }
    )


def _docx_header(s: Seed) -> str:
    def row(left: list[str], right: list[str]) -> str:
        cells = docx_cell([], 4500).replace(
            "<w:p/>", "".join(docx_paragraph(t, bold=True) for t in left) or "<w:p/>"
        )
        cells += docx_cell([], 5200).replace(
            "<w:p/>", "".join(docx_paragraph(t, bold=True) for t in right) or "<w:p/>"
        )
        return f"<w:tr>{cells}</w:tr>"

    return docx_table([row(s.issuer, s.motto), row(s.number, s.date)], (4500, 5200), borders=False)


def _docx_task_rows(rows: list[TableRow]) -> list[str]:
    spans = lead_spans(rows)
    out = []
    for i, row in enumerate(rows):
        header = "<w:trPr><w:tblHeader/></w:trPr>" if row.kind == "header" else ""
        if row.kind == "section":
            cells = docx_cell(row.cells[0], sum(_TASK_WIDTHS), span=6)
        else:
            cells = "".join(
                docx_cell(cell, w, vmerge=_vmerge(spans[i]) if c == LEAD else None)
                for c, (cell, w) in enumerate(zip(row.cells, _TASK_WIDTHS, strict=True))
            )
        out.append(f"<w:tr>{header}{cells}</w:tr>")
    return out


def _vmerge(span: int) -> str | None:
    return "continue" if span == 0 else "restart" if span > 1 else None


_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


@functools.cache
def build_docx(stem: str) -> bytes:
    """A .docx of the seed (see the module docstring for the layout)."""
    s = seed(stem)
    parts = [_docx_header(s)]
    for line in s.body:
        parts.append(docx_paragraph(line.text, bold=line.bold, num=(1, 0) if line.roman else None))
    if stem in TABLE_SEEDS:
        parts.append(_PAGE_BREAK)
        parts += [docx_paragraph(line.text, bold=True) for line in s.appendix]
        first, second = table_halves(stem)
        parts.append(docx_table(_docx_task_rows(first), _TASK_WIDTHS))
        parts.append(_PAGE_BREAK)  # Word users paste the long table in two parts over a page break
        parts.append(docx_table(_docx_task_rows(second), _TASK_WIDTHS))
    return docx_package("".join(parts))


@functools.cache
def build_table_excerpt_docx(stem: str, sections: int) -> tuple[bytes, dict]:
    """A .docx of the seed's header and the first `sections` sections of its task table,
    and the gold restricted to them (a short document with a ruled table, for OCR)."""
    s = seed(stem)
    codes = [sec["code"] for sec in s.gold["sections"][:sections]]
    rows = [r for r in table_rows(stem) if r.kind == "header"]
    kept = []
    for row in table_rows(stem)[1:]:
        if row.kind == "section":
            kept.append(row.cells[0][0].split(".", 1)[0] in codes)
        if kept and kept[-1]:
            rows.append(row)
    body = [_docx_header(s), *(docx_paragraph(line.text, bold=True) for line in s.appendix)]
    body.append(docx_table(_docx_task_rows(rows), _TASK_WIDTHS))
    gold = {
        **s.gold,
        "sections": [sec for sec in s.gold["sections"] if sec["code"] in codes],
        "tasks": [t for t in s.gold["tasks"] if t["section"] in codes],
        "targets": [],
        "reporting": [],
    }
    return docx_package("".join(body), landscape=True), gold


# --------------------------------------------------------------------------- html

SITE_MENU = [
    "Trang chủ",
    "Văn bản mới ban hành",
    "Tra cứu văn bản pháp quy",
    "Hỏi đáp pháp luật",
    "Liên hệ quảng cáo",
]
SITE_SIDEBAR = ["Văn bản liên quan", "Quyết định 4424/QĐ-UBND năm 2021 về kế hoạch", "Xem thêm tin nổi bật"]
SITE_FOOTER = "Bản quyền thuộc về Công ty Cổ phần Pháp luật mẫu. Điện thoại đường dây nóng 1900 0000."


def _h(text: str) -> str:
    return _esc(text).replace('"', "&quot;")


def _html_lines(lines: list[str], *, bold: bool = False) -> str:
    body = "<br>\n".join(_h(t) for t in lines)
    return f"<p><b>{body}</b></p>" if bold and body else f"<p>{body}</p>"


def _html_header(s: Seed) -> str:
    row1 = f"<tr><td>{_html_lines(s.issuer, bold=True)}</td><td>{_html_lines(s.motto, bold=True)}</td></tr>"
    row2 = f"<tr><td>{_html_lines(s.number)}</td><td><p><i>{_h(s.date[0])}</i></p></td></tr>"
    return f'<table class="header" width="100%" border="0">{row1}{row2}</table>'


def _html_body(s: Seed) -> str:
    """Body lines as <p>; runs of "- " lines as <ul> lists; roman headings as <h3>."""
    out, items = [], []
    for line, text in zip(s.body, expected_paragraphs(s.stem), strict=False):
        if text.startswith("- ") and not line.bold:
            items.append(f"<li>{_h(text[2:])}</li>")
            continue
        if items:
            out.append(f"<ul>{''.join(items)}</ul>")
            items = []
        out.append(f"<h3>{_h(text)}</h3>" if line.roman else _html_lines([text], bold=line.bold))
    if items:
        out.append(f"<ul>{''.join(items)}</ul>")
    return "\n".join(out)


def _html_cell(lines: tuple[str, ...], attrs: str = "") -> str:
    if len(lines) > 1 and all(x.startswith("- ") for x in lines):
        inner = "<br>".join(_h(x) for x in lines)  # bullets typed with <br>, as CMS editors do
    else:
        inner = "".join(f"<p>{_h(x)}</p>" for x in lines)
    return f"<td{attrs}>{inner}</td>"


def _html_task_table(rows: list[TableRow]) -> str:
    spans = lead_spans(rows)
    out = []
    for i, row in enumerate(rows):
        if row.kind == "section":
            out.append(f'<tr><td colspan="6"><b>{_h(row.cells[0][0])}</b></td></tr>')
            continue
        cells = []
        for c, cell in enumerate(row.cells):
            if c == LEAD and spans[i] == 0:
                continue  # covered by the rowspan above
            attrs = f' rowspan="{spans[i]}"' if c == LEAD and spans[i] > 1 else ""
            cells.append(_html_cell(cell, attrs))
        out.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table border="1" cellspacing="0">{"".join(out)}</table>'


@functools.cache
def build_html(stem: str) -> bytes:
    """A saved web page of the seed: site menu, sidebar and footer around the document."""
    s = seed(stem)
    doc = [_html_header(s), _html_body(s)]
    if stem in TABLE_SEEDS:
        doc += [_html_lines([line.text], bold=True) for line in s.appendix]
        doc += [_html_task_table(half) for half in table_halves(stem)]
    menu = "".join(f'<li><a href="/m{i}">{m}</a></li>' for i, m in enumerate(SITE_MENU))
    side = "".join(f'<li><a href="/r{i}">{x}</a></li>' for i, x in enumerate(SITE_SIDEBAR))
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{_h(s.gold["document"]["title"] or stem)}</title>
<style>.content {{ font-family: serif; }}</style>
<script>var banner = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM quảng cáo";</script></head>
<body>
<div class="site-top"><a href="/">Thư viện văn bản</a> <span>Đăng nhập</span></div>
<nav><ul class="main-menu">{menu}</ul></nav>
<div class="container"><div class="row">
<div class="col-left"><div class="doc-content">
{"".join(doc)}
</div></div>
<div class="box-lienquan"><h4>Văn bản cùng lĩnh vực</h4><ul>{side}</ul></div>
</div></div>
<aside><p>Quảng cáo: khóa học nghiệp vụ hành chính</p></aside>
<footer><p>{SITE_FOOTER}</p></footer>
</body></html>"""
    return page.encode("utf-8")


# --------------------------------------------------------------------------- pdf

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@functools.cache
def _pdf_styles() -> dict:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    # Justified like official documents; a wrapped line then reaches the right margin.
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13, spaceAfter=6, alignment=4)
    return {
        "body": body,
        "bold": ParagraphStyle("bold", parent=body, fontName="DejaVuSans-Bold"),
        "head": ParagraphStyle(
            "head", parent=body, fontName="DejaVuSans-Bold", fontSize=9.5, alignment=1, spaceAfter=0
        ),
        "cell": ParagraphStyle("cell", fontName="DejaVuSans", fontSize=7.5, leading=9.5),
    }


def _pdf_para(text: str, style: str):
    from reportlab.platypus import Paragraph

    return Paragraph(_esc(text), _pdf_styles()[style])


def _pdf_header(s: Seed):
    from reportlab.platypus import Table

    def col(lines: list[str]) -> list:
        return [_pdf_para(t, "head") for t in lines] or ""

    table = Table([[col(s.issuer), col(s.motto)], [col(s.number), col(s.date)]], colWidths=[180, 295])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)])
    return table


def _pdf_task_table(rows: list[TableRow]):
    from reportlab.platypus import Table

    data, style = [], [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for r, row in enumerate(rows):
        if row.kind == "section":
            data.append([[_pdf_para(row.cells[0][0], "cell")], "", "", "", "", ""])
            style.append(("SPAN", (0, r), (5, r)))
        else:
            data.append([[_pdf_para(line, "cell") for line in cell] or "" for cell in row.cells])
    return Table(data, colWidths=[30, 150, 90, 80, 80, 70], repeatRows=1, style=style)


def _pdf_page_number(canvas, doc) -> None:
    canvas.setFont("DejaVuSans", 9)
    canvas.drawCentredString(297, 25, str(doc.page))  # page chrome the reader must drop


@functools.cache
def build_pdf(stem: str) -> bytes:
    """A PDF of the seed: header, body paragraphs, the ruled task table over several pages.

    Lead cells are not merged vertically here: a merged cell split by a page break is
    printed on one page only, which no reader can attribute to the rows on the next page.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    s = seed(stem)
    story = [_pdf_header(s)]
    story += [
        _pdf_para(text, "bold" if line.bold else "body")
        for line, text in zip(s.body, expected_paragraphs(stem), strict=False)
    ]
    if stem in TABLE_SEEDS:
        story.append(PageBreak())
        story += [_pdf_para(line.text, "bold") for line in s.appendix]
        story.append(_pdf_task_table(list(table_rows(stem))))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, leftMargin=60, rightMargin=60, title=stem)
    doc.build(story, onFirstPage=_pdf_page_number, onLaterPages=_pdf_page_number)
    return buffer.getvalue()
