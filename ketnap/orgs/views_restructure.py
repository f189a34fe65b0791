"""Pages of the restructuring operations (issue 10, point 1): merge, split, move,
rename, close. Each fetches its organisation through visible_to() (another subtree:
404), checks the board's right (else 403) and calls one service of
ketnap.orgs.restructure, which audits it.

Why a preview that runs the operation and rolls it back: the user sees exactly what
the service will do (what moves where, or its refusal in its own words) before the
confirmation — not an estimate that could differ from the real run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ketnap.orgs import permissions, restructure
from ketnap.orgs.models import Organization
from ketnap.orgs.restructure_operations import OPERATIONS, dry_run

CONFIRM = (
    "{what}: từ ngày hiệu lực cây tổ chức thay đổi như phần xem trước; số liệu trước ngày đó giữ nguyên. "
    "Không thể hoàn tác. Tiếp tục?"
)


def _managed(request: HttpRequest, pk: int) -> Organization:
    org = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    if not permissions.can_manage_tree(request.user, org):
        raise PermissionDenied("Chỉ Ban Tổ chức (Ban Xây dựng Đảng) cấp trên sắp xếp được tổ chức này.")
    return org


def _operate(
    request: HttpRequest,
    org: Organization,
    form: forms.Form,
    title: str,
    act: Callable[[], restructure.Outcome],
    **extra: Any,
) -> HttpResponse:
    """Preview (dry run) on "Xem trước", the real run on "Xác nhận"; refusals go into the form."""
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "confirm":
                outcome = act()
                messages.success(request, f"Đã {title.lower()} từ ngày {outcome.effective_on:%d/%m/%Y}.")
                return redirect("orgs:detail", pk=outcome.organizations[-1].pk)
            preview = dry_run(act)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        org.refresh_from_db()  # the dry run changed the object in memory, not in the database
    context = {
        "org": org,
        "form": form,
        "fields": [form[name] for name in form.fields if name not in {n for n, _g, _o in getattr(form, "items", [])}],
        "title": title,
        "preview": preview,
        "confirm": CONFIRM.format(what=title),
        "hanging": _hanging(org, _day(request)),
        **extra,
    }
    return render(request, "orgs/restructure.html", context)


def _hanging(org: Organization, on: date) -> list[tuple[str, int]]:
    counts = restructure.hanging_on(org, on)
    return [(restructure.CARRY_CHOICES[k], n) for k, n in counts.items() if n]


def _day(request: HttpRequest) -> date:
    """The effective day typed into the form, else today (for what hangs on it then)."""
    try:
        return date.fromisoformat(request.POST.get("effective_on", ""))
    except ValueError:
        return timezone.localdate()


def _page(name: str) -> Callable[[HttpRequest, int], HttpResponse]:
    operation = OPERATIONS[name]

    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        org = _managed(request, pk)
        form = operation.form(request.user, org, request.POST or None, _day(request))
        return _operate(
            request, org, form, operation.title, lambda: operation.act(form, org, request.user), split=name == "split"
        )

    view.__name__ = name
    return view


merge = _page("merge")
split = _page("split")
move = _page("move")
rename = _page("rename")
close = _page("close")
