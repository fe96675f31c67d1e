"""The results table as CSV that opens correctly in Excel and cannot smuggle in formulas."""

import csv
import io
from typing import Literal

from teameval.i18n import translate
from teameval.results.schemas import EvaluationResults

Separator = Literal[",", ";"]
BOM = "\ufeff"
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text for a cell: a leading formula character is neutralised with an apostrophe."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def number_cell(value: float | int | None, separator: Separator) -> str:
    """A number as Excel reads it: with `;` (Dutch/European Excel) the decimal mark is `,`."""
    if value is None:
        return ""
    text = str(value) if isinstance(value, int) else f"{value:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if separator == ";" else text


def results_csv(results: EvaluationResults, language: str, separator: Separator = ",") -> str:
    """The results as CSV text, starting with a UTF-8 BOM so Excel detects the encoding."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")

    def t(key: str, **params: str) -> str:
        return translate(key, language, **params)

    header = [t("csv_student_id"), t("csv_name"), t("csv_email"), t("csv_class_name")]
    header += [t("csv_team")]
    header += [t("csv_peer_criterion", name=c.name) for c in results.criteria]
    header += [
        t("csv_peer_average"),
        t("csv_self_average"),
        t("csv_self_peer_ratio"),
        t("csv_reviews_received"),
        t("csv_reviews_expected"),
        t("csv_reviews_given"),
        t("csv_catme_factor"),
        t("csv_webpa_score"),
        t("csv_adjustment_factor"),
        t("csv_flags"),
    ]
    writer.writerow([safe_cell(h) for h in header])
    for row in results.students:
        by_criterion = {c.criterion_id: c.peer_average for c in row.criteria}
        cells = [
            str(row.student.id),
            safe_cell(row.student.name),
            safe_cell(row.student.email),
            safe_cell(row.student.class_name or ""),
            safe_cell(row.team.name),
        ]
        cells += [number_cell(by_criterion.get(c.id), separator) for c in results.criteria]
        cells += [
            number_cell(row.peer_average, separator),
            number_cell(row.self_average, separator),
            number_cell(row.self_peer_ratio, separator),
            number_cell(row.reviews_received, separator),
            number_cell(row.reviews_expected, separator),
            number_cell(row.reviews_given, separator),
            number_cell(row.catme_factor, separator),
            number_cell(row.webpa_score, separator),
            number_cell(row.adjustment_factor, separator),
            safe_cell(" | ".join(f.message for f in row.flags)),
        ]
        writer.writerow(cells)
    return BOM + out.getvalue()
