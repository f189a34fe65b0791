"""Every hot table carries its province (root) id, the distribution key on Citus
(issue 10, point 4): set on save, by the bulk loaders, and kept in step when a subtree
moves to another province; stage events keep the province where they happened."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from ketnap.monitoring.scale import build_monitoring_province
from ketnap.orgs import provinces, restructure
from ketnap.orgs.models import Member, MemberCount, Organization
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Candidate, StageEvent

pytestmark = pytest.mark.django_db
HOT = [
    "orgs_organization", "orgs_membercount", "orgs_member", "pipeline_candidate", "pipeline_stageevent",
    *provinces.RECORD_TABLES,
]  # fmt: skip


def _missing() -> dict[str, int]:
    with connection.cursor() as cur:
        found = {}
        for table in HOT:
            cur.execute(f"SELECT COUNT(*) FROM {table} WHERE province_id IS NULL")
            found[table] = cur.fetchone()[0]
    return found


def test_the_demo_and_generated_provinces_carry_their_province() -> None:
    data = build_monitoring_province("Gốc", communes=2, cells=2)
    assert _missing() == dict.fromkeys(HOT, 0)
    assert provinces.fill(only_missing=False) == 0  # every id agrees with the tree
    root = data.tree.province
    assert root.province_id == root.pk
    assert set(
        Candidate.objects.filter(organization__path__startswith=root.path).values_list("province_id", flat=True)
    ) == {root.pk}


def test_rows_saved_one_by_one_get_it_without_a_lookup() -> None:
    data = build_monitoring_province("Lẻ", communes=1, cells=1)
    cell = Organization.objects.get(pk=data.tree.cells[data.tree.communes[0].pk][0].pk)
    child = Organization.objects.add_child(cell, create_kwargs={"name": "Tổ mới", "code": "X-NEW", "kind": "cell"})
    assert child.province_id == data.tree.province.pk
    count = MemberCount.objects.create(organization=cell, counted_on=date(2026, 5, 1), official=3)
    person = Candidate.objects.filter(organization=cell).first()
    event = StageEvent.objects.create(
        candidate=person, to_stage=Stage.ADMITTED, effective_on=date(2026, 6, 1), organization=cell, org_path=cell.path
    )
    assert count.province_id == event.province_id == data.tree.province.pk


def test_a_move_to_another_province_takes_its_rows_and_leaves_its_events() -> None:
    a = build_monitoring_province("Nguồn", communes=2, cells=2).tree
    b = build_monitoring_province("Đích", communes=1, cells=1, seed=8).tree
    commune = a.communes[0]
    Member.objects.create(organization=a.cells[commune.pk][0], full_name="Nguyễn Văn Chuyển")
    events_before = set(
        StageEvent.objects.filter(org_path__startswith=commune.path).values_list("province_id", flat=True)
    )
    restructure.move(commune, b.province, on=date(2026, 11, 21))
    commune.refresh_from_db()
    assert commune.path.startswith(b.province.path) and commune.province_id == b.province.pk
    moved = Organization.objects.filter(path__startswith=commune.path)
    assert set(moved.values_list("province_id", flat=True)) == {b.province.pk}
    assert set(Candidate.objects.filter(organization__in=moved).values_list("province_id", flat=True)) == {
        b.province.pk
    }
    assert set(Member.objects.filter(organization__in=moved).values_list("province_id", flat=True)) == {b.province.pk}
    assert set(MemberCount.objects.filter(organization__in=moved).values_list("province_id", flat=True)) == {
        b.province.pk
    }
    events = StageEvent.objects.filter(organization__in=moved)
    assert set(events.values_list("province_id", flat=True)) == events_before == {a.province.pk}


def test_the_candidates_records_carry_its_province_and_follow_it() -> None:
    """The dossier, verifications, sponsors, mentors, resolutions and decisions of the
    demo (made through the services, saved one by one) carry their candidate's province,
    and a restructuring that carries the candidate to another province takes them along."""
    assert _missing() == dict.fromkeys(HOT, 0)
    with connection.cursor() as cur:
        for table in provinces.RECORD_TABLES:
            cur.execute(
                f"SELECT COUNT(*) FROM {table} r JOIN pipeline_candidate c ON c.id = r.candidate_id "
                "WHERE r.province_id <> c.province_id"
            )
            assert cur.fetchone()[0] == 0, table
    b = build_monitoring_province("Nhận", communes=1, cells=1, seed=9).tree
    person = Candidate.objects.filter(is_demo=True, verifications__isnull=False, mentors__isnull=False).first()
    assert person is not None and person.province_id != b.province.pk
    assert set(person.verifications.values_list("province_id", flat=True)) == {person.province_id}
    restructure.move(person.organization, b.communes[0], on=date(2026, 11, 21), reason="Chuyển sang tỉnh khác")
    for related in ("verifications", "mentors", "sponsors", "dossiers"):
        assert set(getattr(person, related).values_list("province_id", flat=True)) <= {b.province.pk}, related
    assert set(person.verifications.values_list("province_id", flat=True)) == {b.province.pk}
