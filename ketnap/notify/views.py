"""The notification list (same items as the e-mail digest), the digest preference, and
the one-click opt-out reached from the e-mail without signing in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ketnap.notify import services
from ketnap.notify.items import digest_lines
from ketnap.notify.models import DigestPreference, Notification
from ketnap.pipeline.selectors.agenda import is_large_scope

#: Items not seen for this long leave the list (they were done, or moved).
LIST_DAYS = 30
LIST_LIMIT = 200


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """Today's due and overdue items of the user's scope, unread first."""
    user: Any = request.user
    on = timezone.localdate()
    if not is_large_scope(user):
        # A province-wide scope is refreshed by the nightly digest run, not on each visit.
        services.refresh_notifications(user, on, digest_lines(user, on))
    notes = list(
        Notification.objects.filter(user=user, last_seen__gte=on - timedelta(days=LIST_DAYS)).order_by(
            F("read_at").asc(nulls_first=True), "due", "label"
        )[:LIST_LIMIT]
    )
    pref = DigestPreference.objects.filter(user=user).first() or DigestPreference(user=user)
    context = {
        "notes": notes,
        "on": on,
        "unread": sum(1 for n in notes if n.read_at is None),
        "form": PreferenceForm(instance=pref),
        "has_email": bool(user.email),
    }
    return render(request, "notify/list.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (`pk`) or all of them read; another user's id is a 404."""
    user: Any = request.user
    pk = request.POST.get("pk")
    if pk:
        if not pk.isdigit() or not Notification.objects.filter(pk=pk, user=user).exists():
            raise Http404
        services.mark_read(user, timezone.now(), [int(pk)])
    else:
        services.mark_read(user, timezone.now())
    return redirect("notify:list")


@login_required
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    """Daily, weekly (Mondays) or no digest e-mail."""
    user: Any = request.user
    pref = DigestPreference.objects.filter(user=user).first() or DigestPreference(user=user)
    form = PreferenceForm(request.POST, instance=pref)
    if form.is_valid():
        form.save()
        messages.success(request, f"Đã lưu: {pref.get_frequency_display().lower()}.")
    else:
        messages.error(request, "Lựa chọn không hợp lệ.")
    return redirect("notify:list")


@csrf_exempt  # the signed token is the credential; mail clients POST here (RFC 8058) without a session
def optout(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (a link scanner must not unsubscribe anyone); POST opts out."""
    user = services.user_from_optout_token(token)
    if user is None:
        return render(request, "notify/optout.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        services.opt_out(user)
        done = True
    return render(request, "notify/optout.html", {"target": user, "done": done, "token": token})
