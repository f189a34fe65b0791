"""Ask the charter about one candidate: turn the records into the facts each rule
takes, and the answers into verdicts.

Why this module exists: the charter is pure Python and knows nothing of models;
someone has to say "the certificate date is the latest awareness certificate",
"a sponsor's status at the meeting follows their official date", "the Youth Union
exists where the committee has one". That translation lives here, once, and is
used by the transition table, the board's warnings and the candidate page. No
threshold, period or eligibility condition is written here — each comes from a
charter function, and every Reason shown carries the charter's citation.

The functions read related rows through the ordinary managers (`c.sponsors.all()`),
so a caller that prefetched them (the board) pays no extra query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ketnap import charter
from ketnap.charter import Deadline, Reason, Rulebook, Verdict, combine
from ketnap.orgs.enums import MassOrganizationKind, MemberStatus, OrganizationKind
from ketnap.orgs.models import MassOrganization, Member, Organization
from ketnap.pipeline.catalogue import FORMS, FORMS_CITATION, ORDER_CITATION
from ketnap.pipeline.enums import (
    CourseKind,
    GeneralEducation,
    PriorityGroup,
    ResolutionLevel,
    ResolutionPurpose,
    VerificationResult,
)
from ketnap.pipeline.models import Candidate, Certificate, Resolution
from ketnap.pipeline.querysets import ancestor_paths
from ketnap.pipeline.rules import Rules

VERIFY_SELF_CITATION = "06-HD/TW (09/6/2025), mục 3.4a (thẩm tra lý lịch người vào Đảng)"


@dataclass
class Context:
    """What one computation shares: the rules and the organisations' mass organisations."""

    rules: Rules = field(default_factory=Rules)
    _unions: dict[str, set[str]] | None = None
    _kinds: dict[str, str] = field(default_factory=dict)

    def parent_kind(self, org: Organization) -> str | None:
        """Kind of the organisation directly above `org` (cached; see `preload_parents`)."""
        parent_path = org.path[: -Organization.steplen]
        if not parent_path:
            return None
        if parent_path not in self._kinds:
            self.preload_parents([org])
        return self._kinds.get(parent_path)

    def preload_parents(self, orgs: list[Organization]) -> None:
        """Load the kinds of the parents of many organisations in one query."""
        wanted = {o.path[: -Organization.steplen] for o in orgs} - set(self._kinds) - {""}
        if wanted:
            self._kinds.update(Organization.objects.filter(path__in=wanted).values_list("path", "kind"))

    def unions_above(self, path: str) -> set[str]:
        """Kinds of mass organisations (Youth Union, trade union) at or above `path`."""
        if self._unions is None:
            self._unions = {}
            kinds = (MassOrganizationKind.YOUTH_UNION, MassOrganizationKind.TRADE_UNION)
            for committee_path, kind in MassOrganization.objects.filter(kind__in=kinds).values_list(
                "committee__path", "kind"
            ):
                self._unions.setdefault(committee_path, set()).add(kind)
        found: set[str] = set()
        for ancestor in ancestor_paths(path):
            found |= self._unions.get(ancestor, set())
        return found


# ---------------------------------------------------------------- records → facts


def awareness_certificate(c: Candidate) -> Certificate | None:
    """The latest awareness-course certificate (prefetch-friendly)."""
    certs = [x for x in c.certificates.all() if x.kind == CourseKind.AWARENESS]
    return max(certs, key=lambda x: (x.issued_on, x.pk or 0), default=None)


def new_member_certificate(c: Candidate) -> Certificate | None:
    certs = [x for x in c.certificates.all() if x.kind == CourseKind.NEW_MEMBER]
    return max(certs, key=lambda x: (x.issued_on, x.pk or 0), default=None)


def charter_education(level: str) -> tuple[str, bool]:
    """The charter's education code and "literate" flag for a person's general education."""
    if level == GeneralEducation.LITERATE:
        return "none", True
    if level == GeneralEducation.NONE:
        return "none", False
    return level, True


def priority_groups(c: Candidate) -> set[str]:
    return {p.group for p in c.priorities.all()}


def member_status_on(member: Member, day: date) -> str:
    """Official or probationary on `day`, from the registry's dates when known."""
    if member.status == MemberStatus.OFFICIAL and (member.official_date is None or member.official_date <= day):
        return "official"
    return "probationary"


def active_sponsors(c: Candidate, day: date) -> list[Any]:
    return [s for s in c.sponsors.all() if s.assigned_on <= day and (s.ended_on is None or day < s.ended_on)]


def charter_sponsors(c: Candidate, day: date) -> list[charter.Sponsor]:
    out: list[charter.Sponsor] = []
    for s in active_sponsors(c, day):
        if s.kind == "member" and s.member is not None:
            out.append(
                charter.Sponsor(
                    "member",
                    status=member_status_on(s.member, day),  # type: ignore[arg-type]
                    together_since=s.together_since,
                    replacement=s.replacement,
                    name=s.member.full_name,
                )
            )
        else:
            out.append(charter.Sponsor(s.kind, name=str(s.mass_organization or "")))
    return out


def dossier_conditions(c: Candidate, day: date, parent_kind: str | None = None) -> frozenset[str]:
    """Which conditional forms apply (4-KNĐ for a Youth Union introduction, …)."""
    kinds = {s.kind for s in active_sponsors(c, day)}
    found = set()
    if "youth_union_committee" in kinds:
        found.add("youth_union")
    if "trade_union_committee" in kinds:
        found.add("trade_union")
    if parent_kind == OrganizationKind.SUB_COMMITTEE:
        found.add("sub_committee")
    return frozenset(found)


def items_at_hand(c: Candidate) -> set[str]:
    return {i.code for d in c.dossiers.all() for i in d.items.all() if i.is_at_hand}


def latest_resolution(c: Candidate, purpose: str, *, passed: bool | None = True) -> Resolution | None:
    rows = [
        r
        for r in c.resolutions.all()
        if r.level == ResolutionLevel.CELL and r.purpose == purpose and (passed is None or r.passed == passed)
    ]
    return max(rows, key=lambda r: (r.adopted_on, r.pk or 0), default=None)


def failed_rounds(c: Candidate, purpose: str) -> int:
    return sum(
        1 for r in c.resolutions.all() if r.level == ResolutionLevel.CELL and r.purpose == purpose and not r.passed
    )


# ---------------------------------------------------------------- verdicts


def verdict(status: str, rule: str, message: str, citation: str) -> Verdict:
    return Verdict(status, (Reason(rule, message, citation),))  # type: ignore[arg-type]


def certificate_verdict(c: Candidate, on: date, ctx: Context, issued_on: date | None = None) -> Verdict:
    """The awareness certificate valid on `on`; a certificate or a day before the first
    rulebook is a historical fact: marked, its validity checked with the first rulebook."""
    cert = awareness_certificate(c)
    day = issued_on if issued_on is not None else (cert.issued_on if cert else None)
    if charter.is_historical(on):
        book, mark = charter.historical_rulebook(on, dict(ctx.rules.overrides))
    else:
        book, mark = ctx.rules.book(on), None
    if mark is None and day is not None and charter.is_historical(day):
        mark = charter.historical_rulebook(day)[1]
    checked = charter.check_certificate(day, on, book)
    return combine(mark, checked) if mark is not None else checked


def eligibility(c: Candidate, meeting: date, ctx: Context) -> list[Verdict]:
    """Conditions re-checked before the cell considers an admission (Charter Art. 4.3):
    age, education, certificate, introducers, and re-admission / population policy."""
    book = ctx.rules.book(meeting)
    level, literate = charter_education(c.education)
    unions = ctx.unions_above(c.organization.path)
    verdicts = [
        charter.check_age(c.birth_date, meeting, book, month_only=c.birth_month_only),
        charter.check_education(
            level,
            book,
            remote_area=c.remote_area,
            village_elder=PriorityGroup.VILLAGE_ELDER in priority_groups(c),
            literate=literate,
        ),
        certificate_verdict(c, meeting, ctx),
        *sponsor_parts(
            charter_sponsors(c, meeting),
            c.birth_date,
            meeting,
            book,
            youth_union_exists=MassOrganizationKind.YOUTH_UNION in unions,
            trade_union_exists=MassOrganizationKind.TRADE_UNION in unions,
        ),
    ]
    if c.is_readmission and c.previous_exit_date:
        verdicts.append(
            charter.check_readmission(
                c.previous_exit_date,
                meeting,
                book,
                exit_reason=c.previous_exit_reason or "other",  # type: ignore[arg-type]
            )
        )
    if c.population_child_order and c.population_child_birth:
        verdicts.append(
            charter.check_population_policy(c.population_child_order, c.population_child_birth, meeting, book)
        )
    return verdicts


def sponsor_parts(
    sponsors: list[charter.Sponsor],
    birth: date,
    meeting: date,
    book: Rulebook,
    *,
    youth_union_exists: bool,
    trade_union_exists: bool,
) -> list[Verdict]:
    """The charter's verdict on the introducers, one part per reason with its own status.

    `check_sponsors` answers for the whole set; to mark which line failed, the same
    function is asked again about each piece with the others made unobjectionable:
    the composition with every member long-standing and official, each member
    paired with such a member (where two members are the rule). Every status and
    message is still the charter's.
    """
    whole = charter.check_sponsors(
        sponsors, birth, meeting, book, youth_union_exists=youth_union_exists, trade_union_exists=trade_union_exists
    )
    if whole.status == "pass" or not whole.reasons:
        return [whole]
    settled = charter.Sponsor("member", status="official", together_since=date.min)
    ideal = [settled if s.kind == "member" else s for s in sponsors]
    composition = charter.check_sponsors(
        ideal, birth, meeting, book, youth_union_exists=youth_union_exists, trade_union_exists=trade_union_exists
    )
    parts = [Verdict(composition.status, whole.reasons[:1])]
    members = [s for s in sponsors if s.kind == "member"]
    for sponsor, reason in zip(members, whole.reasons[1:], strict=False):
        alone = charter.check_sponsors(
            [sponsor, settled], birth, meeting, book, youth_union_exists=False, trade_union_exists=False
        )
        parts.append(Verdict(alone.status, (reason,)))
    return parts


def verification_verdict(c: Candidate) -> Verdict:
    """Every person the charter names must have been verified, with a result (one verdict)."""
    return combine(verification_parts(c))


def verification_parts(c: Candidate) -> list[Verdict]:
    """The same, one verdict per person, so that the page marks the one still pending."""
    rows = list(c.verifications.all())
    verdicts: list[Verdict] = []
    own = [r for r in rows if r.relation == "self"]
    if not own or own[-1].result == VerificationResult.PENDING:
        verdicts.append(
            verdict(
                "fail",
                "verification.self",
                "Chưa có kết quả thẩm tra lý lịch của người vào Đảng.",
                VERIFY_SELF_CITATION,
            )
        )
    elif own[-1].result == VerificationResult.CONCERN:
        verdicts.append(
            verdict(
                "needs_approval",
                "verification.concern",
                "Kết quả thẩm tra lý lịch của người vào Đảng có vấn đề: chi ủy phải kết luận trước khi chi bộ xét.",
                VERIFY_SELF_CITATION,
            )
        )
    else:
        verdicts.append(
            verdict("pass", "verification.self", "Đã thẩm tra lý lịch người vào Đảng.", VERIFY_SELF_CITATION)
        )
    relatives = [r for r in rows if r.relation != "self"]
    facts = [
        charter.Relative(r.relation, is_member=r.is_member, declared=r.declared, adult=r.adult, name=r.full_name)  # type: ignore[arg-type]
        for r in relatives
    ]
    for row, fact, reason in zip(relatives, facts, charter.verification_reasons(facts), strict=True):
        if not charter.relatives_to_verify([fact]):
            verdicts.append(Verdict("pass", (reason,)))
        elif row.result == VerificationResult.PENDING:
            verdicts.append(
                verdict("fail", "verification.pending", f"{reason.message} Chưa có kết quả.", reason.citation)
            )
        elif row.result == VerificationResult.CONCERN:
            verdicts.append(
                verdict(
                    "needs_approval",
                    "verification.concern",
                    f"{reason.message} Kết quả có vấn đề: chi ủy phải kết luận.",
                    reason.citation,
                )
            )
        else:
            verdicts.append(verdict("pass", "verification.done", f"{reason.message} Đã có kết quả.", reason.citation))
    return verdicts


def documents_verdict(c: Candidate, target: str, day: date, parent_kind: str | None) -> Verdict:
    """The papers that must be at hand before entering `target` (see catalogue)."""
    conditions = dossier_conditions(c, day, parent_kind)
    needed = [
        f
        for f in FORMS
        if f.needed_for == target and f.produced_by is None and (f.condition is None or f.condition in conditions)
    ]
    if not needed:
        return Verdict("pass")
    have = items_at_hand(c)
    missing = [f for f in needed if f.code not in have]
    if missing:
        listed = "; ".join(f"{f.code} ({f.title})" for f in missing)
        return verdict("fail", "dossier.missing", f"Hồ sơ còn thiếu: {listed}.", f"{FORMS_CITATION}; {ORDER_CITATION}")
    dated_after = [
        charter.check_document_date(
            item.received_on, day, document=f"{item.code} ({item.title})", act="ngày thực hiện", citation=ORDER_CITATION
        )
        for d in c.dossiers.all()
        for item in d.items.all()
        if item.is_at_hand
        and item.received_on is not None
        and item.received_on > day
        and item.code in {f.code for f in needed}
    ]
    if dated_after:
        return combine(dated_after)
    listed = ", ".join(f.code for f in needed)
    return verdict("pass", "dossier.complete", f"Đã có đủ tài liệu: {listed}.", FORMS_CITATION)


def within(deadline: Deadline, day: date, what: str, *, late: str = "needs_approval") -> Verdict:
    """Whether `day` respects a charter deadline; a late act is flagged, not hidden."""
    cite = deadline.reasons[0].citation if deadline.reasons else deadline.rulebook_id
    if day <= deadline.date:
        return verdict(
            "pass",
            "deadline.within",
            f"{what} ngày {day:%d/%m/%Y}, trong thời hạn (hạn cuối {deadline.date:%d/%m/%Y}).",
            cite,
        )
    extra = ""
    if deadline.extended_date is not None:
        extra = f" Trường hợp đặc biệt được gia hạn đến {deadline.extended_date:%d/%m/%Y}" + (
            "." if day <= deadline.extended_date else ", nhưng cũng đã quá hạn gia hạn."
        )
    return Verdict(
        late,  # type: ignore[arg-type]
        (
            Reason("deadline.late", f"{what} ngày {day:%d/%m/%Y}, quá hạn cuối {deadline.date:%d/%m/%Y}.{extra}", cite),
            *deadline.reasons,
        ),
    )


def vote_verdict(facts: dict[str, Any], on: date, ctx: Context, purpose: str, previous_failed: int = 0) -> Verdict:
    """The cell's vote from the attendance arithmetic (skipped when not given: preview)."""
    if "in_favour" not in facts:
        return Verdict("pass")
    outcome = charter.check_cell_vote(
        int(facts["eligible"]),
        int(facts["in_favour"]),
        ctx.rules.book(on),
        excused=int(facts.get("excused", 0)),
        purpose="confirmation" if purpose != ResolutionPurpose.ADMISSION else "admission",
        previous_failed_rounds=previous_failed,
    )
    return outcome.verdict
