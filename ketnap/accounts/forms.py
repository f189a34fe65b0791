"""Forms of the accounts area; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from ketnap.orgs.enums import Role
from ketnap.orgs.models import Organization
from ketnap.orgs.querysets import path_q
from ketnap.web.dates import DayField


def _managed_orgs(paths: tuple[str, ...] | None) -> Any:
    qs = Organization.objects.filter(valid_until__isnull=True)
    return qs if paths is None else qs.filter(path_q("path", paths))


class RoleForm(forms.Form):
    organization = forms.ModelChoiceField(label="Tổ chức", queryset=Organization.objects.none())
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    valid_from = DayField(label="Giữ từ ngày", required=False, help_text="Để trống: từ hôm nay.")

    def __init__(self, *args: Any, paths: tuple[str, ...] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _managed_orgs(paths)


class AccountForm(RoleForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150, help_text="Ví dụ: bithu.banchang")
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    field_order = ["username", "full_name", "email", "organization", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["valid_from"]  # a new account's role starts the day it is created


class EndRoleForm(forms.Form):
    until = DayField(label="Thôi giữ từ ngày", required=False)
