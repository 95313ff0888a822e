"""Saved web pages (.html): the document itself, without the site's menus and sidebars.

Steps: decode (meta charset, else UTF-8, else Windows-1258); drop script/style/nav/header/
footer/aside/form and elements whose class or id names a menu or sidebar; pick the content
container, the deepest element holding most of the page's non-link text (menus and
"related documents" boxes are mostly links) and containing the national motto line when
the page has one; walk it in order with `html_flow`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from cchc.docparse.blocks import Block
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers.html_flow import html_blocks, tag_of
from cchc.docparse.readers.table_grid import merge_continued_tables
from cchc.docparse.text import normalise_unicode

NO_CONTENT = (
    "Trang HTML không có nội dung văn bản đọc được. "
    "Hãy lưu đúng trang chứa toàn văn kế hoạch (hoặc tải bản Word/PDF) rồi tải lên lại."
)
BROKEN = "Không đọc được tệp HTML (cấu trúc hỏng). Hãy lưu lại trang web hoặc tải bản Word/PDF."
_DROP_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "button", "select", "template", "object", "embed", "link", "meta", "head", "title", "input",
}  # fmt: skip
_MENU_WORDS = {"menu", "nav", "navbar", "sidebar", "footer", "breadcrumb", "breadcrumbs", "topbar", "banner"}
_CONTAINERS = {"div", "article", "main", "section", "td", "body"}
_MOTTO = "cộng hòa xã hội chủ nghĩa việt nam"
_SHARE = 0.8  # the container holds at least this share of the page's non-link text
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_html(data: bytes) -> list[Block]:
    """Blocks of the main document in a saved web page."""
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", _decode(data)))
    except (etree.ParserError, ValueError):
        raise UnreadableDocument(BROKEN) from None
    try:
        body = root.find("body") if root.find("body") is not None else root
        _strip_chrome(body)
        blocks = merge_continued_tables(html_blocks(_content(body)))
    except RecursionError:  # absurdly deep nesting
        raise UnreadableDocument(BROKEN) from None
    if not blocks:
        raise UnreadableDocument(NO_CONTENT)
    return blocks


def _decode(data: bytes) -> str:
    match = _CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "ignore") if match else None
    for encoding in (declared, "utf-8", "cp1258"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def _strip_chrome(body: HtmlElement) -> None:
    """Remove page chrome in place (keeping anything that holds the national motto)."""
    doomed = [el for el in body.iter() if _is_chrome(el)]
    for el in doomed:
        if el.getparent() is not None and _MOTTO not in _norm(el.text_content()):
            el.drop_tree()  # drop_tree keeps the tail text, which belongs to the parent


def _is_chrome(el: HtmlElement) -> bool:
    tag = tag_of(el)
    if not tag:
        return True  # comments and processing instructions
    if tag in _DROP_TAGS:
        return True
    if "display:none" in (el.get("style") or "").replace(" ", "").lower():
        return True
    words = set(re.split(r"[\s_-]+", f"{el.get('class', '')} {el.get('id', '')}".lower()))
    return bool(words & _MENU_WORDS)


def _content(body: HtmlElement) -> HtmlElement:
    """The content container: the deepest element with most of the non-link text."""
    sizes: dict[HtmlElement, int] = {}
    for el in reversed(list(body.iter())):  # children before parents
        own = 0 if tag_of(el) == "a" else len((el.text or "").strip())
        sizes[el] = own + sum(sizes.get(c, 0) + len((c.tail or "").strip()) for c in el)
    total = sizes.get(body, 0)
    best, best_depth = body, 0
    for el, depth in _with_depth(body):
        if tag_of(el) in _CONTAINERS and sizes[el] >= _SHARE * total and depth > best_depth:
            best, best_depth = el, depth
    return _with_motto(best, body)


def _with_depth(root: HtmlElement) -> Iterator[tuple[HtmlElement, int]]:
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        yield el, depth
        stack.extend((c, depth + 1) for c in el if tag_of(c))


def _with_motto(el: HtmlElement, body: HtmlElement) -> HtmlElement:
    # The document header belongs to the document: widen the container until it has it.
    if _MOTTO not in _norm(body.text_content()):
        return el
    while el is not body and _MOTTO not in _norm(el.text_content()):
        el = el.getparent()
    return el


def _norm(text: str) -> str:
    return " ".join(normalise_unicode(text).lower().replace("hoà", "hòa").split())
