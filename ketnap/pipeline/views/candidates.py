"""A candidate's pages: introduce, the page itself (their timeline), corrections, the
moves and the acts. Objects are fetched through `visible_to()` (another subtree or a
person the mass organisation did not introduce → 404); a role that sees but may not
act gets 403. Every write goes through a service; a refusal shows the charter's
reasons next to the form and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ketnap.audit.registry import record
from ketnap.pipeline import documents, permissions
from ketnap.pipeline.checks import Context
from ketnap.pipeline.enums import IntroducerKind, Stage
from ketnap.pipeline.forms import IntroduceForm, MoveForm, PersonForm
from ketnap.pipeline.models import DossierItem
from ketnap.pipeline.selectors.timeline import candidate_for_page, paper_rows, timeline
from ketnap.pipeline.services import decisions, dossier
from ketnap.pipeline.services.advance import MoveRefused, advance, assess
from ketnap.pipeline.services.candidates import introduce as introduce_service
from ketnap.pipeline.services.candidates import officer_mass_organizations, update_person
from ketnap.pipeline.stages import move_for, moves_from
from ketnap.pipeline.views.acts import ACTS, acts_for
from ketnap.pipeline.views.common import as_of, attach_error, candidate_or_404, require

#: The main next step whose conditions the page checks in advance, by stage.
_NEXT: dict[str, str] = {
    Stage.CERTIFIED: Stage.DOSSIER,
    Stage.DOSSIER: Stage.VERIFICATION,
    Stage.VERIFICATION: Stage.CELL_RESOLUTION,
    Stage.COMMITTEE_REVIEW: Stage.ADMITTED,
    Stage.ADMITTED: Stage.PROBATIONARY,
    Stage.PROBATIONARY: Stage.OFFICIAL,
}


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
        initial={"introduced_on": timezone.localdate(), "ethnicity": "01"},
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
        context["acts"] = acts_for(request.user, c)
        context["act_names"] = [a.name for a in context["acts"]]  # type: ignore[attr-defined]
        context["moves"] = [
            m for m in moves_from(c.stage) if m.generic and permissions.allowed(request.user, org, m.roles)
        ]
        target = _NEXT.get(c.stage)
        if target is not None:
            context["next_label"] = move_for(c.stage, target).label  # type: ignore[union-attr]
            context["check"] = assess(c, target, on=on, ctx=ctx).parts
        if sensitive:
            for v in c.verifications.all():
                if v.result != "pending":
                    record("read", v, {"result": v.result, "viewer": request.user.pk})
    return render(request, "pipeline/candidate.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    c = candidate_or_404(request, pk)
    require(permissions.can_manage(request.user, c.organization), "Bạn không có quyền sửa thông tin quần chúng này.")
    sensitive = permissions.can_see_sensitive(request.user, c.organization)
    form = PersonForm(request.POST or None, instance=c, sensitive=sensitive)
    context: dict[str, object] = {"form": form, "c": c, "title": f"Sửa thông tin — {c.full_name}"}
    if request.method == "POST" and form.is_valid():
        try:
            update_person(
                c,
                actor=request.user,
                person=form.person(),
                groups=form.cleaned_data["groups"],
                confirm_distinct=form.cleaned_data["confirm_distinct"],
            )
        except ValidationError as exc:
            context.update(attach_error(form, exc))
        else:
            messages.success(request, "Đã lưu thông tin.")
            return redirect("pipeline:detail", pk=c.pk)
    return render(request, "pipeline/form.html", context)


@login_required
def move(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """A plain move from the table (withdraw, send up, back to the list…)."""
    c = candidate_or_404(request, pk)
    spec = move_for(c.stage, stage)
    if spec is None or not spec.generic:
        raise Http404("Không có bước chuyển này.")
    require(permissions.allowed(request.user, c.organization, spec.roles), f"Bạn không có quyền: {spec.label.lower()}.")
    form = MoveForm(request.POST or None, initial={"on": timezone.localdate()})
    context: dict[str, object] = {"form": form, "c": c, "title": spec.label, "move": spec}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if stage == Stage.VERIFICATION:
                dossier.send_for_verification(c, actor=request.user, on=d["on"])
            elif stage == Stage.COMMITTEE_REVIEW:
                decisions.send_to_committee(c, actor=request.user, on=d["on"])
            else:
                advance(c, stage, on=d["on"], actor=request.user, reason=d["reason"], approval=d["approval"])
        except (ValidationError, MoveRefused) as exc:
            context.update(attach_error(form, exc))
        else:
            messages.success(request, f"{spec.label}: đã ghi.")
            return redirect("pipeline:detail", pk=c.pk)
    return render(request, "pipeline/form.html", context)


@login_required
def act(request: HttpRequest, pk: int, name: str, obj: int | None = None) -> HttpResponse:
    """Record one act of the procedure (see views.acts.ACTS)."""
    c = candidate_or_404(request, pk)
    spec = ACTS.get(name)
    if spec is None or (obj is not None and spec.obj is None):
        raise Http404("Không có thao tác này.")
    require(spec.allowed(request.user, c.organization), f"Bạn không có quyền: {spec.label.lower()}.")
    if c.stage not in spec.stages:
        messages.warning(request, f"Giai đoạn “{c.get_stage_display()}” không có thao tác “{spec.label}”.")
        return redirect("pipeline:detail", pk=c.pk)
    c = candidate_for_page(pk, request.user)
    target = spec.obj(c, obj) if spec.obj is not None and obj is not None else None
    form = spec.build(request, c, target)
    context: dict[str, object] = {"form": form, "c": c, "title": spec.label, "act": spec}
    if request.method == "POST" and form.is_valid():
        try:
            message = spec.run(request, c, form, target)
        except (ValidationError, MoveRefused) as exc:
            context.update(attach_error(form, exc))
        else:
            messages.success(request, message)
            return redirect("pipeline:detail", pk=c.pk)
    template = "pipeline/dossier_form.html" if name == "dossier" else "pipeline/form.html"
    return render(request, template, context)


@login_required
def dossier_file(request: HttpRequest, pk: int, item: int) -> FileResponse:
    """A scanned paper, served only to those who may read the candidate's dossier; logged."""
    c = candidate_or_404(request, pk)
    require(permissions.can_read(request.user, c.organization), "Bạn không có quyền xem hồ sơ này.")
    paper = get_object_or_404(DossierItem, pk=item, dossier__candidate=c)
    if not paper.file:
        raise Http404("Chưa có bản quét.")
    record("read", paper, {"file": paper.file.name, "viewer": request.user.pk})
    return FileResponse(paper.file.open("rb"), as_attachment=True, filename=(paper.file.name or "").rsplit("/", 1)[-1])


__all__ = ["act", "detail", "dossier_file", "edit", "introduce", "move"]
