import hashlib
import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from PIL import Image
from reportlab.pdfgen import canvas
from tracking.builders import TrackingCast

from cchc.audit.models import Entry
from cchc.tracking.errors import EvidenceRejected
from cchc.tracking.evidence import (
    check_evidence,
    check_uploads,
    clean_file_name,
    files_removed_on_error,
    read_upload,
    store_evidence,
)
from cchc.tracking.models import Evidence


@pytest.fixture(autouse=True)
def english():
    # Messages are checked in their English source form; the app shows them in Vietnamese.
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_bytes(text: str = "Báo cáo kết quả") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def docx_bytes(text: str = "Báo cáo kết quả") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Tỷ lệ"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, "<x/>")
    return buffer.getvalue()


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)


@pytest.mark.parametrize(
    ("name", "make", "kind", "shown"),
    [
        ("Báo cáo quý 1.pdf", pdf_bytes, "pdf", "Báo cáo quý 1.pdf"),
        ("ke-hoach.docx", docx_bytes, "docx", "ke-hoach.docx"),
        ("so-lieu.xlsx", xlsx_bytes, "xlsx", "so-lieu.xlsx"),
        ("anh.png", lambda: image_bytes("PNG"), "png", "anh.png"),
        ("anh.JPG", lambda: image_bytes("JPEG"), "jpeg", "anh.JPG"),
        # A name that contradicts the content: accepted, named after what it really is.
        ("bao-cao.pdf", docx_bytes, "docx", "bao-cao.docx"),
        ("scan.docx", pdf_bytes, "pdf", "scan.pdf"),
        ("anh chup", lambda: image_bytes("JPEG"), "jpeg", "anh chup.jpg"),
    ],
)
def test_type_is_read_from_the_content(name, make, kind, shown):
    data = make()
    checked = check_evidence(name=name, data=data)
    digest = hashlib.sha256(data).hexdigest()
    assert (checked.kind, checked.size, checked.sha256) == (kind, len(data), digest)
    assert checked.storage_name == f"{digest[:16]}.{kind}"
    assert checked.original_name == shown


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bao-cao.pdf", EXE, "“bao-cao.pdf” is a program, not a document"),
        ("ho-so.docx", zip_bytes("a.txt", "b.txt"), "“ho-so.docx” is a ZIP archive, not a Word (.docx)"),
        ("macro.docx", zip_bytes("word/document.xml", "word/vbaProject.bin"), "contains macros"),
        ("notes.pdf", "Ghi chú".encode(), "is not a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG file"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "is a ZIP archive"),
        ("rong.pdf", b"", "“rong.pdf” is empty"),
    ],
)
def test_refuses_disguised_and_unknown_files(name, data, message):
    with pytest.raises(EvidenceRejected) as caught:
        check_evidence(name=name, data=data)
    assert message in caught.value.messages[0]


def test_refuses_a_file_over_the_limit_naming_the_limit_in_mb(settings):
    settings.CCHC_EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(EvidenceRejected) as caught:
        check_evidence(name="lon.pdf", data=b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    assert caught.value.messages == [
        "“lon.pdf” is larger than 1 MB, the limit for an evidence file. Make it smaller (for example "
        "scan at a lower resolution) or split it, then upload it again."
    ]


def test_upload_over_the_limit_is_refused_by_its_size_before_reading(settings):
    settings.CCHC_EVIDENCE_MAX_BYTES = 1000

    class Declared(SimpleUploadedFile):
        def chunks(self, chunk_size=None):
            raise AssertionError("read although its size says it is too large")

    with pytest.raises(EvidenceRejected, match="larger than"):
        read_upload(Declared("lon.pdf", b"%PDF-" + b"0" * 2000))


def test_upload_that_hides_its_size_is_refused_while_reading(settings):
    settings.CCHC_EVIDENCE_MAX_BYTES = 1000
    read = []

    class Streamed:
        name, size = "lon.pdf", None

        def chunks(self):
            for _ in range(100):
                read.append(600)
                yield b"0" * 600

    with pytest.raises(EvidenceRejected, match="larger than"):
        read_upload(Streamed())
    assert len(read) == 2  # stopped as soon as the limit was passed


def test_every_refused_file_is_listed_and_the_count_is_limited(settings):
    files = [
        SimpleUploadedFile("a.pdf", EXE),
        SimpleUploadedFile("b.pdf", pdf_bytes()),
        SimpleUploadedFile("c.docx", b"plain text"),
    ]
    with pytest.raises(EvidenceRejected) as caught:
        check_uploads(files)
    assert [m.split("”")[0] for m in caught.value.messages] == ["“a.pdf", "“c.docx"]
    settings.CCHC_EVIDENCE_MAX_FILES = 2
    with pytest.raises(EvidenceRejected, match="You attached 3 files; at most 2 files go with one update"):
        check_uploads(files)


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\an\\Báo cáo.pdf", "Báo cáo.pdf"),
        ("bao\x00cao\u202egpj.pdf", "baocaogpj.pdf"),
        ("  .hidden.pdf  ", "hidden.pdf"),
        ("Ba\u0301o ca\u0301o.pdf", "Báo cáo.pdf"),
    ],
)
def test_file_names_are_cleaned(name, clean):
    assert clean_file_name(name) == clean


def test_long_names_keep_their_extension():
    checked = check_evidence(name="x" * 400 + ".pdf", data=pdf_bytes())
    assert len(checked.original_name) == 255
    assert checked.original_name.endswith("x.pdf")


@pytest.mark.django_db
def test_store_saves_under_a_content_name_once_per_obligation(media):
    cast = TrackingCast(n_tasks=1)
    obligation = cast.lead_obligations[0]
    data = pdf_bytes()
    checked = check_evidence(name="../Báo cáo.pdf", data=data)
    first = store_evidence(obligation=obligation, update=None, checked=checked, data=data, user=cast.owner)
    again = store_evidence(obligation=obligation, update=None, checked=checked, data=data, user=cast.owner)
    assert (first.reused, again.reused, again.pk) == (False, True, first.pk)
    assert first.file.name == f"evidence/2026/{obligation.pk}/{checked.sha256[:16]}.pdf"
    assert first.original_name == "Báo cáo.pdf"
    assert (media / first.file.name).read_bytes() == data
    assert [p.name for p in media.rglob("*") if p.is_file()] == [f"{checked.sha256[:16]}.pdf"]
    entry = Entry.objects.get(action="evidence.add")
    assert (entry.subject_id, entry.task_id, entry.changes) == (
        first.pk,
        obligation.task_id,
        {"file": [None, "Báo cáo.pdf"]},
    )
    # Another obligation gets its own copy.
    other = store_evidence(
        obligation=cast.support_obligations[0], update=None, checked=checked, data=data, user=cast.owner
    )
    assert not other.reused and Evidence.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_files_written_in_a_failed_transaction_are_removed(media):
    cast = TrackingCast(n_tasks=1)
    data = pdf_bytes()
    checked = check_evidence(name="a.pdf", data=data)
    with pytest.raises(RuntimeError), files_removed_on_error(), transaction.atomic():
        store_evidence(
            obligation=cast.lead_obligations[0], update=None, checked=checked, data=data, user=None
        )
        assert any(p.is_file() for p in media.rglob("*"))
        raise RuntimeError
    assert not any(p.is_file() for p in media.rglob("*"))
    assert not Evidence.objects.exists()
