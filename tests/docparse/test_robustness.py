"""Whatever a user uploads, `parse` gives a PlanDraft or an UnreadableDocument, never a crash.

A PlanDraft must serialise to strict JSON (the web import stores it as is); an
UnreadableDocument must carry a one-line Vietnamese message the user can act on.
"""

from __future__ import annotations

import functools
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.docparse import PlanDraft, UnreadableDocument, parse

ROOT = Path(__file__).resolve().parents[2]
SEED_BYTES = [p.read_bytes() for p in sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))]
VIETNAMESE_LETTERS = set("ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữự")

ROBUST = settings(
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_handled(data: bytes, filename: str | None = None) -> PlanDraft | UnreadableDocument:
    """Parse data; fail unless the result is a JSON-safe PlanDraft or a usable refusal."""
    try:
        draft = parse(data, filename=filename)
    except UnreadableDocument as exc:
        assert_user_message(exc.message)
        return exc
    assert isinstance(draft, PlanDraft)
    json.dumps(draft.to_dict(), ensure_ascii=False, allow_nan=False)
    return draft


def assert_user_message(message: str) -> None:
    """One non-empty line, in Vietnamese."""
    assert message.strip()
    assert "\n" not in message
    assert VIETNAMESE_LETTERS & set(message.lower()), message


def refusal(data: bytes, filename: str | None = None) -> str:
    """The message of the UnreadableDocument that data must raise."""
    with pytest.raises(UnreadableDocument) as info:
        parse(data, filename=filename)
    assert_user_message(info.value.message)
    return info.value.message


@functools.cache
def small_docx() -> bytes:
    """A small plan-like .docx: a heading, body text and a three-row task table."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("KẾ HOẠCH Cải cách hành chính năm 2024")
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    doc.add_paragraph(
        "Nâng cao chất lượng giải quyết thủ tục hành chính; tỷ lệ hồ sơ đúng hạn từ 98% trở lên."
    )
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"], strict=True):
        cell.text = text
    for n in range(1, 4):
        row = [str(n), f"Rà soát thủ tục hành chính lĩnh vực {n}", "Phòng Nội vụ", f"Quý {'I' * n}/2024"]
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@functools.cache
def small_pdf(*, text: bool = True, password: str | None = None) -> bytes:
    """A one-page PDF: a line of Vietnamese text, or only a drawn rectangle (a 'scan')."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    encrypt = pdfencrypt.StandardEncryption(password, canPrint=0) if password else None
    page = canvas.Canvas(out, encrypt=encrypt)
    if text:
        page.drawString(72, 720, "Ke hoach cai cach hanh chinh nam 2024")
    page.rect(72, 300, 300, 200, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()


def png_image() -> bytes:
    """A valid 16x16 red PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    pixels = b"".join(b"\x00" + b"\xc8\x1e\x1e" * 16 for _ in range(16))
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def flip(data: bytes, positions: list[int], value: int) -> bytes:
    """data with the byte at each position (mod len) XOR-ed with value (1..255)."""
    out = bytearray(data)
    for pos in positions:
        out[pos % len(out)] ^= value
    return bytes(out)


# --- generated inputs -------------------------------------------------------------


@ROBUST
@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    assert_handled(text.encode("utf-8"), filename="dan.txt")


@ROBUST
@given(
    st.lists(st.sampled_from(["I.", "1.", "a)", "-", "Số: 12/KH-UBND", "Quý I/2024", "Phòng Nội vụ", "|"]))
)
def test_random_plan_like_lines(pieces: list[str]) -> None:
    # Random text rarely looks like a plan; these fragments steer the extractors into their rules.
    assert_handled("\n".join(pieces).encode("utf-8"), filename="ke-hoach.txt")


@ROBUST
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    assert_handled(data)


@ROBUST
@given(
    st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html><body>"]),
    st.binary(),
)
def test_random_bytes_behind_a_format_signature(magic: bytes, tail: bytes) -> None:
    assert_handled(magic + tail)


@ROBUST
@given(st.sampled_from(range(len(SEED_BYTES))), st.floats(min_value=0, max_value=1))
def test_truncated_seed(index: int, fraction: float) -> None:
    data = SEED_BYTES[index]
    # The cut may fall inside a multi-byte UTF-8 letter, as in a broken copy-paste.
    assert_handled(data[: int(len(data) * fraction)], filename="cat-ngang.txt")


@ROBUST
@given(st.floats(min_value=0, max_value=0.999))
def test_truncated_docx(fraction: float) -> None:
    data = small_docx()
    assert_handled(data[: int(len(data) * fraction)], filename="ke-hoach.docx")


@ROBUST
@given(st.lists(st.integers(min_value=0), min_size=1, max_size=8), st.integers(min_value=1, max_value=255))
def test_docx_with_flipped_bytes(positions: list[int], value: int) -> None:
    assert_handled(flip(small_docx(), positions, value), filename="ke-hoach.docx")


@ROBUST
@given(st.lists(st.integers(min_value=0), min_size=1, max_size=8), st.integers(min_value=1, max_value=255))
def test_pdf_with_flipped_bytes(positions: list[int], value: int) -> None:
    assert_handled(flip(small_pdf(), positions, value), filename="ke-hoach.pdf")


# --- explicit cases ---------------------------------------------------------------


def test_the_small_documents_are_read() -> None:
    # The mutation tests only mean something if the unmutated files parse.
    assert isinstance(assert_handled(small_docx(), filename="ke-hoach.docx"), PlanDraft)
    assert isinstance(assert_handled(small_pdf(), filename="ke-hoach.pdf"), PlanDraft)


@pytest.mark.parametrize("data", [b"", b" \r\n\t "], ids=["empty", "whitespace"])
def test_empty_file_is_refused(data: bytes) -> None:
    assert "rỗng" in refusal(data, filename="trong.txt")


def test_zip_that_is_not_a_word_file_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("bao-cao.txt", "xin chào")
    refusal(out.getvalue(), filename="ke-hoach.docx")


def test_image_is_refused() -> None:
    refusal(png_image(), filename="ke-hoach.png")


def test_pdf_without_text_layer_and_without_tesseract_says_how_to_install(monkeypatch) -> None:
    from cchc.docparse.readers import ocr_engine

    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    assert "tesseract-ocr-vie" in refusal(small_pdf(text=False), filename="ban-quet.pdf")


def test_encrypted_pdf_is_refused() -> None:
    assert "mật khẩu" in refusal(small_pdf(password="bi-mat"), filename="ke-hoach.pdf")


def test_a_50_mb_paste_is_refused() -> None:
    data = "Kế hoạch cải cách hành chính năm 2024.\n".encode() * (50 * 2**20 // 42)
    assert "quá lớn" in refusal(data, filename="dan.txt")
