"""The results and comments as files people open: CSV in the reader's Excel dialect, names.

The columns are described once (`results_columns`, `comment_columns`) and written by the CSV
writer here and the .xlsx writer (`export_xlsx.py`). Text never becomes a formula: CSV cells
that start with a formula character are prefixed with `'` (OWASP "CSV injection").
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, Literal, TypeVar
from urllib.parse import quote

from teameval.i18n import translate
from teameval.i18n.formats import DISPLAY_ZONE, format_number
from teameval.results.schemas import EvaluationResults, ReceivedComment, StudentResult

BOM = "\ufeff"
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExcelSemicolon(csv.excel):
    """Excel with a decimal comma (Dutch and most European settings): `;` between cells."""

    delimiter = ";"


csv.register_dialect("excel-semicolon", ExcelSemicolon)
Dialect = Literal["excel", "excel-semicolon"]
# The decimal mark each dialect's Excel reads a number with.
DECIMAL_MARK: dict[Dialect, str] = {"excel": ".", "excel-semicolon": ","}
# Kinds of cell: text, a count, an average (2 decimals shown), a factor (3 decimals shown).
Kind = Literal["text", "count", "average", "factor"]
Cell = str | int | float | None
Row = TypeVar("Row")


def default_dialect(language: str) -> Dialect:
    """The dialect the reader's Excel opens in columns: Dutch `;` with a decimal comma."""
    return "excel-semicolon" if language == "nl" else "excel"


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of an export: its header, what kind of cell it holds and how to read it."""

    header: str
    kind: Kind
    value: Callable[[Row], Cell]


def safe_cell(text: str) -> str:
    """Text for a cell: a leading formula character is neutralised with an apostrophe."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def number_cell(value: float | int | None, dialect: Dialect) -> str:
    """A number as the dialect's Excel reads it: up to 3 decimals, its decimal mark."""
    if value is None:
        return ""
    text = str(value) if isinstance(value, int) else f"{value:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", DECIMAL_MARK[dialect])


def results_columns(
    results: EvaluationResults, language: str, all_factors: bool = False
) -> list[Column[StudentResult]]:
    """The results table's columns; one factor (the page's, clamped) unless `all_factors`."""

    def t(key: str, **params: str) -> str:
        return translate(key, language, **params)

    def peer(criterion_id: int) -> Callable[[StudentResult], Cell]:
        return lambda r: next(
            (c.peer_average for c in r.criteria if c.criterion_id == criterion_id), None
        )

    columns: list[Column[StudentResult]] = [
        Column(t("csv_student_id"), "count", lambda r: r.student.id),
        Column(t("csv_name"), "text", lambda r: r.student.name),
        Column(t("csv_email"), "text", lambda r: r.student.email),
        Column(t("csv_class_name"), "text", lambda r: r.student.class_name or ""),
        Column(t("csv_team"), "text", lambda r: r.team.name),
    ]
    columns += [
        Column(t("csv_peer_criterion", name=c.name), "average", peer(c.id))
        for c in results.criteria
    ]
    columns += [
        Column(t("csv_peer_average"), "average", lambda r: r.peer_average),
        Column(t("csv_self_average"), "average", lambda r: r.self_average),
        Column(t("csv_self_peer_ratio"), "factor", lambda r: r.self_peer_ratio),
        Column(t("csv_reviews_received"), "count", lambda r: r.reviews_received),
        Column(t("csv_reviews_expected"), "count", lambda r: r.reviews_expected),
        Column(t("csv_reviews_given"), "count", lambda r: r.reviews_given),
        Column(
            t(
                "csv_adjustment_factor",
                method="WebPA" if results.method == "webpa" else "CATME",
                min=format_number(results.adjustment_min, language),
                max=format_number(results.adjustment_max, language),
            ),
            "factor",
            lambda r: r.adjustment_factor,
        ),
    ]
    if all_factors:
        columns += [
            Column(t("csv_catme_factor"), "factor", lambda r: r.catme_factor),
            Column(t("csv_webpa_score"), "factor", lambda r: r.webpa_score),
        ]
    columns += [
        Column(t("csv_flags"), "text", lambda r: " | ".join(f.message for f in r.flags)),
        Column(
            t("csv_positive_signals"),
            "text",
            lambda r: " | ".join(f.message for f in r.positive_signals),
        ),
    ]
    return columns


def comment_columns(language: str) -> list[Column[ReceivedComment]]:
    """The comments' columns: whose, which team and criterion, who wrote it, the text."""

    def t(key: str, **params: str) -> str:
        return translate(key, language, **params)

    def writer(c: ReceivedComment) -> str:
        return t("csv_self_writer", name=c.reviewer_name) if c.is_self else c.reviewer_name

    return [
        Column(t("csv_student_id"), "count", lambda c: c.student_id),
        Column(t("csv_name"), "text", lambda c: c.student_name),
        Column(t("csv_team"), "text", lambda c: c.team_name),
        Column(t("csv_criterion"), "text", lambda c: c.criterion_name),
        Column(t("csv_comment_writer"), "text", writer),
        Column(t("csv_comment"), "text", lambda c: c.text),
    ]


def to_csv(columns: Sequence[Column[Row]], rows: Sequence[Row], dialect: Dialect) -> str:
    """Rows as CSV text in `dialect`, starting with a UTF-8 BOM so Excel detects the encoding."""
    out = io.StringIO()
    writer = csv.writer(out, dialect=dialect)
    writer.writerow([safe_cell(c.header) for c in columns])
    for row in rows:
        cells = []
        for column in columns:
            value = column.value(row)
            if column.kind == "text" or isinstance(value, str):
                cells.append(safe_cell(str(value or "")))
            else:
                cells.append(number_cell(value, dialect))
        writer.writerow(cells)
    return BOM + out.getvalue()


def export_filename(title: str, extension: str, suffix: str = "", day: date | None = None) -> str:
    """`<title>-<suffix>-<yyyy-mm-dd>.<extension>`, words joined by `-` (may be non-ASCII)."""
    day = day or datetime.now(DISPLAY_ZONE).date()
    words = re.sub(r"[^\w]+", "-", f"{title} {suffix}").strip("-_")[:80].strip("-_")
    return f"{words or 'export'}-{day.isoformat()}.{extension}"


def content_disposition(filename: str) -> str:
    """An attachment header: an ASCII `filename` every browser reads, and RFC 5987 UTF-8."""
    folded = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    fallback = re.sub(r"[^A-Za-z0-9.]+", "-", folded).strip("-") or "export"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
