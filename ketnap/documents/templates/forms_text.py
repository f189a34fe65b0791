"""The paragraphs of the admission forms' built-in templates (see `build.py`).

Sources. 38-HD/BTCTW (29/9/2025) succeeded 12-HD/BTCTW (2022); its published 13-KNĐ
keeps 12-HD's parts (Điều 5 of the Charter among the bases; total, present and absent
split official / probationary; the reasons; chair and secretary). For 6-, 7-, 8-,
9-, 15-KNĐ and the confirmation decision the 38-HD text was not found: they follow
12-HD/BTCTW 2022 (7-KNĐ: the 2017 form's report of the sub-committee's appraisal),
and each template's first paragraph, a Jinja comment, says so.

Each list is one template: one paragraph a line, conventions as in `templating.block_of`.
"""

from __future__ import annotations

_BASES = [
    "{%p for basis in legal_bases %}",
    "* Căn cứ {{ basis }};",
    "{%p endfor %}",
]
_CELL_ATTENDANCE = [
    "Tổng số đảng viên của chi bộ: {{ total }} đồng chí, trong đó chính thức {{ official_total }} đồng chí, "
    "dự bị {{ probationary_total }} đồng chí.",
    "Có mặt: {{ present_total }} đồng chí, trong đó chính thức {{ official_present }} đồng chí, "
    "dự bị {{ probationary_present }} đồng chí.",
    "Vắng mặt: {{ absent_total }} đồng chí, trong đó chính thức {{ official_absent }} đồng chí, "
    "dự bị {{ probationary_absent }} đồng chí.",
    "{%p if absences %}",
    "Lý do vắng mặt:",
    "{%p for a in absences %}",
    "- Đồng chí {{ a.name }}: {{ a.reason }};",
    "{%p endfor %}",
    "{%p endif %}",
    "Số đảng viên chính thức được trừ theo quy định: {{ excused }} đồng chí; "
    "số đảng viên chính thức được tính khi biểu quyết: {{ counted }} đồng chí.",
    "Chủ trì hội nghị: đồng chí {{ chair }}. Thư ký hội nghị: đồng chí {{ secretary }}.",
]
_COMMITTEE_ATTENDANCE = [
    "Tổng số cấp ủy viên: {{ committee_members }} đồng chí; có mặt {{ committee_present }} đồng chí; "
    "vắng mặt {{ committee_absent }} đồng chí.",
    "{%p if absences %}",
    "Lý do vắng mặt:",
    "{%p for a in absences %}",
    "- Đồng chí {{ a.name }}: {{ a.reason }};",
    "{%p endfor %}",
    "{%p endif %}",
    "Chủ trì hội nghị: đồng chí {{ chair }}. Thư ký hội nghị: đồng chí {{ secretary }}.",
]
_RECIPIENTS = ["Nơi nhận:", "{%p for line in recipients %}", "{{ line }}", "{%p endfor %}"]


def _vote(what: str, by: str = "đảng viên chính thức") -> list[str]:
    return [
        f"- Số {by} tán thành {what}: {{{{ in_favour }}}}/{{{{ counted }}}} đồng chí (đạt {{{{ in_favour_pct }}}}, "
        "cần ít nhất {{ required }} đồng chí);",
        f"- Số {by} không tán thành: {{{{ against }}}} đồng chí ({{{{ against_pct }}}}).",
    ]


FORM_TEMPLATES: dict[str, tuple[str, list[str]]] = {
    "6_knd.docx": (
        "Mẫu 6-KNĐ theo 12-HD/BTCTW 2022 (chưa tìm được văn bản mẫu của 38-HD/BTCTW 2025)",
        [
            "{# Mẫu 6-KNĐ — Nghị quyết chi bộ đề nghị kết nạp đảng viên. Theo Hướng dẫn 12-HD/BTCTW năm 2022: "
            "chưa tìm được văn bản mẫu của Hướng dẫn 38-HD/BTCTW ngày 29/9/2025. #}",
            *_BASES,
            "Ngày {{ meeting_date }}, {{ cell }} đã họp để xét, đề nghị kết nạp quần chúng {{ person }} vào Đảng.",
            *_CELL_ATTENDANCE,
            "Sau khi nghe báo cáo, thảo luận về quần chúng {{ person }}, {{ person_details }}, chi bộ thống nhất:",
            "# 1. Ưu điểm, khuyết điểm chính",
            "{{ assessment }}",
            "# 2. Lịch sử chính trị và chính trị hiện nay",
            "{{ political_history }}",
            "# 3. Kết quả biểu quyết",
            *_vote("đề nghị kết nạp quần chúng {{ person }} vào Đảng"),
            "- Đảng viên dự bị có mặt ({{ probationary_present }} đồng chí) tham gia ý kiến, không biểu quyết "
            "(Điều lệ Đảng, Điều 3).",
            "# 4. Đề nghị",
            "Chi bộ đề nghị {{ committee }} xem xét, kết nạp quần chúng {{ person }} vào Đảng Cộng sản Việt Nam.",
            *_RECIPIENTS,
        ],
    ),
    "7_knd.docx": (
        "Mẫu 7-KNĐ theo 12-HD/BTCTW 2022 và mẫu 2017 (chưa tìm được văn bản mẫu của 38-HD/BTCTW 2025)",
        [
            "{# Mẫu 7-KNĐ — Báo cáo thẩm định nghị quyết đề nghị kết nạp đảng viên của chi bộ. Theo Hướng dẫn "
            "12-HD/BTCTW năm 2022 (mẫu 09-HD/BTCTW 2017): chưa tìm được văn bản mẫu của 38-HD/BTCTW. #}",
            *_BASES,
            "Ngày {{ appraisal_date }}, {{ appraiser }} đã thẩm định {{ cell_resolution }} đề nghị kết nạp "
            "quần chúng {{ person }}, {{ person_details }}, vào Đảng.",
            "# 1. Kết quả biểu quyết của chi bộ",
            "{{ vote }}",
            "# 2. Lịch sử chính trị và chính trị hiện nay",
            "{{ political_history }}",
            "# 3. Kết luận thẩm định",
            "{{ conclusion }}",
            "{{ appraiser }} báo cáo, đề nghị {{ committee }} xem xét, quyết định.",
            *_RECIPIENTS,
        ],
    ),
    "8_knd.docx": (
        "Mẫu 8-KNĐ theo 12-HD/BTCTW 2022 (chưa tìm được văn bản mẫu của 38-HD/BTCTW 2025)",
        [
            "{# Mẫu 8-KNĐ — Nghị quyết của đảng ủy cơ sở đề nghị (hoặc xét) kết nạp đảng viên. Theo Hướng dẫn "
            "12-HD/BTCTW năm 2022: chưa tìm được văn bản mẫu của 38-HD/BTCTW. #}",
            *_BASES,
            "* Căn cứ {{ cell_resolution }} đề nghị kết nạp quần chúng {{ person }} vào Đảng;",
            "Ngày {{ meeting_date }}, {{ committee }} đã họp để xét, đề nghị kết nạp quần chúng {{ person }}, "
            "{{ person_details }}, vào Đảng.",
            *_COMMITTEE_ATTENDANCE,
            "# 1. Kết quả thẩm định",
            "{{ appraisal }}",
            "# 2. Lịch sử chính trị và chính trị hiện nay",
            "{{ political_history }}",
            "# 3. Kết quả biểu quyết",
            *_vote("việc kết nạp quần chúng {{ person }} vào Đảng", "cấp ủy viên"),
            "{{ committee }} đề nghị (quyết định) kết nạp quần chúng {{ person }} vào Đảng Cộng sản Việt Nam.",
            *_RECIPIENTS,
        ],
    ),
    "9_knd.docx": (
        "Mẫu 9-KNĐ theo 12-HD/BTCTW 2022 (chưa tìm được văn bản mẫu của 38-HD/BTCTW 2025)",
        [
            "{# Mẫu 9-KNĐ — Quyết định kết nạp đảng viên. Theo Hướng dẫn 12-HD/BTCTW năm 2022: chưa tìm được "
            "văn bản mẫu của 38-HD/BTCTW. #}",
            "## {{ board }}",
            *_BASES,
            "{%p for line in considering %}",
            "* Xét đề nghị của {{ line }},",
            "{%p endfor %}",
            "## QUYẾT ĐỊNH:",
            "Điều 1. Kết nạp quần chúng {{ person }}, {{ person_details }}, vào Đảng Cộng sản Việt Nam.",
            "Điều 2. Đồng chí {{ person }} phải phấn đấu, rèn luyện trong thời gian dự bị {{ months }} tháng "
            "kể từ ngày chi bộ tổ chức lễ kết nạp.",
            "Điều 3. {{ cell }} và đồng chí {{ person }} thi hành quyết định này.",
            *_RECIPIENTS,
        ],
    ),
    "13_knd.docx": (
        "Mẫu 13-KNĐ theo 38-HD/BTCTW 2025 (các phần như mẫu đã công bố; nội dung nhận xét theo 12-HD/BTCTW 2022)",
        [
            "{# Mẫu 13-KNĐ — Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức, theo Hướng dẫn 38-HD/BTCTW "
            "ngày 29/9/2025 (các phần như mẫu đã công bố; phần nhận xét theo 12-HD/BTCTW năm 2022). #}",
            *_BASES,
            "Ngày {{ meeting_date }}, {{ cell }} đã họp để xét, đề nghị công nhận đảng viên dự bị {{ person }}, "
            "được kết nạp vào Đảng theo {{ decision }}, lễ kết nạp ngày {{ ceremony_date }}, trở thành đảng viên "
            "chính thức.",
            *_CELL_ATTENDANCE,
            "# 1. Ưu điểm, khuyết điểm chính trong thời gian dự bị",
            "{{ assessment }}",
            "# 2. Kết quả biểu quyết",
            *_vote("đề nghị công nhận đồng chí {{ person }} là đảng viên chính thức"),
            "# 3. Đề nghị",
            "Chi bộ đề nghị {{ committee }} xem xét, công nhận đồng chí {{ person }} là đảng viên chính thức "
            "kể từ ngày {{ probation_end }}.",
            *_RECIPIENTS,
        ],
    ),
    "15_knd.docx": (
        "Mẫu 15-KNĐ theo 12-HD/BTCTW 2022 (chưa tìm được văn bản mẫu của 38-HD/BTCTW 2025)",
        [
            "{# Mẫu 15-KNĐ — Nghị quyết đảng ủy cơ sở đề nghị (hoặc xét) công nhận đảng viên chính thức. Theo "
            "Hướng dẫn 12-HD/BTCTW năm 2022: chưa tìm được văn bản mẫu của 38-HD/BTCTW. #}",
            *_BASES,
            "* Căn cứ {{ cell_resolution }} đề nghị công nhận đảng viên chính thức;",
            "Ngày {{ meeting_date }}, {{ committee }} đã họp để xét, đề nghị công nhận đảng viên dự bị {{ person }}, "
            "{{ person_details }}, được kết nạp theo {{ decision }}, lễ kết nạp ngày {{ ceremony_date }}, "
            "trở thành đảng viên chính thức.",
            *_COMMITTEE_ATTENDANCE,
            "# Kết quả biểu quyết",
            *_vote("công nhận đồng chí {{ person }} là đảng viên chính thức", "cấp ủy viên"),
            "{{ committee }} đề nghị (quyết định) công nhận đồng chí {{ person }} là đảng viên chính thức "
            "kể từ ngày {{ probation_end }}.",
            *_RECIPIENTS,
        ],
    ),
    "qd_cong_nhan.docx": (
        "Quyết định công nhận đảng viên chính thức theo 12-HD/BTCTW 2022 (chưa tìm được văn bản mẫu của 38-HD/BTCTW)",
        [
            "{# Quyết định công nhận đảng viên chính thức (mẫu 16-KNĐ chưa đối chiếu). Theo Hướng dẫn 12-HD/BTCTW "
            "năm 2022: chưa tìm được văn bản mẫu của 38-HD/BTCTW. #}",
            "## {{ board }}",
            *_BASES,
            "{%p for line in considering %}",
            "* Xét đề nghị của {{ line }},",
            "{%p endfor %}",
            "## QUYẾT ĐỊNH:",
            "Điều 1. Công nhận đồng chí {{ person }}, {{ person_details }}, được kết nạp vào Đảng theo "
            "{{ decision }}, là đảng viên chính thức kể từ ngày {{ probation_end }}.",
            "Điều 2. {{ cell }} và đồng chí {{ person }} thi hành quyết định này.",
            *_RECIPIENTS,
        ],
    ),
}
