"""The audit page: changes within the viewer's subtree, filterable, printable, exportable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ketnap.audit.display import user_display
from ketnap.audit.exports import EXPORT_LIMIT, audit_xlsx
from ketnap.audit.filters import AuditFilter
from ketnap.audit.models import AuditAction, AuditEvent
from ketnap.audit.registry import record
from ketnap.orgs.models import Organization
from ketnap.orgs.permissions import can_read_audit
from ketnap.web.dates import DayField

#: Above this many rows the export runs in the worker (the request would take seconds).
EXPORT_INLINE_ROWS = 5000

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return user_display(obj)


class AuditFilterForm(forms.Form):
    organization = forms.ModelChoiceField(label="Tổ chức", queryset=Organization.objects.none(), required=False)
    user = _UserChoice(label="Người thực hiện", queryset=get_user_model().objects.none(), required=False)
    action = forms.ChoiceField(label="Loại thao tác", choices=[("", "Tất cả"), *AuditAction.choices], required=False)
    date_from = DayField(label="Từ ngày", required=False)
    date_to = DayField(label="Đến ngày", required=False)

    def __init__(self, *args: object, viewer: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm",
            )
        orgs = Organization.objects.visible_to(viewer)  # type: ignore[arg-type]
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        user_ids = AuditEvent.objects.visible_to(viewer).filter(user__isnull=False).values("user_id")  # type: ignore[arg-type]
        people = get_user_model().objects.filter(pk__in=user_ids).order_by("username")
        self.fields["user"].queryset = people  # type: ignore[attr-defined]

    def describe(self) -> dict[str, str]:
        """The filters in words, for the printout and the export's heading."""
        if not self.is_valid():
            return {}
        words = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.fields[name]
            if name == "action":
                words[str(field.label)] = str(AuditAction(value).label)
            elif name == "user":
                words[str(field.label)] = user_display(value)
            elif hasattr(value, "strftime"):
                words[str(field.label)] = value.strftime("%d/%m/%Y")
            else:
                words[str(field.label)] = str(value)
        return words


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    return filtered(request.user, request.GET)


def filtered(user: Any, query: Mapping[str, Any]) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    """The viewer's audit rows with the page's filters (`query` is the GET data), the same
    in the request and in the export job, which re-applies them as the user who asked."""
    if not can_read_audit(user):
        raise PermissionDenied("Chỉ Ban Xây dựng Đảng và Ủy ban Kiểm tra được xem nhật ký.")
    form = AuditFilterForm(query or None, viewer=user)
    events = AuditEvent.objects.visible_to(user).select_related("user")
    if form.is_valid():
        # The form checks the choices are the viewer's (their organisations, the people
        # of their log); the FilterSet, shared with the API, does the filtering.
        chosen = {k: getattr(v, "pk", v) for k, v in form.cleaned_data.items() if v not in (None, "")}
        events = AuditFilter(data=chosen, queryset=events).qs
    return form, events


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filters": form.describe(), "now": timezone.now()},
    )


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered log as .xlsx (the newest EXPORT_LIMIT rows); the export is itself logged.
    Above EXPORT_INLINE_ROWS rows (a province's log) the worker writes it and the page polls."""
    form, events = _filtered(request)
    if events.count() > EXPORT_INLINE_ROWS:
        from ketnap.jobs.models import JobKind
        from ketnap.jobs.services import start

        query = {key: request.GET.getlist(key) for key in request.GET if key != "page"}
        job = start(JobKind.AUDIT_EXPORT, user=request.user, title="Xuất nhật ký (.xlsx)", params={"query": query})
        return redirect("jobs:detail", pk=job.pk)
    return export_response(request.user, form, events)


def export_response(user: Any, form: AuditFilterForm, events: QuerySet[AuditEvent]) -> HttpResponse:
    """The filtered rows as .xlsx, the export logged (the page and the API answer with it)."""
    filters = form.describe()
    data, count = audit_xlsx(events, filters, viewer=user_display(user))
    scope = form.cleaned_data.get("organization") if form.is_valid() else None
    target: Any = scope or viewer_anchor(user)
    record("export", target, {"what": "nhật ký", "rows": count, "filters": filters}, user=user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.xlsx"'
    return response


def viewer_anchor(user: Any) -> Any:
    from ketnap.audit.auth_events import user_organization

    return user_organization(user) or user


__all__ = [
    "EXPORT_INLINE_ROWS",
    "EXPORT_LIMIT",
    "audit_export",
    "audit_list",
    "export_response",
    "filtered",
    "viewer_anchor",
]
