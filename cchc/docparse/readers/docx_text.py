"""Text of a Word paragraph: runs, line breaks, bold and the auto-numbering label."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from cchc.docparse.readers.docx_numbering import Numberer, W
from cchc.docparse.text import clean_inline, collapse, normalise_unicode

_OFF = {"0", "false", "off", "none"}
# Containers whose runs are part of the paragraph text (hyperlinks, tracked insertions…).
_INLINE = {f"{W}{t}" for t in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml")}
_R = f"{W}r"
_PPR, _RPR = f"{W}pPr", f"{W}rPr"
_MC_CHOICE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"


@dataclass
class Style:
    """What a paragraph or character style contributes: bold, numbering, parent style."""

    bold: bool | None = None
    num: tuple[str, int] | None = None
    based_on: str | None = None


@dataclass
class DocxContext:
    """Per-document state: numbering counters, styles, paragraph counter for refs."""

    numberer: Numberer
    styles: dict[str, Style] = field(default_factory=dict)
    line: int = 0

    def style_bold(self, style_id: str | None) -> bool | None:
        """Bold set by a style or the styles it is based on (None when unset)."""
        return self._inherit(style_id, "bold")

    def style_num(self, style_id: str | None) -> tuple[str, int] | None:
        """Numbering attached to a paragraph style (list styles such as 'Heading 1')."""
        return self._inherit(style_id, "num")

    def _inherit(self, style_id: str | None, attr: str) -> Any:
        seen: set[str] = set()
        while style_id and style_id not in seen:  # basedOn chains can be cyclic in odd files
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return None
            if getattr(style, attr) is not None:
                return getattr(style, attr)
            style_id = style.based_on
        return None


def load_styles(xml: bytes | None) -> dict[str, Style]:
    """Styles by id from styles.xml (bold, numbering and basedOn only)."""
    if not xml:
        return {}
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
    styles: dict[str, Style] = {}
    for node in root.iter(f"{W}style"):
        based = node.find(f"{W}basedOn")
        styles[node.get(f"{W}styleId", "")] = Style(
            bold=_bold(node.find(f"{W}rPr")),
            num=_num(node.find(f"{W}pPr")),
            based_on=based.get(f"{W}val") if based is not None else None,
        )
    return styles


def paragraph_lines(p: etree._Element, ctx: DocxContext, *, want_bold: bool = True) -> tuple[list[str], bool]:
    """(cleaned non-empty lines, all-bold) of a w:p; the numbering label starts line one.

    Table cells pass `want_bold=False`: bold is not reported for cells and skipping it
    halves the time spent on large tables.
    """
    props = _first_child(p, _PPR)
    style_id = _val(props, "pStyle")
    default_bold = bool(ctx.style_bold(style_id)) if want_bold else False
    pieces: list[tuple[str, bool]] = []
    _collect(p, ctx, default_bold if want_bold else None, pieces)
    label = _label(props, style_id, ctx)
    lines = [_clean(line) for line in "".join(t for t, _ in pieces).split("\n")]
    lines = [line for line in lines if line]
    if lines and label:
        lines[0] = f"{label} {lines[0]}"
    bold_flags = [b for t, b in pieces if t.strip()]
    return lines, bool(bold_flags) and all(bold_flags)


def _clean(line: str) -> str:
    # clean_inline's markup stripping is the costly part; most Word text has no markup.
    if "<" in line or "&" in line or "*" in line or "_" in line:
        return clean_inline(line)
    return collapse(normalise_unicode(line))


def _collect(
    node: etree._Element, ctx: DocxContext, default_bold: bool | None, out: list[tuple[str, bool]]
) -> None:
    for child in node:
        tag = child.tag
        if tag == _R:
            bold = False if default_bold is None else _run_bold(child, ctx, default_bold)
            out.append((_run_text(child), bold))
        elif tag in _INLINE:
            _collect(child, ctx, default_bold, out)
        elif tag == _MC_CHOICE and len(child):
            _collect(child[0], ctx, default_bold, out)  # the Choice branch; Fallback repeats it


def _run_text(run: etree._Element) -> str:
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            parts.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag in (f"{W}noBreakHyphen", f"{W}softHyphen"):
            parts.append("-" if tag.endswith("noBreakHyphen") else "")
    return "".join(parts)


def _first_child(node: etree._Element, tag: str) -> etree._Element | None:
    """The properties child (w:pPr, w:rPr): the schema puts it first, so no find() is needed."""
    if not len(node):
        return None
    first = node[0]
    return first if first.tag == tag else None


def _run_bold(run: etree._Element, ctx: DocxContext, default_bold: bool) -> bool:
    props = _first_child(run, _RPR)
    direct = _bold(props)
    if direct is not None:
        return direct
    style_bold = ctx.style_bold(_val(props, "rStyle"))
    return default_bold if style_bold is None else style_bold


def _bold(props: etree._Element | None) -> bool | None:
    node = props.find(f"{W}b") if props is not None else None
    if node is None:
        return None
    return node.get(f"{W}val", "true").lower() not in _OFF


def _num(props: etree._Element | None) -> tuple[str, int] | None:
    numpr = props.find(f"{W}numPr") if props is not None else None
    if numpr is None:
        return None
    num_id = _val(numpr, "numId")
    try:
        ilvl = int(_val(numpr, "ilvl") or 0)
    except ValueError:
        ilvl = 0
    return (num_id or "0", ilvl)


def _label(props: etree._Element | None, style_id: str | None, ctx: DocxContext) -> str:
    direct = _num(props)
    num = direct or ctx.style_num(style_id)
    if num is None:
        return ""
    if direct is not None and direct[0] != "0" and _val(props.find(f"{W}numPr"), "ilvl") is None:
        style_num = ctx.style_num(style_id)  # numId given, level inherited from the style
        num = (direct[0], style_num[1] if style_num else 0)
    if num[0] == "0":  # numId 0 switches numbering off
        return ""
    return ctx.numberer.label(num[0], num[1])


def _val(props: etree._Element | None, tag: str) -> str | None:
    node = props.find(f"{W}{tag}") if props is not None else None
    return None if node is None else node.get(f"{W}val")
