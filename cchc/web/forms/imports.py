"""Forms of the plan import: upload (file or pasted text), review edits, unit mapping, confirm.

Input is checked here, before any service runs: size, emptiness and the file's real
format (sniffed from its bytes by the parser, whatever its name says).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from cchc.docparse import UnreadableDocument
from cchc.docparse.readers.sniff import detect_format
from cchc.org.models import Unit
from cchc.plans.models import Target, Task
from cchc.plans.plan_versions import DECISIONS

PASTE_FILENAME = "van-ban-dan.txt"
EMPTY_FILE = _("The file is empty: it has no content to read. Choose the plan file again.")


class UploadForm(forms.Form):
    """A plan document: an uploaded file, or its text pasted."""

    file = forms.FileField(
        label=_("Plan document"),
        required=False,
        help_text=_("Word (.docx, .doc), PDF with a text layer, HTML or plain text."),
        widget=forms.ClearableFileInput(attrs={"data-testid": "upload-file"}),
        error_messages={"empty": EMPTY_FILE},
    )
    text = forms.CharField(
        label=_("…or paste the text of the plan"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "data-testid": "upload-text"}),
    )

    def clean_file(self):
        upload = self.files.get("file") if self.files else None
        if upload is None:
            return None
        limit = settings.CCHC_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            # Translators: Vietnamese: "Tệp quá lớn: tối đa 20 MB. …"
            raise forms.ValidationError(
                _(
                    "File too large: at most %(mb)s MB. A plan, even with its appendices, is smaller; "
                    "check that you chose the right file."
                ),
                code="too_large",
                params={"mb": settings.CCHC_MAX_UPLOAD_MB},
            )
        if upload.size == 0:
            raise forms.ValidationError(EMPTY_FILE, code="empty")
        data = upload.read()
        upload.seek(0)
        try:
            detect_format(data, filename=upload.name)
        except UnreadableDocument as exc:
            raise forms.ValidationError(exc.message, code="unreadable") from None
        self.data_bytes = data
        return upload

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        if len(text) > settings.CCHC_MAX_PASTE_CHARS:
            # Do not send megabytes back in the re-rendered textarea.
            self.data = self.data.copy()
            self.data["text"] = ""
            raise forms.ValidationError(
                _(
                    "The pasted text is too long: at most %(limit)s characters, this one has %(count)s. "
                    "Paste only the plan, or upload its file."
                ),
                code="too_long",
                params={
                    "limit": number_format(settings.CCHC_MAX_PASTE_CHARS, force_grouping=True),
                    "count": number_format(len(text), force_grouping=True),
                },
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        if upload is not None:
            cleaned["data"] = self.data_bytes
            cleaned["filename"] = upload.name
        elif text.strip():
            cleaned["data"] = text.encode("utf-8")
            cleaned["filename"] = PASTE_FILENAME
        elif text:
            raise forms.ValidationError(_("The pasted text is empty."), code="empty")
        else:
            raise forms.ValidationError(_("Choose a file or paste the text of the plan."), code="required")
        return cleaned


_LINE_FIELDS = ("products", "lead", "support")
_DATE_FIELDS = ("date", "due")
FIELDS_BY_KIND = {
    "header": ("title", "number", "kind", "place", "date", "year", "signer_name", "signer_position"),
    "task": ("code", "title", "products", "lead", "support", "deadline_text", "deadline_kind", "due"),
    "target": ("code", "text", "indicator", "op", "value", "unit", "scope"),
}
_REQUIRED = {("header", "title"), ("task", "title"), ("target", "text")}
_CELL_NAME = re.compile(r"(?:(header)|(task|target)-(\d{1,6}))-([a-z_]+)")
_MAX_LENGTH = {"code": 32, "number": 64, "kind": 8, "place": 128, "signer_name": 128, "signer_position": 128}


def parse_cell(name: str) -> tuple[str, int, str] | None:
    """(kind, index, field) of a review cell's name: "task-5-title" → ("task", 5, "title"),
    "header-year" → ("header", 0, "year"); None for anything else."""
    match = _CELL_NAME.fullmatch(name or "")
    if match is None:
        return None
    header, kind, index, field = match.groups()
    return header or kind, int(index or 0), field


class FieldEditForm(forms.Form):
    """One inline edit of the review tables: which cell (its name, `task-5-title`), the new value."""

    cell = forms.CharField(max_length=64)
    value = forms.CharField(required=False, strip=True, max_length=20000)

    def clean(self):
        cleaned = super().clean()
        parsed = parse_cell(cleaned.get("cell", ""))
        if parsed is None:
            raise forms.ValidationError(_("This field cannot be edited."), code="field")
        kind, index, name = parsed
        cleaned.update(kind=kind, index=index, field=name)
        if name not in FIELDS_BY_KIND[kind]:
            raise forms.ValidationError(_("This field cannot be edited."), code="field")
        raw = cleaned.get("value") or ""
        cleaned["parsed"] = self._parse(kind, name, raw)
        return cleaned

    def _parse(self, kind: str, name: str, raw: str) -> Any:
        if (kind, name) in _REQUIRED and not raw:
            raise forms.ValidationError(_("This field cannot be empty."), code="required")
        if name in _MAX_LENGTH and len(raw) > _MAX_LENGTH[name]:
            raise forms.ValidationError(
                _("At most %(n)s characters."), code="max_length", params={"n": _MAX_LENGTH[name]}
            )
        if name in _LINE_FIELDS:
            return [line.strip(" \t;,") for line in raw.splitlines() if line.strip(" \t;,")]
        if name in _DATE_FIELDS:
            return parse_date(raw)
        if name == "year":
            if not raw:
                return None
            if not raw.isdigit() or not 1990 <= int(raw) <= 2100:
                raise forms.ValidationError(_("Enter a year such as 2025."), code="year")
            return int(raw)
        if name == "deadline_kind":
            if raw not in Task.DeadlineKind.values:
                raise forms.ValidationError(_("Choose a deadline kind from the list."), code="choice")
            return raw
        if name == "op":
            if raw and raw not in Target.Op.values:
                raise forms.ValidationError(_("Choose a comparison from the list."), code="choice")
            return raw or None
        if name == "value":
            if not raw:
                return None
            try:
                number = Decimal(raw.replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                raise forms.ValidationError(_("Enter a number, such as 95 or 2.5."), code="number") from None
            if not number.is_finite() or abs(number) >= Decimal("1e10"):
                raise forms.ValidationError(_("Enter a number, such as 95 or 2.5."), code="number")
            return number
        return raw


def parse_date(raw: str) -> date | None:
    """dd/mm/yyyy (as shown) or yyyy-mm-dd (a date input); ValidationError otherwise."""
    raw = raw.strip()
    if not raw:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise forms.ValidationError(_("Enter a date as dd/mm/yyyy."), code="date")


class IssuerForm(forms.Form):
    """The unit that issued the plan (among the units the user may edit)."""

    issuer = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Issuing unit"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = units


class MapUnitForm(forms.Form):
    """Map a wording of the document to a unit, leave it unmatched, or create a unit for it."""

    ACTIONS = (("map", "map"), ("unmatch", "unmatch"), ("create", "create"))

    action = forms.ChoiceField(choices=ACTIONS, initial="map")
    wording = forms.CharField(max_length=500, strip=False)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label=_("Unit"))
    remember = forms.BooleanField(required=False, label=_("Remember this name for later imports"))
    name = forms.CharField(max_length=255, required=False, label=_("Name of the new unit"))
    parent = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label=_("Under"))
    unit_kind = forms.ChoiceField(choices=Unit.Kind.choices, required=False, initial=Unit.Kind.OTHER)

    def __init__(self, *args, units, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["parent"].queryset = parents

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "map" and not cleaned.get("unit"):
            self.add_error("unit", _("Choose the unit this name means."))
        if action == "create":
            if not cleaned.get("parent"):
                self.add_error("parent", _("Choose where the new unit belongs."))
            name = re.sub(r"\s+", " ", cleaned.get("name") or cleaned.get("wording") or "").strip()
            if not name:
                self.add_error("name", _("Give the new unit a name."))
            cleaned["name"] = name
        return cleaned


class ConfirmForm(forms.Form):
    """Confirm the import; with parser warnings, the user must say they have read them.

    For a new version of a plan: an optional note, and `decision-<task id>` = keep / withdraw
    for tasks the new version leaves out (collected into cleaned_data["decisions"]).
    """

    DECISION_PREFIX = "decision-"

    acknowledge = forms.BooleanField(required=False, label=_("I have read the warnings"))
    note = forms.CharField(
        required=False,
        max_length=1000,
        label=_("What changed in this version (optional)"),
        widget=forms.Textarea(attrs={"rows": 2, "data-testid": "version-note"}),
    )

    def __init__(self, *args, warnings: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_warnings = warnings

    def clean(self):
        cleaned = super().clean()
        if self.has_warnings and not cleaned.get("acknowledge"):
            self.add_error(
                "acknowledge",
                _("Read the parser's warnings and tick the box to confirm you have read them."),
            )
        cleaned["decisions"] = self._decisions()
        return cleaned

    def _decisions(self) -> dict[int, str]:
        decisions = {}
        for name, value in self.data.items():
            task_id = name.removeprefix(self.DECISION_PREFIX)
            if name == task_id or not task_id.isdigit():
                continue
            if value not in DECISIONS:
                raise forms.ValidationError(_("Choose to keep or to withdraw each removed task."))
            decisions[int(task_id)] = value
        return decisions
