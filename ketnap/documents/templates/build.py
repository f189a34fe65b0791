"""Writes the built-in .docx templates (run once after editing the lines below:
`python -m ketnap.documents.templates.build`); the .docx files are committed.

Why generated: each paragraph must be one run, or Word's spell-check splits a Jinja
tag over several runs and docxtpl no longer sees it. Conventions a board keeps in its
own variant: a paragraph "# …" is a heading, "- …" a bullet, "Nơi nhận:" starts the
recipients (one a paragraph). Sources: Hướng dẫn 36-HD/VPTW (2018) for the layout
(done by the renderer); the plan and the list follow 38-HD/BTCTW (29/9/2025) as the
seeds cite it — where its text could not be found, 12-HD/BTCTW (2022).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

from ketnap.documents.templates.forms_text import FORM_TEMPLATES

HERE = Path(__file__).resolve().parent

TEMPLATES: dict[str, tuple[str, list[str]]] = {
    "ke_hoach.docx": (
        "Kế hoạch phát triển đảng viên (theo 38-HD/BTCTW 2025; 36-HD/VPTW 2018)",
        [
            "{%p for basis in legal_bases %}",
            "Căn cứ {{ basis }};",
            "{%p endfor %}",
            "{{ committee_body }} ban hành {{ plan_title }} như sau:",
            "# I. MỤC ĐÍCH, YÊU CẦU",
            "# 1. Mục đích",
            "{%p for line in purpose %}",
            "{{ line }}",
            "{%p endfor %}",
            "# 2. Yêu cầu",
            "{%p for line in requirements %}",
            "{{ line }}",
            "{%p endfor %}",
            "# II. CHỈ TIÊU",
            "# 1. Chỉ tiêu chung",
            "- {{ target_sentence }}",
            "{%p for line in sub_targets %}",
            "- {{ line }}",
            "{%p endfor %}",
            "# 2. Chỉ tiêu cụ thể (có phụ lục chi tiết kèm theo)",
            "{%p if tasks %}",
            "# III. NHIỆM VỤ, GIẢI PHÁP VÀ TỔ CHỨC THỰC HIỆN",
            "{%p for line in tasks %}",
            "{{ line }}",
            "{%p endfor %}",
            "{%p endif %}",
            "Nơi nhận:",
            "{%p for line in recipients %}",
            "{{ line }}",
            "{%p endfor %}",
        ],
    ),
    "danh_sach_cam_tinh.docx": (
        "Danh sách quần chúng cảm tình đảng (theo 38-HD/BTCTW 2025; nơi không có văn bản: 12-HD/BTCTW 2022)",
        [
            "Tổng số: {{ total }} quần chúng (xếp theo tên).",
            "Nơi nhận:",
            "{{ committee }}",
            "Lưu chi bộ",
        ],
    ),
}


TEMPLATES.update(FORM_TEMPLATES)


def build() -> None:
    for filename, (comment, lines) in TEMPLATES.items():
        document = Document()
        for line in lines:
            document.add_paragraph(line)
        props = document.core_properties
        props.author = props.last_modified_by = "Kết Nạp"
        props.comments = comment
        props.language = "vi-VN"
        document.save(str(HERE / filename))


if __name__ == "__main__":
    build()
