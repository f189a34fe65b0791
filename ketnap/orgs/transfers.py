"""Where a registry member stood on a day (history never moves).

`Member.organization` is where a member is now. Without more, a member carried by a
merge, or found in another cell by a re-import, would count in the new organisation for
every past day and vanish from the old one's past: a headcount of 01/01 rewritten by a
merge of 01/10. Each move therefore leaves a `MemberTransfer` row (from, to, effective
day), and the headcount spans (orgs.spans) count a member in an organisation only over
the days they stood there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

#: (first day or None: since ever, last day or None: still there)
Stay = tuple[date | None, date | None]


def carry(members: Any, target: Any, on: date) -> int:
    """Carry `members` (a queryset) to `target` from `on`: one transfer row each, then
    their organisation is set (the registry lists them there from now). Refused when a
    member already moved on a later day (the moves of one member are read in order)."""
    from ketnap.orgs.models import Member, MemberTransfer

    moving = [(pk, org_id) for pk, org_id in members.values_list("pk", "organization_id") if org_id != target.pk]
    later = (
        MemberTransfer.objects.filter(member_id__in=[pk for pk, _ in moving], effective_on__gt=on)
        .select_related("member")
        .first()
    )
    if later is not None:
        raise ValidationError(
            f"Đảng viên {later.member.full_name} đã chuyển sinh hoạt từ ngày "
            f"{later.effective_on:%d/%m/%Y}, sau ngày hiệu lực."
        )
    MemberTransfer.objects.bulk_create(
        MemberTransfer(member_id=pk, from_organization_id=org_id, to_organization=target, effective_on=on)
        for pk, org_id in moving
    )
    return Member.objects.filter(pk__in=[pk for pk, _ in moving]).update(organization=target)


def stays(current_org_id: int, transfers: Sequence[Any]) -> dict[int, list[Stay]]:
    """Organisation id → the periods the member stood there, from their transfers in
    order (effective day, id) and where they are now."""
    result: dict[int, list[Stay]] = defaultdict(list)
    start: date | None = None
    for t in sorted(transfers, key=lambda t: (t.effective_on, t.pk or 0)):
        result[t.from_organization_id].append((start, t.effective_on - timedelta(days=1)))
        start = t.effective_on
    result[current_org_id].append((start, None))
    return dict(result)


def stood_there(periods: Iterable[Stay], day: date | None) -> bool:
    """On the roll of the organisation on `day` (None: before any day)."""
    if day is None:
        return any(start is None for start, _end in periods)
    return any((start is None or start <= day) and (end is None or day <= end) for start, end in periods)


def connect(models: Any) -> None:
    """A member saved under another organisation than before (a form, a re-import)
    moved today: the move is recorded as a transfer of today (or of the day after their
    last one, if that is later), so the days before it stay where they were."""
    from django.db.models.signals import post_save, pre_save

    def moving(sender: type, instance: Any, **kwargs: Any) -> None:
        """Read where the member was (one query, shared with orgs.spans: `_spans_left`,
        the organisation whose headcount must be rebuilt too)."""
        instance._transfer_from = None
        instance._spans_left = ()
        if instance.pk is None or kwargs.get("raw"):
            return
        before = models.Member.objects.filter(pk=instance.pk).values_list("organization_id", flat=True).first()
        if before is not None and before != instance.organization_id:
            instance._transfer_from = before
            instance._spans_left = (before,)

    def moved(sender: type, instance: Any, created: bool, **kwargs: Any) -> None:
        source = getattr(instance, "_transfer_from", None)
        if source is None:
            return
        instance._transfer_from = None
        last = models.MemberTransfer.objects.filter(member=instance).order_by("-effective_on").first()
        on = timezone.localdate()
        if last is not None and last.effective_on >= on:
            on = last.effective_on + timedelta(days=1)
        models.MemberTransfer.objects.create(
            member=instance, from_organization_id=source, to_organization_id=instance.organization_id, effective_on=on
        )

    pre_save.connect(moving, sender=models.Member, weak=False, dispatch_uid="transfers:moving")
    post_save.connect(moved, sender=models.Member, weak=False, dispatch_uid="transfers:moved")
