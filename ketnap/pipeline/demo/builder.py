"""Build the demo pipeline from `people.py` through the real services.

Why through the services: every demo person's history must be one the charter
allows (or, for the refused ones, one it refuses for the stated reason), with the
same events, papers and audit a secretary would produce.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

from ketnap.charter.periods import add_months
from ketnap.orgs.demo.clock import DemoClock
from ketnap.orgs.demo.names import person_name
from ketnap.orgs.models import MassOrganization, Organization
from ketnap.pipeline.checks import Context
from ketnap.pipeline.demo.people import CAO_MINH_BEFORE_MERGE, COMMITTEES, Spec
from ketnap.pipeline.enums import (
    FUNNEL,
    CourseKind,
    IntroducerKind,
    MentorPhase,
    ResolutionLevel,
    ResolutionPurpose,
    Stage,
    VerificationResult,
)
from ketnap.pipeline.journey import Timetable, needs_youth_union, official_count, officials, prepare_for_vote, walk
from ketnap.pipeline.models import Candidate, ConfirmationOutcome, Course, Mentor, Resolution, TrainingCentre
from ketnap.pipeline.selectors.dues import quarter_end, quarters_between
from ketnap.pipeline.services import courses, decisions, dossier, mentoring, reviews
from ketnap.pipeline.services.advance import advance
from ketnap.pipeline.services.candidates import introduce
from ketnap.pipeline.services.dossier import set_deadline

#: Province code of the citizen ID by committee (where the demo people were born).
_PROVINCE = {
    "Đảng bộ xã Cao Minh": "019",
    "Đảng bộ xã Đồng Tiến": "020",
    "Đảng bộ phường Việt Hưng": "001",
    "Đảng bộ xã Bình Lưu": "012",
    "Đảng bộ xã Phú Bình": "019",
    "Đảng bộ xã Đại Từ": "019",
    "Đảng bộ phường Phan Đình Phùng": "019",
}
_CENTRES = {
    "Đảng bộ xã Cao Minh": "Trung tâm chính trị xã Bằng Thành",
    "Đảng bộ xã Đồng Tiến": "Trung tâm chính trị xã Đồng Tiến",
    "Đảng bộ phường Việt Hưng": "Trung tâm chính trị phường Việt Hưng",
    "Đảng bộ xã Bình Lưu": "Trung tâm chính trị xã Bình Lưu",
}
#: Cao Minh's course sessions: (key, kind, title, start, end).
_COURSES = [
    ("course_ii_2025", CourseKind.AWARENESS, "Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2025",
     date(2025, 11, 17), date(2025, 11, 21)),
    ("course_i_2026", CourseKind.AWARENESS, "Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2026",
     date(2026, 3, 9), date(2026, 3, 13)),
    ("course_ii_2026", CourseKind.AWARENESS, "Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2026",
     date(2026, 11, 16), date(2026, 11, 27)),
    ("new_member_2026", CourseKind.NEW_MEMBER, "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới năm 2026",
     date(2026, 5, 11), date(2026, 5, 22)),
]  # fmt: skip
#: Mentors' reports are in up to the end of the quarter this many quarters before the
#: anchor's (30/6/2026 as written), every other mentor's up to the anchor day.
REPORTED_QUARTERS_BACK = 2


def national_id(rng: random.Random, province: str, born: date, female: bool) -> str:
    century = {1900: 0, 2000: 2}[born.year // 100 * 100] + (1 if female else 0)
    return f"{province}{century}{born.year % 100:02d}{rng.randint(0, 999999):06d}"


def _person(spec: Spec, rng: random.Random, province: str) -> dict[str, object]:
    return {
        "full_name": person_name(rng, spec.female),
        "birth_date": spec.born,
        "sex": "female" if spec.female else "male",
        "ethnicity": spec.ethnicity,
        "national_id": national_id(rng, province, spec.born, spec.female) if rng.random() < 0.8 else "",
        "education": spec.education,
        "professional_level": "university" if spec.profession else "none",
        "occupation": spec.occupation,
        "profession": spec.profession,
        "youth_union_member": spec.born.year >= 1996,
        "residence": spec.cell.replace("Chi bộ ", "Thôn ") if "Trường" not in spec.cell else "",
    }


def _moved(spec: Spec, clock: DemoClock) -> Spec:
    """The person as written, every date of their history (birth included, so ages
    at each step stay) moved by the clock's days."""
    return dataclasses.replace(
        spec,
        listed=clock.on(spec.listed),
        born=clock.on(spec.born),
        dates={step: clock.on(day) for step, day in spec.dates.items()},
    )


def _courses(committee: Organization, clock: DemoClock) -> dict[str, Course]:
    centre, _ = TrainingCentre.objects.get_or_create(
        organization=committee, name=_CENTRES[committee.name], defaults={"is_demo": True}
    )
    found: dict[str, Course] = {}
    for key, kind, written_title, written_start, written_end in _COURSES:
        start, end = clock.on(written_start), clock.on(written_end)
        title = written_title.replace(f"năm {written_start.year}", f"năm {start.year}")
        found[key] = courses.save_course(
            None,
            actor=None,
            organization=committee,
            kind=kind,
            title=title,
            starts_on=start,
            ends_on=end,
            place="Hội trường Đảng ủy xã",
            centre=centre,
            is_demo=True,
        )
    return found


def _timetable(spec: Spec, course_map: dict[str, Course], clock: DemoClock) -> Timetable:
    dates = dict(spec.dates)
    course = course_map.get(spec.special)
    if course is not None:
        dates.setdefault("certified", course.ends_on)
    # The demo registry of members mirrors the 2026 headcounts exactly (orgs demo), so
    # demo ceremonies leave it alone; a real ceremony adds the new member to it.
    extra: dict[str, object] = {"register_member": False}
    if spec.special == "late_ceremony":
        approved = clock.on(date(2026, 4, 10))
        extra["ceremony_approval"] = (
            f"Công văn số 27-CV/ĐU ngày {approved.day}/{approved.month}/{approved.year} "
            "của Ban Thường vụ Đảng ủy xã đồng ý"
        )
    return Timetable(listed=spec.listed, course=course, extra=extra, **dates)  # type: ignore[arg-type]


def _ready(c: Candidate, tt: Timetable, ctx: Context, clock: DemoClock, *, recent_sponsor: bool = False) -> None:
    """Papers, introducers and verification results in hand, waiting for the cell's vote."""
    on = (tt.verification or tt.listed) + timedelta(days=60)
    if not recent_sponsor:
        prepare_for_vote(c, on, actor=None, youth_union_sponsor=needs_youth_union(c, clock.today, ctx))
        return
    members = officials(c, on)
    dossier.add_sponsor(
        c, actor=None, kind="member", assigned_on=on, member=members[0], together_since=clock.on(date(2019, 1, 1))
    )
    dossier.add_sponsor(
        c, actor=None, kind="member", assigned_on=on, member=members[1], together_since=clock.on(date(2026, 5, 1))
    )
    prepare_papers = [dossier.ItemUpdate(code, "received", on) for code in ("3-KNĐ", "5-KNĐ")]
    dossier.update_items(c, prepare_papers, actor=None)
    for v in c.verifications.filter(result=VerificationResult.PENDING):
        v.result, v.result_on = VerificationResult.CLEAR, on
        dossier.save_verification(v, actor=None)


def _special(c: Candidate, spec: Spec, tt: Timetable, ctx: Context, clock: DemoClock) -> None:
    """The cases the charter refuses, the late ones and the exits."""
    kind = spec.special
    if kind in ("ready", "under_18"):
        _ready(c, tt, ctx, clock)
    elif kind == "recent_sponsor":
        _ready(c, tt, ctx, clock, recent_sponsor=True)
    elif kind == "failed_vote":
        _ready(c, tt, ctx, clock)
        held = clock.on(date(2026, 10, 20))
        eligible, correction = official_count(c, held)
        short = -(-2 * eligible // 3) - 1  # one vote short of 2/3
        decisions.record_cell_vote(
            c, actor=None, purpose=ResolutionPurpose.ADMISSION, adopted_on=held, eligible=eligible,
            eligible_reason=correction, excused=0, present=eligible - 1, in_favour=short, against=eligible - 1 - short,
            document_number="07-NQ/CB", ctx=ctx,
        )  # fmt: skip
    elif kind == "withdraw":
        left = clock.on(date(2026, 2, 26))
        advance(c, Stage.WITHDRAWN, on=left, actor=None, evidence=f"Chi bộ xét danh sách tháng {left:%m/%Y}",
                reason="Bản thân xin thôi phấn đấu vì đi làm ăn xa dài ngày")  # fmt: skip
    elif kind == "move":
        advance(c, Stage.MOVED, on=clock.on(date(2026, 5, 10)), actor=None,
                reason="Chuyển đến làm việc tại tỉnh Bắc Ninh; chuyển hồ sơ theo dõi về nơi làm việc mới")  # fmt: skip
    elif kind == "reject":
        _ready(c, tt, ctx, clock)
        own = c.verifications.get(relation="self")
        own.result, own.result_note = VerificationResult.CONCERN, "Có vi phạm tiêu chuẩn chính trị (Quy định 58-QĐ/TW)"
        dossier.save_verification(own, actor=None)
        advance(c, Stage.REJECTED, on=clock.on(date(2026, 8, 12)), actor=None, evidence="Kết luận của chi ủy",
                reason="Kết quả thẩm tra lý lịch có vi phạm tiêu chuẩn chính trị")  # fmt: skip
    elif kind in ("vote_corrected", "ceremony_corrected"):
        _corrected_after_the_fact(c, kind)
    elif kind == "remove":
        voted = clock.on(date(2026, 6, 20))
        eligible, correction = official_count(c, voted)
        decisions.record_cell_vote(
            c, actor=None, purpose=ResolutionPurpose.REMOVAL, adopted_on=voted, eligible=eligible,
            eligible_reason=correction, in_favour=eligible - 1, document_number="05-NQ/CB", ctx=ctx,
        )  # fmt: skip
        decisions.confirm(
            c, actor=None, outcome=ConfirmationOutcome.REMOVED, document_number="412-QĐ/ĐU",
            decided_on=clock.on(date(2026, 7, 10)),
            reason="Không hoàn thành nhiệm vụ đảng viên dự bị, vi phạm tư cách đảng viên", ctx=ctx,
        )  # fmt: skip


def _corrected_after_the_fact(c: Candidate, kind: str) -> None:
    """A record corrected after it was entered, bypassing the charter's check at entry:
    how violations get into real data (an imported or amended record), and what the
    inspection committee's page exists to find. Written to the rows directly, on demo
    candidates only."""
    if kind == "vote_corrected":
        vote = c.resolutions.get(purpose=ResolutionPurpose.ADMISSION, level=ResolutionLevel.CELL)
        Resolution.objects.filter(pk=vote.pk).update(in_favour=vote.eligible * 2 // 3 - 1)
        return
    ceremony = c.ceremony
    held = ceremony.held_on + timedelta(days=45)
    type(ceremony).objects.filter(pk=ceremony.pk).update(held_on=held)  # the stage history stays append-only


_WALK_TO: dict[str, str] = {
    Stage.WITHDRAWN: Stage.SYMPATHIZER,
    Stage.MOVED: Stage.CERTIFIED,
    Stage.REJECTED: Stage.VERIFICATION,
    Stage.REMOVED: Stage.PROBATIONARY,
}


def build_one(
    written: Spec,
    committee: Organization,
    rng: random.Random,
    course_map: dict[str, Course],
    ctx: Context,
    clock: DemoClock | None = None,
) -> Candidate:
    clock = clock or DemoClock()
    spec = _moved(written, clock)
    cell = Organization.objects.get(name=spec.cell, path__startswith=committee.path)
    by = MassOrganization.objects.filter(committee=committee, name=spec.by).first() if spec.by else None
    introduced_on = spec.listed if spec.stage == Stage.INTRODUCED else spec.listed - timedelta(days=21)
    c = introduce(
        actor=None,
        organization=cell,
        person=_person(spec, rng, _PROVINCE[committee.name]),
        introduced_on=introduced_on,
        kind=IntroducerKind.MASS_ORGANIZATION if by else IntroducerKind.CELL,
        mass_organization=by,
        groups=spec.groups,
        document_number=f"{rng.randint(10, 99)}-GT/{'ĐTN' if spec.by == 'Đoàn TNCS Hồ Chí Minh' else 'MT'}",
        confirm_distinct=True,
        is_demo=True,
    )
    target = _WALK_TO.get(spec.stage, spec.stage)
    tt = _timetable(spec, course_map, clock)
    if target != Stage.INTRODUCED:
        walk(c, target, tt, ctx=ctx)
    if spec.special and spec.special not in course_map and spec.special != "late_ceremony":
        _special(c, spec, tt, ctx, clock)
    return c


def _mentor_reports(clock: DemoClock) -> int:
    """Quarterly reports up to two quarters back for every mentor, and the last quarter
    for every other one, so that some reports show as overdue."""
    count = 0
    reported = quarter_end(*clock.quarter_back(REPORTED_QUARTERS_BACK))
    for i, mentor in enumerate(Mentor.objects.filter(candidate__is_demo=True).select_related("candidate")):
        last = clock.today if i % 2 else reported
        first = mentor.assigned_on + timedelta(days=30)
        end = min(last, mentor.ended_on or last)
        for year, quarter in quarters_between(first, end):
            mentoring.submit_report(
                mentor,
                actor=None,
                year=year,
                quarter=quarter,
                submitted_on=quarter_end(year, quarter),
                content="Quần chúng tích cực tham gia hoạt động ở địa phương, chấp hành tốt chủ trương, chính sách.",
            )
            count += 1
    return count


def _monthly_reviews(cell: Organization, months: list[date]) -> None:
    for month in months:
        if not cell.sympathizer_reviews.filter(month=month).exists():
            reviews.record_review(cell, actor=None, month=month, reviewed_on=month + timedelta(days=4), decisions=[])


def build_all(clock: DemoClock | None = None) -> int:
    """Create every demo candidate, dated by `clock`; returns how many."""
    clock = clock or DemoClock()
    rng = random.Random(5)
    ctx = Context()
    total = 0
    for name, specs in COMMITTEES.items():
        committee = Organization.objects.get(name=name, is_demo=True)
        course_map = _courses(committee, clock) if name == "Đảng bộ xã Cao Minh" else {}
        ordered = sorted(specs, key=lambda s: FUNNEL.index(s.stage) if s.stage in FUNNEL else 0)
        for spec in ordered:
            build_one(spec, committee, rng, course_map, ctx, clock)
            total += 1
    cao_minh = Organization.objects.get(name="Đảng bộ xã Cao Minh", is_demo=True)
    total += _before_merge(cao_minh, rng, ctx, clock)
    set_deadline(
        cao_minh,
        actor=None,
        title="Gửi hồ sơ về Ban Xây dựng Đảng để thẩm tra lý lịch",
        due_on=clock.on(date(2026, 10, 31)),
    )
    viet_hung = Organization.objects.get(name="Đảng bộ phường Việt Hưng", is_demo=True)
    ceremony = clock.on(date(2026, 12, 19))
    set_deadline(
        viet_hung,
        actor=None,
        title=f"Gửi hồ sơ đề nghị kết nạp đợt {ceremony.day}/{ceremony.month}",
        due_on=clock.on(date(2026, 12, 10)),
    )
    hung_thinh = Organization.objects.get(name="Chi bộ Hưng Thịnh", is_demo=True)
    _monthly_reviews(hung_thinh, [clock.month_back(back) for back in range(10, 0, -1)])
    nam_cap = Organization.objects.get(name="Chi bộ Nặm Cáp", is_demo=True)
    _monthly_reviews(nam_cap, [clock.month_back(back) for back in range(10, 2, -1)])
    _assign_sympathizer_mentors(clock)
    _mentor_reports(clock)
    return total


def _before_merge(cao_minh: Organization, rng: random.Random, ctx: Context, clock: DemoClock) -> int:
    """People admitted in Cao Minh's cells before the 2025 merge, at their fixed dates
    (recorded now, each event at the path its cell held that day: under the old commune).
    Official once a year of probation and its review have passed by the anchor day,
    else still probationary."""
    for written in CAO_MINH_BEFORE_MERGE:
        ceremony = written.dates["ceremony"]
        spec = written
        if add_months(ceremony, 12) + timedelta(days=60) > clock.today:
            spec = dataclasses.replace(written, stage=Stage.PROBATIONARY)
        build_one(spec, cao_minh, rng, {}, ctx, DemoClock())
    return len(CAO_MINH_BEFORE_MERGE)


def _assign_sympathizer_mentors(clock: DemoClock) -> None:
    """Sympathizers of Cao Minh get a mentor with an approved plan (C4)."""
    for c in Candidate.objects.filter(is_demo=True, stage=Stage.SYMPATHIZER, mentors__isnull=True):
        helpers = officials(c, c.stage_since or clock.today, 1)
        if helpers:
            mentoring.assign_mentor(
                c,
                helpers[0],
                actor=None,
                phase=MentorPhase.CANDIDATE,
                assigned_on=c.stage_since or clock.today,
                plan="Theo dõi, giúp đỡ quần chúng học tập, rèn luyện; báo cáo chi bộ hằng quý.",
                plan_approved_on=(c.stage_since or clock.today) + timedelta(days=30),
            )
