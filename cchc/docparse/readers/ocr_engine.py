"""Tesseract, called through its command line: page images → words with confidences.

The CLI is the interface Debian packages (`tesseract-ocr`, `tesseract-ocr-vie`) and every
binding wraps; calling it directly keeps the parser free of a compiled dependency. Each
page runs in its own process with OpenMP limited to one thread, and pages run in parallel
(one per core): on 2 cores that is about twice as fast as one multi-threaded process.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

from cchc.docparse.errors import UnreadableDocument

LANGUAGE = "vie"
# Seconds one page may take before the document is given up (a 300 dpi A4 page takes 3–5 s).
PAGE_TIMEOUT = 120
NOT_INSTALLED = (
    "Văn bản là bản quét (ảnh, không có lớp chữ) nên cần nhận dạng chữ (OCR), nhưng máy chủ chưa cài "
    "Tesseract với tiếng Việt. Quản trị viên cài bằng lệnh: sudo apt-get install tesseract-ocr "
    "tesseract-ocr-vie; hoặc hãy tải lên bản Word hay PDF có lớp chữ."
)
FAILED = (
    "Không nhận dạng được chữ trên trang %(page)s của bản quét. Hãy quét lại rõ hơn (300 dpi) rồi tải lên."
)


@dataclass(frozen=True)
class Word:
    """One recognised word: pixel box, confidence 0–100, and Tesseract's line key."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple[int, int, int]  # (block, paragraph, line) as numbered by Tesseract

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@cache
def available() -> bool:
    """True when the tesseract binary is installed with the Vietnamese model."""
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in out.stdout.split()


def recognise(
    pages: Iterable[bytes], *, count: int, progress: Callable[[int, int], None] | None = None
) -> list[list[Word]]:
    """The words of each page image (PNG bytes), in page order; raises UnreadableDocument."""
    if not available():
        raise UnreadableDocument(NOT_INSTALLED)
    workers = max(1, min(os.cpu_count() or 1, count))
    results: list[list[Word]] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for number, words in enumerate(pool.map(_page_words, enumerate(pages, start=1)), start=1):
            results.append(words)
            if progress is not None:
                progress(number, count)
    return results


def recognise_block(png: bytes) -> list[Word]:
    """The words of a small image read as one block of text (a table cell the page-level
    layout analysis found empty: it drops short numbers in a narrow column)."""
    return _page_words((1, png), psm="6")


def _page_words(numbered: tuple[int, bytes], psm: str = "3") -> list[Word]:
    number, png = numbered
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        out = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--psm", psm, "tsv"],
            input=png,
            capture_output=True,
            timeout=PAGE_TIMEOUT,
            env=env,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        raise UnreadableDocument(FAILED % {"page": number}) from None
    return list(_parse_tsv(out.stdout.decode("utf-8", errors="replace")))


def _parse_tsv(tsv: str) -> Iterator[Word]:
    """Level-5 rows (words) of Tesseract's TSV output; empty and negative-confidence rows skipped."""
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        conf = float(row.get("conf") or -1)
        if conf < 0:
            continue
        yield Word(
            text=text,
            left=int(row["left"]),
            top=int(row["top"]),
            width=int(row["width"]),
            height=int(row["height"]),
            conf=conf,
            line=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
        )
