"""Forms of the tree-building pages (issue 9, points 1 and 2). The forms only parse;
every rule (placement, codes, dates) is the service's, so the command line and the
pages refuse the same things in the same words."""

from __future__ import annotations

from typing import Any

from django import forms

from ketnap.orgs.building import ALLOWED_PARENTS
from ketnap.orgs.enums import BlockKind, MassOrganizationKind, OrganizationKind
from ketnap.orgs.models import Block, Organization
from ketnap.web.dates import DayField


def kinds_under(parent: Organization | None) -> list[tuple[str, str]]:
    """The kinds the charter's structure allows under `parent` (the top kinds for a top
    one). Under a cell nothing is allowed; the cell kind is still offered so that the
    service gives its own refusal ("chi bộ không có tổ chức đảng trực thuộc")."""
    if parent is not None and parent.is_cell:
        return [(OrganizationKind.CELL.value, OrganizationKind.CELL.label)]
    parent_kind = parent.kind if parent is not None else None
    return [(k.value, k.label) for k in OrganizationKind if parent_kind in ALLOWED_PARENTS[k.value]]


class ChildOrganizationForm(forms.Form):
    """Add a child organisation, or edit one (its kind, block, code, name, opening date)."""

    kind = forms.ChoiceField(label="Loại tổ chức")
    name = forms.CharField(label="Tên đầy đủ", max_length=255, help_text="Ví dụ: Chi bộ thôn Bản Chang")
    code = forms.CharField(label="Mã", max_length=40, required=False, help_text="Bỏ trống để hệ thống tự đặt mã.")
    block = forms.ModelChoiceField(label="Khối", queryset=Block.objects.none(), required=False)
    valid_from = DayField(label="Hiệu lực từ ngày", required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, parent: Organization | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = kinds_under(parent)
        block = self.fields["block"]
        assert isinstance(block, forms.ModelChoiceField)
        block.queryset = Block.objects.filter(organization=parent) if parent is not None else Block.objects.none()
        block.empty_label = "(không thuộc khối nào)"


class BlockForm(forms.Form):
    kind = forms.ChoiceField(label="Loại khối", choices=BlockKind.choices)
    name = forms.CharField(label="Tên khối", max_length=255)


class MassOrganizationForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=MassOrganizationKind.choices)
    name = forms.CharField(label="Tên", max_length=255, help_text="Ví dụ: Đoàn Thanh niên xã Cao Minh")


class FirstRunForm(forms.Form):
    """The top organisation(s) of an empty install: a province, or a commune under it."""

    province_name = forms.CharField(label="Tên đảng bộ tỉnh / thành phố", max_length=255, initial="Đảng bộ tỉnh ")
    province_code = forms.CharField(label="Mã đảng bộ tỉnh", max_length=40, required=False)
    commune_name = forms.CharField(
        label="Tên đảng bộ xã (nếu hệ thống dùng cho một xã)",
        max_length=255,
        required=False,
        help_text="Bỏ trống nếu dùng cho cả tỉnh; các xã sẽ được thêm hoặc nhập sau.",
    )
    commune_kind = forms.ChoiceField(
        label="Loại tổ chức của xã",
        choices=[(k.value, k.label) for k in (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL)],
    )
    commune_code = forms.CharField(label="Mã đảng bộ xã", max_length=40, required=False)
    valid_from = DayField(label="Hiệu lực từ ngày", required=False)
