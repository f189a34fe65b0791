"""The form of the token page."""

from __future__ import annotations

from django import forms

from ketnap.orgs.forms import DATE_WIDGET


class TokenForm(forms.Form):
    name = forms.CharField(label="Tên gợi nhớ", max_length=100, help_text="Ví dụ: “Báo cáo tỉnh”, “Máy tính xách tay”.")
    expires_on = forms.DateField(
        label="Hết hạn ngày", required=False, widget=DATE_WIDGET, help_text="Bỏ trống: không hết hạn."
    )
