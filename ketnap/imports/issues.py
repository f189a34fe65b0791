"""What went wrong in an imported file, with its coordinates.

Every reader and validator reports problems as `ImportIssue`s instead of raising at
the first one: a clerk fixes a spreadsheet in one pass only if she sees every bad
cell at once, each with file, sheet, row, column and a Vietnamese reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any


def column_letter(column: int) -> str:
    """1 → A, 27 → AA: how Excel names a column."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class ImportIssue:
    """One problem. `row` and `column` are 1-based positions in the sheet or Word
    table (None when the issue concerns the whole file or a whole row)."""

    file: str
    sheet: str
    row: int | None
    column: int | None
    message: str

    @property
    def column_label(self) -> str:
        """A for a spreadsheet, "cột 3" for a Word table (whose columns have no letters)."""
        if self.column is None:
            return ""
        if self.file.lower().endswith(".docx"):
            return f"cột {self.column}"
        return column_letter(self.column)

    @property
    def where(self) -> str:
        """Human location: "bieu.xlsx, trang Chi bộ, dòng 7, cột D"."""
        parts = [self.file]
        if self.sheet:
            parts.append(self.sheet if self.sheet.lower().startswith("bảng") else f"trang {self.sheet}")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column is not None:
            label = self.column_label
            parts.append(label if label.startswith("cột") else f"cột {label}")
        return ", ".join(p for p in parts if p)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["column_label"] = self.column_label
        return data


class ImportIssues:
    """An ordered collection of issues; falsy when the file is clean."""

    def __init__(self) -> None:
        self._items: list[ImportIssue] = []

    def add(self, file: str, sheet: str, row: int | None, column: int | None, message: str) -> None:
        issue = ImportIssue(file, sheet, row, column, message)
        if issue not in self._items:
            self._items.append(issue)

    def extend(self, other: ImportIssues | list[ImportIssue]) -> None:
        for issue in other:
            if issue not in self._items:
                self._items.append(issue)

    def __iter__(self) -> Iterator[ImportIssue]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def as_json(self) -> list[dict[str, Any]]:
        return [issue.as_json() for issue in self._items]


class ImportRefused(Exception):
    """Raised inside the apply transaction when re-validation finds issues, so that
    the transaction rolls back and nothing is written."""

    def __init__(self, issues: ImportIssues) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues
