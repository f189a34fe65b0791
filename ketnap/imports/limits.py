"""How much of a user's file an import is willing to read, checked before reading it.

An .xlsx or .docx is a zip of XML parts. A few kilobytes can declare a cell at column
XFD (16,384 columns a row), expand to gigabytes (a deflate bomb), hold 10,000 sheets
or one shared string of 100 MB. An appendix or a candidate list is tens of KB with a
few thousand rows at most, so every dimension has a limit far above real files and
far below what would hold a worker: each refusal is a Vietnamese sentence that names
the limit, so the secretary knows what to fix.

`check_archive(data, filename)` inspects the zip directory only (no decompression):
member count, the declared uncompressed size of every member and of all of them
together. Python's zipfile never inflates a member past its declared size (a lying
header fails the CRC check), so the declared sizes bound the work that follows.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

MAX_SHEETS = 50  # worksheets of a workbook, tables of a Word document
MAX_ROWS = 5000  # rows holding a value
MAX_COLUMNS = 200  # columns holding a value
MAX_CELLS = 200_000  # cells stored in the file (blank styled cells included)
MAX_MERGES = 5000  # merged ranges of one sheet
MAX_MEMBERS = 1000  # parts of the zip
MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024  # all parts together, once unpacked
MAX_PART_BYTES = 15 * 1024 * 1024  # one part (a sheet, the shared strings, document.xml)

_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b")


class UnreadableFile(Exception):
    """The file cannot be opened as a spreadsheet or Word document, or is past a limit."""


@dataclass(frozen=True)
class Archive:
    """A zip that passed the directory checks, with the names of its parts."""

    names: frozenset[str]


def n(number: int) -> str:
    """A count the Vietnamese way: 16.384."""
    return f"{number:,}".replace(",", ".")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_archive(data: bytes, filename: str, kind: str) -> Archive:
    """Refuse a zip past a limit before any part of it is inflated; `kind` is
    "Excel" or "Word" for the messages."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise UnreadableFile(f"{filename}: không đọc được tệp {kind} ({exc.__class__.__name__}).") from exc
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFile(
            f"{filename}: tệp gồm {n(len(infos))} phần, vượt giới hạn {n(MAX_MEMBERS)} phần; "
            "đây không phải một biểu bình thường."
        )
    total = 0
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise UnreadableFile(
                f"{filename}: phần “{info.filename[:80]}” khi giải nén lớn {_mb(info.file_size)}, "
                f"vượt giới hạn {_mb(MAX_PART_BYTES)} cho một phần."
            )
        total += info.file_size
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableFile(
            f"{filename}: khi giải nén tệp lớn {_mb(total)}, vượt giới hạn {_mb(MAX_UNCOMPRESSED_BYTES)}. "
            "Hãy bỏ bớt ảnh, trang tính thừa rồi lưu lại."
        )
    names = frozenset(info.filename for info in infos)
    if kind == "Excel" and "xl/workbook.xml" in names:
        sheets = len(_SHEET_TAG.findall(archive.read("xl/workbook.xml")))
        if sheets > MAX_SHEETS:
            raise UnreadableFile(f"{filename}: tệp có {n(sheets)} trang tính, vượt giới hạn {MAX_SHEETS} trang.")
    return Archive(names)


def too_many_rows(filename: str, sheet: str, row: int) -> UnreadableFile:
    return UnreadableFile(f"{filename}, {sheet}: có dữ liệu ở dòng {n(row)}, vượt giới hạn {n(MAX_ROWS)} dòng.")


def too_many_columns(filename: str, sheet: str, column: int) -> UnreadableFile:
    return UnreadableFile(f"{filename}, {sheet}: có dữ liệu ở cột thứ {n(column)}, vượt giới hạn {MAX_COLUMNS} cột.")


def too_many_cells(filename: str) -> UnreadableFile:
    return UnreadableFile(f"{filename}: tệp chứa hơn {n(MAX_CELLS)} ô, vượt giới hạn cho một lần nhập.")


def too_many_merges(filename: str, sheet: str) -> UnreadableFile:
    return UnreadableFile(f"{filename}, {sheet}: có hơn {n(MAX_MERGES)} vùng ô gộp, vượt giới hạn.")


def too_many_tables(filename: str, count: int) -> UnreadableFile:
    return UnreadableFile(f"{filename}: tệp có {n(count)} bảng, vượt giới hạn {MAX_SHEETS} bảng.")
