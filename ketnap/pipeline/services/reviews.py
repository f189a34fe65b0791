"""The monthly review of a cell's sympathizer list (C2, 000 II.2: "định kỳ hằng
tháng xét, bổ sung, điều chỉnh danh sách cảm tình đảng").

Why one act for the whole list: the review is a meeting of the cell; the
inspection committee asks "did the cell review its list in March?", which a
scattering of individual stage changes cannot answer. Each decision still moves
the person through `advance()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ketnap.charter import check_act_date, check_month
from ketnap.core.text import normalize
from ketnap.orgs.models import Organization
from ketnap.pipeline import permissions
from ketnap.pipeline.enums import SYMPATHIZER_LIST, ReviewDecision, Stage
from ketnap.pipeline.models import Candidate, ReviewEntry, SympathizerReview
from ketnap.pipeline.services.advance import advance


@dataclass(frozen=True)
class Decision:
    candidate: Candidate
    decision: str
    reason: str = ""


def first_of_month(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def record_review(
    cell: Organization,
    *,
    actor: Any,
    month: date,
    reviewed_on: date,
    decisions: Iterable[Decision],
    note: str = "",
    today: date | None = None,
) -> SympathizerReview:
    """Record the cell's review of a month: who is added, kept, removed and why.

    The month has started and the meeting is not after `today` (the charter's time
    checks); each decision's move is checked again by `advance()`."""
    if not cell.is_cell:
        raise ValidationError("Chỉ chi bộ mới xét danh sách cảm tình đảng.")
    if actor is not None and not permissions.can_manage(actor, cell):
        raise PermissionDenied("Bạn không có quyền xét danh sách cảm tình đảng của chi bộ này.")
    month = first_of_month(month)
    if SympathizerReview.objects.filter(organization=cell, month=month).exists():
        raise ValidationError(f"Chi bộ đã xét danh sách cảm tình đảng tháng {month:%m/%Y}.")
    if reviewed_on < month:
        raise ValidationError("Ngày họp xét không thể trước tháng được xét.")
    today = today or timezone.localdate()
    for verdict in (check_month(month, today), check_act_date(reviewed_on, today=today, what="Ngày họp xét")):
        if verdict.status == "fail":
            raise ValidationError(verdict.reasons[0].message)
    review = SympathizerReview.objects.create(
        organization=cell,
        month=month,
        reviewed_on=reviewed_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        note=normalize(note),
    )
    for d in decisions:
        candidate = d.candidate
        if candidate.organization_id != cell.pk:
            raise ValidationError(f"{candidate} không thuộc chi bộ này.")
        reason = normalize(d.reason)
        if d.decision == ReviewDecision.ADD:
            if candidate.stage not in (Stage.INTRODUCED, Stage.WITHDRAWN):
                raise ValidationError(f"{candidate} đã có trong danh sách hoặc không thể đưa vào.")
            advance(
                candidate,
                Stage.SYMPATHIZER,
                on=reviewed_on,
                actor=actor,
                reason=reason or "Chi bộ xét đưa vào danh sách cảm tình đảng",
                evidence=review,
                today=today,
            )
        elif d.decision == ReviewDecision.REMOVE:
            if not reason:
                raise ValidationError(f"{candidate}: cần ghi lý do đưa ra khỏi danh sách.")
            advance(
                candidate, Stage.WITHDRAWN, on=reviewed_on, actor=actor, reason=reason, evidence=review, today=today
            )
        elif candidate.stage not in SYMPATHIZER_LIST:
            raise ValidationError(f"{candidate} không có trong danh sách cảm tình đảng.")
        ReviewEntry.objects.create(review=review, candidate=candidate, decision=d.decision, reason=reason)
    return review
