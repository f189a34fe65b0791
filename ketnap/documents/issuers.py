"""Who issues a document and where: the names of its header block and the place of
its date line ("Cao Minh, ngày … tháng … năm …"), for every document kind.

Why here and not in each exporter: 36-HD puts the place in every date line, and the
reports and evaluations had none; one function for all documents keeps them alike.
"""

from __future__ import annotations

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


def place_of(org: Organization) -> str:
    """The place name of the date line: "Cao Minh" for "Đảng bộ xã Cao Minh" and for
    its cells (a cell dates its papers where its commune sits)."""
    name = grassroots_of(org).name
    for prefix in _PLACE_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def issuer_names(org: Organization) -> tuple[str, str]:
    """("ĐẢNG BỘ TỈNH THÁI NGUYÊN", "ĐẢNG ỦY XÃ CAO MINH") for the header block."""
    parent = Organization.objects.get_parent(org) if org.depth > 1 else None
    return (parent.name.upper() if parent else "", org.committee_name.upper())
