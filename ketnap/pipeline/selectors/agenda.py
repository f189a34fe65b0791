"""The agenda (C11): for one user and one day, what is due and overdue in their scope.

    agenda(user, on) -> list[AgendaItem]      sorted: overdue first, then by due date
    badge_count(user, on) -> int              overdue + due within SOON_DAYS (the nav badge)

Why computed and not stored: a deadline depends on the rulebook in force and the
working-day calendar (administrator overrides included), both of which may change;
computing on demand for the chosen day `on` gives the same answer in December for
31/3 as on 1/4 (time is a parameter). The query count is constant: one query for
the candidates, one per prefetched relation, one for the deadlines, one for the
reviews, two for the overrides — whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache as cache_function
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.module_loading import import_string

from ketnap.orgs.enums import Role
from ketnap.orgs.models import Organization
from ketnap.orgs.permissions import all_roles
from ketnap.pipeline import permissions
from ketnap.pipeline.enums import POOL, SYMPATHIZER_LIST, CourseKind, DossierPurpose, ResolutionLevel, Stage
from ketnap.pipeline.models import (
    Candidate,
    Certificate,
    Dossier,
    DossierDeadline,
    DossierItem,
    Mentor,
    Resolution,
    SympathizerReview,
)
from ketnap.pipeline.rules import Rules
from ketnap.pipeline.selectors.dues import KIND_LABELS, Due, candidate_dues
from ketnap.pipeline.steps import step_for_due

SOON_DAYS = 14
#: Above this many candidates in the procedure, a whole-scope agenda is a list nobody
#: reads (a province has tens of thousands): the page asks for an organisation first and
#: the navigation shows no badge.
LARGE_SCOPE = 2000
BADGE_SECONDS = 60
HORIZON_DAYS = 60
#: Dossier deadlines stay on the agenda this long after they pass, for the late ones.
DEADLINE_MEMORY_DAYS = 180
_FOLLOWED = (*POOL, Stage.ADMITTED, Stage.PROBATIONARY)
_STATUS_ORDER = {"overdue": 0, "due": 1, "upcoming": 2}
#: Other apps' due items, each `f(user, on, within) -> list[AgendaItem]` (dotted paths,
#: so the pipeline does not import them): late periodic reports.
PROVIDERS = ("ketnap.monitoring.agenda.report_items",)


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda."""

    kind: str
    label: str
    due: date
    status: str
    organization: Organization
    url: str
    candidate: Candidate | None = None
    citation: str = ""
    #: The step of the procedure that settles the item (`steps.step_for_due`), when this user may record it.
    step_label: str = ""
    step_url: str = ""

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def followed_candidates(user: Any, within: Organization | None = None) -> Iterable[Candidate]:
    """Candidates still in the procedure, with exactly what `candidate_dues` reads
    prefetched (awareness certificates, passed cell resolutions, the member-biography
    paper, active mentors and their reports) — no more, so a large commune stays fast."""
    papers = Dossier.objects.filter(purpose=DossierPurpose.CONFIRMATION).prefetch_related(
        Prefetch("items", queryset=DossierItem.objects.filter(code="LLĐV"))
    )
    candidates = Candidate.objects.visible_to(user)
    if within is not None:
        candidates = candidates.filter(organization__path__startswith=within.path)
    return (
        candidates.filter(stage__in=_FOLLOWED)
        .select_related("organization", "admission_decision", "ceremony")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.filter(kind=CourseKind.AWARENESS)),
            Prefetch("resolutions", queryset=Resolution.objects.filter(level=ResolutionLevel.CELL, passed=True)),
            Prefetch("dossiers", queryset=papers),
            Prefetch(
                "mentors",
                queryset=Mentor.objects.filter(ended_on__isnull=True)
                .select_related("member")
                .prefetch_related("reports"),
            ),
        )
        .order_by("sort_name", "id")
    )


@cache_function
def _detail_template() -> str:
    return reverse("pipeline:detail", args=[999999999])


def _detail_url(pk: int) -> str:
    """The candidate page's URL without calling `reverse` for each of hundreds of rows."""
    return _detail_template().replace("999999999", str(pk))


def _kinds_for(user: Any) -> set[str] | None:
    """A user who only runs courses cares about certificates; everyone else about everything."""
    if getattr(user, "is_superuser", False):
        return None
    roles = all_roles(user)
    if roles and roles <= {Role.POLITICAL_CENTRE}:
        return {"certificate_expiry"}
    return None


def _item(due: Due, on: date, org: Organization, url: str, candidate: Candidate | None = None) -> AgendaItem:
    return AgendaItem(due.kind, due.label, due.due, due.status(on, SOON_DAYS), org, url, candidate, due.citation)


def _with_step(item: AgendaItem, user: Any, c: Candidate) -> AgendaItem:
    """Link the item to the step that settles it (read from the step table)."""
    step = step_for_due(item.kind)
    if step is None or c.stage not in step.sources or not step.allowed_for(user, c):
        return item
    return replace(item, step_label=step.label, step_url=_detail_url(c.pk) + f"steps/{step.name}/")


def _review_items(user: Any, cells: dict[int, Organization], on: date) -> list[AgendaItem]:
    """Cells whose list this month (or last month) has not been reviewed."""
    manageable = {pk: cell for pk, cell in cells.items() if permissions.can_manage(user, cell)}
    if not manageable:
        return []
    this_month = on.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    done = set(
        SympathizerReview.objects.filter(
            organization_id__in=manageable, month__in=[this_month, last_month]
        ).values_list("organization_id", "month")
    )
    items: list[AgendaItem] = []
    for pk, cell in manageable.items():
        url = reverse("pipeline:sympathizers", args=[pk])
        for month, month_end in ((last_month, this_month - timedelta(days=1)), (this_month, _month_end(this_month))):
            if (pk, month) in done:
                continue
            due = Due("sympathizer_review", f"Xét danh sách cảm tình đảng tháng {month:%m/%Y}", month_end,
                      "Kế hoạch 000, mục II.2: định kỳ hằng tháng xét danh sách cảm tình đảng")  # fmt: skip
            items.append(_item(due, on, cell, url))
    return items


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _deadline_items(user: Any, candidates: list[Candidate], on: date) -> list[AgendaItem]:
    """Dossiers still being prepared when the board's send-up date is near or past."""
    preparing = [c for c in candidates if c.stage == Stage.DOSSIER]
    if not preparing:
        return []
    deadlines = (
        DossierDeadline.objects.visible_to(user)
        .filter(due_on__range=(on - timedelta(days=DEADLINE_MEMORY_DAYS), on + timedelta(days=HORIZON_DAYS)))
        .select_related("organization")
    )
    items: list[AgendaItem] = []
    for deadline in deadlines:
        for c in preparing:
            if (
                c.organization.path.startswith(deadline.organization.path)
                and c.stage_since
                and c.stage_since <= deadline.due_on
            ):
                due = Due("dossier_deadline", deadline.title, deadline.due_on, f"Hạn do {deadline.organization} đặt")
                items.append(_item(due, on, c.organization, _detail_url(c.pk), c))
    return items


def agenda(user: Any, on: date, *, rules: Rules | None = None, within: Organization | None = None) -> list[AgendaItem]:
    """Everything due up to `on` + HORIZON_DAYS, overdue included, for the user's scope
    (or only the part of it under `within`, so a province user looking at one commune
    does not pay for the whole province)."""
    if not user.is_authenticated or not (permissions.sees_any_pipeline(user) or permissions.runs_any_courses(user)):
        return []
    rules = rules or Rules()
    horizon = on + timedelta(days=HORIZON_DAYS)
    kinds = _kinds_for(user)
    candidates = list(followed_candidates(user, within))
    items: list[AgendaItem] = []
    cells: dict[int, Organization] = {}
    # A role that may not open the candidate's page (the political centre) is sent to a
    # page it may open, its list of certificates, never to a 403 (issue 16, point 4).
    page_allowed: dict[int, bool] = {}
    for c in candidates:
        if c.stage in (*SYMPATHIZER_LIST, Stage.INTRODUCED):
            cells[c.organization_id] = c.organization
        if c.organization_id not in page_allowed:
            page_allowed[c.organization_id] = permissions.can_see_page(user, c.organization)
        url = _detail_url(c.pk) if page_allowed[c.organization_id] else reverse("pipeline:certified")
        for due in candidate_dues(c, rules, on):
            # An item with its own warning period shows from then on; others within the horizon.
            if (on < due.shown_from) if due.shown_from is not None else (due.due > horizon):
                continue
            items.append(_with_step(_item(due, on, c.organization, url, c), user, c))
    if kinds is None:
        items += _review_items(user, cells, on)
        items += _deadline_items(user, candidates, on)
        for provider in PROVIDERS:
            items += import_string(provider)(user, on, within)
    else:
        items = [i for i in items if i.kind in kinds]
    items.sort(key=lambda i: (_STATUS_ORDER[i.status], i.due, i.label))
    return items


def followed_count(user: Any, within: Organization | None = None) -> int:
    """How many candidates the agenda would walk through (one COUNT query)."""
    candidates = Candidate.objects.visible_to(user).filter(stage__in=_FOLLOWED)
    if within is not None:
        candidates = candidates.filter(organization__path__startswith=within.path)
    return candidates.count()


def is_large_scope(user: Any, within: Organization | None = None) -> bool:
    return followed_count(user, within) > LARGE_SCOPE


def badge_count(user: Any, on: date) -> int:
    """Overdue and due-soon items: the number in the navigation badge (none for a scope
    too large to be one person's to-do list)."""
    if is_large_scope(user):
        return 0
    return sum(1 for item in agenda(user, on) if item.status != "upcoming")


def cached_badge_count(user: Any, on: date) -> int:
    """The badge for every page: the agenda computed at most once a minute per user and
    day (a commune of hundreds of candidates would otherwise pay it on each click)."""
    key = f"pipeline:badge:{user.pk}:{on.isoformat()}"
    count = cache.get(key)
    if count is None:
        count = badge_count(user, on)
        cache.set(key, count, BADGE_SECONDS)
    return int(count)


def in_subtree(items: Iterable[AgendaItem], org: Organization) -> list[AgendaItem]:
    return [i for i in items if i.organization.path.startswith(org.path)]


__all__ = [
    "HORIZON_DAYS",
    "LARGE_SCOPE",
    "SOON_DAYS",
    "AgendaItem",
    "agenda",
    "badge_count",
    "cached_badge_count",
    "followed_candidates",
    "followed_count",
    "in_subtree",
    "is_large_scope",
]
