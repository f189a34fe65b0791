"""The kinds of long work. Each runner re-reads its objects by id *as the user who
asked* (visibility is checked again in the worker: a role may have been withdrawn
since), renders, and reports progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from ketnap.audit.registry import record
from ketnap.jobs.models import Job, JobKind
from ketnap.jobs.services import JobError, Outcome, Progress, runner

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: document name → builder(job) returning (docx bytes, file stem, audited object).
DocumentBuilder = Callable[[Job], tuple[bytes, str, object]]
DOCUMENTS: dict[str, DocumentBuilder] = {}


def document(name: str) -> Callable[[DocumentBuilder], DocumentBuilder]:
    def register(fn: DocumentBuilder) -> DocumentBuilder:
        DOCUMENTS[name] = fn
        return fn

    return register


@document("plan")
def _plan_docx(job: Job) -> tuple[bytes, str, object]:
    from ketnap.plans import exports
    from ketnap.plans.models import AllocationRevision, Plan

    plan = Plan.objects.visible_to(job.user).select_related("organization").filter(pk=job.params["plan"]).first()
    if plan is None:
        raise JobError("Kế hoạch không còn trong phạm vi của bạn (hoặc đã bị xóa).")
    revision_id = job.params.get("revision")
    revision = AllocationRevision.objects.filter(pk=revision_id, plan=plan).first() if revision_id else None
    return exports.plan_docx(plan, revision), f"ke-hoach-{plan.year}-{plan.organization.code}", plan


@document("candidate_form")
def _candidate_form_docx(job: Job) -> tuple[bytes, str, object]:
    from django.http import Http404

    from ketnap.documents.official import render_docx
    from ketnap.pipeline import documents, permissions
    from ketnap.pipeline.selectors.timeline import candidate_for_page

    code = str(job.params["code"])
    if code not in documents.FORMS:
        raise JobError("Không có biểu mẫu này.")
    try:
        c = candidate_for_page(int(job.params["candidate"]), job.user)
    except Http404 as exc:
        raise JobError("Quần chúng không còn trong phạm vi của bạn.") from exc
    if not permissions.can_read(job.user, c.organization):
        raise JobError("Bạn không còn quyền in biểu mẫu này.")
    stem, build = documents.FORMS[code]
    try:
        doc = build(c)
    except documents.FormUnavailable as exc:
        raise JobError(str(exc)) from exc
    return render_docx(doc), f"{stem}-{slugify(c.search_text)}", c


@runner(JobKind.DOCUMENT_PDF)
def document_pdf(job: Job, progress: Progress) -> Outcome:
    """Any registered document as PDF (LibreOffice takes seconds: never in a request)."""
    from ketnap.documents.pdf import PdfFailed, PdfUnavailable, cached_pdf

    name = str(job.params.get("document", ""))
    if name not in DOCUMENTS:
        raise JobError("Không có loại văn bản này.")
    progress(10, "Đang soạn văn bản…")
    data, stem, audited = DOCUMENTS[name](job)
    progress(40, "Đang chuyển sang PDF (LibreOffice)…")
    try:
        pdf = cached_pdf(data)  # once per document version
    except PdfUnavailable as exc:
        raise JobError(f"Máy chủ chưa cài LibreOffice nên chưa tạo được PDF. {exc}") from exc
    except PdfFailed as exc:
        raise JobError(f"LibreOffice không chuyển được văn bản sang PDF: {exc}") from exc
    record("export", audited, {"format": [None, "pdf"], "what": [None, name], "job": [None, job.pk]}, user=job.user)  # type: ignore[arg-type]
    return Outcome(pdf, f"{stem}.pdf", PDF, "Bản PDF đã sẵn sàng.")


@runner(JobKind.AUDIT_EXPORT)
def audit_export(job: Job, progress: Progress) -> Outcome:
    """The audit log (a province's can be large) as .xlsx, with the page's filters
    (`query`, the GET data) re-applied as the user who asked; the export is logged."""
    from django.core.exceptions import PermissionDenied
    from django.http import QueryDict

    from ketnap.audit.display import user_display
    from ketnap.audit.exports import audit_xlsx
    from ketnap.audit.views import filtered, viewer_anchor

    query = QueryDict(mutable=True)
    for key, values in (job.params.get("query") or {}).items():
        query.setlist(key, [str(v) for v in (values if isinstance(values, list) else [values])])
    progress(10, "Đang đọc nhật ký…")
    try:
        form, events = filtered(job.user, query)
    except PermissionDenied as exc:
        raise JobError("Bạn không còn quyền xem nhật ký (vai trò đã thay đổi).") from exc
    filters = form.describe()
    data, count = audit_xlsx(events, filters, viewer=user_display(job.user))
    scope = form.cleaned_data.get("organization") if form.is_valid() else None
    target: Any = scope or viewer_anchor(job.user)
    record("export", target, {"what": "nhật ký", "rows": count, "filters": filters, "job": job.pk}, user=job.user)
    progress(90, f"Đã ghi {count} dòng.")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return Outcome(data, f"nhat-ky-{stamp}.xlsx", XLSX, f"Đã xuất {count} dòng nhật ký.")


@runner(JobKind.ROUND_COMPILE)
def round_compile(job: Job, progress: Progress) -> Outcome:
    """A reporting round's compile at province scale (hundreds of parts, each missing one
    counted from the system's data when the board chose so), as the user who asked."""
    from datetime import datetime

    from django.core.exceptions import PermissionDenied, ValidationError
    from django.urls import reverse

    from ketnap.monitoring import services as monitoring
    from ketnap.monitoring.models import ReportingRound

    round_ = ReportingRound.objects.visible_to(job.user).select_related("organization").filter(pk=job.params["round"])
    found = round_.first()
    if found is None:
        raise JobError("Đợt báo cáo không còn trong phạm vi của bạn (hoặc đã bị xóa).")
    progress(10, f"Đang tổng hợp báo cáo {found.title}…")
    fill = job.params.get("fill")
    try:
        report = monitoring.compile_round(found, actor=job.user, at=datetime.fromisoformat(job.params["at"]), fill=fill)
    except PermissionDenied as exc:
        raise JobError(str(exc) or "Bạn không còn quyền tổng hợp báo cáo của đợt này.") from exc
    except ValidationError as exc:
        raise JobError(" ".join(exc.messages)) from exc
    missing = sum(1 for m in report.figures.get("missing", []) if not m.get("filled"))
    note = f" {missing} tổ chức chưa nộp, chưa được tính." if missing else ""
    return Outcome(
        message=f"Đã tổng hợp {report.figures['submitted']} báo cáo đã nộp.{note}",
        url=reverse("monitoring:report", args=[report.pk]),
    )
