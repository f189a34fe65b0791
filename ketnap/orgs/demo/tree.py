"""The demo party tree, taken from the five source documents (shared/seeds).

Each entry: (name, kind, block key or None, members on the headcount date).
Headcounts are synthetic but sized as the documents imply: Cao Minh's total makes
3.2 % round up to 41 (1,251–1,281), Việt Hưng's makes ≥ 118 about 3.2 %."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ketnap.orgs.enums import BlockKind, MassOrganizationKind, OrganizationKind

K = OrganizationKind


@dataclass(frozen=True)
class OrgSpec:
    name: str
    kind: str
    block: str | None = None
    members: int = 0
    children: tuple[OrgSpec, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    note: str = ""


@dataclass(frozen=True)
class CommitteeSpec:
    """A grassroots committee with its blocks and mass organisations."""

    org: OrgSpec
    blocks: dict[str, tuple[str, str]] = field(default_factory=dict)
    mass_organizations: tuple[tuple[str, str], ...] = ()


STANDARD_MASS_ORGS = (
    (MassOrganizationKind.FATHERLAND_FRONT, "Mặt trận Tổ quốc"),
    (MassOrganizationKind.YOUTH_UNION, "Đoàn TNCS Hồ Chí Minh"),
    (MassOrganizationKind.VETERANS, "Hội Cựu chiến binh"),
    (MassOrganizationKind.FARMERS, "Hội Nông dân"),
    (MassOrganizationKind.WOMEN, "Hội Phụ nữ"),
)

# 001: the appendix of Kế hoạch phát triển đảng viên năm 2026, Đảng ủy xã Cao Minh,
# 41 rows in this order; 39 cells and 2 sub-committees.
CAO_MINH_APPENDIX = [
    "Chi bộ Hưng Thịnh",
    "Chi bộ Trung Hòa",
    "Chi bộ Nặm Cáp",
    "Chi bộ Phja Mạ",
    "Chi bộ Nặm Sai",
    "Chi bộ Cốc Nọt",
    "Chi bộ Phiêng Luông",
    "Chi bộ Khên Lèn",
    "Chi bộ Trường Trung học cơ sở Công Bằng",
    "Chi bộ Trường Tiểu học Công Bằng",
    "Chi bộ Trường Mầm non Công Bằng",
    "Chi bộ Bản Sáng",
    "Chi bộ Phja Bâ",
    "Chi bộ Khuổi Trà",
    "Chi bộ Thôm Niêng",
    "Chi bộ Nà Pùng",
    "Chi bộ Nặm Nhì",
    "Chi bộ Bản Nghè",
    "Chi bộ Bản Cầm",
    "Chi bộ Lũng Nghè",
    "Chi bộ Trường Mầm non Cổ Linh",
    "Chi bộ Trường Tiểu học Cổ Linh",
    "Chi bộ Trường Trung học cơ sở Cổ Linh",
    "Chi bộ Nà Lài",
    "Chi bộ Pù Lườn",
    "Chi bộ Chẻ Pang",
    "Chi bộ Bản Pjao",
    "Chi bộ Nà Mạ",
    "Chi bộ Bản Nhàm",
    "Chi bộ Cốc Lải",
    "Chi bộ Bản Bón",
    "Chi bộ Nà Quạng",
    "Chi bộ Đuông Nưa",
    "Chi bộ Phiêng Puốc",
    "Chi bộ Trường Mầm non Cao Tân",
    "Chi bộ Trường PTDTBT THCS Cao Tân",
    "Chi bộ Trường Tiểu học Cao Tân",
    "Đảng bộ các cơ quan Đảng",
    "Đảng bộ Ủy ban Nhân dân xã",
    "Chi bộ Công an",
    "Chi bộ Trạm Y tế",
]
CAO_MINH_TOTAL = 1260  # 3.2 % of 1,260 = 40.32 → 41

#: Xã Cao Minh was formed on 01/7/2025 from the communes Công Bằng, Cổ Linh and Cao Tân
#: of huyện Pác Nặm (tỉnh Bắc Kạn, itself merged into Thái Nguyên): the appendix lists
#: their villages and schools commune by commune (the schools keep the old communes'
#: names), then the new commune's own agencies. The demo builds the three communes with
#: their cells and merges them into Cao Minh through the restructuring service.
CAO_MINH_PREDECESSORS: dict[str, tuple[str, ...]] = {
    "Đảng bộ xã Công Bằng": tuple(CAO_MINH_APPENDIX[0:11]),
    "Đảng bộ xã Cổ Linh": tuple(CAO_MINH_APPENDIX[11:23]),
    "Đảng bộ xã Cao Tân": tuple(CAO_MINH_APPENDIX[23:37]),
}


def _cao_minh_children() -> tuple[OrgSpec, ...]:
    specs = []
    sizes = _spread(CAO_MINH_TOTAL, len(CAO_MINH_APPENDIX), seed=41)
    for name, size in zip(CAO_MINH_APPENDIX, sizes, strict=True):
        if name.startswith("Đảng bộ"):
            kind, block = K.SUB_COMMITTEE, "agencies"
        elif "Trường" in name:
            kind, block = K.CELL, "schools"
        elif name in ("Chi bộ Công an", "Chi bộ Trạm Y tế"):
            kind, block = K.CELL, "agencies"
        else:
            kind, block = K.CELL, "rural"
        specs.append(OrgSpec(name, kind, block, size))
    return tuple(specs)


def _spread(total: int, parts: int, seed: int) -> list[int]:
    """Split `total` into `parts` plausible cell sizes that add up exactly."""
    import random

    rng = random.Random(seed)
    weights = [rng.uniform(0.5, 1.6) for _ in range(parts)]
    raw = [max(5, int(total * w / sum(weights))) for w in weights]
    raw[0] += total - sum(raw)
    return raw


# 002: Đảng ủy xã Đồng Tiến, 2024 — 12 cells in two blocks, 5 mass organisations.
DONG_TIEN_RURAL = [
    "Chi bộ Đèo Cáo - Lân Chàm",
    "Chi bộ Mỏ Ấm",
    "Chi bộ Làng Quặng",
    "Chi bộ Làng Gia",
    "Chi bộ Lân Luông",
    "Chi bộ Địa Phận",
    "Chi bộ Làng Cà",
    "Chi bộ Liên Phương",
]
DONG_TIEN_AGENCIES = [
    "Chi bộ Trường TH&THCS",
    "Chi bộ Trường Mầm non",
    "Chi bộ Y tế",
    "Chi bộ Quân sự xã",
]

# 000: Đảng ủy phường Việt Hưng (Hà Nội), 2026 — residential groups, agencies, schools,
# enterprises (the appendix itself is not in the document; these are plausible).
VIET_HUNG_CELLS = [(f"Chi bộ Tổ dân phố số {i}", "residential") for i in range(1, 31)] + [
    ("Chi bộ Cơ quan Đảng ủy phường", "agencies"),
    ("Chi bộ Ủy ban nhân dân phường", "agencies"),
    ("Chi bộ Công an phường", "armed_forces"),
    ("Chi bộ Quân sự phường", "armed_forces"),
    ("Chi bộ Trường Trung học cơ sở Việt Hưng", "schools"),
    ("Chi bộ Trường Tiểu học Việt Hưng", "schools"),
    ("Chi bộ Trường Mầm non Hoa Sữa", "schools"),
    ("Chi bộ Công ty Cổ phần Xây dựng Việt Hưng", "enterprises"),
    ("Chi bộ Công ty TNHH Thương mại Long Biên", "enterprises"),
]
VIET_HUNG_TOTAL = 3650  # ≥ 118 new members ≈ 3.2 %

# 004: Đảng ủy xã Bình Lưu (Lai Châu), 2026 — three school cells named in the directive.
BINH_LUU_CELLS = [
    ("Chi bộ Trường THPT Bình Lưu", "schools"),
    ("Chi bộ Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "schools"),
    ("Chi bộ Trường Phổ thông dân tộc nội trú THPT Tam Đường", "schools"),
    ("Chi bộ Bản Bình Lư", "rural"),
    ("Chi bộ Bản Nà Khum", "rural"),
    ("Chi bộ Bản Hon", "rural"),
    ("Chi bộ Công an xã", "armed_forces"),
    ("Chi bộ Quân sự xã", "armed_forces"),
    ("Chi bộ Cơ quan Ủy ban nhân dân xã", "agencies"),
]
BINH_LUU_TOTAL = 640

#: Three more communes of Thái Nguyên (issue 16), small on purpose (4 cells each, so the
#: demo stays quick to load): the province's dashboard compares communes ahead of and
#: behind their quota. Names are of communes formed in the 2025 restructuring.
THAI_NGUYEN_COMMUNES: dict[str, tuple[list[tuple[str, str]], int]] = {
    "Đảng bộ xã Phú Bình": (
        [("Chi bộ xóm Đồng Quang", "rural"), ("Chi bộ xóm Kha Sơn", "rural"), ("Chi bộ xóm Tân Thành", "rural"),
         ("Chi bộ Trường Trung học cơ sở Phú Bình", "schools")],
        150,
    ),
    "Đảng bộ xã Đại Từ": (
        [("Chi bộ xóm Đồng Khuân", "rural"), ("Chi bộ xóm Cầu Thành", "rural"), ("Chi bộ xóm Vạn Thọ", "rural"),
         ("Chi bộ Trạm Y tế xã Đại Từ", "agencies")],
        160,
    ),
    "Đảng bộ phường Phan Đình Phùng": (
        [("Chi bộ Tổ dân phố Đồng Tâm", "residential"), ("Chi bộ Tổ dân phố Minh Cầu", "residential"),
         ("Chi bộ Tổ dân phố Túc Duyên", "residential"), ("Chi bộ Công an phường Phan Đình Phùng", "armed_forces")],
        140,
    ),
}  # fmt: skip

BLOCKS = {
    "rural": ("Khối chi bộ nông thôn", BlockKind.RURAL),
    "residential": ("Khối tổ dân phố", BlockKind.RESIDENTIAL),
    "agencies": ("Khối chi bộ cơ quan, đơn vị sự nghiệp", BlockKind.AGENCIES),
    "schools": ("Khối trường học", BlockKind.SCHOOLS),
    "armed_forces": ("Khối lực lượng vũ trang", BlockKind.ARMED_FORCES),
    "enterprises": ("Khối doanh nghiệp", BlockKind.ENTERPRISES),
}

END_2025_RESTRUCTURING = date(2025, 6, 30)
#: The day the two-level local government began: communes and provinces merged, the
#: district level ended. Fixed history: the demo clock never moves it.
RESTRUCTURING_2025 = date(2025, 7, 1)


def _cells(pairs: list[tuple[str, str]], total: int, seed: int) -> tuple[OrgSpec, ...]:
    sizes = _spread(total, len(pairs), seed)
    return tuple(OrgSpec(name, K.CELL, block, size) for (name, block), size in zip(pairs, sizes, strict=True))


def bac_kan() -> OrgSpec:
    """Tỉnh Bắc Kạn before 01/7/2025, down to the three communes Cao Minh was formed from
    (their cells are in Cao Minh's spec: the loader makes them under these communes)."""
    pac_nam = OrgSpec(
        "Đảng bộ huyện Pác Nặm",
        K.UPPER,
        note="Cấp huyện kết thúc hoạt động khi sắp xếp đơn vị hành chính năm 2025.",
        children=tuple(
            OrgSpec(name, K.GRASSROOTS_COMMITTEE, note="Sáp nhập vào Đảng bộ xã Cao Minh từ 01/7/2025.")
            for name in CAO_MINH_PREDECESSORS
        ),
    )
    return OrgSpec(
        "Đảng bộ tỉnh Bắc Kạn",
        K.PROVINCIAL,
        children=(pac_nam,),
        note="Hợp nhất vào Đảng bộ tỉnh Thái Nguyên từ 01/7/2025.",
    )


def demo_tree() -> list[tuple[OrgSpec, dict[str, CommitteeSpec]]]:
    """Provinces with their subtrees; the dict names the grassroots committees that
    carry blocks and mass organisations."""
    cao_minh = OrgSpec(
        "Đảng bộ xã Cao Minh", K.GRASSROOTS_COMMITTEE, children=_cao_minh_children(), valid_from=date(2025, 7, 1)
    )
    dong_tien = OrgSpec(
        "Đảng bộ xã Đồng Tiến",
        K.GRASSROOTS_COMMITTEE,
        children=_cells(
            [(n, "rural") for n in DONG_TIEN_RURAL] + [(n, "agencies") for n in DONG_TIEN_AGENCIES], 190, seed=12
        ),
    )
    viet_hung = OrgSpec(
        "Đảng bộ phường Việt Hưng",
        K.GRASSROOTS_COMMITTEE,
        children=_cells(VIET_HUNG_CELLS, VIET_HUNG_TOTAL, seed=118),
        valid_from=date(2025, 7, 1),
    )
    binh_luu = OrgSpec(
        "Đảng bộ xã Bình Lưu",
        K.GRASSROOTS_COMMITTEE,
        children=_cells(BINH_LUU_CELLS, BINH_LUU_TOTAL, seed=4),
        valid_from=date(2025, 7, 1),
    )
    phan_rang = OrgSpec(
        "Đảng bộ thành phố Phan Rang - Tháp Chàm",
        K.UPPER,
        note="Cấp huyện kết thúc hoạt động khi sắp xếp đơn vị hành chính năm 2025.",
        children=tuple(
            OrgSpec(
                name,
                K.GRASSROOTS_COMMITTEE,
                children=_cells([(f"Chi bộ khu phố {i}", "residential") for i in range(1, 5)], size, seed=size),
                valid_until=END_2025_RESTRUCTURING,
            )
            for name, size in [
                ("Đảng bộ phường Kinh Dinh", 420),
                ("Đảng bộ phường Đô Vinh", 380),
                ("Đảng bộ phường Phủ Hà", 450),
                ("Đảng bộ xã Thành Hải", 300),
            ]
        ),
        valid_until=END_2025_RESTRUCTURING,
    )
    thai_nguyen = tuple(
        OrgSpec(name, K.GRASSROOTS_COMMITTEE, children=_cells(cells, total, seed=total), valid_from=date(2025, 7, 1))
        for name, (cells, total) in THAI_NGUYEN_COMMUNES.items()
    )
    committees = {
        **{c.name: CommitteeSpec(c, mass_organizations=STANDARD_MASS_ORGS) for c in thai_nguyen},
        "Đảng bộ xã Cao Minh": CommitteeSpec(cao_minh, mass_organizations=STANDARD_MASS_ORGS),
        "Đảng bộ xã Đồng Tiến": CommitteeSpec(dong_tien, mass_organizations=STANDARD_MASS_ORGS),
        "Đảng bộ phường Việt Hưng": CommitteeSpec(viet_hung, mass_organizations=STANDARD_MASS_ORGS),
        "Đảng bộ xã Bình Lưu": CommitteeSpec(binh_luu, mass_organizations=STANDARD_MASS_ORGS),
    }
    return [
        (OrgSpec("Đảng bộ tỉnh Thái Nguyên", K.PROVINCIAL, children=(cao_minh, *thai_nguyen)), committees),
        (OrgSpec("Đảng bộ tỉnh Lạng Sơn", K.PROVINCIAL, children=(dong_tien,)), committees),
        (OrgSpec("Đảng bộ thành phố Hà Nội", K.PROVINCIAL, children=(viet_hung,)), committees),
        (OrgSpec("Đảng bộ tỉnh Lai Châu", K.PROVINCIAL, children=(binh_luu,)), committees),
        (
            OrgSpec(
                "Đảng bộ tỉnh Khánh Hòa",
                K.PROVINCIAL,
                valid_from=date(2025, 7, 1),
                note="Hợp nhất tỉnh Khánh Hòa và tỉnh Ninh Thuận từ 01/7/2025.",
            ),
            committees,
        ),
        (
            OrgSpec(
                "Đảng bộ tỉnh Ninh Thuận",
                K.PROVINCIAL,
                children=(phan_rang,),
                note="Hợp nhất vào Đảng bộ tỉnh Khánh Hòa từ 01/7/2025.",
            ),
            committees,
        ),
    ]
