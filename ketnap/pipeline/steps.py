"""The admission procedure, defined once: every step a user (or the API) may record.

Read this table from top to bottom and you know the procedure (06-HD/TW §3, 24-QĐ/TW
§3–4): a mass organisation or member introduces an outstanding person; the cell puts
them on its sympathizer list; they attend the awareness course and get a
certificate; they apply (the dossier opens), name two sponsors, fill in their
biography, and the committee verifies it; the cell votes (2/3 of its official
members, counted from the registry); the grassroots committee appraises and
decides; the cell holds the ceremony within 30 working days; after 12 months of
probation (with a mentor reporting each quarter and the new-member course) the
cell votes again and the committee confirms the official member — or strikes them
off. At any point before admission a person may be withdrawn, rejected or move
away, and come back.

Each `Step` says:
    name        stable English code name (URLs, the API: POST …/steps/{name}, tests)
    label       what the Vietnamese page calls it
    sources     the stages from which it may be recorded
    target      the stage it moves the candidate to (None: the stage stays)
    moves_from  the sources from which it moves (default: all of them)
    roles       who may record it (`permissions.MANAGE`, `DECIDE`…)
    form        the form that validates its facts (its fields ARE the facts' schema)
    service     the function that records it (`step_services`); None = its own page
    check       the charter question asked before the move (`questions.py`)
    questions   the charter's rule families that question consults (for readers)
    documents   the forms of the dossier it needs or produces (catalogue codes)
    next_step   the page's main next step at these stages ("Kiểm tra điều kiện")

`run_step(candidate, name, facts, actor=…, today=…)` is the one entry point that
records a step from a dict of facts (the web page's POST, the API's JSON with ISO
dates): it validates with the step's form, calls its service, and on a refusal
returns the charter's structured reasons. `advance()` moves stages only along
`transition(source, target)` of this table. Each rule is checked once, in
`ketnap.charter`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ketnap.core import versions
from ketnap.pipeline import forms as f
from ketnap.pipeline import permissions, questions, step_versions
from ketnap.pipeline import step_services as run
from ketnap.pipeline.enums import FUNNEL, POOL, SYMPATHIZER_LIST, Stage
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.permissions import COURSES, DECIDE, INTRODUCE, MANAGE
from ketnap.pipeline.services.advance import MoveRefused

Service = Callable[[Candidate, dict[str, Any], Any, Any, date], str]
FormArgs = Callable[[Candidate, Any, Any], dict[str, Any]]


@dataclass(frozen=True)
class Step:
    """One step of the procedure (see the module docstring for each field)."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None
    roles: frozenset[str]
    form: type[forms.BaseForm] | None
    service: Service | None
    icon: str = "check2"
    moves_from: tuple[str, ...] | None = None
    check: questions.Check | None = None
    effective: questions.Effective | None = None
    questions: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    next_step: bool = False
    needs_reason: bool = False
    #: Extra keyword arguments of the form (the candidate's people, the edited object).
    form_args: FormArgs | None = None
    #: The form's date field that dates the act (its allowed range is shown by it).
    date_field: str = "on"
    #: The object the step edits, from the URL (a verification), if any.
    edits: type | None = None
    #: The stored values the step's form edits (its read version, `ketnap.core.versions`),
    #: for steps that overwrite rows rather than record an act; None for a new row.
    reads: Callable[[Candidate, Any, forms.BaseForm], versions.Read | None] | None = None
    #: Drawn as an outlined button (a plain move) rather than a main act.
    plain: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    def moves(self, stage: str) -> bool:
        """Whether recording this step from `stage` changes the candidate's stage."""
        return self.target is not None and stage in (self.moves_from if self.moves_from is not None else self.sources)

    def allowed_for(self, user: Any, candidate: Candidate) -> bool:
        return permissions.allowed(user, candidate.organization, self.roles)


def _people(c: Candidate, user: Any, obj: Any) -> dict[str, Any]:
    return {"candidate": c}


def _sponsor_args(c: Candidate, user: Any, obj: Any) -> dict[str, Any]:
    return {"candidate": c, "user": user}


def _dossier_args(c: Candidate, user: Any, obj: Any) -> dict[str, Any]:
    return {"items": {i.code: i for d in c.dossiers.all() for i in d.items.all()}}


def _verification_args(c: Candidate, user: Any, obj: Any) -> dict[str, Any]:
    from ketnap.pipeline.models import Verification

    return {"instance": obj or Verification(candidate=c)}


def _vote_args(c: Candidate, user: Any, obj: Any) -> dict[str, Any]:
    return {"candidate": c}


_PAPERS = FUNNEL[3:10]
_MENTORED = (*SYMPATHIZER_LIST, Stage.ADMITTED, Stage.PROBATIONARY)
_CERTIFICATE = (
    Stage.SYMPATHIZER,
    Stage.IN_COURSE,
    Stage.CERTIFIED,
    Stage.DOSSIER,
    Stage.VERIFICATION,
    Stage.PROBATIONARY,
)
_AWAY = (*POOL, Stage.ADMITTED, Stage.PROBATIONARY)

STEPS_IN_ORDER: tuple[Step, ...] = (
    # --- Finding and following the outstanding person (C1, C2) ---------------------------
    Step("introduce", "Giới thiệu quần chúng ưu tú", ("",), Stage.INTRODUCED, INTRODUCE, f.IntroduceForm, None,
         icon="person-plus", date_field="introduced_on", questions=("time",)),
    Step("add_to_list", "Đưa vào danh sách cảm tình đảng", (Stage.INTRODUCED,), Stage.SYMPATHIZER, MANAGE,
         f.MoveForm, run.move(Stage.SYMPATHIZER), plain=True, questions=("time",)),
    Step("enrol", "Ghi danh lớp bồi dưỡng nhận thức về Đảng", (Stage.SYMPATHIZER, Stage.CERTIFIED), Stage.IN_COURSE,
         COURSES, None, None, questions=("time",)),
    Step("complete_course", "Hoàn thành lớp, cấp giấy chứng nhận", (Stage.IN_COURSE,), Stage.CERTIFIED, COURSES,
         None, None, check=questions.certified, questions=("time", "certificate")),
    Step("course_not_completed", "Không hoàn thành lớp", (Stage.IN_COURSE,), Stage.SYMPATHIZER, COURSES, None, None,
         needs_reason=True, questions=("time",)),
    Step("record_certificate", "Ghi giấy chứng nhận", _CERTIFICATE, Stage.CERTIFIED, MANAGE | COURSES,
         f.CertificateForm, run.record_certificate, icon="award", form_args=_people, moves_from=(Stage.SYMPATHIZER,),
         check=questions.certified, questions=("time", "certificate"), date_field="issued_on"),
    Step("assign_mentor", "Phân công giúp đỡ", _MENTORED, None, MANAGE, f.MentorForm, run.assign_mentor,
         icon="person-heart", form_args=_people, date_field="assigned_on"),
    Step("approve_mentor_plan", "Duyệt kế hoạch giúp đỡ", _MENTORED, None, MANAGE, f.MentorPlanForm,
         run.approve_mentor_plan, icon="check2-square", form_args=_people, date_field="approved_on",
         reads=step_versions.mentor_plan_read),
    Step("record_mentor_report", "Ghi báo cáo quý", _MENTORED, None, MANAGE, f.MentorReportForm,
         run.record_mentor_report, icon="journal-text", form_args=_people, date_field="submitted_on"),
    # --- The application and its dossier (C3–C6) -----------------------------------------
    Step("open_dossier", "Nhận đơn xin vào Đảng, lập hồ sơ", (Stage.CERTIFIED,), Stage.DOSSIER, MANAGE, f.MoveForm,
         run.open_dossier, plain=True, check=questions.dossier_opened, questions=("time", "certificate"),
         documents=("1-KNĐ",), next_step=True),
    Step("update_dossier", "Cập nhật hồ sơ", _PAPERS, None, MANAGE, f.DossierForm, run.update_dossier,
         icon="folder-check", form_args=_dossier_args, date_field="", reads=step_versions.dossier_read),
    Step("add_sponsor", "Thêm người giới thiệu", (Stage.CERTIFIED, Stage.DOSSIER, Stage.VERIFICATION), None, MANAGE,
         f.SponsorForm, run.add_sponsor, icon="person-plus", form_args=_sponsor_args, date_field="assigned_on",
         questions=("sponsors",), documents=("3-KNĐ",)),
    Step("record_verification", "Thẩm tra lý lịch", (Stage.DOSSIER, Stage.VERIFICATION), None, MANAGE,
         f.VerificationForm, run.record_verification, icon="search", form_args=_verification_args,
         date_field="requested_on", edits=object, documents=("2-KNĐ",), reads=step_versions.verification_read),
    Step("send_for_verification", "Gửi hồ sơ thẩm tra lý lịch", (Stage.DOSSIER,), Stage.VERIFICATION, MANAGE,
         f.MoveForm, run.send_for_verification, plain=True, check=questions.sent_for_verification,
         questions=("time", "documents"), documents=("1-KNĐ", "2-KNĐ", "3-KNĐ"), next_step=True),
    # --- The cell's vote, the committee's decision, the ceremony (C7) ----------------------
    Step("cell_resolution", "Chi bộ biểu quyết đề nghị kết nạp", (Stage.VERIFICATION,), Stage.CELL_RESOLUTION,
         MANAGE, f.CellResolutionForm, run.cell_resolution, icon="hand-thumbs-up", form_args=_vote_args,
         check=questions.cell_resolution, date_field="held_on", next_step=True,
         questions=("time", "eligibility", "sponsors", "vote", "documents"),
         documents=("1-KNĐ", "2-KNĐ", "3-KNĐ", "4-KNĐ", "5-KNĐ", "6-KNĐ")),
    Step("send_to_committee", "Gửi hồ sơ lên cấp ủy cơ sở", (Stage.CELL_RESOLUTION,), Stage.COMMITTEE_REVIEW,
         MANAGE, f.MoveForm, run.send_to_committee, plain=True, questions=("time",)),
    Step("appraisal", "Thẩm định hồ sơ", (Stage.COMMITTEE_REVIEW,), None, DECIDE, f.AppraisalForm, run.appraisal,
         icon="clipboard-check", date_field="appraised_on", documents=("7-KNĐ",)),
    Step("admission_decision", "Quyết định kết nạp", (Stage.COMMITTEE_REVIEW,), Stage.ADMITTED, DECIDE,
         f.DecisionForm, run.admission_decision, icon="file-earmark-check", check=questions.admitted, form_args=_people,
         date_field="signed_on", questions=("time", "deadline", "vote"), documents=("8-KNĐ", "9-KNĐ"),
         next_step=True),
    Step("ceremony", "Tổ chức lễ kết nạp", (Stage.ADMITTED,), Stage.PROBATIONARY, MANAGE, f.CeremonyForm,
         run.ceremony, icon="flag", check=questions.ceremony, date_field="held_on", questions=("time", "deadline"),
         next_step=True),
    # --- Probation and recognition (C8) ----------------------------------------------------
    Step("probation_resolution", "Chi bộ biểu quyết công nhận / xóa tên", (Stage.PROBATIONARY,), None, MANAGE,
         f.ProbationResolutionForm, run.probation_resolution, icon="hand-thumbs-up", form_args=_vote_args,
         date_field="held_on", questions=("time", "vote", "deadline"), documents=("13-KNĐ",)),
    Step("confirm", "Công nhận đảng viên chính thức", (Stage.PROBATIONARY,), Stage.OFFICIAL, DECIDE,
         f.ConfirmationForm, run.confirm, icon="patch-check", check=questions.confirmed, form_args=_people,
         effective=questions.official_from, date_field="decided_on", questions=("time", "deadline", "documents"),
         documents=("10-KNĐ", "11-KNĐ", "12-KNĐ", "13-KNĐ", "15-KNĐ"), next_step=True),
    Step("remove", "Xóa tên trong danh sách đảng viên dự bị", (Stage.PROBATIONARY,), Stage.REMOVED, DECIDE,
         f.RemovalForm, run.remove, icon="x-octagon", check=questions.removed, needs_reason=True, form_args=_people,
         date_field="decided_on", questions=("time", "vote")),
    # --- Leaving and coming back (C9) ------------------------------------------------------
    Step("withdraw", "Đưa ra khỏi danh sách", POOL, Stage.WITHDRAWN, MANAGE, f.MoveForm, run.move(Stage.WITHDRAWN),
         plain=True, needs_reason=True, questions=("time",)),
    Step("move_away", "Chuyển sinh hoạt đi nơi khác", _AWAY, Stage.MOVED, MANAGE, f.MoveForm, run.move(Stage.MOVED),
         plain=True, needs_reason=True, questions=("time",)),
    Step("reject", "Không kết nạp", (Stage.VERIFICATION,), Stage.REJECTED, MANAGE, f.MoveForm,
         run.move(Stage.REJECTED), plain=True, needs_reason=True, questions=("time",)),
    Step("reject_by_committee", "Không kết nạp (cấp ủy)", (Stage.CELL_RESOLUTION, Stage.COMMITTEE_REVIEW),
         Stage.REJECTED, DECIDE, f.MoveForm, run.move(Stage.REJECTED), plain=True, needs_reason=True,
         questions=("time",)),
    Step("return_to_list", "Đưa trở lại danh sách cảm tình đảng", (Stage.WITHDRAWN,), Stage.SYMPATHIZER, MANAGE,
         f.MoveForm, run.move(Stage.SYMPATHIZER), plain=True, needs_reason=True, questions=("time",)),
    Step("reintroduce", "Giới thiệu lại", (Stage.WITHDRAWN, Stage.REJECTED), Stage.INTRODUCED, INTRODUCE,
         f.MoveForm, run.move(Stage.INTRODUCED), plain=True, needs_reason=True, questions=("time",)),
)  # fmt: skip

#: name → Step.
STEPS: dict[str, Step] = {s.name: s for s in STEPS_IN_ORDER}


def _transitions() -> dict[tuple[str, str], Step]:
    table: dict[tuple[str, str], Step] = {}
    for step in STEPS_IN_ORDER:
        for source in step.sources:
            if step.moves(source):
                key = (source, step.target or "")
                if key in table:
                    raise ValueError(f"Two steps move {key}: {table[key].name} and {step.name}")
                table[key] = step
    return table


#: (from, to) → the step that makes that move. The only moves there are.
TRANSITIONS: dict[tuple[str, str], Step] = _transitions()


def transition(source: str, target: str) -> Step | None:
    return TRANSITIONS.get((source, target))


def steps_from(stage: str) -> list[Step]:
    """Every step that may be recorded at `stage`, in table order."""
    return [s for s in STEPS_IN_ORDER if stage in s.sources]


def steps_for(user: Any, candidate: Candidate) -> list[Step]:
    """The steps this user may record on this candidate's page now (a step that has
    its own page — courses — is left to that page)."""
    return [
        s
        for s in steps_from(candidate.stage)
        if s.service is not None and s.form is not None and s.allowed_for(user, candidate)
    ]


def next_step(stage: str) -> Step | None:
    """The main next step at `stage`, whose conditions the page checks in advance."""
    return next((s for s in steps_from(stage) if s.next_step), None)


def step_for_due(kind: str) -> Step | None:
    """The step that settles an agenda item of `kind` (a deadline of the charter)."""
    return STEPS.get(_DUE_STEPS.get(kind, ""))


_DUE_STEPS = {
    "ceremony": "ceremony",
    "admission_decision": "admission_decision",
    "confirmation_review": "probation_resolution",
    "confirmation_decision": "confirm",
    "certificate_expiry": "record_certificate",
    "mentor_report": "record_mentor_report",
    "member_biography": "update_dossier",
}


# ----------------------------------------------------------------------------- running


@dataclass
class StepResult:
    """What recording a step gave: done (with the page's message) or refused.

    `errors` are the form's field errors ({field: [messages]}, "__all__" for the
    form); `reasons` the charter's reasons ({rule, message, citation}) when it
    refused; `needs_approval` asks for the approving document.
    """

    ok: bool
    message: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    reasons: list[dict[str, str]] = field(default_factory=list)
    needs_approval: bool = False
    form: forms.BaseForm | None = None
    refusal: MoveRefused | None = None


class UnknownStep(LookupError):
    """No step of this name, or it is recorded on its own page (courses, introduction)."""


def build_form(
    step: Step,
    candidate: Candidate,
    user: Any,
    *,
    data: Mapping[str, Any] | None = None,
    files: Mapping[str, Any] | None = None,
    obj: Any = None,
    today: date,
    guard: bool = False,
) -> forms.BaseForm:
    """The step's form, bound to `data` when given, its act date prefilled and its
    allowed range shown next to the field; with `guard`, a step that overwrites rows
    carries the version it was read at. `today` is the caller's clock (the view reads
    it), never read here: the same request must check and show one day."""
    assert step.form is not None
    kwargs = step.form_args(candidate, user, obj) if step.form_args else {}
    initial = {step.date_field: today} if step.date_field else {}
    form = step.form(data, files, initial=initial, **kwargs)  # type: ignore[call-arg,arg-type]
    if step.date_field and step.date_field in form.fields:
        f.show_range(form.fields[step.date_field], earliest=candidate.stage_since, latest=today)
    read = step.reads(candidate, obj, form) if guard and step.reads is not None else None
    if read is not None:
        versions.carry(form, read)
    return form


def facts_schema(
    step: Step, candidate: Candidate | None = None, user: Any = None, *, today: date | None = None
) -> dict[str, dict[str, Any]]:
    """The facts a step takes, from its form's fields: {name: {type, required, label}}
    (what the API publishes with `next_steps`). With a candidate, the form is built for
    them on `today` (the dossier's rows depend on the candidate)."""
    if step.form is None:
        return {}
    if candidate is not None and today is None:
        raise TypeError("facts_schema: a candidate's form is built on the caller's day (today=)")
    built = build_form(step, candidate, user, today=today) if candidate is not None and today else None
    fields = built.fields if built is not None else step.form.base_fields  # type: ignore[attr-defined]
    return {name: f.field_schema(field_) for name, field_ in fields.items()}


def run_step(
    candidate: Candidate,
    name: str,
    facts: Mapping[str, Any],
    *,
    actor: Any,
    files: Mapping[str, Any] | None = None,
    obj: Any = None,
    today: date,
    guard: bool = False,
) -> StepResult:
    """Record step `name` on `candidate` from `facts` (strings or JSON values, ISO dates).

    Raises `UnknownStep` for a name not in the table (or recorded on its own page) and
    `PermissionDenied` for a role the step does not allow; every other refusal —
    wrong stage, invalid facts, the charter's "no" — is returned, nothing written.
    With `guard` (the web form), a step that overwrites rows (`Step.reads`) refuses a
    form read at another version than the stored one (`ketnap.core.versions`).
    """
    step = STEPS.get(name)
    if step is None or step.service is None or step.form is None:
        raise UnknownStep(name)
    if actor is not None and not step.allowed_for(actor, candidate):
        raise PermissionDenied(f"Bạn không có quyền: {step.label.lower()}.")
    form = build_form(step, candidate, actor, data=facts, files=files, obj=obj, today=today, guard=guard)
    if candidate.stage not in step.sources:
        current = candidate.get_stage_display()
        message = f"Giai đoạn “{current}” không có bước “{step.label}”."
        reason = {"rule": "stage.not_allowed", "message": message, "citation": "ketnap.pipeline.steps.STEPS"}
        return StepResult(False, message, reasons=[reason], form=form)
    guarded = versions.FIELD in form.fields
    if not form.is_valid():
        return StepResult(False, "Thông tin chưa hợp lệ.", errors=_errors(form), form=form)
    facts = {k: v for k, v in form.cleaned_data.items() if k != versions.FIELD}
    try:
        with transaction.atomic():
            if guarded and step.reads is not None:
                Candidate.objects.select_for_update().filter(pk=candidate.pk).first()  # one writer at a time
                stored = step.reads(candidate, obj, form)
                if stored is not None and versions.refuse_if_changed(form, stored):
                    return StepResult(False, versions.CONFLICT, errors=_errors(form), form=form)
            message = step.service(candidate, facts, actor, obj, today)
    except MoveRefused as exc:
        return StepResult(
            False,
            exc.message,
            reasons=[r.to_dict() for r in exc.failures or exc.reasons],
            needs_approval=exc.needs_approval,
            form=form,
            refusal=exc,
        )
    except ValidationError as exc:
        _attach(form, exc)
        return StepResult(False, "Thông tin chưa hợp lệ.", errors=_errors(form), form=form)
    return StepResult(True, message, form=form)


def _errors(form: forms.BaseForm) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def _attach(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


__all__ = [
    "STEPS",
    "STEPS_IN_ORDER",
    "TRANSITIONS",
    "Step",
    "StepResult",
    "UnknownStep",
    "build_form",
    "facts_schema",
    "next_step",
    "run_step",
    "step_for_due",
    "steps_for",
    "steps_from",
    "transition",
]
