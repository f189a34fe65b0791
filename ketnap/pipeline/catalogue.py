"""The documents of an admission and of a confirmation (hệ thống mẫu KNĐ), as data.

Why data and not code: the numbering changed with each operations guide (09-HD/
BTCTW 2017, 12-HD/BTCTW 2022, 38-HD/BTCTW 2025 — the last not verified, RULES §2.6),
so a later correction is one edit of this table. Each form says which dossier it
belongs to, before which stage it must be at hand, and whether the process itself
produces it (the cell's resolution is form 6: recording the vote files it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ketnap.pipeline.enums import DossierPurpose, Stage

FORMS_CITATION = "12-HD/BTCTW (18/01/2022), hệ thống mẫu biểu KNĐ (số hiệu theo 38-HD/BTCTW chưa đối chiếu)"
ORDER_CITATION = "06-HD/TW (09/6/2025), mục 3 (trình tự: giấy chứng nhận → đơn → lý lịch → thẩm tra → chi bộ xét)"


@dataclass(frozen=True, slots=True)
class DossierForm:
    """One document of a dossier.

    `needed_for`: the stage that cannot be entered without it (None: filed later).
    `produced_by`: the record that files it automatically ("resolution", …).
    `condition`: only for some candidates ("youth_union", "trade_union", "sub_committee").
    """

    code: str
    title: str
    purpose: str
    needed_for: str | None = None
    produced_by: str | None = None
    condition: str | None = None


FORMS: tuple[DossierForm, ...] = (
    DossierForm("CN", "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng", DossierPurpose.ADMISSION,
                Stage.DOSSIER, produced_by="certificate"),
    DossierForm("1-KNĐ", "Đơn xin vào Đảng", DossierPurpose.ADMISSION, Stage.VERIFICATION),
    DossierForm("2-KNĐ", "Lý lịch của người xin vào Đảng", DossierPurpose.ADMISSION, Stage.VERIFICATION),
    DossierForm("3-KNĐ", "Giấy giới thiệu người vào Đảng của đảng viên chính thức", DossierPurpose.ADMISSION,
                Stage.CELL_RESOLUTION),
    DossierForm("4-KNĐ", "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng của BCH Đoàn cơ sở",
                DossierPurpose.ADMISSION, Stage.CELL_RESOLUTION, condition="youth_union"),
    DossierForm("4A-KNĐ", "Nghị quyết giới thiệu đoàn viên công đoàn ưu tú vào Đảng của BCH Công đoàn cơ sở",
                DossierPurpose.ADMISSION, Stage.CELL_RESOLUTION, condition="trade_union"),
    DossierForm("5-KNĐ", "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú", DossierPurpose.ADMISSION,
                Stage.CELL_RESOLUTION),
    DossierForm("6-KNĐ", "Nghị quyết đề nghị kết nạp đảng viên của chi bộ", DossierPurpose.ADMISSION,
                produced_by="cell_resolution"),
    DossierForm("7-KNĐ", "Báo cáo thẩm định của đảng ủy bộ phận", DossierPurpose.ADMISSION,
                produced_by="appraisal", condition="sub_committee"),
    DossierForm("8-KNĐ", "Nghị quyết đề nghị kết nạp của đảng ủy cơ sở", DossierPurpose.ADMISSION,
                produced_by="committee_resolution"),
    DossierForm("9-KNĐ", "Quyết định kết nạp đảng viên", DossierPurpose.ADMISSION, produced_by="decision"),
    DossierForm("LLĐV", "Lý lịch đảng viên (khai sau lễ kết nạp)", DossierPurpose.CONFIRMATION),
    DossierForm("CN-ĐVM", "Giấy chứng nhận lớp bồi dưỡng lý luận chính trị cho đảng viên mới",
                DossierPurpose.CONFIRMATION, Stage.OFFICIAL, produced_by="certificate"),
    DossierForm("10-KNĐ", "Bản tự kiểm điểm của đảng viên dự bị", DossierPurpose.CONFIRMATION, Stage.OFFICIAL),
    DossierForm("11-KNĐ", "Bản nhận xét của đảng viên được phân công giúp đỡ", DossierPurpose.CONFIRMATION,
                Stage.OFFICIAL),
    DossierForm("12-KNĐ", "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú",
                DossierPurpose.CONFIRMATION, Stage.OFFICIAL),
    DossierForm("13-KNĐ", "Nghị quyết đề nghị công nhận đảng viên chính thức của chi bộ",
                DossierPurpose.CONFIRMATION, produced_by="cell_resolution"),
    DossierForm("15-KNĐ", "Nghị quyết công nhận đảng viên chính thức của đảng ủy cơ sở",
                DossierPurpose.CONFIRMATION, produced_by="committee_resolution"),
    DossierForm("QĐ-CN", "Quyết định công nhận đảng viên chính thức", DossierPurpose.CONFIRMATION,
                produced_by="decision"),
)  # fmt: skip

FORMS_BY_CODE: dict[str, DossierForm] = {f.code: f for f in FORMS}
FORM_CHOICES: list[tuple[str, str]] = [(f.code, f"{f.code}: {f.title}") for f in FORMS]
#: Forms whose paper the secretary files by hand (the others come from records).
MANUAL_CODES: tuple[str, ...] = tuple(f.code for f in FORMS if f.produced_by is None)


def forms_for(purpose: str, conditions: frozenset[str] = frozenset()) -> tuple[DossierForm, ...]:
    """The documents of one dossier for a candidate meeting `conditions`."""
    return tuple(f for f in FORMS if f.purpose == purpose and (f.condition is None or f.condition in conditions))
