"""The board of an organisation, the list/search of people and the agenda."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ketnap.core.filtering import leniently
from ketnap.orgs import selectors as orgs_selectors
from ketnap.orgs.selectors import visible_roots
from ketnap.pipeline import permissions
from ketnap.pipeline.enums import FUNNEL, PriorityGroup, Stage
from ketnap.pipeline.filters import BoardFilter, CandidateFilter
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.selectors import board as board_selectors
from ketnap.pipeline.selectors import lists
from ketnap.pipeline.selectors.agenda import HORIZON_DAYS, SOON_DAYS, is_large_scope
from ketnap.pipeline.selectors.agenda import agenda as agenda_items
from ketnap.pipeline.views.common import as_of, org_or_404, require


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Land on the board of the user's top organisation (or the courses, for the centre)."""
    user = request.user
    if not permissions.sees_any_pipeline(user):
        require(permissions.runs_any_courses(user), "Bạn không có quyền xem danh sách quần chúng.")
        return redirect("pipeline:courses")
    root = visible_roots(user).first()
    if root is None:
        return render(request, "pipeline/empty.html")
    return redirect("pipeline:board", pk=root.pk)


def board_filters(request: HttpRequest) -> tuple[int | None, str | None, int | None]:
    """The board's GET parameters read by its FilterSet (an unreadable value is ignored)."""
    _, chosen = leniently(BoardFilter, request.GET, Candidate.objects.none())
    cell, year = chosen.get("cell"), chosen.get("year")
    return (int(cell) if cell else None), chosen.get("group"), (int(year) if year else None)


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    require(permissions.can_see_page(request.user, org), "Bạn không có quyền xem danh sách quần chúng.")
    on = as_of(request)
    cell, group, year = board_filters(request)
    data = board_selectors.board(request.user, org, on, cell=cell, group=group, year=year)
    context = {
        "board": data,
        "org": org,
        "on": on,
        "cell": cell,
        "group": group,
        "year": year,
        "groups": PriorityGroup.choices,
        "years": list(range(on.year - 5, on.year + 1))[::-1],
        "can_introduce": permissions.can_introduce(request.user, org),
        "can_manage": permissions.can_manage(request.user, org),
        "full": permissions.can_read(request.user, org),
    }
    return render(request, "pipeline/board.html", context)


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """Search by name (diacritics ignored) and stage, read by the API's own FilterSet; a
    mass-org officer sees those introduced."""
    require(permissions.sees_any_pipeline(request.user), "Bạn không có quyền xem danh sách quần chúng.")
    people, chosen = leniently(CandidateFilter, request.GET, lists.search(request.user, ""))
    query, stage = request.GET.get("q", ""), (chosen.get("stage") or [""])[0]
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    stages = [(s, Stage(s).label) for s in FUNNEL] + [(s, Stage(s).label) for s in Stage.values if s not in FUNNEL]
    context = {"page": page, "q": query, "stage": stage, "stages": stages, "on": as_of(request)}
    return render(request, "pipeline/people.html", context)


@login_required
def agenda(request: HttpRequest) -> HttpResponse:
    require(
        permissions.sees_any_pipeline(request.user) or permissions.runs_any_courses(request.user),
        "Bạn không có quyền xem việc cần làm.",
    )
    on = as_of(request)
    raw_org = request.GET.get("org", "")
    within = org_or_404(request, int(raw_org)) if raw_org.isdigit() else None
    if is_large_scope(request.user, within):
        # A province's agenda is tens of thousands of lines: choose a part of it first
        # (a single large cell has no parts and is listed whole).
        bases = [within] if within else list(visible_roots(request.user))
        parts = [child for base in bases for child in orgs_selectors.children(base, request.user)]
        if parts:
            context = {"on": on, "within": within, "parts": parts, "total": 0, "groups": []}
            return render(request, "pipeline/agenda.html", context)
    items = agenda_items(request.user, on, within=within)
    groups = [
        ("overdue", "Quá hạn", [i for i in items if i.status == "overdue"]),
        ("due", f"Đến hạn trong {SOON_DAYS} ngày", [i for i in items if i.status == "due"]),
        ("upcoming", f"Sắp tới (trong {HORIZON_DAYS} ngày)", [i for i in items if i.status == "upcoming"]),
    ]
    return render(request, "pipeline/agenda.html", {"groups": groups, "on": on, "total": len(items), "within": within})
