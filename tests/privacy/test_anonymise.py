"""Anonymisation of comments: names in every form, contact details, student numbers."""

import pytest

from teameval.privacy.anonymise import Anonymiser

ROSTER = [
    "Jan de Vries",
    "Émile Jansen",
    "Anne-Marie van der Berg",
    "Ben Visser",
    "Fatima el Amrani",
]


@pytest.fixture
def anonymiser() -> Anonymiser:
    return Anonymiser(ROSTER, "nl")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan de Vries deed veel", "[naam] deed veel"),
        ("jan deed veel", "[naam] deed veel"),
        ("Goed gedaan, De Vries!", "Goed gedaan, [naam]!"),
        ("Vries had gelijk", "[naam] had gelijk"),
        ("Emile en ÉMILE en émile", "[naam] en [naam] en [naam]"),
        ("Anne-Marie en anne marie en Van der Berg", "[naam] en [naam] en [naam]"),
        ("Jans deel en Emile's deel", "[naam] deel en [naam] deel"),
        ("Fatima El Amrani hielp", "[naam] hielp"),
        ("ik ben blij met Ben", "ik ben blij met [naam]"),
        ("Het hoofdstuk van de groep", "Het hoofdstuk van de groep"),
        ("janssen is iemand anders", "janssen is iemand anders"),
    ],
)
def test_roster_names_in_every_form(anonymiser: Anonymiser, text: str, expected: str) -> None:
    assert anonymiser.text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail jan.devries@school.nl", "mail [e-mail]"),
        ("bel 06-12345678 of +31 6 1234 5678", "bel [telefoonnummer] of [telefoonnummer]"),
        ("zie https://example.org/a?b=c en www.site.nl", "zie [link] en [link]"),
        ("staat op docs.google.com/doc/123", "staat op [link]"),
        (
            "leerlingnummer 1234567 en s7654321",
            "leerlingnummer [leerlingnummer] en [leerlingnummer]",
        ),
        ("cijfer 8 in 2024, groep 3", "cijfer 8 in 2024, groep 3"),
    ],
)
def test_contact_details_and_numbers(anonymiser: Anonymiser, text: str, expected: str) -> None:
    assert anonymiser.text(text) == expected


def test_english_tokens() -> None:
    assert Anonymiser(["Tom Smith"], "en").text("Tom, mail tom@x.org") == "[name], mail [e-mail]"


def test_a_comment_of_only_names_and_punctuation_is_dropped(anonymiser: Anonymiser) -> None:
    assert anonymiser.comment("Jan!") is None
    assert anonymiser.comment("  jan@x.nl ... ") is None
    assert anonymiser.comment("Jan, top!") == "[naam], top!"


def test_names_in_reports_what_is_left(anonymiser: Anonymiser) -> None:
    assert anonymiser.names_in("Samen met Émile Jansen en ben") == ["Émile Jansen"]
    assert anonymiser.names_in("Je teamgenoten waarderen je inzet.") == []


def test_an_empty_roster_still_removes_contact_details() -> None:
    assert Anonymiser([]).text("Piet: piet@x.nl") == "Piet: [e-mail]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A name with an apostrophe, alone and possessive: its variants are found by "o".
        ("Sean O'Brien en o'brien's plan", "[naam] en [naam] plan"),
        # A prefix that starts with a non-word character: "'t Hart" is found by its "t".
        ("Goed werk, 't Hart", "Goed werk, [naam]"),
        # The possessive written without an apostrophe is found by the name before the "s".
        ("Lottes deel", "[naam] deel"),
        # The longest variant wins where several start: one token, not "[naam] van [naam]".
        ("Lotte van 't Hart en lotte", "[naam] en [naam]"),
    ],
)
def test_names_found_whatever_their_first_word_looks_like(text: str, expected: str) -> None:
    roster = ["Sean O'Brien", "Lotte van 't Hart", "Piet Bakker"]
    assert Anonymiser(roster, "nl").text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("McDonald deed veel", "[naam] deed veel"),
        ("Met Mc Donald gewerkt", "Met [naam] gewerkt"),
        ("mcdonald was er", "[naam] was er"),
        ("@kevin_mcdonald", "[naam]"),
        ("Sanne DeVries hielp, net als devries zelf", "[naam] hielp, net als [naam] zelf"),
    ],
)
def test_a_roster_name_with_an_inner_capital_is_found_cut_or_whole(
    text: str, expected: str
) -> None:
    assert Anonymiser(["Kevin McDonald", "Sanne DeVries"], "nl").text(text) == expected
