"""Inspection findings (M7): procedure violations found in the recorded acts, for the
inspection committee, each with its evidence and the rule it breaks.

Why this asks the charter for every verdict: the inspection must judge by exactly the
rules the pipeline applied when the act was recorded (ARCHITECTURE §4). Nothing here
compares a date or counts a vote itself: deadlines come from `Rules.deadline` (charter
working days and months, administrator overrides), votes from
`charter.check_cell_vote`, introducers from `charter.check_sponsors`, certificates from
`charter.check_certificate`, through the pipeline's `checks` translation of records to
facts. A finding is an act the charter does not pass and for which no approving
document was recorded.

How violations get into the data at all: acts recorded with an approval that was not
the competent one, records imported from before the system, records corrected after
the fact (a vote's counts, a certificate date). The inspector looks at all of them.

Next to the violations the page lists the exceptions (`Exception_`): every act that
went through only because an approving document was recorded (an applicant over 60,
an education exception, a late ceremony…) and every vote whose number of official
members was corrected away from the registry, with the reason given. They are lawful,
but they are exactly what an inspector must be able to check against the papers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.db.models import Prefetch, Q

from ketnap import charter
from ketnap.charter import Reason, Verdict
from ketnap.monitoring.periods import Period
from ketnap.orgs.enums import MassOrganizationKind
from ketnap.orgs.models import Organization
from ketnap.pipeline import checks
from ketnap.pipeline.checks import Context
from ketnap.pipeline.enums import ResolutionLevel, ResolutionPurpose, Stage
from ketnap.pipeline.models import Candidate, ConfirmationOutcome, Resolution, Sponsor, StageEvent
from ketnap.pipeline.steps import transition

#: rule → the finding's title, in the order the list is grouped.
KINDS: dict[str, str] = {
    "ceremony.late": "Lễ kết nạp quá hạn, không có ý kiến đồng ý của cấp ủy cấp trên",
    "sponsor.unqualified": "Người giới thiệu không đủ điều kiện tại ngày chi bộ họp xét",
    "vote.below_threshold": "Nghị quyết ghi là đạt nhưng số phiếu tán thành dưới mức quy định",
    "certificate.expired": "Giấy chứng nhận lớp nhận thức về Đảng hết hạn khi chi bộ họp xét",
    "decision.late": "Quyết định ban hành quá thời hạn",
    "confirmation.early": "Công nhận đảng viên chính thức trước khi hết thời gian dự bị",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    candidate: Candidate
    on: date
    evidence: str
    reasons: tuple[Reason, ...]

    @property
    def title(self) -> str:
        return KINDS[self.rule]

    @property
    def organization(self) -> Organization:
        return self.candidate.organization


def _failed(verdict: Verdict) -> tuple[Reason, ...]:
    """The reasons of a verdict that does not pass (all of them: the arithmetic and the rule)."""
    return verdict.reasons


def _approved(c: Candidate, stage: str) -> bool:
    """Whether the event entering `stage` carries an approving document."""
    return any(e.to_stage == stage and e.approval.strip() for e in c.events.all())


def _resolutions(c: Candidate, purpose: str) -> list[Resolution]:
    return [r for r in c.resolutions.all() if r.level == ResolutionLevel.CELL and r.purpose == purpose]


def _ceremony(c: Candidate, ctx: Context) -> Iterable[Finding]:
    decision, ceremony = getattr(c, "admission_decision", None), getattr(c, "ceremony", None)
    if decision is None or ceremony is None:
        return
    verdict = checks.within(ctx.rules.deadline("ceremony", decision.received_on), ceremony.held_on, "Lễ kết nạp")
    if not verdict.passed and not ceremony.late_approval.strip() and not _approved(c, Stage.PROBATIONARY):
        yield Finding(
            "ceremony.late",
            c,
            ceremony.held_on,
            f"{decision}; chi bộ nhận quyết định ngày {decision.received_on:%d/%m/%Y}; {ceremony}.",
            _failed(verdict),
        )


def _meeting_checks(c: Candidate, ctx: Context) -> Iterable[Finding]:
    """Introducers and certificate on the day the cell voted to admit."""
    resolution = checks.latest_resolution(c, ResolutionPurpose.ADMISSION)
    if resolution is None:
        return
    meeting = resolution.adopted_on
    book = ctx.rules.book(meeting)
    unions = ctx.unions_above(c.organization.path)
    sponsors = checks.charter_sponsors(c, meeting)
    verdict = charter.check_sponsors(
        sponsors,
        c.birth_date,
        meeting,
        book,
        youth_union_exists=MassOrganizationKind.YOUTH_UNION in unions,
        trade_union_exists=MassOrganizationKind.TRADE_UNION in unions,
    )
    if verdict.status == "fail":
        names = ", ".join(s.name or s.kind for s in sponsors) or "không ghi người giới thiệu"
        yield Finding(
            "sponsor.unqualified",
            c,
            meeting,
            f"{resolution} ngày {meeting:%d/%m/%Y}; người giới thiệu: {names}.",
            _failed(verdict),
        )
    certificate = checks.awareness_certificate(c)
    verdict = checks.certificate_verdict(c, meeting, ctx)
    if verdict.status == "fail":
        held = f"{certificate}" if certificate else "không có giấy chứng nhận"
        yield Finding(
            "certificate.expired", c, meeting, f"{resolution} ngày {meeting:%d/%m/%Y}; {held}.", _failed(verdict)
        )


def _votes(c: Candidate, ctx: Context) -> Iterable[Finding]:
    kinds: tuple[tuple[str, Literal["admission", "confirmation"]], ...] = (
        (ResolutionPurpose.ADMISSION, "admission"),
        (ResolutionPurpose.CONFIRMATION, "confirmation"),
    )
    for purpose, kind in kinds:
        for r in _resolutions(c, purpose):
            if not r.passed:
                continue
            try:
                outcome = charter.check_cell_vote(
                    r.eligible, r.in_favour, ctx.rules.book(r.adopted_on), excused=r.excused, purpose=kind
                )
            except ValueError as exc:
                reason = Reason("vote.cell", str(exc), ctx.rules.book(r.adopted_on).cite("vote.cell_ratio"))
                yield Finding("vote.below_threshold", c, r.adopted_on, f"{r} ngày {r.adopted_on:%d/%m/%Y}.", (reason,))
                continue
            if outcome.verdict.status == "fail":
                yield Finding(
                    "vote.below_threshold",
                    c,
                    r.adopted_on,
                    f"{r} ngày {r.adopted_on:%d/%m/%Y}: {r.in_favour}/{r.eligible} tán thành, trừ {r.excused}.",
                    _failed(outcome.verdict),
                )


#: The committee's decisions and their time limits: (act on the candidate, the cell
#: resolution it follows, charter deadline, the act's date, the stage it enters, its name).
_DECISIONS = (
    (
        "admission_decision",
        ResolutionPurpose.ADMISSION,
        "admission_decision",
        "signed_on",
        Stage.ADMITTED,
        "Quyết định kết nạp",
    ),
    (
        "confirmation",
        ResolutionPurpose.CONFIRMATION,
        "confirmation_decision",
        "decided_on",
        Stage.OFFICIAL,
        "Quyết định công nhận chính thức",
    ),
)


def _decisions(c: Candidate, ctx: Context) -> Iterable[Finding]:
    for attr, purpose, event, day_field, stage, what in _DECISIONS:
        act, basis = getattr(c, attr, None), checks.latest_resolution(c, purpose)
        if act is None or basis is None:
            continue
        day: date = getattr(act, day_field)
        verdict = checks.within(ctx.rules.deadline(event, basis.adopted_on), day, what)
        if not verdict.passed and not _approved(c, stage):
            evidence = f"{basis} ngày {basis.adopted_on:%d/%m/%Y}; {act} (ngày {day:%d/%m/%Y})."
            yield Finding("decision.late", c, day, evidence, _failed(verdict))


def _early_confirmation(c: Candidate, ctx: Context) -> Iterable[Finding]:
    confirmation, ceremony = getattr(c, "confirmation", None), getattr(c, "ceremony", None)
    if confirmation is None or ceremony is None or confirmation.outcome != ConfirmationOutcome.CONFIRMED:
        return
    end = ctx.rules.deadline("probation_end", ceremony.held_on)
    review = checks.latest_resolution(c, ResolutionPurpose.CONFIRMATION)
    acts = [("Chi bộ xét công nhận", review.adopted_on)] if review is not None else []
    acts.append(("Quyết định công nhận", confirmation.decided_on))
    if confirmation.official_from:
        acts.append(("Ngày là đảng viên chính thức", confirmation.official_from))
    early = [(what, day) for what, day in acts if day < end.date]
    if early:
        listed = "; ".join(f"{what} ngày {day:%d/%m/%Y}" for what, day in early)
        message = f"{listed} — trước khi hết thời gian dự bị ({end.date:%d/%m/%Y})."
        yield Finding(
            "confirmation.early",
            c,
            early[0][1],
            f"{ceremony}; {confirmation}.",
            (Reason("confirmation.too_early", message, end.reasons[0].citation), *end.reasons),
        )


RULES = (_ceremony, _meeting_checks, _votes, _decisions, _early_confirmation)

#: kind → the exception's title, in the order the list is grouped.
EXCEPTION_KINDS: dict[str, str] = {
    "approval": "Thông qua với văn bản đồng ý của cấp có thẩm quyền",
    "registry.corrected": "Tổng số đảng viên chính thức sửa khác danh sách đảng viên",
}


@dataclass(frozen=True)
class Exception_:
    """An act that passed by exception: `document` is the approving document (or the
    resolution whose count was corrected), `reasons` the conditions it waived or the
    correction and its reason, as the charter worded them when the act was recorded."""

    kind: str
    candidate: Candidate
    on: date
    act: str
    document: str
    reasons: tuple[Reason, ...]

    @property
    def title(self) -> str:
        return EXCEPTION_KINDS[self.kind]

    @property
    def organization(self) -> Organization:
        return self.candidate.organization


def _stored(rows: Iterable[dict[str, str]]) -> tuple[Reason, ...]:
    return tuple(Reason(r.get("rule", ""), r.get("message", ""), r.get("citation", "")) for r in rows)


def _waived(event: StageEvent) -> tuple[Reason, ...]:
    """The conditions the approving document stood in for: the reasons recorded with the
    status "needs_approval" (events recorded before statuses were kept: every reason)."""
    rows = [r for r in event.reasons if isinstance(r, dict)]
    if any("status" in r for r in rows):
        rows = [r for r in rows if r.get("status") == "needs_approval"]
    return _stored(rows)


def _act_label(event: StageEvent) -> str:
    step = transition(event.from_stage, event.to_stage)
    return step.label if step is not None else event.get_to_stage_display()


def _approvals(c: Candidate, ctx: Context) -> Iterable[Exception_]:
    approved_probation = False
    for e in c.events.all():
        if e.approval.strip():
            approved_probation |= e.to_stage == Stage.PROBATIONARY
            yield Exception_("approval", c, e.effective_on, _act_label(e), e.approval, _waived(e))
    ceremony, decision = getattr(c, "ceremony", None), getattr(c, "admission_decision", None)
    if ceremony is not None and ceremony.late_approval.strip() and not approved_probation:
        # A ceremony recorded (or imported) with its late approval but no approving event.
        reasons: tuple[Reason, ...] = ()
        if decision is not None:
            late = checks.within(ctx.rules.deadline("ceremony", decision.received_on), ceremony.held_on, "Lễ kết nạp")
            reasons = late.reasons
        yield Exception_("approval", c, ceremony.held_on, "Tổ chức lễ kết nạp", ceremony.late_approval, reasons)


def _corrected_counts(c: Candidate) -> Iterable[Exception_]:
    for r in c.resolutions.all():
        if not r.eligible_reason.strip():
            continue
        rows = [x for x in r.reasons if isinstance(x, dict) and x.get("rule") == "vote.registry_corrected"]
        reasons = _stored(rows) or (
            Reason(
                "vote.registry_corrected",
                f"Tổng số ghi {r.eligible} (danh sách đảng viên: {r.registry_count}); lý do: {r.eligible_reason}.",
                "",
            ),
        )
        act = f"{r.get_level_display()} biểu quyết ({r.get_purpose_display().lower()})"
        yield Exception_("registry.corrected", c, r.adopted_on, act, f"{r} ngày {r.adopted_on:%d/%m/%Y}", reasons)


def candidates_to_inspect(user: Any, org: Organization, period: Period) -> list[Candidate]:
    """Candidates of the subtree with an act dated in the period, everything the rules
    read prefetched (a fixed number of queries)."""
    acted = (
        Q(resolutions__adopted_on__range=(period.start, period.end))
        | Q(events__effective_on__range=(period.start, period.end), events__approval__gt="")
        | Q(admission_decision__signed_on__range=(period.start, period.end))
        | Q(ceremony__held_on__range=(period.start, period.end))
        | Q(confirmation__decided_on__range=(period.start, period.end))
    )
    ids = Candidate.objects.visible_to(user).filter(organization__path__startswith=org.path).filter(acted).values("pk")
    return list(
        Candidate.objects.filter(pk__in=ids)
        .select_related("organization", "admission_decision", "ceremony", "confirmation")
        .prefetch_related(
            "certificates",
            "resolutions",
            Prefetch("sponsors", queryset=Sponsor.objects.select_related("member", "mass_organization")),
            Prefetch("events", queryset=StageEvent.objects.order_by("effective_on", "id")),
        )
        .order_by("organization__path", "sort_name", "id")
    )


@dataclass(frozen=True)
class Inspection:
    """What the inspection page shows: the violations and, next to them, the exceptions."""

    findings: list[Finding]
    exceptions: list[Exception_]


def inspect(user: Any, org: Organization, period: Period, *, ctx: Context | None = None) -> Inspection:
    """The violations and the exceptions of the period in `org`'s subtree that the user
    may see, each grouped by kind and dated within the period (one load of the candidates)."""
    ctx = ctx or Context()
    candidates = candidates_to_inspect(user, org, period)
    found = [f for c in candidates for rule in RULES for f in rule(c, ctx) if f.on in period]
    order = list(KINDS)
    excepted = [x for c in candidates for x in (*_approvals(c, ctx), *_corrected_counts(c)) if x.on in period]
    kinds = list(EXCEPTION_KINDS)
    return Inspection(
        sorted(found, key=lambda f: (order.index(f.rule), f.on, f.candidate.sort_name)),
        sorted(excepted, key=lambda x: (kinds.index(x.kind), x.on, x.candidate.sort_name)),
    )


def findings(user: Any, org: Organization, period: Period, *, ctx: Context | None = None) -> list[Finding]:
    """Every violation of the period in `org`'s subtree that the user may see, grouped by
    rule (see KINDS) and dated within the period."""
    return inspect(user, org, period, ctx=ctx).findings


def exceptions(user: Any, org: Organization, period: Period, *, ctx: Context | None = None) -> list[Exception_]:
    """Every act of the period that passed by exception (see `Exception_`)."""
    return inspect(user, org, period, ctx=ctx).exceptions
