"""Walk a candidate through the standard procedure with the real services.

Why this exists in the application and not only in tests: the demo data and the
tests both need people at every stage, with the papers each stage requires, and
both must go through `advance()` exactly as a secretary would — otherwise the
demo would show states the charter can never produce. A `Timetable` says when
each step happened; `walk()` performs the steps up to the target stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.utils import timezone

from ketnap.charter import add_months, is_youth_age
from ketnap.orgs.enums import MassOrganizationKind, MemberStatus
from ketnap.orgs.models import MassOrganization, Member
from ketnap.pipeline.checks import Context
from ketnap.pipeline.enums import FUNNEL, ItemStatus, MentorPhase, ResolutionPurpose, Stage, VerificationResult
from ketnap.pipeline.models import Candidate, ConfirmationOutcome, Course, Verification
from ketnap.pipeline.registry import official_members_on
from ketnap.pipeline.services import courses, decisions, dossier, mentoring, reviews
from ketnap.pipeline.services.advance import advance
from ketnap.pipeline.services.dossier import ItemUpdate


@dataclass(frozen=True)
class Timetable:
    """The day of each step. Missing later steps are derived from the earlier ones."""

    listed: date
    certified: date | None = None
    application: date | None = None
    verification: date | None = None
    vote: date | None = None
    decision: date | None = None
    ceremony: date | None = None
    confirmation_vote: date | None = None
    confirmed: date | None = None
    certificate_number: str = ""
    course: Course | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def day(self, name: str, fallback: date) -> date:
        value = getattr(self, name)
        return value if value is not None else fallback


def officials(candidate: Candidate, on: date, count: int = 2) -> list[Member]:
    """Official members of the candidate's cell on `on` (oldest members first)."""
    members = Member.objects.filter(
        organization=candidate.organization, status=MemberStatus.OFFICIAL, admission_date__lt=on - timedelta(days=800)
    ).order_by("admission_date", "id")
    return list(members[:count])


def meeting_minutes(candidate: Candidate, on: date, away: int) -> dict[str, object]:
    """A plausible cell meeting's minutes: the oldest member chairs, the next takes the
    minutes, the probationary members of the registry attend, `away` excused absentees."""
    members = officials(candidate, on, 2 + away)
    probationary = Member.objects.filter(
        organization=candidate.organization, status=MemberStatus.PROBATIONARY, left_on__isnull=True
    ).count()
    return {
        "chair": f"{members[0].full_name}, Bí thư chi bộ" if members else "",
        "secretary": members[1].full_name if len(members) > 1 else "",
        "probationary": probationary,
        "probationary_present": probationary,
        "absences": [{"name": m.full_name, "reason": "được miễn sinh hoạt, vắng mặt"} for m in members[2:]],
        "assessment": "Có lập trường tư tưởng vững vàng, chấp hành tốt chủ trương của Đảng, chính sách, pháp luật "
        "của Nhà nước; hoàn thành tốt nhiệm vụ được giao; cần tích cực hơn trong công tác đoàn thể.",
    }


def official_count(candidate: Candidate, on: date) -> tuple[int, str]:
    """Official members of the cell on `on` from the registry, and the reason when the
    count is corrected (at least 3, so that a vote can be shown in a small demo cell)."""
    registry = official_members_on(candidate.organization, on)
    if registry >= 3:
        return registry, ""
    return 3, "Danh sách đảng viên trong hệ thống chưa đầy đủ"


def _youth_union(candidate: Candidate) -> MassOrganization | None:
    paths = [candidate.organization.path[:i] for i in range(4, len(candidate.organization.path) + 1, 4)]
    return MassOrganization.objects.filter(committee__path__in=paths, kind=MassOrganizationKind.YOUTH_UNION).first()


def needs_youth_union(candidate: Candidate, on: date, ctx: Context) -> bool:
    """Whether the charter wants the Youth Union committee among the introducers on `on`."""
    return is_youth_age(candidate.birth_date, on, ctx.rules.book(on)) and _youth_union(candidate) is not None


def prepare_for_vote(candidate: Candidate, on: date, *, actor: Any, youth_union_sponsor: bool) -> None:
    """Introducers, the verification results and the papers the cell needs before it votes."""
    members = officials(candidate, on)
    since = on - timedelta(days=3 * 365)
    if youth_union_sponsor and (union := _youth_union(candidate)) is not None:
        dossier.add_sponsor(
            candidate, actor=actor, kind="youth_union_committee", assigned_on=on, mass_organization=union
        )
        dossier.add_sponsor(
            candidate, actor=actor, kind="member", assigned_on=on, member=members[0], together_since=since
        )
        codes = ["3-KNĐ", "4-KNĐ", "5-KNĐ"]
    else:
        for member in members:
            dossier.add_sponsor(
                candidate, actor=actor, kind="member", assigned_on=on, member=member, together_since=since
            )
        codes = ["3-KNĐ", "5-KNĐ"]
    dossier.update_items(candidate, [ItemUpdate(c, ItemStatus.RECEIVED, on) for c in codes], actor=actor)
    for verification in candidate.verifications.filter(result=VerificationResult.PENDING):
        verification.result, verification.result_on = VerificationResult.CLEAR, on
        dossier.save_verification(verification, actor=actor)


#: The steps of a timetable and the usual gap (days) before each.
STEPS: tuple[tuple[str, int], ...] = (
    ("listed", 0),
    ("certified", 60),
    ("application", 30),
    ("verification", 14),
    ("vote", 75),
    ("decision", 40),
    ("ceremony", 20),
)


def schedule(tt: Timetable) -> dict[str, date]:
    """Every step's day: the given ones, earlier ones counted back from the next given
    step, later ones counted forward with the usual gaps."""
    names = [name for name, _ in STEPS]
    gaps = dict(STEPS)
    plan: dict[str, date] = {}
    for i in reversed(range(len(names))):
        given = getattr(tt, names[i])
        if given is not None:
            plan[names[i]] = given
        elif i + 1 < len(names) and names[i + 1] in plan:
            plan[names[i]] = plan[names[i + 1]] - timedelta(days=gaps[names[i + 1]])
    for i, name in enumerate(names):
        if name not in plan:
            plan[name] = plan[names[i - 1]] + timedelta(days=gaps[name])
    plan["listed"] = tt.listed
    return plan


@dataclass
class _Walk:
    candidate: Candidate
    tt: Timetable
    actor: Any
    ctx: Context
    youth_union_sponsor: bool | None
    #: The clock the services are given: the walk records history as known on this day.
    today: date

    @cached_property
    def plan(self) -> dict[str, date]:
        return schedule(self.tt)

    @property
    def certified(self) -> date:
        return self.plan["certified"]

    @property
    def application(self) -> date:
        return self.plan["application"]

    @property
    def sent(self) -> date:
        return self.plan["verification"]

    @property
    def vote(self) -> date:
        return self.plan["vote"]

    @property
    def decided(self) -> date:
        return self.plan["decision"]

    @property
    def held(self) -> date:
        return self.plan["ceremony"]

    @property
    def review(self) -> date:
        return self.tt.day("confirmation_vote", add_months(self.held, 12) + timedelta(days=10))

    def list(self, target: str) -> None:
        c, day = self.candidate, self.tt.listed
        if c.organization.sympathizer_reviews.filter(month=day.replace(day=1)).exists():
            advance(
                c,
                Stage.SYMPATHIZER,
                on=day,
                actor=self.actor,
                evidence="Chi bộ xét đưa vào danh sách",
                today=self.today,
            )
            return
        reviews.record_review(
            c.organization,
            actor=self.actor,
            month=day,
            reviewed_on=day,
            decisions=[reviews.Decision(c, "add", "Quần chúng ưu tú, được đoàn thể giới thiệu")],
            today=self.today,
        )

    def certify(self, target: str) -> None:
        c, tt = self.candidate, self.tt
        number = tt.certificate_number or f"{c.pk:03d}/CN"
        if tt.course is None:
            courses.record_certificate(
                c,
                actor=self.actor,
                kind="awareness",
                number=number,
                issued_on=self.certified,
                issued_by="Trung tâm chính trị",
                today=self.today,
            )
            return
        courses.enrol(tt.course, [c], actor=self.actor, on=tt.course.starts_on, today=self.today)
        if target != Stage.IN_COURSE:
            enrolment = c.enrolments.get(course=tt.course)
            line = courses.Completion(enrolment, "completed", number, self.certified)
            courses.complete(tt.course, [line], actor=self.actor, today=self.today)

    def open_dossier(self, target: str) -> None:
        c, day = self.candidate, self.application
        advance(c, Stage.DOSSIER, on=day, actor=self.actor, evidence="Đơn xin vào Đảng", today=self.today)
        items = [ItemUpdate("1-KNĐ", ItemStatus.RECEIVED, day), ItemUpdate("2-KNĐ", ItemStatus.RECEIVED, day)]
        dossier.update_items(c, items, actor=self.actor)

    def send_for_verification(self, target: str) -> None:
        c = self.candidate
        dossier.send_for_verification(c, actor=self.actor, on=self.sent, today=self.today)
        family = c.full_name.split(" ")[0]
        for relation, name in (("father", f"{family} Văn Bình"), ("mother", "Hoàng Thị Hoa")):
            Verification.objects.get_or_create(
                candidate=c,
                relation=relation,
                defaults={"full_name": name, "requested_on": self.sent},
            )

    def cell_vote(self, target: str) -> None:
        c, vote = self.candidate, self.vote
        youth = self.youth_union_sponsor
        if youth is None:
            youth = needs_youth_union(c, vote, self.ctx)
        prepare_for_vote(c, vote - timedelta(days=5), actor=self.actor, youth_union_sponsor=youth)
        helpers = officials(c, self.tt.listed, 3)
        if helpers and not c.mentors.exists():
            mentoring.assign_mentor(
                c,
                helpers[-1],
                actor=self.actor,
                phase=MentorPhase.CANDIDATE,
                assigned_on=self.tt.listed + timedelta(days=7),
            )
        official, correction = official_count(c, vote)
        away = 1 if official > 6 else 0
        decisions.record_cell_vote(
            c,
            actor=self.actor,
            purpose=ResolutionPurpose.ADMISSION,
            adopted_on=vote,
            eligible=official,
            eligible_reason=correction,
            today=self.today,
            excused=1 if official > 6 else 0,
            present=official - (1 if official > 6 else 0),
            in_favour=official - (2 if official > 6 else 0),
            document_number=f"{c.pk:02d}-NQ/CB",
            minutes=meeting_minutes(c, vote, away),
            ctx=self.ctx,
        )

    def send_up(self, target: str) -> None:
        decisions.send_to_committee(
            self.candidate, actor=self.actor, on=self.vote + timedelta(days=3), today=self.today
        )

    def decide(self, target: str) -> None:
        c = self.candidate
        decisions.decide_admission(
            c,
            actor=self.actor,
            document_number=f"{100 + c.pk}-QĐ/ĐU",
            signed_on=self.decided,
            received_on=self.decided + timedelta(days=2),
            signer="Bí thư Đảng ủy",
            ctx=self.ctx,
            today=self.today,
            approval=self.tt.extra.get("decision_approval", ""),
        )

    def ceremony(self, target: str) -> None:
        c, held = self.candidate, self.held
        approval = self.tt.extra.get("ceremony_approval", "")
        decisions.hold_ceremony(
            c,
            actor=self.actor,
            held_on=held,
            place="Hội trường thôn",
            ctx=self.ctx,
            approval=approval,
            register_member=self.tt.extra.get("register_member", True),
            today=self.today,
        )
        biography = ItemUpdate("LLĐV", ItemStatus.RECEIVED, held + timedelta(days=14))
        dossier.update_items(c, [biography], actor=self.actor)
        helpers = officials(c, held, 2)
        if helpers:
            mentoring.assign_mentor(
                c,
                helpers[0],
                actor=self.actor,
                phase=MentorPhase.PROBATION,
                assigned_on=held,
                plan="Giúp đỡ đảng viên dự bị",
            )

    def confirm(self, target: str) -> None:
        c, review, actor = self.candidate, self.review, self.actor
        courses.record_certificate(
            c,
            actor=actor,
            kind="new_member",
            number=f"{c.pk}/ĐVM",
            issued_on=self.held + timedelta(days=90),
            issued_by="Trung tâm chính trị",
            today=self.today,
        )
        codes = ("10-KNĐ", "11-KNĐ", "12-KNĐ")
        dossier.update_items(
            c, [ItemUpdate(x, ItemStatus.RECEIVED, review - timedelta(days=5)) for x in codes], actor=actor
        )
        official, correction = official_count(c, review)
        decisions.record_cell_vote(
            c,
            actor=actor,
            purpose=ResolutionPurpose.CONFIRMATION,
            adopted_on=review,
            eligible=official,
            eligible_reason=correction,
            today=self.today,
            present=official,
            in_favour=official - (1 if official > 6 else 0),
            document_number=f"{c.pk:02d}-NQ/CB",
            minutes=meeting_minutes(c, review, 0),
            ctx=self.ctx,
        )
        decisions.confirm(
            c,
            actor=actor,
            outcome=ConfirmationOutcome.CONFIRMED,
            document_number=f"{300 + c.pk}-QĐ/ĐU",
            decided_on=self.tt.day("confirmed", review + timedelta(days=20)),
            ctx=self.ctx,
            today=self.today,
        )


#: stage the candidate is in → the step that moves them on.
_STEPS: dict[str, Callable[[_Walk, str], None]] = {
    Stage.INTRODUCED: _Walk.list,
    Stage.SYMPATHIZER: _Walk.certify,
    Stage.CERTIFIED: _Walk.open_dossier,
    Stage.DOSSIER: _Walk.send_for_verification,
    Stage.VERIFICATION: _Walk.cell_vote,
    Stage.CELL_RESOLUTION: _Walk.send_up,
    Stage.COMMITTEE_REVIEW: _Walk.decide,
    Stage.ADMITTED: _Walk.ceremony,
    Stage.PROBATIONARY: _Walk.confirm,
}


def walk(
    candidate: Candidate,
    target: str,
    tt: Timetable,
    *,
    actor: Any = None,
    ctx: Context | None = None,
    youth_union_sponsor: bool | None = None,
    today: date | None = None,
) -> Candidate:
    """Perform the procedure from the candidate's stage up to `target` (a funnel stage).

    `today` is the clock the services check dates against; by default the later of
    today and the timetable's last step (a replay of history known on that day), so a
    demo or a test may walk a person into the future without back-dating anything.
    """
    run = _Walk(candidate, tt, actor, ctx or Context(), youth_union_sponsor, today or date.min)
    if today is None:
        given = [d for d in (tt.confirmed, tt.confirmation_vote) if d is not None]
        run.today = max(timezone.localdate(), run.review + timedelta(days=60), *run.plan.values(), *given)
    while FUNNEL.index(candidate.stage) < FUNNEL.index(target):
        before = candidate.stage
        _STEPS[candidate.stage](run, target)
        candidate.refresh_from_db()
        if candidate.stage == before:
            raise RuntimeError(f"{candidate}: bước sau giai đoạn {before} không chuyển được")
    return candidate
