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
    "bao_cao.docx": (
        "Báo cáo kết quả công tác phát triển đảng viên (36-HD/VPTW 2018)",
        [
            "{# Báo cáo định kỳ kết quả công tác phát triển đảng viên; số liệu ở phụ lục do hệ thống tính. #}",
            "{%p if incomplete %}",
            "# {{ incomplete }}.",
            "{%p for line in missing %}",
            "* {{ line }}",
            "{%p endfor %}",
            "{%p endif %}",
            "Thực hiện yêu cầu báo cáo {{ period }} của {{ requester }} (hạn nộp {{ due }}), {{ speaker }} "
            "báo cáo như sau:",
            "# I. KẾT QUẢ THỰC HIỆN",
            "{{ figure_summary }}",
            "{%p for line in figure_lines %}",
            "- {{ line }}",
            "{%p endfor %}",
            "{%p for line in results %}",
            "{{ line }}",
            "{%p endfor %}",
            "# II. HẠN CHẾ, KHÓ KHĂN, NGUYÊN NHÂN",
            "{%p for line in difficulties %}",
            "{{ line }}",
            "{%p endfor %}",
            "{%p if not difficulties %}",
            "* Không có.",
            "{%p endif %}",
            "# III. ĐỀ XUẤT, KIẾN NGHỊ",
            "{%p for line in proposals %}",
            "{{ line }}",
            "{%p endfor %}",
            "{%p if not proposals %}",
            "* Không có.",
            "{%p endif %}",
            "Nơi nhận:",
            "{%p for line in recipients %}",
            "{{ line }}",
            "{%p endfor %}",
        ],
    ),
    "danh_gia.docx": (
        "Báo cáo đánh giá kết quả thực hiện chỉ tiêu phát triển đảng viên (36-HD/VPTW 2018)",
        [
            "{# Báo cáo đánh giá cuối năm: kết quả chỉ tiêu và đầu vào cho đánh giá, xếp loại tổ chức đảng. #}",
            "# I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU",
            "Năm {{ year }} (số liệu đến ngày {{ as_of }}), toàn đảng bộ kết nạp {{ achieved }} đảng viên mới trên "
            "tổng chỉ tiêu giao các tổ chức trực thuộc là {{ quota }}{{ completion }}.",
            "{%p for line in org_targets %}",
            "- {{ line }}",
            "{%p endfor %}",
            "# II. ĐẦU VÀO CHO ĐÁNH GIÁ, XẾP LOẠI CÁC TỔ CHỨC ĐẢNG",
            "{%p for line in cases %}",
            "- {{ line }}",
            "{%p endfor %}",
            "* Chi tiết từng tổ chức tại phụ lục kèm theo. Đây là gợi ý theo tiêu chí kết nạp đảng viên; việc đánh "
            "giá, xếp loại do Ban Thường vụ quyết định theo quy định.",
            "Nơi nhận:",
            "{%p for line in recipients %}",
            "{{ line }}",
            "{%p endfor %}",
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
