"""The templated document kinds: each one's built-in .docx, the fields its context
provides (what a board's variant may use, shown on the upload page) and demo-like
data a variant is previewed on (no real person's data in a preview).

Why the fields are declared here and not read from the code that fills them: the
upload is validated against this list before the variant is ever used, and the
tests check that every builder fills exactly these fields (`tests/documents`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Kind:
    """A document kind that is filled from a template."""

    key: str
    label: str
    filename: str
    fields: Mapping[str, str]  # field → what it holds

    @property
    def builtin_version(self) -> str:
        return f"{self.key}@1"

    def builtin(self) -> bytes:
        return (TEMPLATES_DIR / self.filename).read_bytes()


_PERSON = {
    "legal_bases": "các căn cứ (danh sách)",
    "person": "họ và tên người được xét",
    "person_details": "ngày sinh, dân tộc, quê quán, nơi cư trú, nghề nghiệp",
    "cell": "tên chi bộ (theo ngày văn bản)",
    "committee": "tên đảng ủy cấp trên (theo ngày văn bản)",
    "meeting_date": "ngày họp, ví dụ “ngày 05 tháng 3 năm 2026”",
    "chair": "đồng chí chủ trì hội nghị (họ tên, chức vụ)",
    "secretary": "đồng chí thư ký hội nghị",
    "absences": "người vắng mặt (danh sách, mỗi người có .name và .reason)",
    "in_favour": "số tán thành",
    "in_favour_pct": "tỷ lệ tán thành, ví dụ “85,7%”",
    "against": "số không tán thành",
    "against_pct": "tỷ lệ không tán thành",
    "counted": "số được tính để biểu quyết",
    "required": "số tán thành cần đạt",
    "recipients": "nơi nhận (danh sách)",
}
_CELL_MEETING = {
    **_PERSON,
    "total": "tổng số đảng viên của chi bộ",
    "official_total": "số đảng viên chính thức",
    "probationary_total": "số đảng viên dự bị",
    "present_total": "số có mặt",
    "official_present": "số đảng viên chính thức có mặt",
    "probationary_present": "số đảng viên dự bị có mặt",
    "absent_total": "số vắng mặt",
    "official_absent": "số đảng viên chính thức vắng mặt",
    "probationary_absent": "số đảng viên dự bị vắng mặt",
    "excused": "số đảng viên chính thức được trừ theo quy định",
    "assessment": "ưu điểm, khuyết điểm chính (chi bộ nhận xét)",
}
_COMMITTEE_MEETING = {
    **_PERSON,
    "committee_members": "tổng số cấp ủy viên",
    "committee_present": "số cấp ủy viên có mặt",
    "committee_absent": "số cấp ủy viên vắng mặt",
    "cell_resolution": "nghị quyết của chi bộ, ví dụ “Nghị quyết số 03-NQ/CB ngày 05/3/2026 của Chi bộ …”",
}
_PROBATION = {
    "decision": "quyết định kết nạp, ví dụ “Quyết định số 12-QĐ/ĐU ngày 10/4/2025”",
    "ceremony_date": "ngày lễ kết nạp",
    "probation_end": "ngày hết thời gian dự bị (là đảng viên chính thức từ ngày này)",
}
_DECISION = {
    "legal_bases": "các căn cứ (danh sách)",
    "considering": "xét đề nghị (danh sách: chi bộ, đảng ủy bộ phận, ban tổ chức)",
    "board": "cơ quan quyết định, ví dụ “BAN THƯỜNG VỤ ĐẢNG ỦY XÃ CAO MINH”",
    "person": "họ và tên",
    "person_details": "ngày sinh, dân tộc, quê quán, nơi cư trú, nghề nghiệp",
    "cell": "tên chi bộ",
    "recipients": "nơi nhận (danh sách)",
}

KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            "ke-hoach",
            "Kế hoạch phát triển đảng viên",
            "ke_hoach.docx",
            {
                "legal_bases": "các căn cứ (danh sách)",
                "committee_body": "cơ quan ban hành, ví dụ “Ban Thường vụ Đảng ủy xã Cao Minh”",
                "plan_title": "tên kế hoạch, chữ thường",
                "year": "năm kế hoạch",
                "organization": "tên tổ chức đảng",
                "purpose": "mục đích (danh sách đoạn)",
                "requirements": "yêu cầu (danh sách đoạn)",
                "target_sentence": "câu chỉ tiêu chung",
                "sub_targets": "các chỉ tiêu phụ (danh sách)",
                "tasks": "nhiệm vụ, giải pháp (danh sách đoạn)",
                "recipients": "nơi nhận đã nhập trong kế hoạch (danh sách)",
            },
        ),
        Kind(
            "danh-sach-cam-tinh",
            "Danh sách quần chúng cảm tình đảng",
            "danh_sach_cam_tinh.docx",
            {
                "total": "số quần chúng trong danh sách",
                "cell": "tên chi bộ",
                "committee": "tên đảng ủy cấp trên",
                "month": "tháng, ví dụ “03/2026”",
            },
        ),
        Kind(
            "bao-cao",
            "Báo cáo kết quả công tác phát triển đảng viên",
            "bao_cao.docx",
            {
                "incomplete": "ghi chú bản tổng hợp thiếu báo cáo (trống nếu đủ)",
                "missing": "các dòng nêu tổ chức chưa nộp (danh sách)",
                "period": "kỳ báo cáo, ví dụ “quý I năm 2026”",
                "requester": "tổ chức yêu cầu báo cáo",
                "due": "hạn nộp",
                "speaker": "chủ thể báo cáo, ví dụ “Ban Thường vụ Đảng ủy xã Cao Minh”",
                "figure_summary": "câu tổng số đảng viên",
                "figure_lines": "các câu số liệu của kỳ (danh sách)",
                "results": "kết quả đã nhập (danh sách đoạn)",
                "difficulties": "hạn chế, khó khăn (danh sách đoạn)",
                "proposals": "đề xuất, kiến nghị (danh sách đoạn)",
                "recipients": "nơi nhận (danh sách)",
            },
        ),
        Kind(
            "danh-gia",
            "Báo cáo đánh giá kết quả thực hiện chỉ tiêu phát triển đảng viên",
            "danh_gia.docx",
            {
                "year": "năm đánh giá",
                "as_of": "số liệu đến ngày",
                "achieved": "số kết nạp từ đầu năm",
                "quota": "tổng chỉ tiêu giao",
                "completion": "“, đạt …%” (trống nếu không có chỉ tiêu)",
                "org_targets": "các chỉ tiêu phụ và kết quả (danh sách)",
                "cases": "số tổ chức theo từng gợi ý xếp loại (danh sách)",
                "recipients": "nơi nhận (danh sách)",
            },
        ),
        Kind(
            "6-knd",
            "Nghị quyết chi bộ đề nghị kết nạp đảng viên (6-KNĐ)",
            "6_knd.docx",
            {**_CELL_MEETING, "political_history": "kết luận về lịch sử chính trị và chính trị hiện nay"},
        ),
        Kind(
            "7-knd",
            "Báo cáo thẩm định của đảng ủy bộ phận / cấp ủy (7-KNĐ)",
            "7_knd.docx",
            {
                **{k: _PERSON[k] for k in ("legal_bases", "person", "person_details", "cell", "committee")},
                "appraiser": "cấp thẩm định",
                "appraisal_date": "ngày thẩm định",
                "cell_resolution": _COMMITTEE_MEETING["cell_resolution"],
                "vote": "kết quả biểu quyết của chi bộ, ví dụ “6/7 đảng viên chính thức tán thành (85,7%)”",
                "political_history": "kết luận về lịch sử chính trị và chính trị hiện nay",
                "conclusion": "kết luận thẩm định",
                "recipients": "nơi nhận (danh sách)",
            },
        ),
        Kind(
            "8-knd",
            "Nghị quyết đảng ủy cơ sở đề nghị kết nạp đảng viên (8-KNĐ)",
            "8_knd.docx",
            {
                **_COMMITTEE_MEETING,
                "appraisal": "kết luận thẩm định (7-KNĐ), nếu có",
                "political_history": "kết luận về lịch sử chính trị và chính trị hiện nay",
            },
        ),
        Kind(
            "9-knd",
            "Quyết định kết nạp đảng viên (9-KNĐ)",
            "9_knd.docx",
            {**_DECISION, "months": "số tháng dự bị"},
        ),
        Kind(
            "13-knd",
            "Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức (13-KNĐ)",
            "13_knd.docx",
            {**_CELL_MEETING, **_PROBATION},
        ),
        Kind(
            "nq-cn",
            "Nghị quyết đảng ủy cơ sở đề nghị công nhận đảng viên chính thức (15-KNĐ)",
            "15_knd.docx",
            {**_COMMITTEE_MEETING, **_PROBATION},
        ),
        Kind(
            "qd-cn",
            "Quyết định công nhận đảng viên chính thức",
            "qd_cong_nhan.docx",
            {**_DECISION, **_PROBATION},
        ),
    )
}

_SAMPLE_PERSON = {
    "legal_bases": [
        "Điều lệ Đảng Cộng sản Việt Nam",
        "Hướng dẫn số 38-HD/BTCTW ngày 29/9/2025 của Ban Tổ chức Trung ương",
    ],
    "person": "Nguyễn Văn Mẫu",
    "person_details": "sinh ngày 15/03/2000, dân tộc Kinh, quê quán xã Mẫu, nghề nghiệp giáo viên",
    "cell": "Chi bộ thôn Mẫu",
    "committee": "Đảng ủy xã Mẫu",
    "meeting_date": "ngày 05 tháng 3 năm 2026",
    "chair": "Trần Thị Bí Thư, Bí thư chi bộ",
    "secretary": "Lê Văn Thư Ký",
    "absences": [{"name": "Phạm Văn Vắng", "reason": "đi công tác"}],
    "in_favour": 6,
    "in_favour_pct": "85,7%",
    "against": 1,
    "against_pct": "14,3%",
    "counted": 7,
    "required": 5,
    "recipients": ["Đảng ủy xã Mẫu", "Lưu chi bộ"],
}
_SAMPLE_CELL = {
    **_SAMPLE_PERSON,
    "total": 10,
    "official_total": 8,
    "probationary_total": 2,
    "present_total": 9,
    "official_present": 7,
    "probationary_present": 2,
    "absent_total": 1,
    "official_absent": 1,
    "probationary_absent": 0,
    "excused": 1,
    "assessment": "Có lập trường tư tưởng vững vàng, hoàn thành tốt nhiệm vụ; cần mạnh dạn hơn trong phát biểu.",
    "political_history": "Lịch sử chính trị và chính trị hiện nay của quần chúng và gia đình rõ ràng.",
}
_SAMPLE_COMMITTEE = {
    **_SAMPLE_PERSON,
    "committee_members": 9,
    "committee_present": 8,
    "committee_absent": 1,
    "cell_resolution": "Nghị quyết số 03-NQ/CB ngày 05/3/2026 của Chi bộ thôn Mẫu",
    "recipients": ["Chi bộ thôn Mẫu", "Lưu hồ sơ"],
}
_SAMPLE_PROBATION = {
    "decision": "Quyết định số 12-QĐ/ĐU ngày 10/4/2025",
    "ceremony_date": "20/04/2025",
    "probation_end": "20/04/2026",
}
_SAMPLE_DECISION = {
    "legal_bases": _SAMPLE_PERSON["legal_bases"],
    "considering": ["Nghị quyết số 03-NQ/CB ngày 05/3/2026 của Chi bộ thôn Mẫu", "hồ sơ của người vào Đảng"],
    "board": "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ MẪU",
    "person": "Nguyễn Văn Mẫu",
    "person_details": _SAMPLE_PERSON["person_details"],
    "cell": "Chi bộ thôn Mẫu",
    "recipients": ["Chi bộ thôn Mẫu", "Đồng chí Nguyễn Văn Mẫu", "Lưu hồ sơ đảng viên"],
}

SAMPLES: dict[str, dict[str, Any]] = {
    "ke-hoach": {
        "legal_bases": _SAMPLE_PERSON["legal_bases"],
        "committee_body": "Ban Thường vụ Đảng ủy xã Mẫu",
        "plan_title": "kế hoạch phát triển đảng viên năm 2026",
        "year": 2026,
        "organization": "Đảng bộ xã Mẫu",
        "purpose": ["Nâng cao chất lượng công tác phát triển đảng viên."],
        "requirements": ["Bảo đảm tiêu chuẩn, điều kiện, đúng quy trình."],
        "target_sentence": "Toàn Đảng bộ phấn đấu kết nạp từ 15 đảng viên mới trở lên trong năm 2026.",
        "sub_targets": ["Khối nông thôn kết nạp từ 08 đảng viên trở lên."],
        "tasks": ["Các chi bộ rà soát nguồn quần chúng ưu tú."],
        "recipients": ["Ban Tổ chức Tỉnh ủy (b/c)", "Các chi bộ trực thuộc", "Lưu Văn phòng Đảng ủy."],
    },
    "danh-sach-cam-tinh": {"total": 12, "cell": "Chi bộ thôn Mẫu", "committee": "Đảng ủy xã Mẫu", "month": "03/2026"},
    "bao-cao": {
        "incomplete": "",
        "missing": [],
        "period": "quý I năm 2026",
        "requester": "Đảng ủy xã Mẫu",
        "due": "05/04/2026",
        "speaker": "Chi bộ",
        "figure_summary": "Tổng số đảng viên đầu năm 30, đến cuối kỳ 31 đảng viên.",
        "figure_lines": ["Kết nạp 1 đảng viên mới trong kỳ; từ đầu năm kết nạp 1 đảng viên."],
        "results": ["Chi bộ duy trì sinh hoạt chuyên đề về công tác phát triển đảng viên."],
        "difficulties": [],
        "proposals": [],
        "recipients": ["Đảng ủy xã Mẫu (b/c)", "Lưu."],
    },
    "danh-gia": {
        "year": 2026,
        "as_of": "20/11/2026",
        "achieved": 14,
        "quota": 15,
        "completion": ", đạt 93,3%",
        "org_targets": ["Kết nạp đảng viên nữ: yêu cầu 5, thực hiện 6 — đạt."],
        "cases": ["Hoàn thành tốt: 3 tổ chức."],
        "recipients": ["Ban Thường vụ Đảng ủy", "Lưu."],
    },
    "6-knd": _SAMPLE_CELL,
    "7-knd": {
        **{k: _SAMPLE_PERSON[k] for k in ("legal_bases", "person", "person_details", "cell", "committee")},
        "appraiser": "Đảng ủy bộ phận Mẫu",
        "appraisal_date": "12/03/2026",
        "cell_resolution": _SAMPLE_COMMITTEE["cell_resolution"],
        "vote": "6/7 đảng viên chính thức tán thành (85,7%)",
        "political_history": _SAMPLE_CELL["political_history"],
        "conclusion": "Hồ sơ đầy đủ, đúng quy trình; đủ tiêu chuẩn, điều kiện vào Đảng.",
        "recipients": ["Đảng ủy xã Mẫu", "Lưu"],
    },
    "8-knd": {
        **_SAMPLE_COMMITTEE,
        "appraisal": "Hồ sơ đầy đủ, đúng quy trình.",
        "political_history": _SAMPLE_CELL["political_history"],
    },
    "9-knd": {**_SAMPLE_DECISION, "months": 12},
    "13-knd": {**_SAMPLE_CELL, **_SAMPLE_PROBATION},
    "nq-cn": {**_SAMPLE_COMMITTEE, **_SAMPLE_PROBATION},
    "qd-cn": {**_SAMPLE_DECISION, **_SAMPLE_PROBATION},
}
