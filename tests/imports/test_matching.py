"""Names are matched as Vietnamese names (issue 12, point 1): tone marks and letters
count, case / spacing / Unicode form / old-new tone placement do not; a name that is
only close is a near match that is asked about (preview) or refused (command)."""

from __future__ import annotations

import io
import json
import unicodedata
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from ketnap.imports.matching import (
    MatchKind,
    NameIndex,
    NearChoices,
    NearPolicy,
    exact_key,
    loose_key,
    resolve,
    within_one_edit,
)
from ketnap.orgs.models import Organization
from ketnap.pipeline.importer import import_candidates
from ketnap.plans.importer import import_allocations
from tests.conftest import client_for
from tests.fixtures.plans import make_fixtures as fx
from tests.orgs.helpers import make_child


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("hoà bình", "Hòa Bình"),
        ("Thuý", "thúy"),
        ("khoẻ", "khỏe"),
        (unicodedata.normalize("NFD", "Chi bộ  Bản   Cám"), "Bản Cám"),
        ("CHI BỘ NẶM CÁP", "Chi bộ Nặm Cáp"),
        ("Đèo Cáo-Lân Chàm", "Chi bộ Đèo Cáo - Lân Chàm"),
        ("Đoàn TNCS HCM", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
    ],
)
def test_same_name_written_differently_is_exact(written: str, stored: str) -> None:
    assert exact_key(written) == exact_key(stored)


@pytest.mark.parametrize(
    ("a", "b"), [("Bản Cám", "Bản Cầm"), ("Làng Cà", "Làng Cả"), ("Mỏ Ấm", "Mỏ Âm"), ("Đồng Tiến", "Dong Tien")]
)
def test_tone_marks_and_letters_make_different_names(a: str, b: str) -> None:
    assert exact_key(a) != exact_key(b)
    assert loose_key(a) == loose_key(b)


def test_edit_distance_one() -> None:
    assert within_one_edit("ban cam", "ban cam")
    assert within_one_edit("ban cam", "ban cac")
    assert within_one_edit("ban cam", "ban cams")
    assert within_one_edit("ban cam", "ban ca")
    assert not within_one_edit("ban cam", "ban cxx")
    assert not within_one_edit("ab", "ba")


def _index() -> NameIndex[str]:
    index: NameIndex[str] = NameIndex()
    index.add("cam", "Chi bộ Bản Cầm")
    index.add("pai", "Chi bộ Nà Pài")
    return index


def test_near_match_is_never_silent() -> None:
    index = _index()
    asked = resolve(index, "Bản Cám", NearChoices(), may_create=True)
    assert asked.target is None and asked.match is None
    assert asked.question is not None and asked.question.candidates == ["Chi bộ Bản Cầm"]
    assert "Bản Cám" in (asked.problem or "") and "Chi bộ Bản Cầm" in (asked.problem or "")
    typo = resolve(index, "Nà Pàii", NearChoices(), may_create=False)
    assert typo.question is not None and typo.target is None


def test_near_match_answers() -> None:
    index = _index()
    accepted = resolve(index, "Bản Cám", NearChoices(NearPolicy.ACCEPT), may_create=True)
    assert (accepted.target, accepted.match) == ("cam", MatchKind.NEAR)
    created = resolve(index, "Bản Cám", NearChoices(NearPolicy.CREATE), may_create=True)
    assert created.target is None and created.match is MatchKind.CREATED
    per_name = NearChoices(by_name={exact_key("Bản Cám"): NearPolicy.ACCEPT})
    assert resolve(index, "bản  cám", per_name, may_create=False).target == "cam"
    # "create" where nothing may be created (a member's cell) still asks.
    assert resolve(index, "Bản Cám", NearChoices(NearPolicy.CREATE), may_create=False).problem
    assert resolve(index, "Bản Xa Lạ", NearChoices(), may_create=True).match is MatchKind.CREATED
    assert resolve(index, "Bản Xa Lạ", NearChoices(), may_create=False).not_found
    assert resolve(index, "chi bộ bản cầm", NearChoices(), may_create=False).match is MatchKind.EXACT


def test_ambiguous_name_is_refused() -> None:
    index = _index()
    index.add("other", "Đảng bộ Bản Cầm")
    found = resolve(index, "Bản Cầm", NearChoices(NearPolicy.ACCEPT), may_create=True)
    assert found.ambiguous and found.target is None


def test_choices_round_trip_and_command_flags() -> None:
    choices = NearChoices(NearPolicy.ASK, {"ban2 cam4": NearPolicy.CREATE})
    assert NearChoices.from_json(choices.as_json()) == choices
    assert NearChoices.from_options(accept_near=True).default is NearPolicy.ACCEPT
    with pytest.raises(ValueError, match="Chỉ chọn một"):
        NearChoices.from_options(accept_near=True, create_near=True)


# --- allocations ---------------------------------------------------------------


@pytest.fixture
def ban_cam_file(dong_tien: Organization) -> bytes:
    """Đồng Tiến's appendix with "Bản Cám" in place of "Làng Cà", and a cell "Bản Cầm" in the tree."""
    make_child(dong_tien, "Chi bộ Bản Cầm")
    cells = [("Bản Cám", row[1], row[2]) if row[0] == "Làng Cà" else row for row in fx.DONG_TIEN_CELLS]
    return fx.dong_tien_xlsx(cells=cells)


@pytest.mark.django_db
def test_allocation_import_never_merges_ban_cam_into_ban_cam(dong_tien: Organization, ban_cam_file: bytes) -> None:
    result = import_allocations(
        org=dong_tien, year=2025, data=ban_cam_file, filename="bc.xlsx", actor=None, create_missing=True, dry_run=True
    )
    assert not result.ok
    (issue,) = list(result.outcome.issues)
    assert "“Bản Cám”" in issue.message and "“Chi bộ Bản Cầm”" in issue.message
    data = result.as_json()
    assert data["near"][0]["candidates"] == ["Chi bộ Bản Cầm"]
    matches = {a["name_in_file"]: a["match"] for a in data["allocations"]}
    assert matches["Mỏ Ấm"] == "exact" and matches["Bản Cám"] is None


@pytest.mark.django_db
def test_allocation_import_near_answers(dong_tien: Organization, ban_cam_file: bytes) -> None:
    accepted = import_allocations(
        org=dong_tien, year=2025, data=ban_cam_file, filename="bc.xlsx", actor=None,
        near=NearChoices(NearPolicy.ACCEPT),
    )  # fmt: skip
    assert accepted.ok and accepted.outcome.applied
    row = next(a for a in accepted.as_json()["allocations"] if a["name_in_file"] == "Bản Cám")
    assert (row["organization"], row["match"]) == ("Chi bộ Bản Cầm", "near")
    assert not Organization.objects.filter(name="Chi bộ Bản Cám").exists()
    created = import_allocations(
        org=dong_tien, year=2025, data=ban_cam_file, filename="bc.xlsx", actor=None,
        near=NearChoices(NearPolicy.CREATE),
    )  # fmt: skip
    assert created.ok
    row = next(a for a in created.as_json()["allocations"] if a["name_in_file"] == "Bản Cám")
    assert row["match"] == "created" and Organization.objects.filter(name="Chi bộ Bản Cám").exists()


@pytest.mark.django_db
def test_allocation_command_refuses_near_unless_told(
    dong_tien: Organization, ban_cam_file: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "bc.xlsx"
    path.write_bytes(ban_cam_file)
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import_allocations", str(path), org=dong_tien.code, year=2025, create_missing=True,
            dry_run=True, format="json", stdout=out,
        )  # fmt: skip
    assert exit_.value.code == 1
    data = json.loads(out.getvalue())
    assert not data["ok"] and "Chi bộ Bản Cầm" in data["errors"][0]["message"]
    out = StringIO()
    call_command(
        "import_allocations", str(path), org=dong_tien.code, year=2025, accept_near=True,
        dry_run=True, format="json", stdout=out,
    )  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["ok"] and {a["match"] for a in data["allocations"]} == {"exact", "near"}


@pytest.mark.django_db
def test_allocation_preview_asks_then_applies_the_answer(dong_tien: Organization, ban_cam_file: bytes) -> None:
    from ketnap.plans.models import Plan
    from ketnap.plans.services import create_plan

    board = get_user_model().objects.get(username="bxd.dongtien")
    plan = Plan.objects.filter(organization=dong_tien, year=2025).first() or create_plan(
        dong_tien, actor=board, year=2025, by_quarter=True, with_introduce=True
    )
    client = client_for("bxd.dongtien")
    upload = SimpleUploadedFile("bc.xlsx", ban_cam_file)
    response = client.post(reverse("plans:import", args=[plan.pk]), {"file": upload})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert 'data-testid="near-question"' in page and "Chi bộ Bản Cầm" in page
    key = exact_key("Bản Cám")
    response = client.post(preview_url, {"action": "answer_near", f"near__{key}": "accept"})
    assert response.status_code == 302
    page = client.get(preview_url).content.decode()
    assert 'data-testid="import-ok"' in page and "gần giống, đã chọn" in page
    response = client.post(preview_url)
    assert response.status_code == 302
    bam = Organization.objects.get(name="Chi bộ Bản Cầm", path__startswith=dong_tien.path)
    assert plan.revisions.get(number=0).allocations.filter(organization=bam).exists()


# --- candidates ----------------------------------------------------------------


def _candidates_xlsx(cell: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chi bộ"])
    ws.append([1, "Lò Văn Thử", "12/05/1998", "Nam", cell])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_candidate_import_asks_about_a_near_cell(cao_minh: Organization) -> None:
    assert Organization.objects.filter(name="Chi bộ Bản Cầm", path__startswith=cao_minh.path).count() == 1
    board = get_user_model().objects.get(username="bxd.caominh")

    def run(cell: str, near: NearChoices | None = None):  # type: ignore[no-untyped-def]
        return import_candidates(
            org=cao_minh, data=_candidates_xlsx(cell), filename="qc.xlsx", actor=board,
            default_day=date(2026, 1, 10), apply=False, near=near,
        )  # fmt: skip

    refused = run("Bản Cám")
    assert not refused.ok and "Chi bộ Bản Cầm" in next(iter(refused.issues)).message
    assert refused.payload is not None and refused.payload.questions[0].name_in_file == "Bản Cám"
    accepted = run("Bản Cám", NearChoices(NearPolicy.ACCEPT))
    assert accepted.ok and accepted.payload is not None, [str(i) for i in accepted.issues]
    (row,) = accepted.payload.rows
    assert row.cell.name == "Chi bộ Bản Cầm" and row.match is MatchKind.NEAR
    exact = run("chi bộ bản cầm")
    assert exact.ok and exact.payload is not None and exact.payload.rows[0].match is MatchKind.EXACT
