"""Reading teachers' CSV files: encodings, separators and header names as Excel writes them."""

import codecs

import pytest

from teameval.errors import Invalid
from teameval.users.csv_import import column_of, decode_upload, parse_people_csv

REQUIRED = ["email", "name"]
OPTIONAL = ["class_name", "team"]
DUTCH = "e-mail;naam;klas;team\r\nzoe@s.example;Zoë de Bruïne;4H;Één\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (DUTCH.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + DUTCH.encode("utf-8"), "UTF-8"),
        (DUTCH.encode("cp1252"), "Windows-1252"),
        (DUTCH.encode("mac_roman"), "Mac Roman"),
        (codecs.BOM_UTF16_LE + DUTCH.replace(";", "\t").encode("utf-16-le"), "UTF-16"),
    ],
)
def test_excel_encodings_read_the_same_names(data: bytes, encoding: str) -> None:
    upload = decode_upload(data)
    assert upload.encoding == encoding
    parsed = parse_people_csv(upload.text, REQUIRED, OPTIONAL)
    assert parsed.errors == []
    assert [r.cells for r in parsed.rows] == [
        {"email": "zoe@s.example", "name": "Zoë de Bruïne", "class_name": "4H", "team": "Één"}
    ]


def test_a_one_accent_windows_file_is_read_as_windows_1252() -> None:
    """Too little text to tell code pages apart: Windows-1252, Excel's on Dutch Windows."""
    upload = decode_upload("email;naam\r\nzoe@s.example;Zoë\r\n".encode("cp1252"))
    assert (upload.encoding, upload.text.splitlines()[1]) == ("Windows-1252", "zoe@s.example;Zoë")


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("E-mailadres", "email"),
        ("e-mail", "email"),
        ("Email Address", "email"),
        ("Naam", "name"),
        ("NAME", "name"),
        ("Klas", "class_name"),
        ("class_name", "class_name"),
        ("Team", "team"),
        ("Roepnaam", "first_name"),
        ("Tussenvoegsel", "infix"),
        ("Achternaam", "last_name"),
        ("Leerlingnummer", "leerlingnummer"),
    ],
)
def test_dutch_and_english_header_names(cell: str, column: str) -> None:
    assert column_of(cell) == column


def test_a_name_in_parts_is_joined_and_unknown_columns_are_ignored() -> None:
    text = (
        "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;E-mailadres;Klas\n"
        "1001;Daan;van der;Berg;daan@s.example;4H\n"
        "1002;Eva;;Smit;eva@s.example;4H\n"
    )
    parsed = parse_people_csv(text, REQUIRED, OPTIONAL)
    assert [(r.cells["name"], r.cells["class_name"]) for r in parsed.rows] == [
        ("Daan van der Berg", "4H"),
        ("Eva Smit", "4H"),
    ]


def test_commas_inside_names_do_not_make_a_comma_file() -> None:
    """The sniffer sees `;` on every line; counting would pick `,` in this file."""
    text = 'email;naam\na@s.example;"Jansen, Piet"\nb@s.example;Bakker, A., B.\n'
    parsed = parse_people_csv(text, REQUIRED, OPTIONAL)
    assert [r.cells["name"] for r in parsed.rows] == ["Jansen, Piet", "Bakker, A., B."]


def test_a_header_without_the_needed_columns_says_which_are_needed() -> None:
    with pytest.raises(Invalid) as refused:
        parse_people_csv("leerling;groep\nAnna;4H\n", REQUIRED, OPTIONAL)
    assert refused.value.code == "csv_bad_header"
