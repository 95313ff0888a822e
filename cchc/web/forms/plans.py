"""Forms of the plan pages: the task filter bar and the task / target edit forms."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cchc.org.models import Unit
from cchc.plans.models import Assignment, Target, Task

QUARTERS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
MONTHS = [(m, str(m)) for m in range(1, 13)]


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy whatever the active language; a clear error otherwise."""

    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("Enter a real date as dd/mm/yyyy, for example 31/12/2026."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
        super().__init__(**kwargs)


class PlanListFilterForm(forms.Form):
    """Year and issuer filters of the plan list (GET)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    issuer = forms.ModelChoiceField(
        label=_("Issuer"), queryset=Unit.objects.none(), required=False, empty_label=_("All issuers")
    )

    def __init__(self, *args, years: list[int], issuers: QuerySet[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]
        self.fields["issuer"].queryset = issuers

    def filters(self) -> dict:
        """The valid filters as selector keyword arguments (an invalid one is ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("year", "issuer") if name not in self.errors}


class TaskFilterForm(forms.Form):
    """The plan page's filter bar (GET): lead unit, due month or quarter, deadline kind, text."""

    lead_unit = forms.ModelChoiceField(
        label=_("Lead unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", _("All months")), *MONTHS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", _("All quarters")), *QUARTERS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    deadline_kind = forms.ChoiceField(
        label=_("Deadline kind"), choices=[("", _("All kinds")), *Task.DeadlineKind.choices], required=False
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def __init__(self, *args, lead_units: QuerySet[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = lead_units
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("Code, task, product or unit"), "data-testid": "task-search"}
        )
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        """The valid filters as plan_tasks keyword arguments (an invalid one is ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        names = ("lead_unit", "month", "quarter", "deadline_kind", "q")
        return {name: data.get(name) or None for name in names if name not in self.errors}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class TaskForm(forms.Form):
    """A task's own fields; lead and supporting units come in AssignmentFormSet."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.CharField(label=_("Code"), max_length=32, required=False)
    title = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 4}))
    products = forms.CharField(
        label=_("Products"),
        help_text=_("One product per line."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline_text = forms.CharField(
        label=_("Deadline as written"),
        help_text=_("Changing it recalculates the deadline kind and due date."),
        max_length=500,
        required=False,
    )
    due = VietnameseDateField(
        label=_("Due date"), required=False, help_text=_("dd/mm/yyyy; leave as is to use the deadline text.")
    )

    @classmethod
    def initial_for(cls, task: Task) -> dict:
        return {
            "version": task.version,
            "code": task.code,
            "title": task.title,
            "products": "\n".join(str(p) for p in task.products or []),
            "deadline_text": task.deadline_text,
            "due": task.due,
        }

    def clean_products(self) -> list[str]:
        return _lines(self.cleaned_data.get("products", ""))


class AssignmentForm(forms.Form):
    """One lead or supporting unit of a task: the wording as written and the unit it means."""

    role = forms.ChoiceField(label=_("Role"), choices=Assignment.Role.choices)
    wording = forms.CharField(label=_("As written"), max_length=500, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("(not matched)")
    )

    def __init__(self, *args, units: QuerySet[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class BaseAssignmentFormSet(forms.BaseFormSet):
    def specs(self) -> dict[str, list[tuple[str, Unit | None]]]:
        """{"lead": [(wording, unit), …], "support": […]} from the rows kept."""
        result: dict[str, list] = {Assignment.Role.LEAD: [], Assignment.Role.SUPPORT: []}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not (data.get("wording") or data.get("unit")):
                continue
            result[data["role"]].append((data.get("wording", ""), data.get("unit")))
        return result


AssignmentFormSet = forms.formset_factory(
    AssignmentForm, formset=BaseAssignmentFormSet, extra=2, can_delete=True, max_num=60
)


def assignment_initial(task: Task) -> list[dict]:
    return [
        {"role": a.role, "wording": a.wording, "unit": a.unit_id}
        for a in task.assignments.order_by("role", "position", "pk")
    ]


class TargetForm(forms.ModelForm):
    """A target's fields; `fingerprint` carries the values the edit started from."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Target
        fields = [
            "code",
            "text",
            "indicator",
            "op",
            "value",
            "unit_label",
            "base_year",
            "implied_value",
            "scope",
        ]
        # The model field has no verbose name (its label would be the English "Implied value").
        labels = {"implied_value": _("Resulting level")}
        help_texts = {"implied_value": _("The level the document says the change reaches, if it says so.")}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "indicator": forms.Textarea(attrs={"rows": 2}),
            "scope": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("value", "implied_value"):
            # "98,5" in Vietnamese, shown without the column's trailing zeros.
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True
            value = self.initial.get(name)
            if isinstance(value, Decimal):
                self.initial[name] = plain_decimal(value)


def plain_decimal(value: Decimal) -> Decimal:
    """98.5000 → 98.5 and 100.0000 → 100 (normalize() alone would give 1E+2)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
