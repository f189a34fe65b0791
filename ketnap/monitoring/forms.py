"""Forms of the reporting pages."""

from __future__ import annotations

from typing import Any

from django import forms

from ketnap.monitoring.enums import RoundKind
from ketnap.monitoring.models import PeriodicReport
from ketnap.monitoring.services import RoundInput
from ketnap.plans.enums import QUARTER_LABELS
from ketnap.web.dates import DayField


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label="Loại báo cáo", choices=RoundKind.choices, initial=RoundKind.QUARTERLY)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="Quý (báo cáo quý)",
        choices=[("", "—"), *QUARTER_LABELS.items()],
        coerce=int,
        required=False,
        empty_value=None,
    )
    period_start = DayField(label="Từ ngày (báo cáo đột xuất)", required=False)
    period_end = DayField(label="Đến ngày (báo cáo đột xuất)", required=False)
    due_on = DayField(label="Hạn các tổ chức trực thuộc nộp báo cáo")
    compile_due_on = DayField(
        label="Hạn báo cáo cấp trên (tổng hợp)",
        required=False,
        help_text="Ví dụ: cơ sở báo cáo trước 05/3, Ban Tổ chức tổng hợp trước 15/3.",
    )
    title = forms.CharField(label="Tên đợt báo cáo", required=False, help_text="Để trống: hệ thống tự đặt tên.")
    note = forms.CharField(label="Yêu cầu, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == RoundKind.QUARTERLY and not data.get("quarter"):
            self.add_error("quarter", "Chọn quý báo cáo.")
        if data.get("kind") == RoundKind.AD_HOC and not (data.get("period_start") and data.get("period_end")):
            self.add_error("period_start", "Báo cáo đột xuất cần ghi rõ từ ngày, đến ngày.")
        return data

    def to_input(self) -> RoundInput:
        d = self.cleaned_data
        return RoundInput(
            kind=d["kind"],
            year=d["year"],
            due_on=d["due_on"],
            quarter=d.get("quarter"),
            period_start=d.get("period_start"),
            period_end=d.get("period_end"),
            compile_due_on=d.get("compile_due_on"),
            title=d.get("title", ""),
            note=d.get("note", ""),
        )


class ReportForm(forms.ModelForm):
    class Meta:
        model = PeriodicReport
        fields = ["results", "difficulties", "proposals", "document_number", "signer"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("results", "difficulties", "proposals")}


class ReturnForm(forms.Form):
    note = forms.CharField(label="Cần sửa, bổ sung", widget=forms.Textarea(attrs={"rows": 2}))
