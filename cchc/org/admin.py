"""Django admin for the unit tree: units with their aliases inline, memberships.

Saving through the admin goes through org.services so tree paths and matching keys
stay right (the admin never writes `path` or `name_key` itself).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cchc.org import services
from cchc.org.models import Membership, Unit, UnitAlias


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    fields = ["text"]
    extra = 1


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "code", "kind", "short_name", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code", "aliases__text"]
    autocomplete_fields = ["parent"]
    fields = ["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to"]
    inlines = [UnitAliasInline, MembershipInline]
    list_per_page = 100

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Unit) -> str:
        return "\u2003" * (obj.path.count("/") - 2) + obj.name

    def save_model(self, request, obj: Unit, form, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in self.fields if name != "code"}
        if change:
            services.update_unit(unit=obj, code=form.cleaned_data["code"], **data)
        else:
            saved = services.create_unit(code=form.cleaned_data["code"], **data)
            obj.pk, obj.path, obj.name_key = saved.pk, saved.path, saved.name_key
            obj._state.adding = False

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is UnitAlias:
            for deleted in formset.deleted_forms:
                if deleted.instance.pk:
                    deleted.instance.delete()
            for alias_form in formset.forms:
                if alias_form in formset.deleted_forms or not alias_form.has_changed():
                    continue
                text = alias_form.cleaned_data.get("text")
                if not text:
                    continue
                if alias_form.instance.pk:
                    alias_form.instance.delete()
                services.add_alias(unit=form.instance, text=text)
            return
        super().save_formset(request, form, formset, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
