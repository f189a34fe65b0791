"""Inspection findings (M7): one candidate per kind of violation, recorded the way an
import or a later correction would leave them, and one clean candidate. Each finding
carries the charter's reason and citation, and none is raised when the approving
document was recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ketnap.monitoring.periods import whole_year
from ketnap.monitoring.selectors.inspection import KINDS, findings
from ketnap.orgs.enums import MemberStatus, Role
from ketnap.orgs.models import Member, Organization
from ketnap.pipeline.enums import CourseKind, ResolutionLevel, ResolutionPurpose, Stage
from ketnap.pipeline.models import (
    AdmissionDecision,
    Candidate,
    Ceremony,
    Certificate,
    Confirmation,
    ConfirmationOutcome,
    Resolution,
    Sponsor,
)
from tests.monitoring import builders as b
from tests.orgs.helpers import make_user

pytestmark = pytest.mark.django_db
YEAR = whole_year(2026)


def _member(
    cell: Organization, status: str = MemberStatus.OFFICIAL, official: date | None = date(2010, 1, 1)
) -> Member:
    return Member.objects.create(organization=cell, full_name="Hoàng Văn Giới", status=status, official_date=official)


#: Each case differs from a clean admission (voted 02/03/2026, 8 of 9 for, certificate of
#: 01/06/2025, two official introducers of long standing, decided 20/03) only as said.
CASES: dict[str, dict[str, Any]] = {
    "clean": {"held": date(2026, 4, 1)},
    "ceremony.late": {"signed": date(2026, 3, 5), "held": date(2026, 6, 1)},
    "ceremony.approved": {
        "signed": date(2026, 3, 5),
        "held": date(2026, 6, 1),
        "late_approval": "Công văn 15-CV/ĐU ngày 20/4/2026",
    },
    "sponsor.unqualified": {"meeting": date(2026, 5, 4), "signed": date(2026, 5, 20), "weak_sponsors": True},
    "vote.below_threshold": {"meeting": date(2026, 5, 4), "signed": date(2026, 5, 20), "in_favour": 5},
    "certificate.expired": {"meeting": date(2026, 5, 4), "signed": date(2026, 5, 20), "certificate": date(2020, 1, 1)},
    "decision.late": {"meeting": date(2026, 1, 5), "signed": date(2026, 6, 30)},
}


def _admitted(
    cell: Organization,
    sponsors: list[tuple[Member, date]],
    *,
    meeting: date = date(2026, 3, 2),
    in_favour: int = 8,
    certificate: date = date(2025, 6, 1),
    signed: date = date(2026, 3, 20),
    held: date | None = None,
    late_approval: str = "",
) -> Candidate:
    """Someone voted in at `meeting` (of 9 members), decided on `signed` (received the
    next day), and admitted at a ceremony on `held`."""
    c = b.journey(
        cell, [(Stage.INTRODUCED, date(2025, 1, 5)), (Stage.CELL_RESOLUTION, meeting), (Stage.ADMITTED, signed)]
    )
    Certificate.objects.create(candidate=c, kind=CourseKind.AWARENESS, number="01/GCN", issued_on=certificate)
    for member, since in sponsors:
        Sponsor.objects.create(
            candidate=c, kind="member", member=member, together_since=since, assigned_on=date(2024, 6, 1)
        )
    Resolution.objects.create(
        candidate=c,
        level=ResolutionLevel.CELL,
        purpose=ResolutionPurpose.ADMISSION,
        document_number="05-NQ/CB",
        adopted_on=meeting,
        eligible=9,
        in_favour=in_favour,
        denominator=9,
        required=6,
        passed=True,
    )
    AdmissionDecision.objects.create(
        candidate=c,
        document_number="12-QĐ/ĐU",
        signed_on=signed,
        received_on=date.fromordinal(signed.toordinal() + 1),
        issued_by=Organization.objects.get_parent(cell),
    )
    if held:
        b.move(c, Stage.PROBATIONARY, held)
        Ceremony.objects.create(candidate=c, held_on=held, late_approval=late_approval)
    return c


@pytest.fixture
def w() -> Any:
    w = b.commune(1)
    cell = w.cells[0]
    old, old2 = _member(cell), _member(cell)
    ok = [(old, date(2020, 1, 1)), (old2, date(2020, 1, 1))]
    # A probationary introducer, and an official one who has worked with the applicant since 01/01 only.
    weak = [(_member(cell, MemberStatus.PROBATIONARY, None), date(2020, 1, 1)), (old, date(2026, 1, 1))]
    cases = {}
    for name, changes in CASES.items():
        kwargs = dict(changes)
        cases[name] = _admitted(cell, weak if kwargs.pop("weak_sponsors", False) else ok, **kwargs)
    early = _admitted(
        cell,
        ok,
        meeting=date(2025, 4, 1),
        certificate=date(2024, 6, 1),
        signed=date(2025, 4, 20),
        held=date(2025, 6, 1),
    )
    Resolution.objects.create(
        candidate=early,
        level=ResolutionLevel.CELL,
        purpose=ResolutionPurpose.CONFIRMATION,
        adopted_on=date(2026, 5, 10),
        eligible=10,
        in_favour=10,
        denominator=10,
        required=7,
        passed=True,
    )
    Confirmation.objects.create(
        candidate=early,
        outcome=ConfirmationOutcome.CONFIRMED,
        document_number="30-QĐ/ĐU",
        decided_on=date(2026, 5, 15),
        official_from=date(2026, 5, 15),
        issued_by=w.commune,
    )
    b.move(early, Stage.OFFICIAL, date(2026, 5, 15))
    cases["confirmation.early"] = early
    w.cases = cases
    w.inspector = make_user(f"ubkt-i{w.commune.pk}", w.commune, Role.INSPECTOR)
    return w


def test_each_violation_is_found_once_with_its_rule(w: Any) -> None:
    found = findings(w.inspector, w.commune, YEAR)
    by_rule = {rule: [f.candidate for f in found if f.rule == rule] for rule in KINDS}
    assert by_rule == {rule: [w.cases[rule]] for rule in KINDS}


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("ceremony.late", "quá hạn cuối"),
        ("sponsor.unqualified", "đảng viên dự bị"),
        ("vote.below_threshold", "cần ít nhất 6 phiếu"),
        ("certificate.expired", "hết hạn"),
        ("decision.late", "quá hạn cuối"),
        ("confirmation.early", "trước khi hết thời gian dự bị (01/06/2026)"),
    ],
)
def test_each_finding_says_why_and_cites_the_rule(w: Any, rule: str, words: str) -> None:
    (finding,) = [f for f in findings(w.inspector, w.commune, YEAR) if f.rule == rule]
    text = " ".join(r.message for r in finding.reasons)
    assert words in text, text
    assert all(r.citation for r in finding.reasons)
    assert finding.evidence


def test_findings_respect_the_period_and_the_viewer(w: Any) -> None:
    assert findings(w.inspector, w.commune, whole_year(2025)) == []
    outsider = make_user(f"ubkt-o{w.commune.pk}", b.commune(1).commune, Role.INSPECTOR)
    assert findings(outsider, w.commune, YEAR) == []
