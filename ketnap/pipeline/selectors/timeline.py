"""A candidate's page is their timeline (C9): every stage event, every paper and act
of the procedure, and the deadlines still ahead, in date order.

Why merge them: a secretary reads the history of a person as one story — "giới
thiệu 10/01, vào danh sách 05/02, học lớp tháng 3…" — and the inspector checks the
gaps between the acts against the time limits. Sensitive entries (verification
results) are included only when the caller says the viewer may see them, and the
view logs that read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from ketnap.charter import certificate_expiry
from ketnap.pipeline.catalogue import forms_for
from ketnap.pipeline.checks import awareness_certificate, dossier_conditions, new_member_certificate
from ketnap.pipeline.enums import DossierPurpose, Stage
from ketnap.pipeline.models import Candidate, Mentor, Sponsor, StageEvent
from ketnap.pipeline.rules import Rules
from ketnap.pipeline.selectors.agenda import SOON_DAYS
from ketnap.pipeline.selectors.dues import candidate_dues


@dataclass(frozen=True)
class Entry:
    """One line of the timeline. `status` is "done" for the past, or the due status."""

    day: date
    title: str
    detail: str = ""
    kind: str = "act"
    status: str = "done"


def candidate_for_page(pk: int, user: object) -> Candidate:
    """The candidate with everything the page shows, through the scoping chokepoint."""
    return (
        Candidate.objects.visible_to(user)  # type: ignore[arg-type]
        .select_related(
            "organization",
            "introduction__mass_organization",
            "introduction__member",
            "admission_decision",
            "ceremony",
            "confirmation",
            "member",
        )
        .prefetch_related(
            "priorities",
            "certificates",
            "enrolments__course",
            "resolutions",
            "appraisals",
            "verifications",
            "dossiers__items",
            Prefetch("events", queryset=StageEvent.objects.select_related("recorded_by")),
            Prefetch("sponsors", queryset=Sponsor.objects.select_related("member", "mass_organization")),
            Prefetch("mentors", queryset=Mentor.objects.select_related("member").prefetch_related("reports")),
        )
        .get(pk=pk)
    )


def _stage_entries(c: Candidate) -> list[Entry]:
    entries = []
    for e in c.events.all():
        who = e.recorded_by.get_full_name() or e.recorded_by.username if e.recorded_by else "hệ thống"
        detail = "; ".join(
            x for x in (e.evidence, e.reason and f"Lý do: {e.reason}", e.approval and f"Đồng ý: {e.approval}") if x
        )
        title = f"Chuyển sang: {Stage(e.to_stage).label}"
        entries.append(Entry(e.effective_on, title, f"{detail} (ghi bởi {who})".strip(), "stage"))
    return entries


def _act_entries(c: Candidate, sensitive: bool) -> list[Entry]:
    entries: list[Entry] = []
    for enrolment in c.enrolments.all():
        entries.append(
            Entry(enrolment.enrolled_on, f"Ghi danh {enrolment.course.title}", enrolment.get_result_display())
        )
    for cert in c.certificates.all():
        entries.append(Entry(cert.issued_on, str(cert), cert.issued_by))
    for d in c.dossiers.all():
        for item in d.items.all():
            if item.is_at_hand and item.received_on:
                entries.append(Entry(item.received_on, f"Nhận {item.code}: {item.title}", item.document_number))
    for s in c.sponsors.all():
        entries.append(Entry(s.assigned_on, f"Người giới thiệu: {s.name}", s.get_kind_display()))
    for m in c.mentors.all():
        entries.append(
            Entry(m.assigned_on, f"Phân công đảng viên giúp đỡ: {m.member.full_name}", m.get_phase_display())
        )
        for r in m.reports.all():
            entries.append(Entry(r.submitted_on, f"Báo cáo quý {r.quarter}/{r.year} của {m.member.full_name}"))
    for v in c.verifications.all():
        if v.requested_on:
            entries.append(Entry(v.requested_on, f"Gửi thẩm tra lý lịch: {v.get_relation_display()} {v.full_name}"))
        if sensitive and v.result_on:
            entries.append(
                Entry(v.result_on, f"Kết quả thẩm tra {v.full_name}: {v.get_result_display()}", "", "sensitive")
            )
    for vote in c.resolutions.all():
        detail = f"{vote.in_favour}/{vote.denominator} tán thành, cần {vote.required}"
        entries.append(Entry(vote.adopted_on, f"{vote} — {vote.get_purpose_display().lower()}", detail))
    for a in c.appraisals.all():
        entries.append(Entry(a.appraised_on, str(a), a.conclusion))
    for attr in ("admission_decision", "ceremony", "confirmation"):
        record = getattr(c, attr, None)
        if record is not None:
            day = getattr(record, "signed_on", None) or getattr(record, "held_on", None) or record.decided_on
            entries.append(Entry(day, str(record)))
    return entries


def timeline(c: Candidate, on: date, *, sensitive: bool, rules: Rules | None = None) -> list[Entry]:
    """Past acts and stage changes, then the deadlines still open (oldest first)."""
    rules = rules or Rules()
    entries = _stage_entries(c) + _act_entries(c, sensitive)
    for due in candidate_dues(c, rules, on):
        status = due.status(on, SOON_DAYS)
        entries.append(Entry(due.due, f"Hạn: {due.label}", due.citation, "due", status))
    order = {"stage": 0, "act": 1, "sensitive": 1, "due": 2}
    return sorted(entries, key=lambda e: (e.day, order[e.kind]))


@dataclass(frozen=True)
class PaperRow:
    """One document of a dossier as the page shows it."""

    code: str
    title: str
    status: str
    day: date | None = None
    number: str = ""
    item_pk: int | None = None
    has_file: bool = False
    late: bool = False


_CONFIRMATION_STAGES = (Stage.ADMITTED, Stage.PROBATIONARY, Stage.OFFICIAL, Stage.REMOVED)


def paper_rows(c: Candidate, on: date, parent_kind: str | None, rules: Rules | None = None) -> list[PaperRow]:
    """The admission dossier (and, after the decision, the confirmation dossier): the
    certificates come from their records (expiry by the charter), the rest from the items."""
    rules = rules or Rules()
    items = {i.code: i for d in c.dossiers.all() for i in d.items.all()}
    purposes = [DossierPurpose.ADMISSION]
    if c.stage in _CONFIRMATION_STAGES:
        purposes.append(DossierPurpose.CONFIRMATION)
    rows: list[PaperRow] = []
    for purpose in purposes:
        for form in forms_for(purpose, dossier_conditions(c, on, parent_kind)):
            if form.produced_by == "certificate":
                cert = awareness_certificate(c) if form.code == "CN" else new_member_certificate(c)
                if cert is None:
                    rows.append(PaperRow(form.code, form.title, "Chưa có"))
                    continue
                expired = form.code == "CN" and on > certificate_expiry(cert.issued_on, rules.book(on))
                status = "Hết hạn" if expired else "Có"
                rows.append(PaperRow(form.code, form.title, status, cert.issued_on, cert.number, late=expired))
                continue
            item = items.get(form.code)
            if item is None:
                rows.append(PaperRow(form.code, form.title, "Chưa có"))
            else:
                rows.append(
                    PaperRow(
                        form.code,
                        form.title,
                        item.get_status_display(),
                        item.received_on,
                        item.document_number,
                        item.pk,
                        bool(item.file),
                    )
                )
    return rows
