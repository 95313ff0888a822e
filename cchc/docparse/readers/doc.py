"""Old Word (.doc) files and other OLE containers (password-protected .docx).

A .doc is converted to .docx by LibreOffice (`soffice --headless --convert-to docx`) in a
temporary directory and read by the docx reader. Without LibreOffice on PATH the user is
told to save the file as .docx. A password-protected .docx is also an OLE file, holding an
"EncryptedPackage" stream: it gets its own message, since converting cannot help.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cchc.docparse.blocks import Block
from cchc.docparse.errors import UnreadableDocument

ENCRYPTED = (
    "Tệp Word được đặt mật khẩu nên không đọc được nội dung; "
    "hãy bỏ mật khẩu (File > Info > Protect Document) rồi tải lên lại."
)
NEEDS_LIBREOFFICE = (
    "Định dạng .doc (Word cũ) cần LibreOffice để đọc; hãy lưu tệp thành .docx rồi tải lên lại."
)
CONVERSION_FAILED = (
    "Không chuyển được tệp .doc (Word cũ) sang .docx; tệp có thể bị hỏng. "
    "Hãy mở bằng Word, lưu thành .docx rồi tải lên lại."
)
TIMED_OUT = (
    "Chuyển tệp .doc (Word cũ) sang .docx quá lâu (trên 60 giây). Hãy lưu tệp thành .docx rồi tải lên lại."
)
NOT_WORD = "Tệp này là tệp Office nhưng không phải văn bản Word (.doc/.docx). Hãy tải lên đúng tệp kế hoạch."
TIMEOUT_SECONDS = 60
# OLE directory entries store stream names in UTF-16LE.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WORD_DOCUMENT = "WordDocument".encode("utf-16-le")


def read_doc(data: bytes) -> list[Block]:
    """Blocks of a .doc file via LibreOffice; raises UnreadableDocument otherwise."""
    if is_encrypted_ooxml(data):
        raise UnreadableDocument(ENCRYPTED)
    if _WORD_DOCUMENT not in data:
        raise UnreadableDocument(NOT_WORD)
    soffice = find_soffice()
    if soffice is None:
        raise UnreadableDocument(NEEDS_LIBREOFFICE)
    from cchc.docparse.readers.docx import read_docx

    return read_docx(convert_to_docx(data, soffice))


def is_encrypted_ooxml(data: bytes) -> bool:
    """True for an OLE file holding an encrypted Office package (a docx with a password)."""
    return data.startswith(b"\xd0\xcf\x11\xe0") and _ENCRYPTED_PACKAGE in data


def find_soffice() -> str | None:
    """Path of the LibreOffice command on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, soffice: str) -> bytes:
    """The .docx bytes LibreOffice makes from .doc bytes (headless, in a temp dir)."""
    with tempfile.TemporaryDirectory(prefix="cchc-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        _run_soffice(soffice, source, Path(tmp))
        target = Path(tmp) / "input.docx"
        if not target.is_file() or target.stat().st_size == 0:
            raise UnreadableDocument(CONVERSION_FAILED)
        return target.read_bytes()


def _run_soffice(soffice: str, source: Path, outdir: Path) -> None:
    # A private profile dir: a user's running LibreOffice would otherwise lock the default
    # profile and the headless conversion would silently do nothing.
    profile = (outdir / "profile").as_uri()
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}"]
    command += ["--convert-to", "docx", "--outdir", str(outdir), str(source)]
    try:
        subprocess.run(
            command,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env={**os.environ, "HOME": str(outdir)},
        )
    except subprocess.TimeoutExpired:
        raise UnreadableDocument(TIMED_OUT) from None
    except OSError:
        raise UnreadableDocument(CONVERSION_FAILED) from None
