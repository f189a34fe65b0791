"""Forms of the plan pages. Text is NFC-normalised on save by the services' callers."""

from __future__ import annotations

from typing import Any

from django import forms

from ketnap.core.text import normalize
from ketnap.orgs.models import Organization
from ketnap.plans.enums import TargetMeasure, TargetScope
from ketnap.plans.models import Plan, Target
from ketnap.plans.services import TargetInput
from ketnap.web.dates import DayField, day_formfield

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class PlanForm(forms.ModelForm):
    """The plan's text and its overall target (a count, or a rate at a headcount date)."""

    target_measure = forms.ChoiceField(label="Chỉ tiêu chung tính theo", choices=TargetMeasure.choices)
    target_count = forms.IntegerField(label="Số đảng viên cần kết nạp", min_value=0, required=False)
    target_rate = forms.DecimalField(
        label="Tỷ lệ so với tổng số đảng viên (%)", min_value=0, max_value=100, decimal_places=2, required=False
    )
    target_headcount_on = DayField(label="Lấy tổng số đảng viên tại ngày", required=False)
    target_count_max = forms.IntegerField(label="Đến (số đảng viên, nếu giao theo khoảng)", min_value=0, required=False)
    target_rate_max = forms.DecimalField(
        label="Đến (%, nếu giao theo khoảng, ví dụ 3–4%)", min_value=0, max_value=100, decimal_places=2, required=False
    )

    #: A long form: drawn in fieldsets (web/_fields.html), the order of the plan's paper.
    sections: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("Văn bản", ("document_number", "issued_on", "place", "signer", "signing_capacity")),
        ("Chỉ tiêu chung", ("target_measure", "target_count", "target_count_max", "target_rate", "target_rate_max",
                            "target_headcount_on", "by_quarter", "with_introduce")),
        ("Nội dung kế hoạch", ("legal_bases", "purpose", "requirements", "tasks", "recipients")),
    )  # fmt: skip

    class Meta:
        formfield_callback = day_formfield  # date columns typed dd/mm/yyyy
        model = Plan
        fields = [
            "document_number",
            "issued_on",
            "place",
            "signer",
            "signing_capacity",
            "by_quarter",
            "with_introduce",
            "legal_bases",
            "purpose",
            "requirements",
            "tasks",
            "recipients",
        ]
        widgets = {
            "signing_capacity": forms.Textarea(attrs={"rows": 2}),
            "legal_bases": TEXTAREA,
            "purpose": TEXTAREA,
            "requirements": TEXTAREA,
            "tasks": forms.Textarea(attrs={"rows": 5}),
            "recipients": TEXTAREA,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("document_number", "place", "signer", "legal_bases", "purpose", "requirements", "tasks"):
            if isinstance(data.get(name), str):
                data[name] = normalize(data[name]) if "\n" not in data[name] else data[name].strip()
        measure = data.get("target_measure")
        if measure == TargetMeasure.RATE:
            if data.get("target_rate") is None:
                self.add_error("target_rate", "Hãy nhập tỷ lệ, ví dụ 3,2.")
            if data.get("target_headcount_on") is None:
                self.add_error("target_headcount_on", "Hãy chọn ngày lấy tổng số đảng viên.")
        elif data.get("target_count") is None:
            self.add_error("target_count", "Hãy nhập số đảng viên cần kết nạp.")
        for low, high in (("target_count", "target_count_max"), ("target_rate", "target_rate_max")):
            if data.get(high) is not None and data.get(low) is not None and data[high] < data[low]:
                self.add_error(high, "Cận trên của khoảng phải không nhỏ hơn cận dưới.")
        return data

    def target(self) -> TargetInput:
        data = self.cleaned_data
        return TargetInput(
            data["target_measure"],
            data["target_count"],
            data["target_rate"],
            data["target_headcount_on"],
            data.get("target_count_max"),
            data.get("target_rate_max"),
        )

    def plan_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CreatePlanForm(PlanForm):
    organization = forms.ModelChoiceField(label="Tổ chức lập kế hoạch", queryset=Organization.objects.none())
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)

    field_order = ["organization", "year"]
    sections = (("Kế hoạch của", ("organization", "year")), *PlanForm.sections)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations


class SubTargetForm(forms.ModelForm):
    class Meta:
        formfield_callback = day_formfield  # date columns typed dd/mm/yyyy
        model = Target
        fields = ["scope", "measure", "count", "count_max", "rate", "rate_max", "block", "block_kind", "group", "note"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)
        scope.choices = [c for c in TargetScope.choices if c[0] != TargetScope.TOTAL]
        block = self.fields["block"]
        assert isinstance(block, forms.ModelChoiceField)
        block.queryset = plan.organization.blocks.all()


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp phụ lục (.xlsx hoặc .docx)")
    create_missing = forms.BooleanField(label="Tạo chi bộ mới cho các dòng chưa có trong cây tổ chức", required=False)


class RevisionForm(forms.Form):
    reason = forms.CharField(label="Lý do giao bổ sung", widget=forms.Textarea(attrs={"rows": 2}))
    effective_on = DayField(label="Hiệu lực từ ngày")
