"""The results as an Excel workbook (openpyxl): real numbers, a frozen header, the comments.

Sheet one is the results table (the columns of `export.results_columns`), numbers stored as
numbers with a number format, so Excel sorts and computes with them in any locale. Sheet two
holds every comment each student received, with who wrote it. Text is always a string cell
with Excel's quote prefix: a name like `=HYPERLINK(...)` is shown as typed and never becomes a
formula, not even when someone edits the cell.
"""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from teameval.i18n import translate
from teameval.results.export import (
    FORMULA_STARTS,
    Column,
    Kind,
    Row,
    comment_columns,
    results_columns,
)
from teameval.results.schemas import ResultsExport

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS: dict[Kind, str] = {"count": "0", "average": "0.00", "factor": "0.000"}
# Column widths in characters: wide enough for the longest cell, never wider than a screen.
MIN_WIDTH, MAX_WIDTH, TEXT_WIDTH = 6, 60, 80


def results_xlsx(export: ResultsExport, language: str, all_factors: bool = False) -> bytes:
    """The workbook as bytes: the results sheet and the comments sheet."""
    workbook = Workbook()
    results_sheet = workbook.active
    assert results_sheet is not None  # a new workbook always has its first sheet
    results_sheet.title = translate("xlsx_sheet_results", language)[:31]
    _fill(
        results_sheet,
        results_columns(export.results, language, all_factors),
        export.results.students,
    )
    comments_sheet = workbook.create_sheet(translate("xlsx_sheet_comments", language)[:31])
    _fill(comments_sheet, comment_columns(language), export.comments, wrap_last=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _fill(
    sheet: Worksheet,
    columns: Sequence[Column[Row]],
    rows: Sequence[Row],
    wrap_last: bool = False,
) -> None:
    """Header (bold, frozen, filterable), one row per item, widths that fit the content."""
    widths = [len(c.header) for c in columns]
    for index, column in enumerate(columns, start=1):
        cell = _cell(sheet, 1, index)
        _text(cell, column.header)
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            value = column.value(row)
            cell = _cell(sheet, row_number, index)
            if column.kind == "text" or isinstance(value, str):
                _text(cell, str(value or ""))
                widths[index - 1] = max(widths[index - 1], len(str(value or "")))
            elif value is not None:
                cell.value = value
                cell.number_format = NUMBER_FORMATS[column.kind]
                widths[index - 1] = max(widths[index - 1], len(NUMBER_FORMATS[column.kind]))
    for index, width in enumerate(widths, start=1):
        limit = TEXT_WIDTH if wrap_last and index == len(columns) else MAX_WIDTH
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(width, MIN_WIDTH), limit) + 2
    if wrap_last:
        for (wrapped,) in sheet.iter_rows(min_row=2, min_col=len(columns), max_col=len(columns)):
            wrapped.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _cell(sheet: Worksheet, row: int, column: int) -> Cell:
    """The cell at (row, column); nothing here is merged, so it is always a plain cell."""
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)
    return cell


def _text(cell: Cell, text: str) -> None:
    """A string cell that Excel never reads as a formula (quote prefix when it looks like one).

    Control characters an .xlsx cannot hold are dropped (openpyxl would refuse the whole file);
    Word's line break (vertical tab, pasted into comments) becomes a real line break.
    """
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text.replace("\v", "\n"))
    cell.data_type = "s"  # openpyxl takes a text starting with `=` for a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
