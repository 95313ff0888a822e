"""Tell the format of a document from its bytes (the file name is only a hint)."""

from __future__ import annotations

import io
import re
import zipfile

from cchc.docparse.errors import UnreadableDocument

# Control characters other than tab, line feed, form feed and carriage return.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")

NOT_A_DOCUMENT = (
    "Tệp không phải là văn bản đọc được (docx, pdf, html, txt, doc hoặc ảnh quét png, jpg, tiff). "
    "Hãy tải lên bản Word (.docx), PDF, trang HTML, ảnh quét hoặc dán nội dung văn bản."
)
EMPTY = "Tệp rỗng: không có nội dung để đọc. Hãy chọn đúng tệp kế hoạch."
# A plan, even with appendices, is a few MB; anything larger is a wrong file or a paste
# gone astray, and parsing it would tie up a worker for minutes.
MAX_BYTES = 20 * 1024 * 1024
TOO_LARGE = (
    "Tệp quá lớn (trên 20 MB) để là một văn bản kế hoạch. "
    "Hãy kiểm tra lại tệp, hoặc tách bỏ phần phụ lục hình ảnh rồi tải lên lại."
)


# PNG, JPEG, TIFF (little- and big-endian): scanned pages, read by OCR.
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def detect_format(data: bytes, *, filename: str | None = None) -> str:
    """One of txt, docx, pdf, html, doc, image; raises UnreadableDocument otherwise."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(TOO_LARGE)
    if not data.strip():
        raise UnreadableDocument(EMPTY)
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        return _zip_format(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    text = _as_text(data)
    if text is None:
        raise UnreadableDocument(NOT_A_DOCUMENT)
    head = text[:4000].lower()
    if "<html" in head or "<!doctype html" in head or "<body" in head:
        return "html"
    return "txt"


def _zip_format(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):  # "zip file version 8.4"
        raise UnreadableDocument(
            "Tệp Word (.docx) bị hỏng hoặc không đầy đủ. Hãy mở lại bằng Word, lưu lại rồi tải lên."
        ) from None
    if "word/document.xml" in names:
        return "docx"
    raise UnreadableDocument(NOT_A_DOCUMENT)


def _as_text(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    return None


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    return len(_CONTROLS.findall(sample)) / len(sample) < 0.01
