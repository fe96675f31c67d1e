"""Parsing of uploaded CSV files of people, with an error per bad line."""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

import charset_normalizer
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


# Excel saves "Unicode text" as UTF-16 with a byte order mark.
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# What Excel writes when a file is not saved as "CSV UTF-8": the code page of Windows in Dutch
# and English (Windows-1252) or of a Mac (Mac Roman). The first is the answer when in doubt.
_LEGACY_ENCODINGS = ("cp1252", "mac_roman")
# The separators a spreadsheet writes: `,` (English settings), `;` (Dutch), tab ("Unicode text").
_DELIMITERS = ",;\t"


@dataclass(frozen=True)
class DecodedUpload:
    """An upload's text and the encoding it was read in (shown with the preview)."""

    text: str
    encoding: str


def decode_upload(data: bytes) -> DecodedUpload:
    """The text of an uploaded file: UTF-8 (with or without BOM), UTF-16 with BOM, or else
    the Windows-1252 or Mac Roman that Excel writes, whichever charset-normalizer finds the
    bytes fit (docs/ROSTER_IMPORT.md says why not a free guess).

    Readers of an upload read at most MAX_UPLOAD_BYTES + 1 bytes, so a larger file is refused
    here, whichever page or route it came through.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid("csv_too_large", max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    if data.startswith(_UTF16_BOMS):
        try:
            return DecodedUpload(data.decode("utf-16"), "UTF-16")
        except UnicodeDecodeError as exc:
            raise Invalid("csv_not_utf8") from exc
    try:
        # UTF-8 checks itself: text in another encoding with any letter beyond ASCII fails.
        return DecodedUpload(data.decode("utf-8-sig"), "UTF-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    encoding = best.encoding if best is not None else _LEGACY_ENCODINGS[0]
    try:
        return DecodedUpload(data.decode(encoding), _ENCODING_NAMES.get(encoding, encoding))
    except UnicodeDecodeError as exc:  # bytes Windows-1252 leaves undefined: not a text file
        raise Invalid("csv_not_utf8") from exc


_ENCODING_NAMES = {"cp1252": "Windows-1252", "mac_roman": "Mac Roman"}

# Column names as teachers' files spell them, compared without case, spaces, `-`, `_` or `.`:
# Dutch and English, and the split name of Dutch school systems (roepnaam, tussenvoegsel,
# achternaam), which is joined into one name.
HEADER_ALIASES = {
    "email": ("email", "emailadres", "emailaddress", "mail", "mailadres"),
    "name": ("name", "naam", "volledigenaam", "fullname", "leerling", "student", "naamleerling"),
    "class_name": ("classname", "class", "klas", "klasnaam", "stamklas", "lesgroep"),
    "team": ("team", "teamnaam", "teamname", "projectgroep", "projectteam"),
    "first_name": ("voornaam", "roepnaam", "firstname", "givenname"),
    "infix": ("tussenvoegsel", "tussenvoegsels", "tussenv", "infix"),
    "last_name": ("achternaam", "lastname", "surname", "familyname"),
}
_ALIAS_OF = {alias: column for column, aliases in HEADER_ALIASES.items() for alias in aliases}
_NAME_PARTS = ("first_name", "infix", "last_name")


def column_of(header_cell: str) -> str:
    """Our name for a header cell (`E-mailadres` -> `email`); an unknown column keeps its own."""
    key = re.sub(r"[\s_.\-]+", "", header_cell.strip().strip('"').lower())
    return _ALIAS_OF.get(key, key)


def _delimiter(text: str) -> str:
    """The separator of the file: the stdlib's csv.Sniffer over its first lines, else the
    more frequent of `;` and `,` (a one-column file gives the sniffer nothing to go on)."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ";" if sample.count(";") > sample.count(",") else ","


def _has_columns(header: list[str], required: list[str]) -> bool:
    """Whether a header names the required columns (a name may be given in its parts)."""
    present = set(header)
    if "name" in required and "name" not in present:
        present |= {"name"} if {"first_name", "last_name"} <= present else set()
    return all(name in present for name in required)


def parse_people_csv(text: str, required: list[str], optional: list[str]) -> ParsedCsv:
    """Parse a CSV whose first line names its columns (`,`, `;` or tab separated).

    Header cells may be Dutch or English (HEADER_ALIASES). A file without a header line is read
    positionally when its first line is data: an e-mail in the first cell means the columns are
    in the documented order.
    """
    if not text.strip():
        raise Invalid("csv_empty")
    delimiter = _delimiter(text)
    # Excel for Mac ends lines with a bare CR; the csv module refuses those inside a field.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = required + optional
    try:
        lines = list(reader)
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise Invalid("csv_unreadable") from exc
    first = [column_of(c) for c in lines[0]] if lines else []
    start_line = 1
    if first and _has_columns(first, required):
        header = first
        body = lines[1:]
        start_line = 2
    elif first and "@" in first[0]:
        header = columns
        body = lines
    else:
        raise Invalid("csv_bad_header", expected=delimiter.join(columns))

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
        if not row.get("name") and any(row.get(part) for part in _NAME_PARTS):
            row["name"] = " ".join(row[p] for p in _NAME_PARTS if row.get(p))
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
