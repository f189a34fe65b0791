"""The province-scale generator builds a valid tree that rolls up correctly."""

from datetime import date

import pytest

from ketnap.orgs import selectors
from ketnap.orgs.models import MemberCount, Organization
from ketnap.orgs.scale import build_province

pytestmark = pytest.mark.django_db


def test_build_province_makes_a_valid_tree() -> None:
    tree = build_province("Mẫu", communes=3, cells=4, headcount_on=date(2025, 12, 31))
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    assert len(tree.communes) == 3 and all(len(cells) == 4 for cells in tree.cells.values())
    assert Organization.objects.get(pk=tree.communes[1].pk).numchild == 4
    expected = sum(c.total for c in MemberCount.objects.filter(organization__path__startswith=tree.province.path))
    assert selectors.headcount(tree.province, date(2026, 1, 1)).total == expected
    assert selectors.headcount(tree.province, date(2025, 12, 30)).total == 0
    child = Organization.objects.add_child(
        tree.communes[0], create_kwargs={"name": "Chi bộ mới", "code": "S-new", "kind": "cell"}
    )
    assert child.path.startswith(tree.communes[0].path)
