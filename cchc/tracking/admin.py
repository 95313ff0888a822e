from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cchc.tracking.models import OfficialDay

SATURDAY = 5


class OfficialDayForm(forms.ModelForm):
    """The calendar can only turn a Saturday into a working day (the Government's make-up days
    are always Saturdays); anything else would be silently ignored by cchc.workdays."""

    class Meta:
        model = OfficialDay
        fields = ("date", "kind", "note")

    def clean(self):
        data = super().clean()
        day, kind = data.get("date"), data.get("kind")
        if day and kind == OfficialDay.Kind.WORKING_DAY and day.weekday() != SATURDAY:
            self.add_error("date", _("A make-up working day must be a Saturday."))
        return data


@admin.register(OfficialDay)
class OfficialDayAdmin(admin.ModelAdmin):
    """Admins enter each year's Government notice here (extra days off, make-up Saturdays)."""

    form = OfficialDayForm
    list_display = ("date", "kind", "note")
    list_filter = ("kind",)
    date_hierarchy = "date"
