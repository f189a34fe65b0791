"""Pages of the restructuring operations (issue 10, point 1): merge, split, move,
rename, close. Each fetches its organisation through visible_to() (another subtree:
404), checks the board's right (else 403) and calls one service of
ketnap.orgs.restructure, which audits it.

Why a preview that runs the operation and rolls it back: the user sees exactly what
the service will do (what moves where, or its refusal in its own words) before the
confirmation — not an estimate that could differ from the real run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ketnap.orgs import permissions, restructure
from ketnap.orgs.forms_restructure import CloseForm, MergeForm, MoveForm, RenameForm, SplitForm
from ketnap.orgs.models import Organization

CONFIRM = (
    "{what}: từ ngày hiệu lực cây tổ chức thay đổi như phần xem trước; số liệu trước ngày đó giữ nguyên. "
    "Không thể hoàn tác. Tiếp tục?"
)


class _DryRun(Exception):
    """Raised inside the preview's transaction so that nothing it did is kept."""


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
            preview = _dry_run(act)
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


def _dry_run(act: Callable[[], restructure.Outcome]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    try:
        with transaction.atomic():
            outcome = act()
            result = outcome.as_dict()
            result["labels"] = {k: restructure.CARRY_CHOICES.get(k, k) for k in outcome.moved}
            raise _DryRun
    except _DryRun:
        pass
    return result


def _hanging(org: Organization, on: date) -> list[tuple[str, int]]:
    counts = restructure.hanging_on(org, on)
    return [(restructure.CARRY_CHOICES[k], n) for k, n in counts.items() if n]


def _day(request: HttpRequest) -> date:
    """The effective day typed into the form, else today (for what hangs on it then)."""
    try:
        return date.fromisoformat(request.POST.get("effective_on", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    org = _managed(request, pk)
    form = MergeForm(request.POST or None, user=request.user, org=org)

    def act() -> restructure.Outcome:
        data = form.cleaned_data
        return restructure.merge(
            [org, *data["others"]], on=data["effective_on"], into=data["into"], name=data["name"],
            actor=request.user, reason=data["reason"], carry=data["carry"],
        )  # fmt: skip

    return _operate(request, org, form, "Hợp nhất, sáp nhập", act)


@login_required
def split(request: HttpRequest, pk: int) -> HttpResponse:
    org = _managed(request, pk)
    form = SplitForm(request.POST or None, org=org, on=_day(request))

    def act() -> restructure.Outcome:
        data = form.cleaned_data
        names, given = form.part_names(), form.assignment()
        parts = [restructure.Part(name, **given.get(i, {})) for i, name in enumerate(names, start=1) if name]
        return restructure.split(
            org, parts, on=data["effective_on"], rest_to=names[data["rest_to"] - 1], actor=request.user,
            reason=data["reason"], carry=data["carry"],
        )  # fmt: skip

    return _operate(request, org, form, "Chia tách", act, split=True)


@login_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    org = _managed(request, pk)
    form = MoveForm(request.POST or None, user=request.user, org=org)

    def act() -> restructure.Outcome:
        data = form.cleaned_data
        return restructure.move(
            org, data["new_parent"], on=data["effective_on"], actor=request.user, reason=data["reason"]
        )

    return _operate(request, org, form, "Chuyển tổ chức", act)


@login_required
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    org = _managed(request, pk)
    form = RenameForm(request.POST or None, initial={"name": org.name})

    def act() -> restructure.Outcome:
        data = form.cleaned_data
        return restructure.rename(org, data["name"], on=data["effective_on"], actor=request.user, reason=data["reason"])

    return _operate(request, org, form, "Đổi tên", act)


@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Giải thể: the last day of activity is typed (as the decisions say it); the
    service takes the first day it no longer exists."""
    org = _managed(request, pk)
    form = CloseForm(request.POST or None, user=request.user, org=org)

    def act() -> restructure.Outcome:
        data = form.cleaned_data
        last = data["valid_until"]
        if org.valid_from and last < org.valid_from:
            raise ValidationError(
                f"Ngày hết hiệu lực {last:%d/%m/%Y} trước ngày bắt đầu hoạt động ({org.valid_from:%d/%m/%Y})."
            )
        return restructure.close(
            org, on=last + timedelta(days=1), actor=request.user, reason=data["reason"],
            successor=data["successor"], carry=data["carry"],
        )  # fmt: skip

    return _operate(request, org, form, "Chấm dứt hoạt động (giải thể)", act)
