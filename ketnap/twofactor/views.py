"""Enrolment (QR code made on this server), verification, and reset by the board above."""

from __future__ import annotations

import secrets
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketnap.audit.registry import record
from ketnap.orgs.models import Membership
from ketnap.twofactor.policy import board_paths_of, may_reset, required_for, strictly_below

RECOVERY_CODES = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, title="Mã QR cài ứng dụng xác thực")


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code, type a code to confirm; the ten recovery codes are shown once."""
    user: Any = request.user
    if user_has_device(user):
        return render(request, "twofactor/enrolled.html", {"required": required_for(user)})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="Ứng dụng xác thực", confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            codes = _confirm(user, device)
            otp_login(request, device)
            record("security", user, {"what": "bật xác thực hai lớp"}, user=user)
            return render(request, "twofactor/codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", "Mã không đúng hoặc đã hết hạn; xem mã mới trên ứng dụng và nhập lại.")
    context = {
        "form": form,
        "qr": _qr_svg(device.config_url),
        "secret": _base32(device),
        "required": required_for(user),
        "next": _next(request),
    }
    return render(request, "twofactor/setup.html", context)


def _base32(device: TOTPDevice) -> str:
    import base64

    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def _confirm(user: Any, device: TOTPDevice) -> list[str]:
    device.confirmed = True
    device.save()
    static, _ = StaticDevice.objects.get_or_create(user=user, name="Mã dự phòng", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """A code from the app, or one of the recovery codes (each works once)."""
    user: Any = request.user
    if not user_has_device(user):
        return redirect("twofactor:setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                record("security", user, {"what": "dùng mã dự phòng", "count": left}, user=user)
                messages.warning(request, f"Bạn vừa dùng một mã dự phòng; còn {left} mã.")
            return redirect(_next(request))
        record("login_failed", user, {"method": "mã xác thực hai lớp"}, user=user)
        form.add_error("code", "Mã không đúng (hoặc mã dự phòng đã dùng rồi).")
    return render(request, "twofactor/verify.html", {"form": form, "next": _next(request)})


@login_required
def reset_list(request: HttpRequest) -> HttpResponse:
    """The accounts of the levels below whose second factor this board may reset."""
    user: Any = request.user
    board_paths = board_paths_of(user)
    if not board_paths and not user.is_superuser:
        raise PermissionDenied("Chỉ Ban Tổ chức / Ban Xây dựng Đảng cấp trên được đặt lại xác thực hai lớp.")
    people = list(get_user_model().objects.filter(totpdevice__confirmed=True).distinct().order_by("username"))
    # One query for everyone's organisations, not one per account listed.
    paths: dict[int, list[str]] = {p.pk: [] for p in people}
    for user_id, path in Membership.objects.filter(user_id__in=paths).values_list("user_id", "organization__path"):
        paths[user_id].append(path)
    rows = [p for p in people if p.pk != user.pk and (user.is_superuser or strictly_below(paths[p.pk], board_paths))]
    return render(request, "twofactor/reset.html", {"rows": rows})


@login_required
@require_POST
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(get_user_model(), pk=pk)
    if not may_reset(request.user, target):
        raise PermissionDenied("Chỉ Ban Tổ chức cấp trên của người này được đặt lại xác thực hai lớp.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=target).delete()
        StaticDevice.objects.filter(user=target).delete()
        record("security", target, {"what": "đặt lại xác thực hai lớp"}, user=request.user)
    messages.success(request, f"Đã đặt lại xác thực hai lớp của {target.username}; lần đăng nhập tới sẽ cài lại.")
    return redirect("twofactor:reset_list")
