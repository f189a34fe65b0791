"""The board's page for its own document templates: upload (validated), preview on
demo-like data, revert. The organisation comes through visible_to() (another subtree:
404); only the organising board of that organisation may open it (else 403).

The API's template endpoints go through `adapting_org`, `kind_or_404` and
`template_download` here, so they refuse what the page refuses and every file they
give is recorded in the audit log as the page's downloads are."""

from __future__ import annotations

from typing import Any, Literal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ketnap.audit.registry import record
from ketnap.documents import templating, variants
from ketnap.documents.models import TemplateVariant
from ketnap.documents.official import OfficialDocument, Signature, render_docx
from ketnap.orgs.models import Organization

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


#: The page's three downloads: the template documents are filled from now (the
#: organisation's variant, or one of an organisation above, or the built-in), the
#: built-in one to start a variant from, and the preview on demo-like data.
Download = Literal["current", "builtin", "preview"]


def adapting_org(request: HttpRequest, pk: int) -> Organization:
    org = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    if not variants.can_adapt(request.user, org):
        raise PermissionDenied("Chỉ Ban Xây dựng Đảng của tổ chức này được thay mẫu văn bản.")
    return org


def kind_or_404(key: str) -> templating.Kind:
    if key not in templating.KINDS:
        raise Http404("Không có loại văn bản này.")
    return templating.KINDS[key]


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    org = adapting_org(request, pk)
    errors: dict[str, str] = {}
    if request.method == "POST":
        kind = kind_or_404(request.POST.get("kind", ""))
        upload = request.FILES.get("file")
        if upload is None:
            errors[kind.key] = "Chọn tệp mẫu (.docx) để tải lên."
        else:
            try:
                variant = variants.upload(org, kind.key, upload.read(), filename=upload.name or "", actor=request.user)
            except templating.TemplateInvalid as exc:
                errors[kind.key] = str(exc)
            else:
                messages.success(request, f"Đã dùng mẫu riêng {variant.version} cho {kind.label.lower()}.")
                return redirect("documents:templates", pk=org.pk)
    active = {v.kind: v for v in TemplateVariant.objects.filter(organization=org, active=True)}
    rows = [
        {
            "kind": k,
            "variant": active.get(k.key),
            # What documents are filled from: the own variant, one of an organisation
            # above (a province's wording serves its communes), or the built-in one.
            "in_force": variants.current_template(k, org)[1],
            "error": errors.get(k.key, ""),
            "fields": sorted(k.fields.items()),
        }
        for k in templating.KINDS.values()
    ]
    return render(request, "documents/templates.html", {"org": org, "rows": rows}, status=400 if errors else 200)


@login_required
@require_POST
def revert(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    org = adapting_org(request, pk)
    variants.revert(org, kind_or_404(kind).key, actor=request.user)
    messages.success(request, "Đã trở lại mẫu chuẩn.")
    return redirect("documents:templates", pk=org.pk)


def _preview(k: templating.Kind, org: Organization) -> bytes:
    """The organisation's current template filled with demo-like data, laid out."""
    data, version = variants.current_template(k, org)
    filled = templating.fill(data, version, templating.SAMPLES[k.key])
    doc = OfficialDocument(
        issuer=org.committee_name,
        issuer_parent="",
        kind="XEM TRƯỚC",
        title=k.label.lower(),
        body=filled.body,
        signature=Signature(),
        recipients=filled.recipients,
        template=version,
    )
    return render_docx(doc)


def template_download(user: Any, org: Organization, k: templating.Kind, which: Download) -> HttpResponse:
    """One of the page's downloads as a .docx, recorded in the audit log (a template
    carries the board's wording; who took which version is part of the record)."""
    if which == "preview":
        data, filename, what = _preview(k, org), f"xem-truoc-{k.key}.docx", "xem trước mẫu"
        version = variants.current_template(k, org)[1]
    elif which == "builtin":
        data, filename, what, version = k.builtin(), k.filename, "mẫu chuẩn", k.builtin_version
    else:
        data, version = variants.current_template(k, org)
        filename, what = f"mau-{version.replace('@', '-')}.docx", "mẫu đang dùng"
    details = {"file": [None, filename], "what": [None, f"{what}: {k.label.lower()}"], "version": [None, version]}
    record("export", org, details, user=user)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def preview(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The organisation's current template filled with demo-like data, laid out."""
    org = adapting_org(request, pk)
    return template_download(request.user, org, kind_or_404(kind), "preview")


@login_required
def builtin(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The built-in template, to start a variant from."""
    org = adapting_org(request, pk)
    return template_download(request.user, org, kind_or_404(kind), "builtin")


@login_required
def current(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The template documents of this organisation are filled from now."""
    org = adapting_org(request, pk)
    return template_download(request.user, org, kind_or_404(kind), "current")
