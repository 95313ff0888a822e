"""Evidence files (tài liệu kiểm chứng): checking an upload by its content, storing it once.

A file's type is read from its first bytes, never from its name: PDF (%PDF-), PNG, JPEG,
and Word / Excel documents, which are ZIP archives recognised by the member that makes
them one (word/document.xml, xl/workbook.xml). Anything else (a program renamed .pdf, a
plain ZIP, a macro-enabled document) is refused. Stored files are named after their
content (sha256 prefix + the real extension) under evidence/<year>/<obligation>/; the
uploader's name is kept, cleaned, only to show and to download under.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from cchc.audit.services import record_change
from cchc.tracking.errors import EvidenceRejected
from cchc.tracking.models import Evidence, Obligation, ProgressUpdate

MEGABYTE = 1024 * 1024
# The extensions each kind may carry; the first is the one given to a misnamed file.
EXTENSIONS = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
}
_KNOWN_EXTENSIONS = {ext for exts in EXTENSIONS.values() for ext in exts} | {".exe", ".zip", ".doc", ".xls"}
# Members that make a ZIP archive an Office Open XML document, and the macro part we refuse.
_OFFICE_MEMBERS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"))
_MACRO_MEMBERS = ("word/vbaProject.bin", "xl/vbaProject.bin")
MAX_NAME_LENGTH = 255


class Upload(Protocol):
    """What Django's UploadedFile offers and the services need."""

    name: str | None
    size: int | None

    def chunks(self) -> Iterator[bytes]: ...


@dataclass(frozen=True)
class CheckedFile:
    """An accepted file: its real kind, size, sha256, safe storage name and display name."""

    kind: str
    size: int
    sha256: str
    storage_name: str
    original_name: str


def check_evidence(*, name: str, data: bytes) -> CheckedFile:
    """Accept `data` as evidence or raise EvidenceRejected saying what to do instead."""
    display = clean_file_name(name)
    _check_size(display, len(data))
    kind = _kind_of(display, data)
    digest = hashlib.sha256(data).hexdigest()
    return CheckedFile(
        kind=kind,
        size=len(data),
        sha256=digest,
        storage_name=f"{digest[:16]}.{kind}",
        original_name=_with_extension(display, kind),
    )


def read_upload(upload: Upload) -> bytes:
    """The bytes of an upload, refused as soon as it is known to be over the limit
    (its declared size first, then while reading chunk by chunk)."""
    name = clean_file_name(upload.name or "")
    if (upload.size or 0) > max_bytes():
        raise _too_large(name)
    chunks, total = [], 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > max_bytes():
            raise _too_large(name)
        chunks.append(chunk)
    return b"".join(chunks)


def check_uploads(files: Iterable[Upload]) -> list[tuple[CheckedFile, bytes]]:
    """Read and check every upload; one EvidenceRejected listing every refused file."""
    files = list(files)
    limit = settings.CCHC_EVIDENCE_MAX_FILES
    if len(files) > limit:
        raise EvidenceRejected(
            _(
                "You attached %(count)s files; at most %(limit)s files go with one update. Attach the "
                "rest with a second update, or put several pages into one PDF."
            ),
            params={"count": len(files), "limit": limit},
        )
    accepted, errors = [], []
    for upload in files:
        try:
            data = read_upload(upload)
            accepted.append((check_evidence(name=upload.name or "", data=data), data))
        except EvidenceRejected as error:
            errors.append(error)
    if errors:
        raise EvidenceRejected(errors)
    return accepted


def store_evidence(
    *,
    obligation: Obligation,
    update: ProgressUpdate | None,
    checked: CheckedFile,
    data: bytes,
    user: AbstractBaseUser,
) -> Evidence:
    """Save a checked file under MEDIA_ROOT and its Evidence row (audited as evidence.add).

    The same content already attached to this obligation is not stored twice: the existing
    row comes back with `reused = True` (new rows have `reused = False`). Call it inside
    `files_removed_on_error()` and a transaction, so a rollback leaves no file behind.
    """
    existing = Evidence.objects.filter(obligation=obligation, sha256=checked.sha256).first()
    if existing is not None:
        existing.reused = True
        return existing
    evidence = Evidence(
        obligation=obligation,
        update=update,
        original_name=checked.original_name,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    evidence.file.save(checked.storage_name, ContentFile(data), save=False)
    _remember_written(evidence.file.storage, evidence.file.name)
    evidence.save()
    evidence.reused = False
    record_change(
        actor=user,
        action="evidence.add",
        subject_type="evidence",
        subject_id=evidence.pk,
        task_id=obligation.task_id,
        changes={"file": (None, checked.original_name)},
        note=f"{checked.kind}, {checked.size} B, sha256 {checked.sha256}",
    )
    return evidence


# Files written by store_evidence inside the current files_removed_on_error() block.
_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("evidence_written", default=None)


@contextmanager
def files_removed_on_error() -> Iterator[None]:
    """Delete the files store_evidence wrote in this block when the block raises.

    Use it around (outside) the transaction: by the time the exception reaches it the
    transaction has rolled back and no row points to the files. A caller that nests the
    service in its own, outer transaction must not roll that back after success.
    """
    written: list[tuple[Storage, str]] = []
    token = _written.set(written)
    try:
        yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)


def _remember_written(storage: Storage, name: str) -> None:
    written = _written.get()
    if written is not None:
        written.append((storage, name))


def max_bytes() -> int:
    """The largest evidence file accepted (settings.CCHC_EVIDENCE_MAX_BYTES)."""
    return settings.CCHC_EVIDENCE_MAX_BYTES


def clean_file_name(name: str) -> str:
    """The last path part of `name`, NFC, without control or format characters, trimmed."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return base.strip().strip(".").strip()


def _check_size(name: str, size: int) -> None:
    if size == 0:
        raise EvidenceRejected(
            _("“%(name)s” is empty. Choose the file again; if it is still empty, save it again first."),
            params={"name": name},
        )
    if size > max_bytes():
        raise _too_large(name)


def _too_large(name: str) -> EvidenceRejected:
    return EvidenceRejected(
        _(
            "“%(name)s” is larger than %(limit)s MB, the limit for an evidence file. Make it smaller "
            "(for example scan at a lower resolution) or split it, then upload it again."
        ),
        params={"name": name, "limit": _megabytes(max_bytes())},
    )


def _megabytes(size: int) -> str:
    value = round(size / MEGABYTE, 2)
    return number_format(int(value) if value.is_integer() else value)


def _kind_of(name: str, data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(name, data)
    if data.startswith(b"MZ"):
        raise EvidenceRejected(
            _(
                "“%(name)s” is a program, not a document, whatever its name says. Attach the "
                "evidence as a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG file."
            ),
            params={"name": name},
        )
    raise EvidenceRejected(
        _(
            "“%(name)s” is not a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG file (its content "
            "was checked, not its name). Save it in one of these formats and upload it again."
        ),
        params={"name": name},
    )


def _office_kind(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        members = set()
    if members & set(_MACRO_MEMBERS):
        raise EvidenceRejected(
            _(
                "“%(name)s” contains macros, which are not accepted. Save it as a plain Word (.docx) "
                "or Excel (.xlsx) document, or as PDF, and upload it again."
            ),
            params={"name": name},
        )
    for member, kind in _OFFICE_MEMBERS:
        if member in members:
            return kind
    raise EvidenceRejected(
        _(
            "“%(name)s” is a ZIP archive, not a Word (.docx) or Excel (.xlsx) document. Attach the "
            "documents themselves, one by one, or as one PDF."
        ),
        params={"name": name},
    )


def _with_extension(name: str, kind: str) -> str:
    """`name` ending in the extension of its real kind (report.pdf holding a docx → report.docx)."""
    stem, ext = os.path.splitext(name)
    if ext.lower() not in EXTENSIONS[kind]:
        stem = stem if ext.lower() in _KNOWN_EXTENSIONS else name
        ext = EXTENSIONS[kind][0]
    stem = stem or str(_("evidence"))
    return stem[: MAX_NAME_LENGTH - len(ext)] + ext
