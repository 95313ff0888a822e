"""A plan's versions: download the file a version was imported from."""

from __future__ import annotations

import re
import unicodedata

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from cchc.plans.models import PlanVersion
from cchc.plans.version_selectors import version_get_for_user
from cchc.web.views.obligations import CONTENT_TYPES, content_disposition

_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def download_name(version: PlanVersion) -> str:
    """The uploaded file's name, made safe for a header (no path or reserved characters, NFC)."""
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", version.source_filename or "")).strip(" ._")
    return name[-150:] or f"ke-hoach-phien-ban-{version.number}.{version.source_format or 'bin'}"


@login_required
@require_GET
def version_file(request, pk: int, number: int):
    """The source file of version `number` of plan `pk`, as an attachment (404 for outsiders)."""
    version = version_get_for_user(user=request.user, plan_id=pk, number=number)
    try:
        handle = version.source_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = CONTENT_TYPES.get(version.source_format, "application/octet-stream")
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(download_name(version))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
