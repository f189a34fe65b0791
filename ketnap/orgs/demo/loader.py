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
from ketnap.orgs import restructure, spans
from ketnap.orgs.demo.clock import DemoClock
from ketnap.orgs.demo.names import person_name
from ketnap.orgs.demo.tree import (
    BLOCKS,
    CAO_MINH_PREDECESSORS,
    RESTRUCTURING_2025,
    CommitteeSpec,
    OrgSpec,
    bac_kan,
    demo_tree,
)
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
    """The tree as it stood before 01/7/2025, then the 2025 restructuring replayed
    through the services (issue 10, point 3): the communes merged into Cao Minh with
    their cells, the district of Pác Nặm closed, Bắc Kạn merged into Thái Nguyên and
    Ninh Thuận into Khánh Hòa. Done before any candidate exists: the pipeline's step then
    records each event at the path its cell held on the event's day, so what happened
    before the merge stays with the commune it happened in."""
    rng = random.Random(2026)
    roots: dict[str, Organization] = {}
    homes: dict[str, Organization] = {}
    for province_index, (spec, committees) in enumerate(demo_tree(), start=1):
        root = Organization.objects.add_root(create_kwargs=_kwargs(spec, f"T{province_index:02d}"))
        roots[spec.name] = root
        if province_index == 1:
            # Bắc Kạn's communes must exist before Cao Minh's cells are made in them; the
            # cells are still made at Cao Minh's turn, so every other row stays as it was.
            roots["Đảng bộ tỉnh Bắc Kạn"], homes = _create_bac_kan()
        _create_children(root, spec, committees, rng, clock, homes)
    _restructure_2025(roots, homes)


def _create_bac_kan() -> tuple[Organization, dict[str, Organization]]:
    """Bắc Kạn down to the three communes (no cells yet); returns the root and, for each
    of Cao Minh's cells that came from one of them, the commune it belonged to."""
    spec = bac_kan()
    root = Organization.objects.add_root(create_kwargs=_kwargs(spec, "T07"))
    (district_spec,) = spec.children
    district = Organization.objects.add_child(root, create_kwargs=_kwargs(district_spec, f"{root.code}.01"))
    homes: dict[str, Organization] = {}
    for index, commune_spec in enumerate(district_spec.children, start=1):
        district.refresh_from_db()
        commune = Organization.objects.add_child(
            district, create_kwargs=_kwargs(commune_spec, f"{district.code}.{index:02d}")
        )
        homes.update({cell: commune for cell in CAO_MINH_PREDECESSORS[commune_spec.name]})
    return root, homes


def _restructure_2025(roots: dict[str, Organization], homes: dict[str, Organization]) -> None:
    """The provinces' side of 01/7/2025 (the communes were merged into Cao Minh as its
    cells were made)."""
    on = RESTRUCTURING_2025
    district = Organization.objects.get_parent(next(iter(homes.values())))
    restructure.close(
        district,
        on=on,
        reason="Kết thúc hoạt động của cấp huyện khi tổ chức chính quyền địa phương hai cấp.",
    )
    restructure.merge(
        [roots["Đảng bộ tỉnh Bắc Kạn"]],
        into=roots["Đảng bộ tỉnh Thái Nguyên"],
        on=on,
        reason="Hợp nhất tỉnh Bắc Kạn và tỉnh Thái Nguyên từ 01/7/2025.",
    )
    restructure.merge(
        [roots["Đảng bộ tỉnh Ninh Thuận"]],
        into=roots["Đảng bộ tỉnh Khánh Hòa"],
        on=on,
        reason="Hợp nhất tỉnh Khánh Hòa và tỉnh Ninh Thuận từ 01/7/2025.",
    )


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
    homes: dict[str, Organization],
) -> None:
    """`homes` names the children made under another organisation (a commune merged
    into `parent` later): they are made there, then merged into `parent` before its own
    children are made, so the children end in the appendix's order."""
    committee = committees.get(spec.name)
    blocks: dict[str, Block] = {}
    if committee is not None:
        for kind, name in committee.mass_organizations:
            MassOrganization.objects.create(committee=parent, kind=kind, name=name, is_demo=True)
    merged: list[Organization] = []
    for index, child in enumerate(spec.children, start=1):
        block = None
        if committee is not None and child.block:
            if child.block not in blocks:
                name, kind = BLOCKS[child.block]
                blocks[child.block] = Block.objects.create(organization=parent, name=name, kind=kind)
            block = blocks[child.block]
        home = homes.get(child.name)
        if home is None and merged:
            _merge_into(parent, merged)
            merged = []
        if home is not None and home not in merged:
            merged.append(home)
        under = home or parent
        under.refresh_from_db()
        # a merged cell keeps the code (and the block) it has in the committee it joins
        kwargs = _kwargs(child, f"{parent.code}.{index:02d}")
        kwargs["block"] = block
        node = Organization.objects.add_child(under, create_kwargs=kwargs)
        under.refresh_from_db()
        if child.members:
            historic = under.valid_until is not None or child.valid_until is not None
            _create_headcounts(node, child, rng, clock, historic=historic)
        _create_children(node, child, committees, rng, clock, homes)
    if merged:
        _merge_into(parent, merged)


def _merge_into(target: Organization, communes: list[Organization]) -> None:
    """Sáp nhập: the communes close on 30/6/2025 and their cells (with their members and
    headcounts) carry over to `target` from 01/7/2025."""
    restructure.merge(
        communes,
        into=target,
        on=RESTRUCTURING_2025,
        carry={"children"},
        reason=f"Sáp nhập {', '.join(c.name.removeprefix('Đảng bộ ') for c in communes)} thành {target.name}.",
    )
    target.refresh_from_db()


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
    spans.refresh([org.pk])  # bulk_create sends no signal


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
