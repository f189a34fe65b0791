"""What an administrator may change about the rules without a new release: values
the research could not confirm (marked U/C2 in the rulebooks) and days of the
working-day calendar (the government decrees each year's swaps late)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ketnap.charter import RULEBOOKS, RuleOverrideError, apply_overrides


class RuleOverride(models.Model):
    """An administrator's value for one configurable rule.

    `key` is a rule key ("sponsor.youth_max_age_years") for every rulebook, or a
    scoped key ("qd294:sponsor.youth_max_age_years") for one rulebook only; the
    charter refuses keys of confirmed values."""

    key = models.CharField("mã quy định", max_length=100, unique=True)
    value = models.CharField("giá trị", max_length=100)
    note = models.TextField("căn cứ / ghi chú", blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "giá trị quy định do quản trị đặt"
        verbose_name_plural = "giá trị quy định do quản trị đặt"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"

    def clean(self) -> None:
        """Ask the charter whether the value is acceptable for every rulebook it touches."""
        scope, _, bare = self.key.rpartition(":")
        books = [b for b in RULEBOOKS if not scope or b.id == scope]
        if scope and not books:
            raise ValidationError({"key": f"Không có bộ quy định “{scope}”."})
        try:
            for book in books:
                if bare in book.values:
                    apply_overrides(book, {bare: self.value})
        except RuleOverrideError as exc:
            raise ValidationError({"value": str(exc)}) from exc
        if not any(bare in book.values for book in books):
            raise ValidationError({"key": f"Không có quy định mã “{bare}”."})

    def audit_organization(self) -> None:
        return None


class CalendarOverride(models.Model):
    """A day whose status the administrator sets: a decreed swap, an extra day off."""

    day = models.DateField("ngày", unique=True)
    is_working_day = models.BooleanField("là ngày làm việc")
    note = models.CharField("căn cứ (số văn bản, lý do)", max_length=255, blank=True)

    class Meta:
        verbose_name = "ngày điều chỉnh lịch làm việc"
        verbose_name_plural = "ngày điều chỉnh lịch làm việc"
        ordering = ["day"]

    def __str__(self) -> str:
        kind = "làm việc" if self.is_working_day else "nghỉ"
        return f"{self.day:%d/%m/%Y}: {kind}"

    def audit_organization(self) -> None:
        return None
