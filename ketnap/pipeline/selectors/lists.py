"""Lists of people: a cell's sympathizer list, the people certified in earlier years
and never admitted, search, and who can join a course. All start from
`visible_to(user)` and take the day as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from ketnap.charter import certificate_expiry
from ketnap.core.text import fold
from ketnap.orgs.models import Organization
from ketnap.pipeline.checks import awareness_certificate
from ketnap.pipeline.enums import SYMPATHIZER_LIST, CourseKind, Stage
from ketnap.pipeline.models import Candidate, Certificate, Course, Mentor, ReviewEntry, SympathizerReview
from ketnap.pipeline.rules import Rules
from ketnap.pipeline.services.courses import ENROLLABLE


def sympathizer_list(user: Any, cell: Organization) -> list[Candidate]:
    """The cell's list (in the procedure, not yet admitted), then those proposed but not added."""
    qs = (
        Candidate.objects.visible_to(user)
        .filter(organization=cell, stage__in=(*SYMPATHIZER_LIST, Stage.INTRODUCED))
        .select_related("introduction__mass_organization", "introduction__member")
        .prefetch_related(
            "certificates", "priorities", Prefetch("mentors", queryset=Mentor.objects.select_related("member"))
        )
        .order_by("sort_name", "id")
    )
    rows = list(qs)
    return [c for c in rows if c.stage != Stage.INTRODUCED] + [c for c in rows if c.stage == Stage.INTRODUCED]


def reviews_of(cell: Organization, limit: int = 12) -> list[SympathizerReview]:
    return list(
        SympathizerReview.objects.filter(organization=cell)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("entries", queryset=ReviewEntry.objects.select_related("candidate")))
        .order_by("-month")[:limit]
    )


@dataclass(frozen=True)
class PoolRow:
    candidate: Candidate
    certificate: Certificate
    expiry: date
    expired: bool


def certified_pool(user: Any, on: date, since: date, *, rules: Rules | None = None) -> list[PoolRow]:
    """People with an awareness certificate issued from `since` to the end of last year
    who are still not admitted (000: "rà soát các quần chúng ưu tú đã được đi học lớp
    nhận thức về Đảng từ năm 2021 đến nay"), with the charter's expiry of each."""
    rules = rules or Rules()
    start_of_year = date(on.year, 1, 1)
    qs = (
        Candidate.objects.visible_to(user)
        .filter(
            stage__in=(*SYMPATHIZER_LIST, Stage.WITHDRAWN),
            certificates__kind=CourseKind.AWARENESS,
            certificates__issued_on__gte=since,
            certificates__issued_on__lt=start_of_year,
        )
        .distinct()
        .select_related("organization")
        .prefetch_related("certificates")
        .order_by("organization__path", "sort_name", "id")
    )
    rows: list[PoolRow] = []
    for c in qs:
        cert = awareness_certificate(c)
        if cert is None:
            continue
        expiry = certificate_expiry(cert.issued_on, rules.book(on))
        rows.append(PoolRow(c, cert, expiry, on > expiry))
    return rows


def search(user: Any, query: str, org: Organization | None = None, stage: str = "") -> QuerySet[Candidate]:
    """Diacritic-insensitive search on names (every word must occur)."""
    qs = Candidate.objects.visible_to(user).select_related(
        "organization", "introduction__mass_organization", "introduction__member"
    )
    if org is not None:
        qs = qs.filter(organization__path__startswith=org.path)
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("sort_name", "id")


def courses(user: Any) -> QuerySet[Course]:
    return Course.objects.visible_to(user).select_related("organization", "centre").order_by("-starts_on", "id")


def enrollable(user: Any, course: Course) -> QuerySet[Candidate]:
    """People of the course's committee who may join it now (several cells at once)."""
    return (
        Candidate.objects.visible_to(user)
        .filter(organization__path__startswith=course.organization.path, stage__in=ENROLLABLE[course.kind])
        .exclude(enrolments__course=course)
        .select_related("organization")
        .order_by("organization__path", "sort_name", "id")
    )
