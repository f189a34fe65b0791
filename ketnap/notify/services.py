"""Sending the daily digest and keeping the in-app notification list.

    send_digests(on, dry_run=False) -> list[DigestOutcome]   one outcome per active user
    refresh_notifications(user, on, lines) -> None           the list mirrors the digest

Why a row per (user, day) created before the message leaves, in the same transaction:
a second run on the same day — the timer fired twice, an operator retried — finds the
row and sends nothing; a failed SMTP conversation rolls the row back, so the next run
tries again. The day is a parameter (`--on`), never read from the clock here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from ketnap.notify.channels import send_email
from ketnap.notify.items import DigestLine, digest_lines
from ketnap.notify.models import DigestPreference, DigestSent, Frequency, Notification
from ketnap.pipeline.rules import Rules

OPTOUT_SALT = "ketnap.notify.optout"
#: A province-wide scope can hold thousands of lines; the message shows this many and links the agenda.
MAX_LINES = 60
WEEKLY_DAY = 0  # Monday


@dataclass
class DigestOutcome:
    """What happened (or would happen, in a dry run) for one user."""

    user: str
    address: str
    status: str  # "sent", "would_send", "already_sent", "nothing_due", "opted_out", "not_this_day", "no_address"
    items: int = 0
    lines: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def optout_token(user: Any) -> str:
    return signing.dumps({"u": user.pk}, salt=OPTOUT_SALT, compress=True)


def user_from_optout_token(token: str) -> Any | None:
    """The user a signed opt-out link names, or None for a forged or damaged one."""
    try:
        data = signing.loads(token, salt=OPTOUT_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()


def opt_out(user: Any) -> None:
    DigestPreference.objects.update_or_create(user=user, defaults={"frequency": Frequency.OFF})


def frequency_of(user: Any) -> str:
    pref = DigestPreference.objects.filter(user=user).first()
    return pref.frequency if pref else Frequency.DAILY


def absolute(path: str) -> str:
    return settings.KETNAP_BASE_URL.rstrip("/") + path


def refresh_notifications(user: Any, on: date, lines: list[DigestLine]) -> None:
    """Make the user's notification list hold today's items: new ones unread, known ones
    keep their read mark. Items no longer due stay as history (their last_seen is older)."""
    known = {n.key: n for n in Notification.objects.filter(user=user, key__in=[line.key for line in lines])}
    new, seen = [], []
    for line in lines:
        note = known.get(line.key)
        if note is None:
            new.append(
                Notification(
                    user=user,
                    key=line.key,
                    kind=line.kind,
                    label=line.label[:300],
                    detail=line.detail[:300],
                    due=line.due,
                    url=line.url,
                    crosses_tet=line.crosses_tet,
                    first_seen=on,
                    last_seen=on,
                )
            )
        elif note.last_seen < on:
            seen.append(note.pk)
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    Notification.objects.filter(pk__in=seen).update(last_seen=on)


def _due_this_day(frequency: str, on: date) -> bool:
    return frequency == Frequency.DAILY or (frequency == Frequency.WEEKLY and on.weekday() == WEEKLY_DAY)


def digest_for(user: Any, on: date, *, dry_run: bool = False, rules: Rules | None = None) -> DigestOutcome:
    """Send (or, dry, describe) one user's digest for `on`; refresh their notifications."""
    outcome = DigestOutcome(user=user.username, address=user.email or "", status="")
    lines = digest_lines(user, on, rules=rules)
    outcome.items = len(lines)
    outcome.lines = [{"status": ln.status, "due": ln.due.isoformat(), "label": ln.label, "detail": ln.detail,
                      "url": absolute(ln.url), "crosses_tet": ln.crosses_tet} for ln in lines]  # fmt: skip
    if not dry_run:
        refresh_notifications(user, on, lines)
    frequency = frequency_of(user)
    if not user.email:
        outcome.status = "no_address"
    elif frequency == Frequency.OFF:
        outcome.status = "opted_out"
    elif not _due_this_day(frequency, on):
        outcome.status = "not_this_day"
    elif not lines:
        outcome.status = "nothing_due"
    elif DigestSent.objects.filter(user=user, day=on).exists():
        outcome.status = "already_sent"
    elif dry_run:
        outcome.status = "would_send"
    else:
        outcome.status = _send(user, on, lines)
    return outcome


def _send(user: Any, on: date, lines: list[DigestLine]) -> str:
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=on, address=user.email, items=len(lines))
            send_email(user, on, lines[:MAX_LINES], total=len(lines), optout_url=_optout_url(user))
    except IntegrityError:
        return "already_sent"  # another run got there first
    return "sent"


def _optout_url(user: Any) -> str:
    return absolute(reverse("notify:optout", args=[optout_token(user)]))


def send_digests(on: date, *, dry_run: bool = False, usernames: list[str] | None = None) -> list[DigestOutcome]:
    """Every active user's digest for `on` (or only the named users')."""
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    if usernames:
        users = users.filter(username__in=usernames)
    rules = Rules()
    return [digest_for(user, on, dry_run=dry_run, rules=rules) for user in users]


def mark_read(user: Any, at: datetime, pks: list[int] | None = None) -> int:
    """Mark the user's notifications read at `at` (all unread ones when `pks` is None)."""
    notes = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        notes = notes.filter(pk__in=pks)
    return notes.update(read_at=at)


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
