"""Synthetic organisation trees at province scale, for benchmarks and query-count
tests: a province of N communes of M cells each, with headcount snapshots.

Paths are computed directly (treebeard's add_child costs several queries per node,
too slow for 6,000 cells) and rows are bulk-inserted; audit is off for the load.
Other apps add their own data on top (plans, candidates) from the returned tree."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from ketnap.audit.context import audit_disabled
from ketnap.core.text import fold
from ketnap.orgs import provinces, spans
from ketnap.orgs.enums import OrganizationKind
from ketnap.orgs.models import MemberCount, Organization


@dataclass
class ScaleTree:
    province: Organization
    communes: list[Organization] = field(default_factory=list)
    cells: dict[int, list[Organization]] = field(default_factory=dict)  # commune pk → cells


def _node(path: str, name: str, code: str, kind: str, numchild: int) -> Organization:
    return Organization(
        path=path,
        depth=len(path) // Organization.steplen,
        numchild=numchild,
        name=name,
        code=code,
        kind=kind,
        search_text=fold(name),
    )


@transaction.atomic
def build_province(label: str, *, communes: int, cells: int, headcount_on: date, seed: int = 1) -> ScaleTree:
    """Create `Đảng bộ tỉnh {label}` with `communes` × `cells` organisations."""
    rng = random.Random(seed)
    last_root = Organization.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    root_path = Organization._get_path(None, 1, (Organization._str2int(last_root) if last_root else 0) + 1)
    with audit_disabled():
        province = _node(root_path, f"Đảng bộ tỉnh {label}", f"S-{label}", OrganizationKind.PROVINCIAL, communes)
        province.save()
        commune_nodes = [
            _node(
                Organization._get_path(root_path, 2, i),
                f"Đảng bộ xã {label} {i}",
                f"S-{label}-{i}",
                OrganizationKind.GRASSROOTS_COMMITTEE,
                cells,
            )
            for i in range(1, communes + 1)
        ]
        Organization.objects.bulk_create(commune_nodes, batch_size=500)
        saved = {o.path: o for o in Organization.objects.filter(path__startswith=root_path, depth=2)}
        tree = ScaleTree(province, [saved[c.path] for c in commune_nodes])
        cell_nodes: list[Organization] = []
        for commune in tree.communes:
            cell_nodes += [
                _node(
                    Organization._get_path(commune.path, 3, j),
                    f"Chi bộ {commune.name[12:]} - {j}",
                    f"{commune.code}-{j}",
                    OrganizationKind.CELL,
                    0,
                )
                for j in range(1, cells + 1)
            ]
        Organization.objects.bulk_create(cell_nodes, batch_size=1000)
        by_path = {c.path: c for c in Organization.objects.filter(path__startswith=root_path, depth=3)}
        for commune in tree.communes:
            tree.cells[commune.pk] = [by_path[p] for p in sorted(by_path) if p.startswith(commune.path)]
        MemberCount.objects.bulk_create(
            [
                MemberCount(
                    organization=cell,
                    counted_on=headcount_on,
                    official=rng.randint(12, 45),
                    probationary=rng.randint(0, 2),
                )
                for cell in by_path.values()
            ],
            batch_size=1000,
        )
        provinces.fill()
        spans.refresh_under([root_path])  # bulk_create sends no signal
    return tree
