"""The .doc reader: LibreOffice conversion (faked here), missing LibreOffice, encrypted docx."""

from __future__ import annotations

import os
import stat

import pytest
from fixtures import SEEDS, build_docx, expected_paragraphs

from cchc.docparse.blocks import Paragraph
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers import doc
from cchc.docparse.readers.doc import read_doc

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
WORD_DOC = OLE + "WordDocument".encode("utf-16-le") + b"\0" * 200
ENCRYPTED = OLE + "EncryptedPackage".encode("utf-16-le") + b"\0" * 200


def _fake_soffice(tmp_path, script: str):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    exe = bindir / "soffice"
    exe.write_text(script)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return bindir


def test_without_libreoffice_the_user_is_told_to_save_as_docx(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UnreadableDocument) as err:
        read_doc(WORD_DOC)
    assert err.value.message == doc.NEEDS_LIBREOFFICE


def test_conversion_path_with_a_fake_soffice(monkeypatch, tmp_path):
    prepared = tmp_path / "prepared.docx"
    prepared.write_bytes(build_docx(SEEDS[3]))
    # Mimics `soffice --convert-to docx --outdir DIR FILE.doc`: writes DIR/FILE.docx.
    script = f"""#!/bin/sh
outdir=""; last=""
while [ $# -gt 0 ]; do
  case "$1" in --outdir) outdir="$2"; shift;; *) last="$1";; esac
  shift
done
name=$(basename "$last" .doc)
cp "{prepared}" "$outdir/$name.docx"
"""
    bindir = _fake_soffice(tmp_path, script)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    blocks = read_doc(WORD_DOC)
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == expected_paragraphs(SEEDS[3])


def test_a_conversion_that_writes_nothing_is_reported(monkeypatch, tmp_path):
    bindir = _fake_soffice(tmp_path, "#!/bin/sh\nexit 1\n")
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(UnreadableDocument, match="Không chuyển được"):
        read_doc(WORD_DOC)


def test_a_hanging_conversion_times_out(monkeypatch, tmp_path):
    bindir = _fake_soffice(tmp_path, "#!/bin/sh\nsleep 5\n")
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(doc, "TIMEOUT_SECONDS", 0.5)
    with pytest.raises(UnreadableDocument, match="quá lâu"):
        read_doc(WORD_DOC)


def test_encrypted_docx_gets_the_password_message():
    with pytest.raises(UnreadableDocument) as err:
        read_doc(ENCRYPTED)
    assert "mật khẩu" in err.value.message


def test_other_ole_files_are_not_word():
    with pytest.raises(UnreadableDocument, match="không phải văn bản Word"):
        read_doc(OLE + b"Workbook" + b"\0" * 100)
