"""An organisation's document templates, as its page /documents/<id>/templates/ offers:
the kinds with the version in force, the template in force, the built-in one and the
preview on demo-like data (.docx, each recorded in the audit log as the page's
downloads are), a variant uploaded (validated: an unknown field is refused) and a
revert to the built-in template.

Rights are the page's (`adapting_org`): another subtree 404, anyone but the organising
board of that organisation itself 403; the writes are `documents.variants`' services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from ketnap.api.common import READ_ERRORS, WRITE_ERRORS, file_response
from ketnap.documents import templating, variants
from ketnap.documents.models import TemplateVariant
from ketnap.documents.views import DOCX, Download, adapting_org, kind_or_404, template_download
from ketnap.orgs.models import Organization

router = Router(tags=["Mẫu văn bản — document templates"])
KIND_KEYS = ", ".join(templating.KINDS)


class TemplateOut(Schema):
    kind: str = Field(description=f"Loại văn bản: {KIND_KEYS}")
    label: str = Field(description="Tên loại văn bản, tiếng Việt")
    version: str = Field(description="Phiên bản mẫu đang dùng cho văn bản của tổ chức này")
    builtin_version: str = Field(description="Phiên bản của mẫu chuẩn")
    own_version: str | None = Field(description="Mẫu riêng của chính tổ chức này đang dùng (nếu có)")
    own_uploaded_at: datetime | None = Field(description="Lúc tải lên mẫu riêng đó")
    fields: dict[str, str] = Field(description="Các trường một mẫu riêng dùng được → nội dung của trường")


def _out(org: Organization, kind: templating.Kind, own: TemplateVariant | None) -> dict[str, Any]:
    return {
        "kind": kind.key,
        "label": kind.label,
        "version": variants.current_template(kind, org)[1],
        "builtin_version": kind.builtin_version,
        "own_version": own.version if own else None,
        "own_uploaded_at": own.uploaded_at if own else None,
        "fields": dict(kind.fields),
    }


def _own(org: Organization) -> dict[str, TemplateVariant]:
    return {v.kind: v for v in TemplateVariant.objects.filter(organization=org, active=True).defer("content")}


@router.get(
    "/organizations/{org_id}/templates",
    response={200: list[TemplateOut], **READ_ERRORS},
    summary="Các loại mẫu văn bản và phiên bản đang dùng",
)
def list_templates(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    org = adapting_org(request, org_id)
    own = _own(org)
    return [_out(org, k, own.get(k.key)) for k in templating.KINDS.values()]


@router.get(
    "/organizations/{org_id}/templates/{kind}/files/{which}",
    response=READ_ERRORS,
    openapi_extra=file_response("Tệp mẫu (.docx)", DOCX),
    summary="Tải mẫu đang dùng, mẫu chuẩn, hoặc bản xem trước với dữ liệu mẫu (.docx)",
)
def download_template(request: HttpRequest, org_id: int, kind: str, which: Download) -> HttpResponse:
    """`current`: the template this organisation's documents are filled from now;
    `builtin`: the built-in one to start a variant from; `preview`: the one in force
    filled with demo-like data and laid out. Recorded in the audit log, as on the page."""
    org = adapting_org(request, org_id)
    return template_download(request.user, org, kind_or_404(kind), which)


@router.post(
    "/organizations/{org_id}/templates/{kind}",
    response={201: TemplateOut, **WRITE_ERRORS},
    summary="Tải lên mẫu riêng (.docx), được kiểm tra các trường",
)
def upload_template(request: HttpRequest, org_id: int, kind: str, file: File[UploadedFile]) -> Any:
    """The page's upload: a field the kind's data lacks, a syntax error or a file over
    2 MB is refused (422 naming `file`, in the page's words); else it is in force now."""
    org = adapting_org(request, org_id)
    k = kind_or_404(kind)
    try:
        variant = variants.upload(org, k.key, file.read(), filename=file.name or "", actor=request.user)
    except templating.TemplateInvalid as exc:
        raise ValidationError({"file": str(exc)}) from exc
    return Status(201, _out(org, k, variant))


@router.post(
    "/organizations/{org_id}/templates/{kind}/revert",
    response={200: TemplateOut, **WRITE_ERRORS},
    summary="Trở lại mẫu chuẩn",
)
def revert_template(request: HttpRequest, org_id: int, kind: str) -> dict[str, Any]:
    org = adapting_org(request, org_id)
    k = kind_or_404(kind)
    variants.revert(org, k.key, actor=request.user)
    return _out(org, k, None)
