"""A candidate's records as the candidate's page shows them to those who read the whole
file (`can_read`): the dossier (papers, scans, printable forms), the political-history
verifications (results only for the roles that see sensitive data — each result read
is logged, as the page logs it), sponsors and mentors; and a cell's sympathizer list
with its .docx. Writes to these records are steps (`POST …/steps/{step}`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from ketnap.api.common import READ_ERRORS, day, file_response, require, visible_or_404
from ketnap.api.routers.plans import DOCX
from ketnap.audit.registry import record
from ketnap.orgs.models import Organization
from ketnap.pipeline import documents, permissions
from ketnap.pipeline.checks import Context
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.selectors.lists import sympathizer_list
from ketnap.pipeline.selectors.timeline import candidate_for_page, paper_rows
from ketnap.pipeline.views.candidates import scan_download
from ketnap.pipeline.views.documents import form_download, sympathizers_download

router = Router(tags=["Quần chúng — candidates"])

DOCX_RESPONSE = file_response("Tệp .docx", DOCX)
SCAN_RESPONSE = file_response("Bản quét", "application/octet-stream")


class PaperOut(Schema):
    code: str = Field(description="Mã mẫu (vd. 2-KNĐ, CN)")
    title: str
    status: str = Field(description="Tình trạng như trang hiển thị (Chưa có, Đã nhận, Hết hạn…)")
    day: date | None = Field(description="Ngày nhận / ngày cấp")
    number: str = Field(description="Số văn bản")
    item_id: int | None = Field(description="id tài liệu (tải bản quét ở …/dossier/{item_id}/scan)")
    has_scan: bool
    late: bool = Field(description="Hết hạn / trễ")


class FormLink(Schema):
    code: str = Field(description="Mã biểu mẫu (dùng trong …/forms/{code})")
    label: str


class DossierOut(Schema):
    candidate_id: int
    papers: list[PaperOut]
    forms: list[FormLink] = Field(description="Các biểu mẫu .docx in được lúc này")


class VerificationOut(Schema):
    id: int = Field(description="id (sửa bằng bước record_verification với ?verification=id)")
    relation: str
    relation_label: str
    full_name: str
    birth_year: int | None
    is_member: bool
    requested_on: date | None
    result: str | None = Field(description="Kết quả (chỉ vai trò được xem thông tin nhạy cảm; null nếu không)")
    result_on: date | None
    result_note: str | None
    document_number: str | None


class SponsorOut(Schema):
    name: str
    kind: str
    together_since: date | None
    assigned_on: date
    ended_on: date | None


class MentorOut(Schema):
    id: int
    member_id: int
    full_name: str
    phase: str
    phase_label: str
    assigned_on: date
    ended_on: date | None
    plan_approved_on: date | None
    reports: int = Field(description="Số báo cáo quý đã nộp")


class PeopleAround(Schema):
    sponsors: list[SponsorOut] = Field(description="Người giới thiệu")
    mentors: list[MentorOut] = Field(description="Đảng viên giúp đỡ")


class SympathizerOut(Schema):
    id: int
    full_name: str
    stage: str
    stage_label: str
    stage_since: date | None
    mentors: list[str] = Field(description="Đảng viên giúp đỡ")


def _readable(request: HttpRequest, candidate_id: int) -> Candidate:
    """The candidate if the user reads the whole file, as on the page (else 404 / 403)."""
    c = visible_or_404(Candidate.objects.select_related("organization"), request, candidate_id)
    require(permissions.can_see_page(request.user, c.organization), "Bạn không có quyền xem hồ sơ quần chúng.")
    require(permissions.can_read(request.user, c.organization), "Bạn chỉ được xem giai đoạn của người này.")
    return candidate_for_page(candidate_id, request.user)


def _logged_read(request: HttpRequest, c: Candidate) -> None:
    # Personal data: every read is logged, as the page logs it.
    record("read", c, {"what": "trang thông tin cá nhân", "via": "api"}, user=request.user)


@router.get(
    "/candidates/{candidate_id}/dossier",
    response={200: DossierOut, **READ_ERRORS},
    summary="Hồ sơ giấy tờ của quần chúng và các biểu mẫu in được",
)
def get_dossier(request: HttpRequest, candidate_id: int, on: date | None = None) -> dict[str, Any]:
    c = _readable(request, candidate_id)
    _logged_read(request, c)
    ctx = Context()
    rows = paper_rows(c, day(on), ctx.parent_kind(c.organization), ctx.rules)
    return {
        "candidate_id": c.pk,
        "papers": [
            {
                "code": p.code,
                "title": p.title,
                "status": p.status,
                "day": p.day,
                "number": p.number,
                "item_id": p.item_pk,
                "has_scan": p.has_file,
                "late": p.late,
            }
            for p in rows
        ],
        "forms": [{"code": code, "label": label} for code, label in documents.available(c)],
    }


@router.get(
    "/candidates/{candidate_id}/dossier/{item_id}/scan",
    response=READ_ERRORS,
    openapi_extra=SCAN_RESPONSE,
    summary="Tải bản quét một tài liệu hồ sơ (ghi nhật ký)",
)
def get_scan(request: HttpRequest, candidate_id: int, item_id: int) -> FileResponse:
    c = visible_or_404(Candidate.objects.select_related("organization"), request, candidate_id)
    require(permissions.can_read(request.user, c.organization), "Bạn không có quyền xem hồ sơ này.")
    return scan_download(request.user, c, item_id)


@router.get(
    "/candidates/{candidate_id}/forms/{code}",
    response=READ_ERRORS,
    openapi_extra=DOCX_RESPONSE,
    summary="Tải một biểu mẫu (.docx) của quần chúng, như trang (ghi nhật ký)",
)
def get_form(request: HttpRequest, candidate_id: int, code: str) -> HttpResponse:
    c = visible_or_404(Candidate.objects.select_related("organization"), request, candidate_id)
    require(permissions.can_read(request.user, c.organization), "Bạn không có quyền in biểu mẫu này.")
    return form_download(request.user, c.pk, code)


@router.get(
    "/candidates/{candidate_id}/verifications",
    response={200: list[VerificationOut], **READ_ERRORS},
    summary="Thẩm tra lý lịch (kết quả chỉ với vai trò được xem thông tin nhạy cảm)",
)
def list_verifications(request: HttpRequest, candidate_id: int) -> list[dict[str, Any]]:
    c = _readable(request, candidate_id)
    _logged_read(request, c)
    sensitive = permissions.can_see_sensitive(request.user, c.organization)
    out = []
    for v in c.verifications.all():
        if sensitive and v.result != "pending":
            record("read", v, {"result": v.result, "viewer": request.user.pk, "via": "api"}, user=request.user)
        out.append(
            {
                "id": v.pk,
                "relation": v.relation,
                "relation_label": v.get_relation_display(),
                "full_name": v.full_name,
                "birth_year": v.birth_year,
                "is_member": v.is_member,
                "requested_on": v.requested_on,
                "result": v.result if sensitive else None,
                "result_on": v.result_on if sensitive else None,
                "result_note": v.result_note if sensitive else None,
                "document_number": v.document_number if sensitive else None,
            }
        )
    return out


@router.get(
    "/candidates/{candidate_id}/mentors",
    response={200: PeopleAround, **READ_ERRORS},
    summary="Người giới thiệu và đảng viên giúp đỡ",
)
def list_mentors(request: HttpRequest, candidate_id: int) -> dict[str, Any]:
    c = _readable(request, candidate_id)
    _logged_read(request, c)
    return {
        "sponsors": [
            {
                "name": s.name,
                "kind": s.kind,
                "together_since": s.together_since,
                "assigned_on": s.assigned_on,
                "ended_on": s.ended_on,
            }
            for s in c.sponsors.all()
        ],
        "mentors": [
            {
                "id": m.pk,
                "member_id": m.member_id,
                "full_name": m.member.full_name,
                "phase": m.phase,
                "phase_label": m.get_phase_display(),
                "assigned_on": m.assigned_on,
                "ended_on": m.ended_on,
                "plan_approved_on": m.plan_approved_on,
                "reports": len(m.reports.all()),
            }
            for m in c.mentors.all()
        ],
    }


def _cell(request: HttpRequest, org_id: int) -> Organization:
    cell = visible_or_404(Organization.objects.all(), request, org_id)
    require(cell.is_cell, "Danh sách cảm tình đảng là của chi bộ.")
    require(permissions.can_read(request.user, cell), "Bạn không có quyền xem danh sách cảm tình đảng.")
    return cell


@router.get(
    "/organizations/{org_id}/sympathizers",
    response={200: list[SympathizerOut], **READ_ERRORS},
    summary="Danh sách cảm tình đảng của chi bộ",
)
def list_sympathizers(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "full_name": c.full_name,
            "stage": c.stage,
            "stage_label": c.get_stage_display(),
            "stage_since": c.stage_since,
            "mentors": [m.member.full_name for m in c.mentors.all()],
        }
        for c in sympathizer_list(request.user, _cell(request, org_id))
    ]


@router.get(
    "/organizations/{org_id}/sympathizers/docx",
    response=READ_ERRORS,
    openapi_extra=DOCX_RESPONSE,
    summary="Tải danh sách cảm tình đảng (.docx), như trang (ghi nhật ký)",
)
def get_sympathizers_docx(request: HttpRequest, org_id: int, on: date | None = None) -> HttpResponse:
    return sympathizers_download(request.user, _cell(request, org_id), day(on))
