"""Pages that build the tree (issue 9, points 1 and 2): the first run of an empty
install, and — within the user's own subtree — adding, editing and closing child
organisations, blocks and mass organisations. Each page fetches its organisation
through visible_to() (another subtree: 404), checks the board's right (else 403) and
calls one service of ketnap.orgs.building, whose refusals it shows in the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ketnap.core import versions
from ketnap.orgs import building, permissions
from ketnap.orgs.forms_building import (
    BlockForm,
    ChildOrganizationForm,
    FirstRunForm,
    MassOrganizationForm,
)
from ketnap.orgs.models import Block, MassOrganization, Organization

EDITED = ["kind", "name", "code", "block", "valid_from", "note"]


def managed_organization(request: HttpRequest, pk: int) -> Organization:
    """An organisation whose tree the user builds (another subtree 404, else 403); the
    API's organisation writes come through here too."""
    org = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    if not permissions.can_manage_tree(request.user, org):
        raise PermissionDenied("Chỉ Ban Tổ chức (Ban Xây dựng Đảng) cấp trên quản lý được cây tổ chức này.")
    return org


def _refuse(form: forms.Form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _form_page(request: HttpRequest, org: Organization, form: forms.Form, title: str, **extra: Any) -> HttpResponse:
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": title, **extra})


@login_required
def first_run(request: HttpRequest) -> HttpResponse:
    """An empty install: the superuser creates the province (and a commune under it),
    then is led to what comes next — the upload pages of the organisation list and the
    member list of each organisation created here, and the accounts page."""
    if not request.user.is_superuser:
        raise PermissionDenied("Chỉ quản trị hệ thống thiết lập được hệ thống lần đầu.")
    form = FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = building.start_install(
                actor=request.user, province_name=data["province_name"], province_code=data["province_code"],
                commune_name=data["commune_name"], commune_kind=data["commune_kind"],
                commune_code=data["commune_code"], valid_from=data["valid_from"],
            )  # fmt: skip
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Đã tạo " + ", ".join(o.name for o in created) + ".")
            return redirect("orgs:first_run")
    tops = list(Organization.objects.filter(depth=1))
    under = list(Organization.objects.filter(depth=2)[:20])
    # Where the lists may go: the province and each commune made here (links on the page).
    targets = [*tops, *under]
    context = {"form": form, "tops": tops, "under": under, "targets": targets}
    return render(request, "orgs/first_run.html", context)


@login_required
def add_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = managed_organization(request, pk)
    form = ChildOrganizationForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = building.add_organization(
                actor=request.user, parent=parent, name=data["name"], kind=data["kind"], block=data["block"],
                code=data["code"], valid_from=data["valid_from"], note=data["note"],
            )  # fmt: skip
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, f"Đã thêm {child.name} (mã {child.code}).")
            return redirect("orgs:detail", pk=child.pk)
    return _form_page(request, parent, form, "Thêm tổ chức trực thuộc")


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the record of an organisation; the form carries the version it was read
    at, so a save over someone else's newer change is refused (ketnap.core.versions)."""
    org = managed_organization(request, pk)
    parent = Organization.objects.get_parent(org) if org.depth > 1 else None
    initial = {name: getattr(org, name) for name in EDITED}
    form = ChildOrganizationForm(request.POST or None, parent=parent, initial=initial)
    versions.carry(form, versions.read_of(org, EDITED))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                current = Organization.objects.select_for_update().get(pk=org.pk)
                if not versions.refuse_if_changed(form, versions.read_of(current, EDITED)):
                    building.edit_organization(
                        current, actor=request.user, name=data["name"], kind=data["kind"], block=data["block"],
                        code=data["code"] or current.code, valid_from=data["valid_from"], note=data["note"],
                    )  # fmt: skip
                    messages.success(request, "Đã lưu thông tin tổ chức.")
                    return redirect("orgs:detail", pk=org.pk)
        except ValidationError as exc:
            _refuse(form, exc)
    return _form_page(request, org, form, "Sửa thông tin tổ chức")


def managed_committee(request: HttpRequest, pk: int) -> Organization:
    """The committee whose blocks and mass organisations the user manages: another
    subtree 404, no managing role (or a cell) 403 — the API's block and mass-organisation
    endpoints go through here too, so they refuse exactly what these pages refuse."""
    org = managed_organization(request, pk)
    if org.is_cell:
        raise PermissionDenied("Chi bộ không chia khối và không có Mặt trận, đoàn thể riêng.")
    return org


@login_required
def blocks(request: HttpRequest, pk: int, block_pk: int | None = None) -> HttpResponse:
    """The committee's blocks, and a form to add one (or edit `block_pk`)."""
    org = managed_committee(request, pk)
    block = get_object_or_404(Block, pk=block_pk, organization=org) if block_pk else None
    initial = {"kind": block.kind, "name": block.name} if block else None
    form = BlockForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = building.save_block(actor=request.user, committee=org, block=block, **form.cleaned_data)
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, f"Đã lưu khối “{saved.name}”.")
            return redirect("orgs:blocks", pk=org.pk)
    rows = Block.objects.filter(organization=org).annotate(n_organizations=Count("organizations"))
    return render(request, "orgs/blocks.html", {"org": org, "form": form, "rows": rows, "editing": block})


@login_required
def mass_organizations(request: HttpRequest, pk: int, mass_pk: int | None = None) -> HttpResponse:
    """The committee's Front and mass organisations, and a form to add or edit one."""
    org = managed_committee(request, pk)
    mass = get_object_or_404(MassOrganization, pk=mass_pk, committee=org) if mass_pk else None
    initial = {"kind": mass.kind, "name": mass.name} if mass else None
    form = MassOrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = building.save_mass_organization(actor=request.user, committee=org, mass=mass, **form.cleaned_data)
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, f"Đã lưu “{saved.name}”.")
            return redirect("orgs:mass_organizations", pk=org.pk)
    rows = MassOrganization.objects.filter(committee=org)
    return render(request, "orgs/mass_organizations.html", {"org": org, "form": form, "rows": rows, "editing": mass})
