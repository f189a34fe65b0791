"""The audit page: changes within the viewer's subtree, filterable."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ketnap.audit.models import AuditEvent
from ketnap.orgs.forms import DATE_WIDGET
from ketnap.orgs.models import Organization
from ketnap.orgs.permissions import can_read_audit


class AuditFilterForm(forms.Form):
    organization = forms.ModelChoiceField(label="Tổ chức", queryset=Organization.objects.none(), required=False)
    user = forms.ModelChoiceField(label="Người thực hiện", queryset=get_user_model().objects.none(), required=False)
    date_from = forms.DateField(label="Từ ngày", required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label="Đến ngày", required=False, widget=DATE_WIDGET)

    def __init__(self, *args: object, viewer: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        orgs = Organization.objects.visible_to(viewer)  # type: ignore[arg-type]
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        user_ids = AuditEvent.objects.visible_to(viewer).values("user_id")  # type: ignore[arg-type]
        self.fields["user"].queryset = get_user_model().objects.filter(pk__in=user_ids)  # type: ignore[attr-defined]


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not can_read_audit(request.user):
        raise PermissionDenied("Chỉ Ban Xây dựng Đảng và Ủy ban Kiểm tra được xem nhật ký.")
    form = AuditFilterForm(request.GET or None, viewer=request.user)
    events = AuditEvent.objects.visible_to(request.user).select_related("user", "organization")
    if form.is_valid():
        data = form.cleaned_data
        if data["organization"]:
            events = events.filter(org_path__startswith=data["organization"].path)
        if data["user"]:
            events = events.filter(user=data["user"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page})
