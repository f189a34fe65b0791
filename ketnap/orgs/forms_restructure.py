"""Forms of the restructuring pages (issue 10, point 1). They only parse: every rule
(dates, what must carry over, who may act) is ketnap.orgs.restructure's, so the pages
and `manage.py restructure` refuse the same things in the same words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from ketnap.orgs.enums import CELL_KINDS
from ketnap.orgs.models import MassOrganization, Member, Organization
from ketnap.orgs.restructure import CARRY_CHOICES
from ketnap.web.dates import DayField

#: A split creates at most this many organisations in one operation.
MAX_PARTS = 4


def open_organizations(user: Any) -> QuerySet[Organization]:
    """Organisations the user sees that are still open (a closed one takes no part)."""
    return Organization.objects.visible_to(user).filter(valid_until__isnull=True)


class RestructureForm(forms.Form):
    """The fields every operation has: the day it takes effect and its grounds."""

    effective_on = DayField(
        label="Ngày hiệu lực",
        help_text="Từ ngày này tổ chức mới có hiệu lực; số liệu trước ngày này giữ nguyên như cũ.",
    )
    reason = forms.CharField(
        label="Lý do, căn cứ",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: Quyết định số …/QĐ-TU ngày …",
    )


def _carry_field(exclude: tuple[str, ...] = ()) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Chuyển sang tổ chức kế tục",
        choices=[(k, v) for k, v in CARRY_CHOICES.items() if k not in exclude],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Chỉ những gì được chọn mới được chuyển; còn lại mà không chọn thì hệ thống từ chối.",
    )


class MergeForm(RestructureForm):
    others = forms.ModelMultipleChoiceField(
        label="Sáp nhập cùng với", queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    into = forms.ModelChoiceField(
        label="Vào tổ chức đã có",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="(hợp nhất thành tổ chức mới)",
    )
    name = forms.CharField(label="Tên tổ chức mới", max_length=255, required=False)
    carry = _carry_field()

    def __init__(self, *args: Any, user: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        peers = open_organizations(user).filter(depth=org.depth).exclude(pk=org.pk)
        others = self.fields["others"]
        assert isinstance(others, forms.ModelMultipleChoiceField)
        others.queryset = peers
        into = self.fields["into"]
        assert isinstance(into, forms.ModelChoiceField)
        into.queryset = open_organizations(user).filter(depth=org.depth)
        self.initial.setdefault("carry", list(CARRY_CHOICES))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("into") and not (data.get("name") or "").strip():
            self.add_error("name", "Cần tên tổ chức sau hợp nhất, hoặc chọn tổ chức đã có để sáp nhập vào.")
        return data


class MoveForm(RestructureForm):
    new_parent = forms.ModelChoiceField(label="Chuyển về trực thuộc", queryset=Organization.objects.none())

    def __init__(self, *args: Any, user: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_parent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = open_organizations(user).exclude(kind__in=CELL_KINDS).exclude(path__startswith=org.path)


class RenameForm(RestructureForm):
    name = forms.CharField(label="Tên mới", max_length=255)


class CloseForm(forms.Form):
    """Close on the last day of activity; what hangs on it goes to a successor by choice."""

    valid_until = DayField(label="Hoạt động đến hết ngày")
    reason = forms.CharField(label="Lý do, căn cứ", widget=forms.Textarea(attrs={"rows": 2}))
    successor = forms.ModelChoiceField(
        label="Tổ chức kế tục", queryset=Organization.objects.none(), required=False, empty_label="(không có)"
    )
    carry = _carry_field()

    def __init__(self, *args: Any, user: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = open_organizations(user).exclude(path__startswith=org.path)


def _part_choices() -> list[tuple[str, str]]:
    return [(str(i), f"Tổ chức mới {i}") for i in range(1, MAX_PARTS + 1)]


class SplitForm(RestructureForm):
    """Names of the new organisations, then one choice per child, mass organisation,
    candidate and member that hangs directly on the split organisation: which new one
    takes it. Every item must be given to one (nothing is left behind silently)."""

    rest_to = forms.TypedChoiceField(
        label="Tổ chức mới nhận kế hoạch, chỉ tiêu, đợt báo cáo", choices=_part_choices(), coerce=int
    )
    carry = _carry_field(exclude=("children", "candidates", "members", "mass_organizations"))

    def __init__(self, *args: Any, org: Organization, on: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_PARTS + 1):
            self.fields[f"part_{i}"] = forms.CharField(label=f"Tên tổ chức mới {i}", max_length=255, required=i <= 2)
        self.items: list[tuple[str, str, Any]] = []
        self._add_items("child", _children(org, on), "Tổ chức trực thuộc")
        self._add_items("mass", MassOrganization.objects.filter(committee=org), "Mặt trận, đoàn thể")
        self._add_items("candidate", _candidates(org), "Quần chúng")
        self._add_items("member", Member.objects.filter(organization=org, left_on__isnull=True), "Đảng viên")
        self.initial.setdefault("carry", ["plans", "allocations", "reporting_rounds"])
        self.initial.setdefault("rest_to", "1")

    def _add_items(self, prefix: str, objects: Any, group: str) -> None:
        for obj in objects:
            name = f"{prefix}_{obj.pk}"
            self.fields[name] = forms.TypedChoiceField(label=str(obj), choices=_part_choices(), coerce=int, initial="1")
            self.items.append((name, group, obj))

    def item_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [(group, self[name]) for name, group, _obj in self.items]

    def part_names(self) -> list[str]:
        return [(self.cleaned_data.get(f"part_{i}") or "").strip() for i in range(1, MAX_PARTS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = [(data.get(f"part_{i}") or "").strip() for i in range(1, MAX_PARTS + 1)]
        used = {data.get(name) for name, _g, _o in self.items} | {data.get("rest_to")}
        for index in used:
            if isinstance(index, int) and not names[index - 1]:
                self.add_error(None, f"Tổ chức mới {index} được giao việc nhưng chưa có tên.")
        return data

    def assignment(self) -> dict[int, dict[str, list[Any]]]:
        """Part number → kind → objects given to it."""
        keys = {"child": "children", "mass": "mass_organizations", "candidate": "candidates", "member": "members"}
        result: dict[int, dict[str, list[Any]]] = {}
        for name, _group, obj in self.items:
            part = result.setdefault(self.cleaned_data[name], {k: [] for k in keys.values()})
            part[keys[name.split("_")[0]]].append(obj)
        return result


def _children(org: Organization, on: Any) -> QuerySet[Organization]:
    qs = Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1)
    return qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on)) if on else qs.filter(valid_until=None)


def _candidates(org: Organization) -> Any:
    from ketnap.pipeline.enums import EXITS
    from ketnap.pipeline.models import Candidate

    return Candidate.objects.filter(organization=org).exclude(stage__in=list(EXITS))
