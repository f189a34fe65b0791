"""Who issues a document and where: the names of its header block and the place of
its date line ("Cao Minh, ngày … tháng … năm …"), for every document kind.

Why here and not in each exporter: 36-HD puts the place in every date line, and the
reports and evaluations had none; one function for all documents keeps them alike.
"""

from __future__ import annotations

from datetime import date

from ketnap.orgs.history import organization_on
from ketnap.orgs.models import Organization

_PLACE_PREFIXES = (
    "Đảng bộ xã ",
    "Đảng bộ phường ",
    "Đảng bộ thị trấn ",
    "Đảng bộ đặc khu ",
    "Đảng bộ huyện ",
    "Đảng bộ thị xã ",
    "Đảng bộ thành phố ",
    "Đảng bộ tỉnh ",
    "Đảng bộ ",
    "Chi bộ xã ",
    "Chi bộ ",
)


def grassroots_of(org: Organization) -> Organization:
    """The nearest committee above a cell (the commune's for a village cell); any
    other organisation is its own."""
    if not org.is_cell:
        return org
    for ancestor in reversed([*Organization.objects.get_ancestors(org)]):
        if not ancestor.is_cell:
            return ancestor
    return org


def name_on(org: Organization, on: date | None) -> str:
    """The organisation's name on the document's date (its name today when undated):
    a plan of 2024 printed in 2026 keeps the name it was issued under."""
    return org.name if on is None else organization_on(org, on).name


def committee_name_on(org: Organization, on: date | None) -> str:
    """`Organization.committee_name` of the name (and kind) `org` had on `on`."""
    if on is None:
        return org.committee_name
    state = organization_on(org, on)
    return Organization(name=state.name, kind=state.kind).committee_name


def parent_name_on(org: Organization, on: date | None) -> str:
    """The parent's name on `on`, under the name that parent itself had that day (a
    restructuring may have moved `org` and renamed its old parent since)."""
    if on is None:
        parent = Organization.objects.get_parent(org) if org.depth > 1 else None
        return parent.name if parent else ""
    state = organization_on(org, on)
    if state.parent_id is None:
        return ""
    parent = Organization.objects.get(pk=state.parent_id)
    return organization_on(parent, on).name


def place_of(org: Organization, on: date | None = None) -> str:
    """The place name of the date line: "Cao Minh" for "Đảng bộ xã Cao Minh" and for
    its cells (a cell dates its papers where its commune sits), as named on `on`."""
    name = name_on(grassroots_of(org), on)
    for prefix in _PLACE_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def issuer_names(org: Organization, on: date | None) -> tuple[str, str]:
    """("ĐẢNG BỘ TỈNH THÁI NGUYÊN", "ĐẢNG ỦY XÃ CAO MINH") for the header block, as the
    tree stood on the document's date `on` (36-HD: the issuer and its superior of the
    day the paper was signed; today's tree when the document is undated)."""
    return (parent_name_on(org, on).upper(), committee_name_on(org, on).upper())
