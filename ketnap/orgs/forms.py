"""Forms of the organisation pages. Text is NFC-normalised by the models."""

from __future__ import annotations

from typing import Any

from django import forms

from ketnap.orgs.enums import CELL_KINDS
from ketnap.orgs.models import Member, Organization

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(label="Chuyển về trực thuộc", queryset=Organization.objects.none())
    effective_on = forms.DateField(label="Ngày hiệu lực", widget=DATE_WIDGET)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_parent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Organization.objects.visible_to(user).exclude(kind__in=CELL_KINDS).exclude(path__startswith=org.path)
        )


class MemberCountForm(forms.Form):
    counted_on = forms.DateField(label="Ngày", widget=DATE_WIDGET)
    official = forms.IntegerField(label="Đảng viên chính thức", min_value=0)
    probationary = forms.IntegerField(label="Đảng viên dự bị", min_value=0, initial=0)


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["full_name", "sex", "birth_date", "status", "admission_date", "official_date"]
        widgets = {
            "birth_date": DATE_WIDGET,
            "admission_date": DATE_WIDGET,
            "official_date": DATE_WIDGET,
        }


class SearchForm(forms.Form):
    q = forms.CharField(label="Tìm tổ chức", required=False, max_length=100)
