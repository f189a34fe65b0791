"""Load the demo dataset: the party tree of the source documents, headcounts,
a member registry, mass organisations and the demo logins.

Idempotent: a second run finds the tree already there and only makes sure the demo
users exist, so `make demo` can be run again safely."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from ketnap.audit.context import audit_disabled
from ketnap.core.text import fold
from ketnap.orgs.demo.clock import DemoClock
from ketnap.orgs.demo.names import person_name
from ketnap.orgs.demo.tree import BLOCKS, CommitteeSpec, OrgSpec, demo_tree
from ketnap.orgs.enums import CELL_KINDS, MemberStatus, Role, Sex
from ketnap.orgs.models import (
    Block,
    MassOrganization,
    Member,
    MemberCount,
    Membership,
    Organization,
)

DEMO_PASSWORD = "ketnap-demo"
HEADCOUNT_DATES = (date(2023, 12, 31), date(2025, 12, 31))
HISTORIC_HEADCOUNT_DATE = date(2022, 12, 31)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    organization: str
    mass_organization: str | None = None

    @property
    def description(self) -> str:
        label = Role(self.role).label
        extra = f" ({self.mass_organization})" if self.mass_organization else ""
        return f"{label}{extra}, {self.organization}"


DEMO_LOGINS = [
    DemoLogin("tinh.thainguyen", "Ban Tổ chức Tỉnh ủy Thái Nguyên", Role.ORGANIZING_BOARD, "Đảng bộ tỉnh Thái Nguyên"),
    DemoLogin("bxd.caominh", "Ban Xây dựng Đảng xã Cao Minh", Role.ORGANIZING_BOARD, "Đảng bộ xã Cao Minh"),
    DemoLogin("ubkt.caominh", "Ủy ban Kiểm tra Đảng ủy xã Cao Minh", Role.INSPECTOR, "Đảng bộ xã Cao Minh"),
    DemoLogin("bithu.hungthinh", "Bí thư Chi bộ Hưng Thịnh", Role.CELL_SECRETARY, "Chi bộ Hưng Thịnh"),
    DemoLogin("bithu.namcap", "Bí thư Chi bộ Nặm Cáp", Role.CELL_SECRETARY, "Chi bộ Nặm Cáp"),
    DemoLogin(
        "doan.caominh",
        "Đoàn TNCS Hồ Chí Minh xã Cao Minh",
        Role.MASS_ORG_OFFICER,
        "Đảng bộ xã Cao Minh",
        "Đoàn TNCS Hồ Chí Minh",
    ),
    DemoLogin("bxd.dongtien", "Ban Xây dựng Đảng xã Đồng Tiến", Role.ORGANIZING_BOARD, "Đảng bộ xã Đồng Tiến"),
    DemoLogin("ttct.caominh", "Trung tâm chính trị xã Bằng Thành", Role.POLITICAL_CENTRE, "Đảng bộ xã Cao Minh"),
]


def load_demo(clock: DemoClock | None = None) -> bool:
    """Create the demo tree unless present; returns True when it was created now.
    `clock` moves the headcounts and the registry to the anchor's years (the tree's
    own history, the 2025 restructuring, is a fact and stays where it is)."""
    created = False
    with transaction.atomic(), audit_disabled():
        if not Organization.objects.filter(is_demo=True).exists():
            _create_tree(clock or DemoClock())
            created = True
        _ensure_logins()
    return created


def _create_tree(clock: DemoClock) -> None:
    rng = random.Random(2026)
    roots: dict[str, Organization] = {}
    for province_index, (spec, committees) in enumerate(demo_tree(), start=1):
        root = Organization.objects.add_root(create_kwargs=_kwargs(spec, f"T{province_index:02d}"))
        roots[spec.name] = root
        _create_children(root, spec, committees, rng, clock)
    ninh_thuan, khanh_hoa = roots["Đảng bộ tỉnh Ninh Thuận"], roots["Đảng bộ tỉnh Khánh Hòa"]
    Organization.objects.filter(pk=ninh_thuan.pk).update(successor=khanh_hoa)


def _kwargs(spec: OrgSpec, code: str) -> dict[str, object]:
    return {
        "name": spec.name,
        "code": code,
        "kind": spec.kind,
        "valid_from": spec.valid_from,
        "valid_until": spec.valid_until,
        "note": spec.note,
        "is_demo": True,
        "search_text": fold(spec.name),
    }


def _create_children(
    parent: Organization,
    spec: OrgSpec,
    committees: dict[str, CommitteeSpec],
    rng: random.Random,
    clock: DemoClock,
) -> None:
    committee = committees.get(spec.name)
    blocks: dict[str, Block] = {}
    if committee is not None:
        for kind, name in committee.mass_organizations:
            MassOrganization.objects.create(committee=parent, kind=kind, name=name, is_demo=True)
    for index, child in enumerate(spec.children, start=1):
        block = None
        if committee is not None and child.block:
            if child.block not in blocks:
                name, kind = BLOCKS[child.block]
                blocks[child.block] = Block.objects.create(organization=parent, name=name, kind=kind)
            block = blocks[child.block]
        kwargs = _kwargs(child, f"{parent.code}.{index:02d}")
        kwargs["block"] = block
        node = Organization.objects.add_child(parent, create_kwargs=kwargs)
        parent.refresh_from_db()
        if child.members:
            historic = parent.valid_until is not None or child.valid_until is not None
            _create_headcounts(node, child, rng, clock, historic=historic)
        _create_children(node, child, committees, rng, clock)


def _create_headcounts(
    org: Organization, spec: OrgSpec, rng: random.Random, clock: DemoClock, *, historic: bool
) -> None:
    if historic:
        MemberCount.objects.create(
            organization=org,
            counted_on=HISTORIC_HEADCOUNT_DATE,
            official=spec.members - spec.members // 30,
            probationary=spec.members // 30,
        )
        return
    earlier = max(3, spec.members - rng.randint(0, 4))
    MemberCount.objects.create(
        organization=org,
        counted_on=clock.yearly(HEADCOUNT_DATES[0]),
        official=earlier - earlier // 30,
        probationary=earlier // 30,
    )
    probationary = spec.members // 30
    MemberCount.objects.create(
        organization=org,
        counted_on=clock.yearly(HEADCOUNT_DATES[1]),
        official=spec.members - probationary,
        probationary=probationary,
    )
    if org.kind in CELL_KINDS or org.numchild == 0:
        _create_members(org, spec.members - probationary, probationary, rng, clock)


def _create_members(org: Organization, official: int, probationary: int, rng: random.Random, clock: DemoClock) -> None:
    members = []
    for i in range(official + probationary):
        female = rng.random() < 0.42
        is_probationary = i >= official
        admitted = (
            clock.yearly(date(2025, 1, 1)) + timedelta(days=rng.randint(0, 330))
            if is_probationary
            else date(1975, 1, 1) + timedelta(days=rng.randint(0, 18000))
        )
        member = Member(
            organization=org,
            full_name=person_name(rng, female),
            sex=Sex.FEMALE if female else Sex.MALE,
            birth_date=admitted - timedelta(days=rng.randint(19 * 365, 35 * 365)),
            status=MemberStatus.PROBATIONARY if is_probationary else MemberStatus.OFFICIAL,
            admission_date=admitted,
            official_date=None if is_probationary else admitted + timedelta(days=365),
            is_demo=True,
        )
        member.fill_derived()
        members.append(member)
    Member.objects.bulk_create(members, batch_size=500)


def _ensure_logins() -> None:
    User = get_user_model()
    for login in DEMO_LOGINS:
        user, created = User.objects.get_or_create(username=login.username)
        if created:
            user.first_name = login.full_name
            user.set_password(DEMO_PASSWORD)
        # A reserved domain (RFC 2606): a digest of the demo reaches nobody.
        missing_email = not user.email
        if missing_email:
            user.email = f"{login.username}@example.invalid"
        if created or missing_email:
            user.save()
        org = Organization.objects.get(name=login.organization, is_demo=True)
        mass_org = (
            MassOrganization.objects.get(committee=org, name=login.mass_organization)
            if login.mass_organization
            else None
        )
        Membership.objects.get_or_create(
            user=user,
            organization=org,
            role=login.role,
            defaults={"mass_organization": mass_org},
        )
