"""The acts a user records on a candidate's page, as a table: which stages offer the
act, who may perform it, the form it needs and the service it calls.

Why a table: the candidate page lists exactly the acts allowed for this user at
this stage, the URL × role tests walk the same table, and each act is a few lines
that hand the form's data to a service — no rule of the procedure lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ketnap.orgs.models import Organization
from ketnap.pipeline import forms as f
from ketnap.pipeline import permissions
from ketnap.pipeline.enums import (
    BEFORE_CELL_VOTE,
    FUNNEL,
    SYMPATHIZER_LIST,
    MentorPhase,
    ResolutionPurpose,
    Stage,
)
from ketnap.pipeline.models import Candidate, Mentor, Verification
from ketnap.pipeline.services import courses, decisions, dossier, mentoring
from ketnap.pipeline.services.dossier import ItemUpdate

Allowed = Callable[[Any, Organization], bool]


@dataclass(frozen=True)
class Act:
    name: str
    label: str
    icon: str
    stages: tuple[str, ...]
    allowed: Allowed
    build: Callable[[HttpRequest, Candidate, Any], forms.BaseForm]
    run: Callable[[HttpRequest, Candidate, Any, Any], str]
    #: The object the act edits, from the URL (a verification, …), if any.
    obj: Callable[[Candidate, int], Any] | None = None


def _data(request: HttpRequest) -> tuple[Any, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


# -------------------------------------------------------------------- form builders


def _sponsor_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    return f.SponsorForm(data, candidate=c, user=request.user, initial={"assigned_on": timezone.localdate()})


def _sponsor_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    dossier.add_sponsor(
        c,
        actor=request.user,
        kind=d["kind"],
        assigned_on=d["assigned_on"],
        member=d["member"],
        mass_organization=d["mass_organization"],
        together_since=d["together_since"],
        replacement=d["replacement"],
    )
    return "Đã ghi người giới thiệu."


def _verification_obj(c: Candidate, pk: int) -> Verification:
    return get_object_or_404(Verification, pk=pk, candidate=c)


def _verification_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    instance = obj or Verification(candidate=c, requested_on=timezone.localdate())
    return f.VerificationForm(data, instance=instance)


def _verification_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    verification = form.save(commit=False)
    verification.candidate = c
    dossier.save_verification(verification, actor=request.user)
    return "Đã lưu thông tin thẩm tra lý lịch."


def _dossier_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, files = _data(request)
    items = {i.code: i for d in c.dossiers.all() for i in d.items.all()}
    return f.DossierForm(data, files, items=items)


def _dossier_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    updates = [
        ItemUpdate(
            code,
            d[f"{code}__status"],
            d[f"{code}__received_on"],
            d[f"{code}__number"],
            file=d[f"{code}__file"],
        )
        for code in form.codes
    ]
    dossier.update_items(c, updates, actor=request.user)
    return "Đã cập nhật hồ sơ."


def _mentor_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    phase = MentorPhase.PROBATION if c.stage == Stage.PROBATIONARY else MentorPhase.CANDIDATE
    return f.MentorForm(data, candidate=c, initial={"phase": phase, "assigned_on": timezone.localdate()})


def _mentor_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    mentoring.assign_mentor(
        c,
        d["member"],
        actor=request.user,
        phase=d["phase"],
        assigned_on=d["assigned_on"],
        plan=d["plan"],
        plan_approved_on=d["plan_approved_on"],
    )
    return "Đã phân công đảng viên giúp đỡ."


def _plan_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    return f.MentorPlanForm(data, candidate=c, initial={"approved_on": timezone.localdate()})


def _plan_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    mentoring.approve_plan(d["mentor"], actor=request.user, plan=d["plan"], approved_on=d["approved_on"])
    return "Đã ghi kế hoạch giúp đỡ được chi bộ duyệt."


def _report_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    today = timezone.localdate()
    initial = {"year": today.year, "quarter": (today.month - 1) // 3 + 1, "submitted_on": today}
    return f.MentorReportForm(data, candidate=c, initial=initial)


def _report_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    mentor: Mentor = d["mentor"]
    mentoring.submit_report(
        mentor,
        actor=request.user,
        year=d["year"],
        quarter=d["quarter"],
        submitted_on=d["submitted_on"],
        content=d["content"],
    )
    return "Đã ghi báo cáo của đảng viên giúp đỡ."


def _certificate_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    kind = "new_member" if c.stage == Stage.PROBATIONARY else "awareness"
    return f.CertificateForm(data, initial={"kind": kind, "issued_on": timezone.localdate()})


def _certificate_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    courses.record_certificate(
        c, actor=request.user, kind=d["kind"], number=d["number"], issued_on=d["issued_on"], issued_by=d["issued_by"]
    )
    return "Đã ghi giấy chứng nhận."


class _PurposeVoteForm(f.VoteForm):
    purpose = forms.ChoiceField(
        label="Nội dung biểu quyết",
        choices=[
            (ResolutionPurpose.CONFIRMATION, "Đề nghị công nhận đảng viên chính thức"),
            (ResolutionPurpose.REMOVAL, "Đề nghị xóa tên"),
        ],
    )
    field_order = ["purpose"]


def _vote_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    cls = _PurposeVoteForm if c.stage == Stage.PROBATIONARY else f.VoteForm
    return cls(data, initial={"adopted_on": timezone.localdate()})


def _vote_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    purpose = d.get("purpose") or ResolutionPurpose.ADMISSION
    resolution = decisions.record_cell_vote(
        c,
        actor=request.user,
        purpose=purpose,
        adopted_on=d["adopted_on"],
        eligible=d["eligible"],
        excused=d["excused"] or 0,
        present=d["present"],
        in_favour=d["in_favour"],
        document_number=d["document_number"],
        approval=d["approval"],
    )
    detail = "; ".join(r["message"] for r in resolution.reasons)
    return f"Đã ghi nghị quyết. {detail}"


def _appraisal_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    return f.AppraisalForm(data, initial={"appraised_on": timezone.localdate()})


def _appraisal_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    by = decisions.committee_of(c.organization)
    decisions.record_appraisal(
        c,
        actor=request.user,
        by=by,
        on=d["appraised_on"],
        conclusion=d["conclusion"],
        document_number=d["document_number"],
    )
    return "Đã ghi thẩm định."


def _decision_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    return f.DecisionForm(data, initial={"signed_on": timezone.localdate()})


def _decision_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    decisions.decide_admission(
        c,
        actor=request.user,
        document_number=d["document_number"],
        signed_on=d["signed_on"],
        received_on=d["received_on"],
        signer=d["signer"],
        committee_members=d["committee_members"],
        committee_in_favour=d["committee_in_favour"],
        committee_resolution_number=d["committee_resolution_number"],
        approval=d["approval"],
    )
    return "Đã ghi quyết định kết nạp."


def _ceremony_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    return f.CeremonyForm(data, initial={"held_on": timezone.localdate()})


def _ceremony_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    decisions.hold_ceremony(c, actor=request.user, held_on=d["held_on"], place=d["place"], approval=d["approval"])
    return "Đã ghi lễ kết nạp. Thời gian dự bị 12 tháng tính từ ngày này."


def _confirmation_form(request: HttpRequest, c: Candidate, obj: Any) -> forms.BaseForm:
    data, _ = _data(request)
    return f.ConfirmationForm(data, initial={"decided_on": timezone.localdate()})


def _confirmation_run(request: HttpRequest, c: Candidate, form: Any, obj: Any) -> str:
    d = form.cleaned_data
    confirmation = decisions.confirm(
        c,
        actor=request.user,
        outcome=d["outcome"],
        document_number=d["document_number"],
        decided_on=d["decided_on"],
        signer=d["signer"],
        reason=d["reason"],
        committee_members=d["committee_members"],
        committee_in_favour=d["committee_in_favour"],
        committee_resolution_number=d["committee_resolution_number"],
        approval=d["approval"],
    )
    if confirmation.official_from:
        return f"Đã công nhận đảng viên chính thức từ ngày {confirmation.official_from:%d/%m/%Y}."
    return "Đã ghi quyết định xóa tên."


_PAPERS = (*FUNNEL[3:10],)
_MENTORED = (*SYMPATHIZER_LIST, Stage.ADMITTED, Stage.PROBATIONARY)

ACTS: dict[str, Act] = {
    a.name: a
    for a in [
        Act("dossier", "Cập nhật hồ sơ", "folder-check", _PAPERS, permissions.can_manage, _dossier_form, _dossier_run),
        Act(
            "sponsor",
            "Thêm người giới thiệu",
            "person-plus",
            (Stage.CERTIFIED, Stage.DOSSIER, Stage.VERIFICATION),
            permissions.can_manage,
            _sponsor_form,
            _sponsor_run,
        ),
        Act(
            "verification",
            "Thẩm tra lý lịch",
            "search",
            (Stage.DOSSIER, Stage.VERIFICATION),
            permissions.can_manage,
            _verification_form,
            _verification_run,
            _verification_obj,
        ),
        Act(
            "mentor", "Phân công giúp đỡ", "person-heart", _MENTORED, permissions.can_manage, _mentor_form, _mentor_run
        ),
        Act(
            "mentor_plan",
            "Duyệt kế hoạch giúp đỡ",
            "check2-square",
            _MENTORED,
            permissions.can_manage,
            _plan_form,
            _plan_run,
        ),
        Act(
            "mentor_report",
            "Ghi báo cáo quý",
            "journal-text",
            _MENTORED,
            permissions.can_manage,
            _report_form,
            _report_run,
        ),
        Act(
            "certificate",
            "Ghi giấy chứng nhận",
            "award",
            (*BEFORE_CELL_VOTE[1:], Stage.PROBATIONARY),
            lambda u, o: permissions.can_manage(u, o) or permissions.can_run_courses(u, o),
            _certificate_form,
            _certificate_run,
        ),
        Act(
            "vote",
            "Chi bộ biểu quyết",
            "hand-thumbs-up",
            (Stage.VERIFICATION, Stage.PROBATIONARY),
            permissions.can_manage,
            _vote_form,
            _vote_run,
        ),
        Act(
            "appraisal",
            "Thẩm định hồ sơ",
            "clipboard-check",
            (Stage.COMMITTEE_REVIEW,),
            permissions.can_decide,
            _appraisal_form,
            _appraisal_run,
        ),
        Act(
            "decision",
            "Quyết định kết nạp",
            "file-earmark-check",
            (Stage.COMMITTEE_REVIEW,),
            permissions.can_decide,
            _decision_form,
            _decision_run,
        ),
        Act(
            "ceremony",
            "Ghi lễ kết nạp",
            "flag",
            (Stage.ADMITTED,),
            permissions.can_manage,
            _ceremony_form,
            _ceremony_run,
        ),
        Act(
            "confirmation",
            "Quyết định công nhận / xóa tên",
            "patch-check",
            (Stage.PROBATIONARY,),
            permissions.can_decide,
            _confirmation_form,
            _confirmation_run,
        ),
    ]
}


def acts_for(user: Any, c: Candidate) -> list[Act]:
    """The acts this user may record for this candidate now."""
    return [a for a in ACTS.values() if c.stage in a.stages and a.allowed(user, c.organization)]


__all__ = ["ACTS", "Act", "acts_for"]
