"""The three small question forms of the 'Tra cứu quy định' page."""

from __future__ import annotations

from typing import Any

from django import forms

from ketnap.charter import EDUCATION_LEVELS, EVENTS, level_name
from ketnap.web.dates import DayField

EVENT_LABELS = {
    "admission_decision": "Quyết định kết nạp (từ ngày chi bộ ra nghị quyết)",
    "ceremony": "Lễ kết nạp (từ ngày nhận quyết định)",
    "probation_end": "Hết thời gian dự bị (từ ngày lễ kết nạp)",
    "confirmation_review": "Chi bộ xét công nhận chính thức (từ ngày hết dự bị)",
    "confirmation_decision": "Quyết định công nhận chính thức (từ ngày chi bộ ra nghị quyết)",
    "member_biography": "Khai lý lịch đảng viên (từ ngày lễ kết nạp)",
}


class EligibilityForm(forms.Form):
    birth_date = DayField(label="Ngày sinh")
    meeting_date = DayField(label="Ngày chi bộ họp xét")
    education = forms.ChoiceField(
        label="Trình độ học vấn",
        required=False,
        choices=[("", "—")] + [(lv, level_name(lv)) for lv in EDUCATION_LEVELS],
    )
    remote_area = forms.BooleanField(label="Vùng cao, biên giới, hải đảo, đặc biệt khó khăn", required=False)
    certificate_date = DayField(label="Ngày cấp giấy chứng nhận lớp nhận thức", required=False)

    def facts(self) -> dict[str, Any]:
        data = self.cleaned_data
        facts: dict[str, Any] = {
            "birth_date": data["birth_date"].isoformat(),
            "meeting_date": data["meeting_date"].isoformat(),
            "remote_area": data["remote_area"],
        }
        if data["education"]:
            facts["education"] = data["education"]
        if data["certificate_date"]:
            facts["certificate_date"] = data["certificate_date"].isoformat()
        return facts


class VoteForm(forms.Form):
    official_members = forms.IntegerField(label="Số đảng viên chính thức của chi bộ", min_value=0)
    excused = forms.IntegerField(
        label="Số được trừ (miễn sinh hoạt, sinh hoạt tạm thời nơi khác…)", min_value=0, initial=0
    )
    in_favour = forms.IntegerField(label="Số tán thành", min_value=0)
    meeting_date = DayField(label="Ngày họp", required=False)

    def facts(self) -> dict[str, Any]:
        data = self.cleaned_data
        facts = {k: data[k] for k in ("official_members", "excused", "in_favour")}
        if data["meeting_date"]:
            facts["meeting_date"] = data["meeting_date"].isoformat()
        return facts


class DeadlineForm(forms.Form):
    event = forms.ChoiceField(label="Thời hạn", choices=[(e, EVENT_LABELS.get(e, e)) for e in EVENTS])
    start = DayField(label="Tính từ ngày")

    def facts(self) -> dict[str, Any]:
        return {"event": self.cleaned_data["event"], "from": self.cleaned_data["start"].isoformat()}
