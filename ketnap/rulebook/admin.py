"""Administrators edit uncertain rule values and calendar days in the Django admin."""

from django.contrib import admin
from django.http import HttpRequest

from ketnap.rulebook.models import CalendarOverride, RuleOverride


@admin.register(RuleOverride)
class RuleOverrideAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "note", "changed_by", "changed_at"]
    readonly_fields = ["changed_by", "changed_at"]

    def save_model(self, request: HttpRequest, obj: RuleOverride, form: object, change: bool) -> None:
        obj.changed_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)  # type: ignore[arg-type]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "is_working_day", "note"]
    date_hierarchy = "day"
