"""Pages of the organisation tree. Every object is fetched through visible_to():
another subtree's organisation is a 404, a page the role may not use a 403."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ketnap.documents.variants import can_adapt
from ketnap.orgs import permissions, selectors, services
from ketnap.orgs.forms import MemberCountForm, MemberForm, SearchForm
from ketnap.orgs.models import Member, Organization


def _org(request: HttpRequest, pk: int) -> Organization:
    return get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)


def _as_of(request: HttpRequest) -> date:
    """The day the page is about: ?on=YYYY-MM-DD, else today (the clock is read here)."""
    raw = request.GET.get("on", "")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return timezone.localdate()


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    on = _as_of(request)
    rows = selectors.tree_rows(selectors.roots_on(request.user, on), on)
    return render(request, "orgs/tree.html", {"rows": rows, "on": on, "form": SearchForm()})


@login_required
def tree_children(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    on = _as_of(request)
    rows = selectors.tree_rows(selectors.children(org, request.user, on), on)
    return render(request, "orgs/_tree_rows.html", {"rows": rows, "on": on})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.data.get("q", "") if form.is_valid() else ""
    on = _as_of(request)
    results = selectors.tree_rows(selectors.search(request.user, query), on) if query else []
    template = "orgs/_search_results.html" if request.htmx else "orgs/search.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "query": query, "results": results, "on": on})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    on = _as_of(request)
    user = request.user
    predecessors = list(org.inheritances.select_related("predecessor"))
    successors = list(org.successions.select_related("successor"))
    related = {s.predecessor_id for s in predecessors} | {s.successor_id for s in successors} | {org.successor_id}
    context = {
        "org": org,
        "on": on,
        "today": timezone.localdate(),
        "predecessors": predecessors,
        "successors": successors,
        "linkable": set(
            Organization.objects.visible_to(user).filter(pk__in=related - {None}).values_list("pk", flat=True)
        ),
        "own": selectors.tree_rows([org], on)[0],
        "children": selectors.tree_rows(selectors.children(org, user, on), on),
        "breadcrumb": selectors.ancestors(org, user),
        "counts": selectors.member_counts(org)[:12],
        "mass_organizations": org.mass_organizations.all(),
        "moves": org.moves.all()[:10],
        "can_manage": permissions.can_manage_tree(user, org),
        "can_record": permissions.can_record_members(user, org),
        "can_adapt_templates": can_adapt(user, org),
    }
    return render(request, "orgs/detail.html", context)


@login_required
def add_member_count(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    if not permissions.can_record_members(request.user, org):
        raise PermissionDenied("Bạn không có quyền cập nhật số lượng đảng viên.")
    form = MemberCountForm(request.POST or None, initial={"counted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.record_member_count(
            org,
            actor=request.user,
            on=form.cleaned_data["counted_on"],
            official=form.cleaned_data["official"],
            probationary=form.cleaned_data["probationary"],
        )
        messages.success(request, "Đã ghi số lượng đảng viên.")
        return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": "Cập nhật số lượng đảng viên"})


@login_required
def members(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    qs = selectors.members_of(org, request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    under = Organization.objects.filter(path__startswith=org.path, valid_until__isnull=True)
    context = {
        "org": org,
        "page": page,
        "can_record": permissions.can_record_members(request.user, org),
        "can_mark": permissions.can_manage_tree(request.user, org),
        "registry": {"complete": under.filter(registry_complete=True).count(), "total": under.count()},
    }
    return render(request, "orgs/members.html", context)


@login_required
@require_POST
def mark_registry(request: HttpRequest, pk: int) -> HttpResponse:
    """The board marks the member list of an organisation (and of all under it) complete,
    so that its headcount is counted from the list; or takes the mark off."""
    org = _org(request, pk)
    if not permissions.can_manage_tree(request.user, org):
        raise PermissionDenied("Chỉ Ban Tổ chức (Ban Xây dựng Đảng) đánh dấu được danh sách đảng viên đầy đủ.")
    complete = request.POST.get("complete") == "1"
    changed = services.mark_registry(org, actor=request.user, complete=complete)
    if complete:
        messages.success(
            request,
            f"Đã đánh dấu danh sách đảng viên đầy đủ ({changed} tổ chức): từ nay số đảng viên của {org.name} "
            "tính từ danh sách — kết nạp, công nhận chính thức, chuyển đi, xóa tên.",
        )
    else:
        messages.success(request, f"Đã bỏ đánh dấu ({changed} tổ chức): số đảng viên lấy lại theo số liệu đã nhập.")
    return redirect("orgs:members", pk=org.pk)


@login_required
def add_member(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    if not permissions.can_record_members(request.user, org):
        raise PermissionDenied("Bạn không có quyền thêm đảng viên.")
    form = MemberForm(request.POST or None, instance=Member(organization=org))
    if request.method == "POST" and form.is_valid():
        services.save_member(form.instance, actor=request.user)
        messages.success(request, "Đã thêm đảng viên.")
        return redirect("orgs:members", pk=org.pk)
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": "Thêm đảng viên"})
