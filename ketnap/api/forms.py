"""The form of the token page."""

from __future__ import annotations

from django import forms

from ketnap.web.dates import DayField


class TokenForm(forms.Form):
    name = forms.CharField(label="Tên gợi nhớ", max_length=100, help_text="Ví dụ: “Báo cáo tỉnh”, “Máy tính xách tay”.")
    expires_on = DayField(label="Hết hạn ngày", required=False, help_text="Bỏ trống: không hết hạn.")
