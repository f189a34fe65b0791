"""The meeting minutes a vote form records besides the count, so that the official
forms (6-, 8-, 13-, 15-KNĐ) print every part of the party's form from the records:
who chaired and who took the minutes, the probationary members present, who was
absent and why, and the cell's assessment of the person.

Why optional: a resolution recorded before these fields existed, or one whose paper
is already signed, is still valid; its form then leaves the parts blank to write by
hand instead of inventing them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

ABSENCE_HELP = "Mỗi dòng một người: “Họ và tên: lý do”, ví dụ “Nguyễn Văn An: đi công tác”."


def parse_absences(text: str) -> list[dict[str, str]]:
    """ "Nguyễn Văn An: đi công tác" lines → [{"name", "reason"}]; a reason is required
    (the form prints it, and an unexplained absence is not an approved one)."""
    found: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip().lstrip("-• ").strip()
        if not line:
            continue
        name, sep, reason = line.partition(":")
        if not sep:
            name, sep, reason = line.partition(" - ")
        if not sep or not name.strip() or not reason.strip():
            raise ValidationError(f"Dòng {number} (“{line}”): ghi “Họ và tên: lý do vắng mặt”.")
        found.append({"name": name.strip(), "reason": reason.strip()})
    return found


class CellMinutesMixin(forms.Form):
    """Chair, secretary, probationary members, absences and the assessment of a cell's meeting."""

    chair = forms.CharField(label="Đồng chí chủ trì hội nghị", required=False, max_length=120)
    secretary = forms.CharField(label="Đồng chí thư ký hội nghị", required=False, max_length=120)
    probationary = forms.IntegerField(label="Số đảng viên dự bị của chi bộ", required=False, min_value=0)
    probationary_present = forms.IntegerField(label="Số đảng viên dự bị có mặt", required=False, min_value=0)
    absences = forms.CharField(
        label="Đảng viên vắng mặt và lý do",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=ABSENCE_HELP,
    )
    assessment = forms.CharField(
        label="Nhận xét ưu điểm, khuyết điểm (chi bộ thảo luận)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_absences(self) -> list[dict[str, str]]:
        return parse_absences(self.cleaned_data.get("absences") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total, present = data.get("probationary"), data.get("probationary_present")
        if present is not None and (total is None or present > total):
            self.add_error("probationary_present", "Số có mặt không thể lớn hơn số đảng viên dự bị.")
        absent = (data.get("eligible") or 0) - (data.get("present") or 0) + (total or 0) - (present or 0)
        if len(data.get("absences") or []) > max(absent, 0):
            self.add_error("absences", f"Ghi nhiều người vắng mặt hơn số vắng mặt theo số liệu ({max(absent, 0)}).")
        return data


def cell_minutes(d: dict[str, Any]) -> dict[str, Any]:
    """The minutes of a cell vote form's cleaned data, for `record_cell_vote`."""
    keys = ("chair", "secretary", "probationary", "probationary_present", "absences", "assessment")
    return {k: d.get(k) for k in keys}


class CommitteeMinutesMixin(forms.Form):
    """Attendance, chair and secretary of the committee's meeting (8-KNĐ, 15-KNĐ)."""

    committee_present = forms.IntegerField(label="Số cấp ủy viên có mặt", required=False, min_value=0)
    committee_chair = forms.CharField(label="Đồng chí chủ trì hội nghị cấp ủy", required=False, max_length=120)
    committee_secretary = forms.CharField(label="Đồng chí thư ký hội nghị cấp ủy", required=False, max_length=120)
    committee_absences = forms.CharField(
        label="Cấp ủy viên vắng mặt và lý do",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=ABSENCE_HELP,
    )

    def clean_committee_absences(self) -> list[dict[str, str]]:
        return parse_absences(self.cleaned_data.get("committee_absences") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        members, present = data.get("committee_members"), data.get("committee_present")
        if present is not None and members is not None and present > members:
            self.add_error("committee_present", "Số có mặt không thể lớn hơn tổng số cấp ủy viên.")
        return data


def committee_minutes(d: dict[str, Any]) -> dict[str, Any]:
    """The committee's minutes from a decision form's cleaned data."""
    return {
        "present": d.get("committee_present"),
        "chair": d.get("committee_chair"),
        "secretary": d.get("committee_secretary"),
        "absences": d.get("committee_absences"),
    }
