"""Forms of the organisation pages. Text is NFC-normalised by the models."""

from __future__ import annotations

from typing import Any

from django import forms

from ketnap.orgs.enums import CELL_KINDS
from ketnap.orgs.models import Member, Organization
from ketnap.web.dates import DayField, day_formfield


class MoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(label="Chuyển về trực thuộc", queryset=Organization.objects.none())
    effective_on = DayField(label="Ngày hiệu lực")
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_parent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Organization.objects.visible_to(user).exclude(kind__in=CELL_KINDS).exclude(path__startswith=org.path)
        )


class MemberCountForm(forms.Form):
    counted_on = DayField(label="Ngày")
    official = forms.IntegerField(label="Đảng viên chính thức", min_value=0)
    probationary = forms.IntegerField(label="Đảng viên dự bị", min_value=0, initial=0)


class MemberForm(forms.ModelForm):
    class Meta:
        formfield_callback = day_formfield  # date columns typed dd/mm/yyyy
        model = Member
        fields = ["full_name", "sex", "birth_date", "status", "admission_date", "official_date"]


class SearchForm(forms.Form):
    q = forms.CharField(label="Tìm tổ chức", required=False, max_length=100)
