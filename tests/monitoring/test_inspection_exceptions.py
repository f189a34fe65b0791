"""Inspection sees the exceptions (issue 11, point 6): an act that went through only
with an approving document, and a vote whose official-member count was corrected away
from the registry, are listed with their document next to the violations — recorded
here through the real services, as a secretary would."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from ketnap.monitoring.periods import whole_year
from ketnap.monitoring.selectors.inspection import exceptions, inspect
from ketnap.orgs.models import Organization
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.registry import official_members_on
from ketnap.pipeline.services.advance import MoveRefused
from tests.conftest import client_for, org
from tests.pipeline.helpers import cell_vote, failing_rules, ready_for_vote
from tests.web.test_access import BOARD, INSPECTOR, MASS_ORG, OTHER_SUBTREE, SECRETARY

pytestmark = pytest.mark.django_db
VOTE = date(2025, 10, 1)
APPROVAL = "Văn bản số 88-CV/TU ngày 20/9/2025 của Ban Thường vụ Tỉnh ủy đồng ý"
CAO_MINH = "Đảng bộ xã Cao Minh"
CORRECTION = "Hai đảng viên chuyển đến chưa nhập danh sách"


@pytest.fixture
def over_sixty(hung_thinh: Organization) -> Candidate:
    """Born in 1960: past 60 at the vote, admitted by the cell only with the province's consent,
    on a count of members two above the registry's."""
    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1960, 1, 1), full_name="Trần Văn Ngoại Lệ")
    eligible = official_members_on(hung_thinh, VOTE) + 2
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, VOTE, eligible=eligible, in_favour=eligible, eligible_reason=CORRECTION)
    assert refused.value.needs_approval and failing_rules(refused.value) == {"age.max"}
    cell_vote(c, VOTE, eligible=eligible, in_favour=eligible, eligible_reason=CORRECTION, approval=APPROVAL)
    return c


def test_an_approved_act_is_listed_with_its_document_and_the_waived_condition(over_sixty: Candidate) -> None:
    from tests.orgs.helpers import make_user

    inspector = make_user("ubkt-ngoaile", org(CAO_MINH), "inspector")
    (approved,) = [x for x in exceptions(inspector, org(CAO_MINH), whole_year(2025)) if x.kind == "approval"]
    assert approved.candidate == over_sixty and approved.on == VOTE
    assert approved.document == APPROVAL and approved.act == "Chi bộ biểu quyết đề nghị kết nạp"
    # Only the condition the document stood in for, not every condition that passed.
    assert [r.rule for r in approved.reasons] == ["age.max"]
    assert "Quá 60 tuổi" in approved.reasons[0].message and approved.reasons[0].citation


def test_a_corrected_count_is_listed_with_its_reason(over_sixty: Candidate) -> None:
    from tests.orgs.helpers import make_user

    inspector = make_user("ubkt-sua", org(CAO_MINH), "inspector")
    result = inspect(inspector, org(CAO_MINH), whole_year(2025))
    (corrected,) = [x for x in result.exceptions if x.kind == "registry.corrected" and x.candidate == over_sixty]
    assert corrected.reasons[0].rule == "vote.registry_corrected"
    assert CORRECTION in corrected.reasons[0].message and "05-NQ" not in corrected.document
    assert corrected.document.startswith("Nghị quyết chi bộ")
    # An exception is not a violation: the same candidate raises no finding.
    assert over_sixty not in [f.candidate for f in result.findings]
    # Another year, or another subtree's inspector, sees nothing of it.
    assert not [x for x in exceptions(inspector, org(CAO_MINH), whole_year(2026)) if x.candidate == over_sixty]
    outsider = make_user("ubkt-khac", org("Đảng bộ xã Đồng Tiến"), "inspector")
    assert not [
        x for x in exceptions(outsider, org("Đảng bộ xã Đồng Tiến"), whole_year(2025)) if x.candidate == over_sixty
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [(BOARD, 200), (INSPECTOR, 200), (SECRETARY, 404), (MASS_ORG, 403), (OTHER_SUBTREE, 404)],
)
def test_the_inspection_page_shows_the_exceptions_next_to_the_violations(
    over_sixty: Candidate, persona: str, status: int
) -> None:
    url = reverse("monitoring:inspection", args=[org(CAO_MINH).pk]) + "?on=2025-12-31"
    response = client_for(persona).get(url)
    assert response.status_code == status
    if status == 200:
        page: Any = response.content.decode()
        assert 'data-testid="findings"' in page and 'data-testid="exceptions"' in page
        assert page.index('data-testid="findings"') < page.index('data-testid="exceptions"')
        assert "Trần Văn Ngoại Lệ" in page and APPROVAL in page and CORRECTION in page
        assert 'data-testid="exception-approval"' in page and 'data-testid="exception-registry.corrected"' in page
