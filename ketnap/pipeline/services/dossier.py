"""The dossier: documents, background verification, introducers, send-up deadlines
(C5, C6). Every write checks the actor's right on the candidate's cell; the
charter decides later, at the moves, whether the dossier is enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ketnap.core import scans
from ketnap.core.text import normalize
from ketnap.orgs.models import MassOrganization, Member, Organization
from ketnap.pipeline import permissions
from ketnap.pipeline.catalogue import FORMS_BY_CODE
from ketnap.pipeline.enums import DossierPurpose, ItemStatus, Stage, VerificationResult
from ketnap.pipeline.models import (
    Candidate,
    Dossier,
    DossierDeadline,
    DossierItem,
    Sponsor,
    SponsorKind,
    StageEvent,
    Verification,
)
from ketnap.pipeline.services.advance import advance


def _require_manage(actor: Any, candidate: Candidate) -> None:
    if actor is not None and not permissions.can_manage(actor, candidate.organization):
        raise PermissionDenied("Bạn không có quyền cập nhật hồ sơ của quần chúng này.")


def dossier_for(candidate: Candidate, purpose: str) -> Dossier:
    dossier, _ = Dossier.objects.get_or_create(candidate=candidate, purpose=purpose)
    return dossier


@dataclass(frozen=True)
class ItemUpdate:
    code: str
    status: str
    received_on: date | None = None
    document_number: str = ""
    note: str = ""
    file: UploadedFile | None = None


@transaction.atomic
def update_items(candidate: Candidate, updates: list[ItemUpdate], *, actor: Any) -> list[DossierItem]:
    """Set the status, date, number and scan of dossier documents."""
    _require_manage(actor, candidate)
    saved: list[DossierItem] = []
    for u in updates:
        form = FORMS_BY_CODE.get(u.code)
        if form is None:
            raise ValidationError(f"Không có mẫu “{u.code}”.")
        dossier = dossier_for(candidate, form.purpose)
        item = DossierItem.objects.filter(dossier=dossier, code=u.code).first() or DossierItem(
            dossier=dossier, code=u.code
        )
        item.status = u.status
        item.received_on = u.received_on if u.status != ItemStatus.MISSING else None
        item.document_number = normalize(u.document_number)
        item.note = normalize(u.note)
        replaced = None
        if u.file is not None:
            extension = scans.scan_type(u.file)  # PDF/JPEG/PNG by content, size limit
            u.file.name = scans.stored_name(candidate.pk, u.code, extension)
            replaced = item.file.name if item.file else None
            item.file = u.file
        item.full_clean(exclude=["dossier"])
        item.save()
        if replaced and replaced != item.file.name:
            transaction.on_commit(partial(item.file.storage.delete, replaced))
        saved.append(item)
    return saved


def file_produced(candidate: Candidate, code: str, on: date, number: str = "") -> None:
    """Mark a document the process itself produced (a resolution, a decision) as at hand."""
    form = FORMS_BY_CODE[code]
    dossier = dossier_for(candidate, form.purpose)
    DossierItem.objects.update_or_create(
        dossier=dossier,
        code=code,
        defaults={"status": ItemStatus.RECEIVED, "received_on": on, "document_number": number},
    )


@transaction.atomic
def save_verification(
    verification: Verification,
    *,
    actor: Any,
) -> Verification:
    """Add a person to verify (the applicant or a declared relative) or record a result."""
    _require_manage(actor, verification.candidate)
    if verification.result == VerificationResult.PENDING:
        verification.result_on = None
    verification.full_clean(exclude=["candidate"])
    verification.save()
    return verification


@transaction.atomic
def send_for_verification(candidate: Candidate, *, actor: Any, on: date, today: date | None = None) -> StageEvent:
    """Send the dossier up for background verification: the move to "verification",
    the dossier's send-up date, and the applicant's own verification opened."""
    event = advance(
        candidate, Stage.VERIFICATION, on=on, actor=actor, evidence="Gửi hồ sơ thẩm tra lý lịch", today=today
    )
    dossier = dossier_for(candidate, DossierPurpose.ADMISSION)
    dossier.sent_up_on = on
    dossier.save()
    if not candidate.verifications.filter(relation="self").exists():
        Verification.objects.create(
            candidate=candidate, relation="self", full_name=candidate.full_name, requested_on=on
        )
    return event


@transaction.atomic
def add_sponsor(
    candidate: Candidate,
    *,
    actor: Any,
    kind: str,
    assigned_on: date,
    member: Member | None = None,
    mass_organization: MassOrganization | None = None,
    together_since: date | None = None,
    replacement: bool = False,
) -> Sponsor:
    """Record an introducer. The charter judges them at the cell's vote; here only what
    makes no sense at all is refused (a member of another committee, a missing member)."""
    _require_manage(actor, candidate)
    if kind == SponsorKind.MEMBER:
        if member is None:
            raise ValidationError({"member": "Chọn đảng viên giới thiệu."})
        from ketnap.pipeline.services.decisions import in_same_grassroots

        if not in_same_grassroots(member.organization, candidate.organization):
            raise ValidationError({"member": "Người giới thiệu phải là đảng viên trong cùng đảng bộ."})
    sponsor = Sponsor(
        candidate=candidate,
        kind=kind,
        member=member if kind == SponsorKind.MEMBER else None,
        mass_organization=mass_organization if kind != SponsorKind.MEMBER else None,
        together_since=together_since if kind == SponsorKind.MEMBER else None,
        replacement=replacement,
        assigned_on=assigned_on,
    )
    sponsor.full_clean(exclude=["candidate"])
    sponsor.save()
    return sponsor


@transaction.atomic
def end_sponsor(sponsor: Sponsor, *, actor: Any, ended_on: date) -> Sponsor:
    """An introducer who moved away or can no longer continue (the cell appoints another)."""
    _require_manage(actor, sponsor.candidate)
    sponsor.ended_on = ended_on
    sponsor.save()
    return sponsor


@transaction.atomic
def set_deadline(
    organization: Organization, *, actor: Any, title: str, due_on: date, note: str = ""
) -> DossierDeadline:
    """The board sets a date by which dossiers must reach it (003: before 31/10)."""
    if actor is not None and not permissions.can_decide(actor, organization):
        raise PermissionDenied("Chỉ Ban Xây dựng Đảng / Ban Tổ chức đặt hạn gửi hồ sơ.")
    return DossierDeadline.objects.create(
        organization=organization,
        title=normalize(title),
        due_on=due_on,
        note=note,
        set_by=actor if getattr(actor, "pk", None) else None,
    )
