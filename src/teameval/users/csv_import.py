"""Parsing of uploaded CSV files of people, with an error per bad line."""

import csv
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from teameval.errors import Invalid
from teameval.validation import LABEL_MAX, NAME_MAX, TEAM_NAME_MAX, text_problem

# The largest file an import takes: a whole school's students fit many times over.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024

# The columns that are stored as names and labels, and their database lengths.
COLUMN_LIMITS = {"name": NAME_MAX, "class_name": LABEL_MAX, "team": TEAM_NAME_MAX}


@dataclass
class CsvRow:
    """One parsed line: its number in the file and its cells by column name."""

    line: int
    cells: dict[str, str]


@dataclass
class ParsedCsv:
    """The good rows of a file and (line, message code, params) for every bad one."""

    rows: list[CsvRow] = field(default_factory=list)
    errors: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)


def decode_upload(data: bytes) -> str:
    """The text of an uploaded file: UTF-8, with or without BOM (as Excel writes it).

    Readers of an upload read at most MAX_UPLOAD_BYTES + 1 bytes, so a larger file is refused
    here, whichever page or route it came through.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid("csv_too_large", max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid("csv_not_utf8") from exc


def parse_people_csv(text: str, required: list[str], optional: list[str]) -> ParsedCsv:
    """Parse a CSV whose first line names its columns (`,` or `;` separated).

    A file without a header line is read positionally when its first line is data: an e-mail
    in the first cell means the columns are in the documented order.
    """
    if not text.strip():
        raise Invalid("csv_empty")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # Excel for Mac ends lines with a bare CR; the csv module refuses those inside a field.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = required + optional
    try:
        lines = list(reader)
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise Invalid("csv_unreadable") from exc
    first = [c.strip().lower() for c in lines[0]] if lines else []
    start_line = 1
    if first and all(name in first for name in required):
        header = first
        body = lines[1:]
        start_line = 2
    elif first and "@" in first[0]:
        header = columns
        body = lines
    else:
        raise Invalid("csv_bad_header", expected=",".join(columns))

    parsed = ParsedCsv()
    seen: set[str] = set()
    for offset, cells in enumerate(body):
        line = start_line + offset
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            parsed.errors.append((line, "csv_too_many_columns", {}))
            continue
        row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        email = row.get("email", "")
        try:
            row["email"] = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            parsed.errors.append((line, "csv_bad_email", {"email": email}))
            continue
        if not row.get("name"):
            parsed.errors.append((line, "csv_missing_name", {}))
            continue
        problem = _cell_problem(row)
        if problem is not None:
            parsed.errors.append((line, *problem))
            continue
        if row["email"] in seen:
            parsed.errors.append((line, "csv_duplicate_email", {"email": row["email"]}))
            continue
        seen.add(row["email"])
        parsed.rows.append(CsvRow(line=line, cells=row))
    return parsed


def _cell_problem(row: dict[str, str]) -> tuple[str, dict[str, str]] | None:
    """The first name or label cell that does not fit its column (a message code, params)."""
    for column, limit in COLUMN_LIMITS.items():
        problem = text_problem(row.get(column, ""), limit, required=False)
        if problem is not None:
            code, _ = problem
            return f"csv_{code}", {"column": column, "max": str(limit)}
    return None
