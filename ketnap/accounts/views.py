"""The accounts area of the board (issue 9, point 6) and each user's own password.

The list and the user pages read through Membership.objects.visible_to(): a user who
holds no role in the reader's subtree is a 404; a reader who is not a board is a 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from ketnap.accounts import services
from ketnap.accounts.forms import AccountForm, EndRoleForm, RoleForm
from ketnap.orgs.models import Membership


def _board(request: HttpRequest) -> tuple[str, ...] | None:
    if not services.may_manage_accounts(request.user):
        raise PermissionDenied("Chỉ Ban Tổ chức (Ban Xây dựng Đảng) quản lý tài khoản.")
    return services.board_paths(request.user)


def _visible_users(request: HttpRequest) -> Any:
    """Users who hold or held a role in the reader's subtree, with those roles (current and ended)."""
    visible = Membership.with_ended.visible_to(request.user).order_by("valid_until", "-valid_from", "pk")
    return (
        get_user_model()
        .objects.filter(memberships__in=visible)
        .distinct()
        .order_by("username")
        .prefetch_related(Prefetch("memberships", queryset=visible.select_related("organization")))
    )


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _board(request)
    page = Paginator(_visible_users(request), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/list.html", {"page": page})


@login_required
def add(request: HttpRequest) -> HttpResponse:
    paths = _board(request)
    form = AccountForm(request.POST or None, paths=paths)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_account(
                actor=request.user, username=data["username"], org=data["organization"], role=data["role"],
                on=timezone.localdate(), full_name=data["full_name"], email=data["email"],
            )  # fmt: skip
            link = services.set_password_link(actor=request.user, user=user)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return _show_link(request, user, link)
    return render(request, "accounts/add.html", {"form": form})


def _show_link(request: HttpRequest, user: Any, path: str) -> HttpResponse:
    """The link is shown once, on this response; it is not stored anywhere to show again."""
    context = {"target": user, "link": request.build_absolute_uri(path), "hours": services.LINK_HOURS}
    return render(request, "accounts/link.html", context)


def _target(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(_visible_users(request), pk=pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    paths = _board(request)
    target = _target(request, pk)
    form = RoleForm(request.POST or None, paths=paths)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.grant_role(
                actor=request.user, user=target, org=data["organization"], role=data["role"],
                on=timezone.localdate(), valid_from=data["valid_from"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã giao vai trò.")
            return redirect("accounts:detail", pk=target.pk)
    today = timezone.localdate()
    held = list(target.memberships.all())  # prefetched: the roles in the reader's subtree
    context = {
        "target": target,
        "form": form,
        "current": [m for m in held if m.held_on(today)],
        "ended": [m for m in held if not m.held_on(today)],
        "today": today,
        "manages": services.manages(request.user, target),
        "locked": services.is_locked(target),
    }
    return render(request, "accounts/detail.html", context)


@login_required
@require_POST
def end_role(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    _board(request)
    target = _target(request, pk)
    membership = get_object_or_404(Membership.with_ended.visible_to(request.user), pk=membership_pk, user=target)
    form = EndRoleForm(request.POST)
    until = form.cleaned_data["until"] if form.is_valid() else None
    try:
        services.end_role(actor=request.user, membership=membership, on=timezone.localdate(), until=until)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã kết thúc vai trò {membership.get_role_display()} ở {membership.organization}.")
    return redirect("accounts:detail", pk=target.pk)


@login_required
@require_POST
def issue_link(request: HttpRequest, pk: int) -> HttpResponse:
    _board(request)
    target = _target(request, pk)
    return _show_link(request, target, services.set_password_link(actor=request.user, user=target))


@login_required
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    _board(request)
    target = _target(request, pk)
    services.unlock(actor=request.user, user=target)
    messages.success(request, f"Đã mở khóa tài khoản {target.username}.")
    return redirect("accounts:detail", pk=target.pk)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The page the one-time link opens (no login needed)."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_set")


def password_set(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_set.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password (Django's validators, at least 10 characters)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "Đã đổi mật khẩu.")
        return super().form_valid(form)
