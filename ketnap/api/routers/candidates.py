"""Candidates: the list with filters (stage, organisation, priority group, name without
diacritics) and a candidate's page — details, timeline, and the sensitive fields only
for the roles that see them on the screen (each such read is recorded, as the page does)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from ketnap.api.common import READ_ERRORS, PageParams, day, filtered, page, require, visible_or_404
from ketnap.api.filters import CandidateFilter
from ketnap.api.routers.steps import next_steps
from ketnap.audit.registry import record
from ketnap.orgs.models import Membership
from ketnap.orgs.querysets import path_q
from ketnap.pipeline import permissions
from ketnap.pipeline.checks import Context
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.selectors.timeline import candidate_for_page, timeline

router = Router(tags=["Quần chúng — candidates"])


class CandidateOut(Schema):
    id: int
    full_name: str = Field(description="Họ và tên (giữ nguyên dấu)")
    sex: str = Field(description="male / female")
    birth_year: int = Field(description="Năm sinh")
    organization_id: int = Field(description="Chi bộ theo dõi")
    organization_name: str
    stage: str = Field(description="Giai đoạn hiện tại (mã)")
    stage_label: str = Field(description="Giai đoạn hiện tại (tiếng Việt)")
    stage_since: date | None = Field(description="Ở giai đoạn này từ ngày")


class CandidatePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CandidateOut]


class CandidateListParams(PageParams):
    q: str | None = Field(None, max_length=100, description="Tìm theo tên, không cần dấu")
    stage: list[str] | None = Field(None, description="Một hoặc nhiều giai đoạn")
    organization: int | None = Field(None, description="Chỉ quần chúng trong cây con của tổ chức này")
    group: str | None = Field(None, description="Nhóm ưu tiên (student, village_head…)")
    stage_since_from: date | None = Field(None, description="Vào giai đoạn từ ngày")
    stage_since_to: date | None = Field(None, description="Vào giai đoạn đến ngày")


class TimelineEntry(Schema):
    day: date
    title: str
    detail: str
    kind: str = Field(description="stage (chuyển giai đoạn), act (việc đã làm), due (hạn sắp tới)")
    status: str = Field(description="done, hoặc tình trạng của hạn")


class NextStep(Schema):
    step: str = Field(description="Mã bước (dùng trong POST …/steps/{step})")
    label: str = Field(description="Tên bước (tiếng Việt)")
    facts: dict[str, Any] = Field(
        description="JSON Schema của các dữ kiện bước cần (gửi đúng dạng này tới POST …/steps/{step})"
    )


class CandidateDetail(CandidateOut):
    full: bool = Field(description="Người xem được xem đầy đủ hồ sơ (không chỉ giai đoạn)")
    national_id: str | None = Field(description="Số định danh (chỉ vai trò được xem thông tin nhạy cảm)")
    religion: str | None = Field(description="Tôn giáo (chỉ vai trò được xem thông tin nhạy cảm)")
    introduced_on: date | None
    timeline: list[TimelineEntry]
    next_steps: list[NextStep] = Field(description="Các bước người xem được ghi ở giai đoạn hiện tại")


def _out(c: Candidate) -> dict[str, Any]:
    return {
        "id": c.pk,
        "full_name": c.full_name,
        "sex": c.sex,
        "birth_year": c.birth_date.year,
        "organization_id": c.organization_id,
        "organization_name": c.organization.name,
        "stage": c.stage,
        "stage_label": c.get_stage_display(),
        "stage_since": c.stage_since,
    }


def pipeline_candidates(user: Any) -> QuerySet[Candidate]:
    """Candidates the user sees (`visible_to`) under the organisations where a role of
    theirs opens the pipeline pages (the political centre reaches people through its
    courses only)."""
    qs = Candidate.objects.visible_to(user)
    if getattr(user, "is_superuser", False):
        return qs
    paths = tuple(
        Membership.objects.filter(user_id=user.pk, role__in=permissions.PIPELINE_PAGES).values_list(
            "organization__path", flat=True
        )
    )
    return qs.filter(path_q("organization__path", paths) if paths else Q(pk__in=[]))


@router.get("/candidates", response={200: CandidatePage, **READ_ERRORS}, summary="Danh sách quần chúng")
def list_candidates(request: HttpRequest, params: Query[CandidateListParams]) -> dict[str, Any]:
    require(permissions.sees_any_pipeline(request.user), "Vai trò của bạn không xem danh sách quần chúng.")
    qs = pipeline_candidates(request.user).select_related("organization")
    qs = filtered(CandidateFilter, params, qs).order_by("sort_name", "id")
    return page(qs, params, _out)


@router.get(
    "/candidates/{candidate_id}", response={200: CandidateDetail, **READ_ERRORS}, summary="Hồ sơ một quần chúng"
)
def get_candidate(request: HttpRequest, candidate_id: int, on: date | None = None) -> dict[str, Any]:
    c = visible_or_404(Candidate.objects.select_related("organization"), request, candidate_id)
    org = c.organization
    require(permissions.can_see_page(request.user, org), "Bạn không có quyền xem hồ sơ quần chúng.")
    c = candidate_for_page(candidate_id, request.user)
    full = permissions.can_read(request.user, org)
    sensitive = full and permissions.can_see_sensitive(request.user, org)
    ctx = Context()
    entries = timeline(c, day(on), sensitive=sensitive, rules=ctx.rules)
    if not full:
        entries = [e for e in entries if e.kind == "stage"]
    if full:
        # Personal data: every read is logged, as the page logs it.
        record("read", c, {"what": "trang thông tin cá nhân", "via": "api"}, user=request.user)
    if sensitive:
        for v in c.verifications.all():
            if v.result != "pending":
                record("read", v, {"result": v.result, "viewer": request.user.pk, "via": "api"}, user=request.user)
    intro = getattr(c, "introduction", None)
    return {
        **_out(c),
        "full": full,
        "national_id": c.national_id if sensitive else None,
        "religion": c.religion if sensitive else None,
        "introduced_on": intro.introduced_on if intro else None,
        "timeline": [
            {"day": e.day, "title": e.title, "detail": e.detail, "kind": e.kind, "status": e.status} for e in entries
        ],
        "next_steps": next_steps(request.user, c, timezone.localdate()) if full else [],
    }
