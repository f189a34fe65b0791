"""A candidate's pages: introduce, the page itself (their timeline), corrections and
one page per step of the procedure (`ketnap.pipeline.steps.STEPS`). Objects are
fetched through `visible_to()` (another subtree or a person the mass organisation
did not introduce → 404); a role that sees but may not act gets 403. Every write
goes through a service; a refusal shows the charter's reasons next to the form and
changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ketnap.audit.registry import record
from ketnap.core import versions
from ketnap.pipeline import documents, permissions
from ketnap.pipeline.checks import Context
from ketnap.pipeline.enums import IntroducerKind, PriorityGroup
from ketnap.pipeline.forms import IntroduceForm, PersonForm
from ketnap.pipeline.models import Candidate, DossierItem, Verification
from ketnap.pipeline.selectors.timeline import candidate_for_page, paper_rows, timeline
from ketnap.pipeline.services.advance import MoveRefused, assess
from ketnap.pipeline.services.candidates import introduce as introduce_service
from ketnap.pipeline.services.candidates import officer_mass_organizations, update_person
from ketnap.pipeline.steps import STEPS, build_form, next_step, run_step, steps_for
from ketnap.pipeline.views.common import as_of, attach_error, candidate_or_404, require


@login_required
def introduce(request: HttpRequest) -> HttpResponse:
    require(permissions.introduces_anywhere(request.user), "Bạn không có quyền giới thiệu quần chúng.")
    # A mass-organisation officer introduces in the name of their organisation; a board
    # member or secretary chooses who introduced the person.
    manages = permissions.manages_anywhere(request.user)
    officer_of = [] if manages else officer_mass_organizations(request.user)
    form = IntroduceForm(
        request.POST or None,
        user=request.user,
        officer_of=officer_of,
        initial={"introduced_on": timezone.localdate()},  # no ethnicity guessed (issue 16)
    )
    context: dict[str, object] = {"form": form, "title": "Giới thiệu quần chúng ưu tú"}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            candidate = introduce_service(
                actor=request.user,
                organization=d["organization"],
                person=form.person(),
                introduced_on=d["introduced_on"],
                kind=d.get("kind") or IntroducerKind.MASS_ORGANIZATION,
                mass_organization=d.get("mass_organization"),
                member=d.get("member"),
                document_number=d["document_number"],
                groups=d["groups"],
                confirm_distinct=d["confirm_distinct"],
            )
        except (ValidationError, MoveRefused) as exc:
            context.update(attach_error(form, exc))
        else:
            messages.success(request, f"Đã ghi nhận giới thiệu {candidate.full_name}.")
            return redirect("pipeline:detail", pk=candidate.pk)
    return render(request, "pipeline/introduce.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = candidate_or_404(request, pk)
    org = c.organization
    require(permissions.can_see_page(request.user, org), "Bạn không có quyền xem hồ sơ quần chúng.")
    on = as_of(request)
    c = candidate_for_page(pk, request.user)
    full = permissions.can_read(request.user, org)
    sensitive = permissions.can_see_sensitive(request.user, org)
    ctx = Context()
    context: dict[str, object] = {
        "c": c,
        "on": on,
        "full": full,
        "sensitive": sensitive,
        "days": c.days_in_stage(on),
        "timeline": timeline(c, on, sensitive=sensitive and full, rules=ctx.rules)
        if full
        else [e for e in timeline(c, on, sensitive=False, rules=ctx.rules) if e.kind == "stage"],
    }
    if full:
        # Personal data (Decree 13 / the 2026 personal-data law): every read is logged.
        record("read", c, {"what": "trang thông tin cá nhân"}, user=request.user)
        context["papers"] = paper_rows(c, on, ctx.parent_kind(org), ctx.rules)
        context["printable"] = documents.available(c)
        allowed = steps_for(request.user, c)
        context["acts"] = [s for s in allowed if not s.plain]
        context["moves"] = [s for s in allowed if s.plain]
        context["act_names"] = [s.name for s in allowed]
        upcoming = next_step(c.stage)
        if upcoming is not None and upcoming.target is not None:
            context["next_label"] = upcoming.label
            context["check"] = assess(c, upcoming.target, on=on, ctx=ctx).parts
        if sensitive:
            for v in c.verifications.all():
                if v.result != "pending":
                    record("read", v, {"result": v.result, "viewer": request.user.pk})
    return render(request, "pipeline/candidate.html", context)


def _person_read(form: PersonForm, c: Candidate) -> versions.Read:
    """What the person form edits: the candidate's fields, birth date and priority groups."""
    groups = sorted(p.group for p in c.priorities.all())
    labels = dict(PriorityGroup.choices)
    birth = versions.Read(
        {"birth": versions.comparable(c.birth)}, {"birth": c.birth.display() if c.birth_date else versions.EMPTY}
    )
    chosen = versions.Read({"groups": groups}, {"groups": ", ".join(str(labels[g]) for g in groups) or versions.EMPTY})
    return versions.read_form(form, c) | birth | chosen


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    c = candidate_or_404(request, pk)
    require(permissions.can_manage(request.user, c.organization), "Bạn không có quyền sửa thông tin quần chúng này.")
    sensitive = permissions.can_see_sensitive(request.user, c.organization)
    form = PersonForm(request.POST or None, instance=c, sensitive=sensitive)
    versions.carry(form, _person_read(form, c))
    context: dict[str, object] = {"form": form, "c": c, "title": f"Sửa thông tin — {c.full_name}"}
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                current = Candidate.objects.select_for_update().get(pk=c.pk)
                if versions.refuse_if_changed(form, _person_read(form, current)):
                    raise versions.Refused
                update_person(
                    current,
                    actor=request.user,
                    person=form.person(),
                    groups=form.cleaned_data["groups"],
                    confirm_distinct=form.cleaned_data["confirm_distinct"],
                )
        except versions.Refused:
            pass
        except ValidationError as exc:
            context.update(attach_error(form, exc))
        else:
            messages.success(request, "Đã lưu thông tin.")
            return redirect("pipeline:detail", pk=c.pk)
    return render(request, "pipeline/form.html", context)


#: The steps that cannot be undone ask once before they are recorded (issue 16, point 6):
#: what will happen, and that it is final. Shown by ketnap.js (data-confirm), CSP-safe.
CONFIRMATIONS: dict[str, str] = {
    "admission_decision": "Ghi quyết định kết nạp: quần chúng trở thành người được kết nạp và hạn tổ chức lễ "
    "kết nạp bắt đầu tính. Không thể hoàn tác. Tiếp tục?",
    "reject_by_committee": "Ghi quyết định không kết nạp của cấp ủy: hồ sơ dừng lại. Không thể hoàn tác. Tiếp tục?",
    "ceremony": "Ghi lễ kết nạp: người được kết nạp trở thành đảng viên dự bị từ ngày này. Không thể hoàn tác. "
    "Tiếp tục?",
    "confirm": "Ghi quyết định công nhận đảng viên chính thức. Không thể hoàn tác. Tiếp tục?",
    "remove": "Xóa tên trong danh sách đảng viên dự bị: quyết định này là cuối cùng. Không thể hoàn tác. Tiếp tục?",
}


@login_required
def step(request: HttpRequest, pk: int, name: str, obj: int | None = None) -> HttpResponse:
    """Record one step of the procedure (see `ketnap.pipeline.steps`): its form on GET,
    `run_step` on POST; a refusal shows the charter's reasons and changes nothing."""
    c = candidate_or_404(request, pk)
    spec = STEPS.get(name)
    if spec is None or spec.service is None or (obj is not None and spec.edits is None):
        raise Http404("Không có bước này.")
    require(spec.allowed_for(request.user, c), f"Bạn không có quyền: {spec.label.lower()}.")
    # The political centre records a certificate but may not open the candidate's page:
    # it is sent back to its agenda instead (issue 16, point 4: no dead ends).
    hidden = not permissions.can_see_page(request.user, c.organization)
    back = redirect("pipeline:agenda") if hidden else redirect("pipeline:detail", pk=c.pk)
    if c.stage not in spec.sources:
        messages.warning(request, f"Giai đoạn “{c.get_stage_display()}” không có bước “{spec.label}”.")
        return back
    c = candidate_for_page(pk, request.user)
    target = get_object_or_404(Verification, pk=obj, candidate=c) if obj is not None else None
    today = timezone.localdate()
    context: dict[str, object] = {
        "c": c,
        "c_hidden": hidden,
        "title": spec.label,
        "act": spec,
        "confirm": CONFIRMATIONS.get(name, ""),
    }
    context["printable"] = documents.available(c)  # the forms already on record, to read while recording
    if request.method == "POST":
        result = run_step(
            c, name, request.POST, actor=request.user, files=request.FILES, obj=target, today=today, guard=True
        )
        if result.ok:
            messages.success(request, result.message)
            return back
        context["form"] = result.form
        if result.refusal is not None:
            context["refusal"] = result.refusal
    else:
        context["form"] = build_form(spec, c, request.user, obj=target, today=today, guard=True)
    template = "pipeline/dossier_form.html" if name == "update_dossier" else "pipeline/form.html"
    return render(request, template, context)


@login_required
def dossier_file(request: HttpRequest, pk: int, item: int) -> FileResponse:
    """A scanned paper, served only to those who may read the candidate's dossier; logged."""
    c = candidate_or_404(request, pk)
    require(permissions.can_read(request.user, c.organization), "Bạn không có quyền xem hồ sơ này.")
    return scan_download(request.user, c, item)


def scan_download(user: Any, c: Candidate, item: int) -> FileResponse:
    """A dossier item's scan, logged as a read (the page's link and the API both answer
    with this; the caller checked the right)."""
    paper = get_object_or_404(DossierItem, pk=item, dossier__candidate=c)
    if not paper.file:
        raise Http404("Chưa có bản quét.")
    record("read", paper, {"file": paper.file.name, "viewer": user.pk}, user=user)
    return FileResponse(paper.file.open("rb"), as_attachment=True, filename=(paper.file.name or "").rsplit("/", 1)[-1])


__all__ = ["detail", "dossier_file", "edit", "introduce", "scan_download", "step"]
