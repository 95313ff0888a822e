"""Forms of the obligation page: progress with evidence, review, extension, event date.

They only parse what the person typed (dates as dd/mm/yyyy, the product reference, the
files); the tracking services decide what is allowed and check the files' content.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.tracking.models import Obligation, ProgressUpdate
from cchc.tracking.products import parse_product_reference
from cchc.tracking.progress import MAX_TEXT_LENGTH
from cchc.web.forms.plans import VietnameseDateField

ACCOUNT_MAX_CHARS = MAX_TEXT_LENGTH
REASON_MAX_CHARS = MAX_TEXT_LENGTH
PRODUCT_MAX_CHARS = 300  # the whole reference; its number alone may have 100


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; cleans to a list (maybe empty)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


def product_reference_text(number: str, on: date | None) -> str:
    """`12/KH-UBND dated 10/03/2022` in the active language (the form's initial value)."""
    if not number:
        return ""
    if on is None:
        return number
    return _("%(number)s dated %(date)s") % {"number": number, "date": date_format(on, "SHORT_DATE_FORMAT")}


def _textarea(rows: int, max_chars: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": max_chars})


class ProgressForm(forms.Form):
    """What a specialist records on an obligation."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Obligation.Status.choices)
    account = forms.CharField(
        label=gettext_lazy("Account of the work"),
        max_length=ACCOUNT_MAX_CHARS,
        required=False,
        widget=_textarea(4, ACCOUNT_MAX_CHARS),
    )
    product = forms.CharField(
        label=gettext_lazy("Product document"),
        help_text=gettext_lazy("Number and date, for example: số 12/KH-UBND ngày 10/3/2022"),
        max_length=PRODUCT_MAX_CHARS,
        required=False,
    )
    completed_on = VietnameseDateField(
        label=gettext_lazy("Completed on"),
        required=False,
        help_text=gettext_lazy("dd/mm/yyyy; today when left empty."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (required when it could not be done)"),
        max_length=REASON_MAX_CHARS,
        required=False,
        widget=_textarea(2, REASON_MAX_CHARS),
    )
    files = MultipleFileField(
        label=gettext_lazy("Evidence files"),
        help_text=gettext_lazy("PDF, Word (docx), Excel (xlsx), PNG or JPEG."),
    )

    @classmethod
    def initial_for(cls, obligation: Obligation, latest: ProgressUpdate | None) -> dict:
        """The obligation's version and, to correct or complete it, the latest update's text."""
        if latest is None:
            return {"version": obligation.version, "status": Obligation.Status.IN_PROGRESS}
        return {
            "version": obligation.version,
            "status": latest.status,
            "account": latest.account,
            "product": product_reference_text(latest.product_number, latest.product_date),
            "completed_on": latest.completed_on,
            "reason": latest.reason,
        }

    def clean_product(self) -> tuple[str, date | None]:
        text = " ".join(self.cleaned_data.get("product", "").split())
        return parse_product_reference(text) if text else ("", None)

    def service_arguments(self) -> dict:
        """Keyword arguments of cchc.tracking.progress.record_progress (without obligation/user)."""
        data = self.cleaned_data
        number, on = data["product"]
        return {
            "version": data["version"],
            "status": data["status"],
            "account": data["account"],
            "product_number": number,
            "product_date": on,
            "completed_on": data["completed_on"],
            "reason": data["reason"],
            "files": data["files"],
        }


class ReviewForm(forms.Form):
    """A leader's approve / return of the latest update (return needs a comment)."""

    decision = forms.ChoiceField(choices=[("approve", "approve"), ("return", "return")])
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=REASON_MAX_CHARS,
        required=False,
        widget=_textarea(2, REASON_MAX_CHARS),
    )


class ExtensionRequestForm(forms.Form):
    """A unit asking for a later due date."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    requested_due = VietnameseDateField(label=gettext_lazy("New due date"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=REASON_MAX_CHARS, widget=_textarea(2, REASON_MAX_CHARS)
    )


class ExtensionDecisionForm(forms.Form):
    """The issuing unit's leader granting (perhaps with another date) or refusing."""

    decision = forms.ChoiceField(choices=[("grant", "grant"), ("refuse", "refuse")])
    due = VietnameseDateField(
        label=gettext_lazy("Due date granted"),
        required=False,
        help_text=gettext_lazy("Leave empty to grant the date asked for."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=REASON_MAX_CHARS,
        required=False,
        widget=_textarea(2, REASON_MAX_CHARS),
    )


class EventForm(forms.Form):
    """The day the triggering event of an event task happened (and, for deciders, a due date)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    event_on = VietnameseDateField(label=gettext_lazy("Event date"))
    due = VietnameseDateField(
        label=gettext_lazy("Due date"),
        required=False,
        help_text=gettext_lazy("Leave empty to count the task's working days from the event."),
    )

    def __init__(self, *args, may_set_due: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_set_due:
            del self.fields["due"]


# The field of each form that a service error's `code` is about (InvalidProgress and
# ExtensionNotAllowed name the argument at fault); other codes go at the top of the page.
_FIELD_OF_CODE = {"product_number": "product", "product_date": "product", "evidence": "files"}


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on `form`: next to the field it is about when there is one."""
    for item in error.error_list:
        name = _FIELD_OF_CODE.get(item.code or "", item.code)
        form.add_error(name if name in form.fields and name != "version" else None, item)
