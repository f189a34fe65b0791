"""The pipeline board of an organisation: a column per stage, a card per person with
the days spent in the stage and what is wrong or late.

Why the warnings come from the charter: a card saying "chưa đủ 12 tháng cùng công
tác" must be the very reason the cell's vote would be refused, so the board asks
`assess()` (the same check `advance()` runs) for the people waiting for the vote,
and `candidate_dues()` for the time limits. Prefetching keeps the query count
constant whatever the number of cards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from ketnap.orgs.enums import CELL_KINDS
from ketnap.orgs.models import Organization
from ketnap.pipeline.checks import Context, latest_resolution
from ketnap.pipeline.enums import EXITS, FUNNEL, ResolutionPurpose, Stage
from ketnap.pipeline.filters import BoardFilter
from ketnap.pipeline.models import Candidate, Mentor, Sponsor
from ketnap.pipeline.selectors.agenda import SOON_DAYS
from ketnap.pipeline.selectors.dues import candidate_dues
from ketnap.pipeline.services.advance import assess

#: Cards fetched at most (longest waiting first); the column counts stay exact.
MAX_CARDS = 600
#: The next move whose charter check is previewed on the card, by stage.
_PREVIEW: dict[str, str] = {Stage.DOSSIER: Stage.VERIFICATION, Stage.VERIFICATION: Stage.CELL_RESOLUTION}


@dataclass
class Card:
    candidate: Candidate
    days: int | None
    warnings: list[str] = field(default_factory=list)
    level: str = ""


@dataclass
class Column:
    stage: str
    label: str
    count: int
    cards: list[Card] = field(default_factory=list)


@dataclass
class Board:
    organization: Organization
    on: date
    columns: list[Column]
    exits: Column
    truncated: bool
    cells: list[Organization]


def board_queryset(user: Any, org: Organization, *, cell: int | None, group: str | None, year: int | None) -> QuerySet:
    """The board's people: the subtree's visible candidates, narrowed by the board's
    FilterSet (the same one the page reads its GET parameters with)."""
    qs = Candidate.objects.visible_to(user).filter(organization__path__startswith=org.path)
    chosen = {k: v for k, v in {"cell": cell, "group": group, "year": year}.items() if v}
    return BoardFilter(data=chosen, queryset=qs).qs if chosen else qs


def _with_relations(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "organization", "introduction__mass_organization", "admission_decision", "ceremony"
    ).prefetch_related(
        "priorities",
        "certificates",
        "resolutions",
        "verifications",
        "dossiers__items",
        Prefetch("sponsors", queryset=Sponsor.objects.select_related("member", "mass_organization")),
        Prefetch("mentors", queryset=Mentor.objects.select_related("member").prefetch_related("reports")),
    )


def card_for(c: Candidate, on: date, ctx: Context) -> Card:
    """A card: days in stage, late or near deadlines, and the charter's objections to the next step."""
    card = Card(c, c.days_in_stage(on))
    for due in candidate_dues(c, ctx.rules, on):
        status = due.status(on, SOON_DAYS)
        if status == "overdue":
            card.warnings.append(f"Quá hạn {due.due:%d/%m/%Y}: {due.label}")
            card.level = "danger"
        elif status == "due" and (due.shown_from is None or on >= due.shown_from):
            card.warnings.append(f"Hạn {due.due:%d/%m/%Y}: {due.label}")
            card.level = card.level or "warning"
    failed = latest_resolution(c, ResolutionPurpose.ADMISSION, passed=False)
    if c.stage == Stage.VERIFICATION and failed is not None:
        card.warnings.append(
            f"Chi bộ biểu quyết ngày {failed.adopted_on:%d/%m/%Y}: {failed.in_favour}/{failed.denominator}, "
            f"chưa đạt {failed.required} phiếu"
        )
        card.level = "danger"
    target = _PREVIEW.get(c.stage)
    if target is not None:
        assessment = assess(c, target, on=on, ctx=ctx)
        for part in assessment.parts:
            if part.status != "pass" and part.reasons:
                card.warnings.append(part.reasons[0].message)
                card.level = "danger" if part.status == "fail" else (card.level or "warning")
    return card


def board(
    user: Any,
    org: Organization,
    on: date,
    *,
    cell: int | None = None,
    group: str | None = None,
    year: int | None = None,
    ctx: Context | None = None,
) -> Board:
    ctx = ctx or Context()
    base = board_queryset(user, org, cell=cell, group=group, year=year)
    counts = dict(base.order_by().values_list("stage").annotate(n=Count("id")))
    rows = list(_with_relations(base).order_by("stage_since", "sort_name", "id")[: MAX_CARDS + 1])
    truncated = len(rows) > MAX_CARDS
    rows = rows[:MAX_CARDS]
    ctx.preload_parents([c.organization for c in rows])
    columns = {stage: Column(stage, Stage(stage).label, counts.get(stage, 0)) for stage in FUNNEL}
    exits = Column("exits", "Đã ra khỏi danh sách", sum(counts.get(s, 0) for s in EXITS))
    for c in rows:
        target = columns.get(c.stage, exits)
        target.cards.append(card_for(c, on, ctx) if c.stage in columns else Card(c, c.days_in_stage(on)))
    cells = list(
        Organization.objects.visible_to(user).filter(path__startswith=org.path, kind__in=CELL_KINDS).order_by("path")
    )
    return Board(org, on, list(columns.values()), exits, truncated, cells)
