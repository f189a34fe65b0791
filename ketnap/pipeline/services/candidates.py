"""Introducing a person and keeping their details right (C1).

Why duplicates are caught here and not only in the form: the spreadsheet import
and the demo loader create candidates too, and a person introduced twice (once by
the Youth Union, once by the cell) would be counted twice in every funnel. The
same national ID is refused outright (the database enforces it as well); the same
name and birth date is refused unless the user confirms they are two people.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ketnap.charter import check_birth_date
from ketnap.core.text import fold, normalize
from ketnap.orgs.enums import Role
from ketnap.orgs.models import MassOrganization, Member, Membership, Organization
from ketnap.pipeline import permissions
from ketnap.pipeline.enums import IntroducerKind, Stage
from ketnap.pipeline.models import Candidate, CandidatePriority, Introduction
from ketnap.pipeline.services.advance import advance

#: Person fields a form or an import may set (everything but the cell and the stage).
PERSON_FIELDS: tuple[str, ...] = (
    "full_name",
    "birth_date",
    "birth_month_only",
    "sex",
    "ethnicity",
    "religion",
    "national_id",
    "phone",
    "hometown",
    "residence",
    "education",
    "professional_level",
    "academic_title",
    "political_theory",
    "profession",
    "workplace",
    "occupation",
    "youth_union_member",
    "trade_union_member",
    "remote_area",
    "foreign_marriage",
    "population_child_order",
    "population_child_birth",
    "is_readmission",
    "previous_exit_date",
    "previous_exit_reason",
    "note",
)


def duplicates_of(
    *, national_id: str = "", full_name: str, birth_date: date, exclude: int | None = None
) -> QuerySet[Candidate]:
    """Candidates (in any organisation) with the same national ID, or name and birth date."""
    q = Q(search_text=fold(full_name), birth_date=birth_date)
    if national_id:
        q |= Q(national_id=national_id.strip())
    qs = Candidate.objects.filter(q).select_related("organization")
    return qs.exclude(pk=exclude) if exclude else qs


def _duplicate_errors(candidate: Candidate, viewer: Any, confirm_distinct: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    visible = set(Candidate.objects.visible_to(viewer).values_list("pk", flat=True)) if viewer else None
    for other in duplicates_of(
        national_id=candidate.national_id,
        full_name=candidate.full_name,
        birth_date=candidate.birth_date,
        exclude=candidate.pk,
    ):
        where = other.organization.name if visible is None or other.pk in visible else "một tổ chức khác"
        if candidate.national_id and other.national_id == candidate.national_id:
            errors["national_id"] = f"Số CCCD này đã có trong hệ thống ({other.full_name}, {where})."
        elif not confirm_distinct:
            errors["full_name"] = (
                f"Đã có người cùng họ tên và ngày sinh ({other.full_name}, {other.birth.display()}, {where}). "
                "Nếu đây là người khác, hãy đánh dấu “Đây là người khác”."
            )
    return errors


def officer_mass_organizations(user: Any, org: Organization | None = None) -> list[MassOrganization]:
    """The mass organisations a mass-org officer speaks for (above `org`, when given)."""
    rows = Membership.objects.filter(
        user_id=getattr(user, "pk", 0) or 0, role=Role.MASS_ORG_OFFICER, mass_organization__isnull=False
    ).select_related("organization", "mass_organization")
    return [
        m.mass_organization
        for m in rows
        if m.mass_organization and (org is None or org.path.startswith(m.organization.path))
    ]


def _set_groups(candidate: Candidate, groups: Iterable[str]) -> None:
    wanted = set(groups)
    current = {p.group: p for p in candidate.priorities.all()}
    for group, row in current.items():
        if group not in wanted:
            row.delete()
    # One save per group (a handful at most) so that each addition passes the audit.
    for group in sorted(wanted - set(current)):
        CandidatePriority.objects.create(candidate=candidate, group=group)


def _check_birth(candidate: Candidate, on: date) -> None:
    """The birth date is a day before `on` of a plausible lifetime (the charter's check)."""
    if candidate.birth_date is None:
        return
    verdict = check_birth_date(candidate.birth_date, on, month_only=candidate.birth_month_only)
    if verdict.status == "fail":
        raise ValidationError({"birth": verdict.reasons[0].message})


@transaction.atomic
def introduce(
    *,
    actor: Any,
    organization: Organization,
    person: dict[str, Any],
    introduced_on: date,
    kind: str,
    mass_organization: MassOrganization | None = None,
    member: Member | None = None,
    document_number: str = "",
    groups: Iterable[str] = (),
    note: str = "",
    confirm_distinct: bool = False,
    is_demo: bool = False,
    today: date | None = None,
) -> Candidate:
    """Record a newly introduced person in a cell (stage "introduced").

    A mass-organisation officer always introduces in the name of their own
    organisation; the board and the secretary may record an introduction by a mass
    organisation, a member or the cell itself.
    """
    if not organization.is_cell:
        raise ValidationError({"organization": "Quần chúng phải thuộc một chi bộ."})
    if actor is not None:
        if not permissions.can_introduce(actor, organization):
            raise PermissionDenied("Bạn không có quyền giới thiệu quần chúng vào chi bộ này.")
        if not Organization.objects.visible_to(actor).filter(pk=organization.pk).exists():
            raise PermissionDenied("Chi bộ nằm ngoài phạm vi của bạn.")
        own = officer_mass_organizations(actor, organization)
        if own and not permissions.can_manage(actor, organization):
            kind = IntroducerKind.MASS_ORGANIZATION
            if mass_organization is None or mass_organization not in own:
                mass_organization = own[0]
    candidate = Candidate(organization=organization, is_demo=is_demo, **{k: person[k] for k in person})
    candidate.fill_derived()
    candidate.full_clean(exclude=["stage", "stage_since"], validate_constraints=False)
    _check_birth(candidate, min(introduced_on, today or timezone.localdate()))
    errors = _duplicate_errors(candidate, actor, confirm_distinct)
    if errors:
        raise ValidationError(errors)
    candidate.save()
    _set_groups(candidate, groups)
    introduction = Introduction(
        candidate=candidate,
        introduced_on=introduced_on,
        kind=kind,
        mass_organization=mass_organization if kind == IntroducerKind.MASS_ORGANIZATION else None,
        member=member if kind == IntroducerKind.MEMBER else None,
        document_number=normalize(document_number),
        recorded_by=actor if getattr(actor, "pk", None) else None,
        note=normalize(note),
    )
    introduction.full_clean(exclude=["candidate"])
    introduction.save()
    advance(candidate, Stage.INTRODUCED, on=introduced_on, actor=actor, evidence=introduction, today=today)
    return candidate


@transaction.atomic
def update_person(
    candidate: Candidate,
    *,
    actor: Any,
    person: dict[str, Any],
    groups: Iterable[str] | None = None,
    confirm_distinct: bool = False,
    today: date | None = None,
) -> Candidate:
    """Correct a candidate's details (the audit keeps before/after values)."""
    if actor is not None and not permissions.can_manage(actor, candidate.organization):
        raise PermissionDenied("Bạn không có quyền sửa thông tin quần chúng này.")
    for name, value in person.items():
        if name not in PERSON_FIELDS:
            raise ValueError(f"unknown person field {name}")
        setattr(candidate, name, value)
    candidate.fill_derived()
    candidate.full_clean(exclude=["stage", "stage_since", "member"], validate_constraints=False)
    _check_birth(candidate, today or timezone.localdate())
    errors = _duplicate_errors(candidate, actor, confirm_distinct)
    if errors:
        raise ValidationError(errors)
    candidate.save()
    if groups is not None:
        _set_groups(candidate, groups)
    if actor is not None and not Candidate.objects.visible_to(actor).filter(pk=candidate.pk).exists():
        raise PermissionDenied("Quần chúng nằm ngoài phạm vi của bạn.")
    return candidate
