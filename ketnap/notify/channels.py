"""The channels a digest goes out through. Only e-mail exists (no SMS or chat gateway
is reachable); another channel is one more function taking the same arguments."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from ketnap.notify.items import DigestLine


def subject(on: date, lines: list[DigestLine], total: int) -> str:
    overdue = sum(1 for line in lines if line.status == "overdue")
    late = f", {overdue} việc quá hạn" if overdue else ""
    return f"Kết Nạp — {total} việc cần làm ngày {on:%d/%m/%Y}{late}"


def send_email(user: Any, on: date, lines: list[DigestLine], *, total: int, optout_url: str) -> None:
    """One Vietnamese message, plain text and HTML, with links back to each item and a
    one-click opt-out (RFC 8058 headers, so a mail client can offer it too)."""
    base = settings.KETNAP_BASE_URL.rstrip("/")
    context = {
        "user": user,
        "on": on,
        "lines": lines,
        "total": total,
        "more": total - len(lines),
        "base": base,
        "agenda_url": base + reverse("pipeline:agenda"),
        "settings_url": base + reverse("notify:list"),
        "optout_url": optout_url,
    }
    message = EmailMultiAlternatives(
        subject=subject(on, lines, total),
        body=render_to_string("notify/digest.txt", context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{optout_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string("notify/digest.html", context), "text/html")
    message.send()
