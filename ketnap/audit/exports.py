"""The audit log as an .xlsx an inspector can file: Vietnamese headings, local times,
names as recorded. Text that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ketnap.audit.display import local_moment
from ketnap.audit.models import AuditEvent

#: More rows than this belong in a narrower filter (or a background export).
EXPORT_LIMIT = 20_000
HEADINGS = ["Lúc", "Người thực hiện", "Thao tác", "Loại dữ liệu", "Đối tượng", "Tổ chức", "Thay đổi (trước → sau)"]
WIDTHS = [17, 28, 20, 20, 40, 32, 70]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: str) -> str:
    """A leading apostrophe keeps '=HYPERLINK(…)' a text, not a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def change_lines(event: AuditEvent) -> str:
    return "\n".join(f"{label}: {before} → {after}" for label, before, after in event.rows)


def audit_xlsx(events: Iterable[AuditEvent], filters: dict[str, str], *, viewer: str) -> tuple[bytes, int]:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nhật ký"
    sheet.append(["NHẬT KÝ THAO TÁC — HỆ THỐNG KẾT NẠP"])
    sheet["A1"].font = Font(bold=True, size=13)
    described = "; ".join(f"{k}: {v}" for k, v in filters.items()) or "toàn bộ phạm vi"
    sheet.append([cell_text(f"Điều kiện lọc: {described}. Người xuất: {viewer}.")])
    sheet.append([])
    sheet.append(HEADINGS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    count = 0
    for event in events[:EXPORT_LIMIT] if hasattr(events, "__getitem__") else events:  # type: ignore[index]
        sheet.append(
            [
                local_moment(event.at),
                cell_text(event.actor),
                event.get_action_display(),
                cell_text(event.model),
                cell_text(event.object_repr),
                cell_text(event.organization_name),
                cell_text(change_lines(event)),
            ]
        )
        count += 1
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "4:4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count
