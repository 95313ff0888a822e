from django.contrib import admin

from cchc.tracking.models import OfficialDay


@admin.register(OfficialDay)
class OfficialDayAdmin(admin.ModelAdmin):
    """Admins enter each year's Government notice here (extra days off, make-up Saturdays)."""

    list_display = ("date", "kind", "note")
    list_filter = ("kind",)
    date_hierarchy = "date"
