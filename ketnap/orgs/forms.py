"""Forms of the organisation pages. Text is NFC-normalised by the models."""

from __future__ import annotations

from django import forms

from ketnap.orgs.models import Member
from ketnap.web.dates import DayField, day_formfield


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
