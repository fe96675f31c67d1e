"""Texts that depend on a number: "1 regel heeft een fout", "12 regels hebben een fout".

Babel's CLDR plural rules choose the form for the language (`Locale.plural_form`), so a text
is written once per form the language has ("one" and "other" for Dutch and English) instead
of a hand-built "(s)" suffix. `translate(key, lang, count=n)` finds these like any other key.
"""

from functools import cache

from babel import Locale

# language -> CLDR plural category ("one", "other") -> the text, with `{count}` in it.
PluralEntry = dict[str, dict[str, str]]


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def plural_form(count: float, lang: str) -> str:
    """The CLDR plural category of `count` in `lang`: "one" or "other" for nl and en."""
    return str(_locale(lang).plural_form(count))


PLURAL_MESSAGES: dict[str, PluralEntry] = {
    # The comments a student received (teacher's evaluation page).
    "page_comments_count": {
        "nl": {"one": "{count} opmerking", "other": "{count} opmerkingen"},
        "en": {"one": "{count} comment", "other": "{count} comments"},
    },
    # Roster import (courses/roster_import.py, the course page).
    "roster_import_has_errors": {
        "nl": {
            "one": "Er is niets geïmporteerd: {count} regel bevat een fout. Verbeter het "
            "bestand en importeer het opnieuw.",
            "other": "Er is niets geïmporteerd: {count} regels bevatten fouten. Verbeter het "
            "bestand en importeer het opnieuw.",
        },
        "en": {
            "one": "Nothing was imported: {count} line has an error. Fix the file and import "
            "it again.",
            "other": "Nothing was imported: {count} lines have errors. Fix the file and import "
            "it again.",
        },
    },
    "page_import_good": {
        "nl": {
            "one": "{count} regel kan worden geïmporteerd.",
            "other": "{count} regels kunnen worden geïmporteerd.",
        },
        "en": {"one": "{count} line can be imported.", "other": "{count} lines can be imported."},
    },
    "page_import_bad": {
        "nl": {"one": "{count} regel heeft een fout.", "other": "{count} regels hebben een fout."},
        "en": {"one": "{count} line has an error.", "other": "{count} lines have an error."},
    },
    "page_import_confirm": {
        "nl": {"one": "{count} leerling importeren", "other": "{count} leerlingen importeren"},
        "en": {"one": "Import {count} student", "other": "Import {count} students"},
    },
    "roster_result_students_added": {
        "nl": {"one": "{count} leerling toegevoegd", "other": "{count} leerlingen toegevoegd"},
        "en": {"one": "{count} student added", "other": "{count} students added"},
    },
    "roster_result_students_updated": {
        "nl": {"one": "{count} leerling bijgewerkt", "other": "{count} leerlingen bijgewerkt"},
        "en": {"one": "{count} student updated", "other": "{count} students updated"},
    },
    "roster_result_enrolled": {
        "nl": {
            "one": "{count} leerling op de cursus gezet",
            "other": "{count} leerlingen op de cursus gezet",
        },
        "en": {
            "one": "{count} student put on the course",
            "other": "{count} students put on the course",
        },
    },
    "roster_result_teams_created": {
        "nl": {"one": "{count} team aangemaakt", "other": "{count} teams aangemaakt"},
        "en": {"one": "{count} team created", "other": "{count} teams created"},
    },
    "roster_result_team_changes": {
        "nl": {
            "one": "{count} leerling in een team geplaatst",
            "other": "{count} leerlingen in een team geplaatst",
        },
        "en": {
            "one": "{count} student placed in a team",
            "other": "{count} students placed in a team",
        },
    },
    "roster_result_unchanged": {
        "nl": {"one": "{count} leerling ongewijzigd", "other": "{count} leerlingen ongewijzigd"},
        "en": {"one": "{count} student unchanged", "other": "{count} students unchanged"},
    },
    # Sign-in codes and invitations (access/).
    "page_slips_count": {
        "nl": {
            "one": "{count} strookje, geldig tot {until}.",
            "other": "{count} strookjes, geldig tot {until}.",
        },
        "en": {
            "one": "{count} slip, valid until {until}.",
            "other": "{count} slips, valid until {until}.",
        },
    },
    "page_slips_skipped": {
        "nl": {
            "one": "{count} leerling met een wachtwoord overgeslagen.",
            "other": "{count} leerlingen met een wachtwoord overgeslagen.",
        },
        "en": {
            "one": "{count} student with a password skipped.",
            "other": "{count} students with a password skipped.",
        },
    },
    "page_invited_sent": {
        "nl": {"one": "{count} e-mail verstuurd.", "other": "{count} e-mails verstuurd."},
        "en": {"one": "{count} e-mail sent.", "other": "{count} e-mails sent."},
    },
    # Reminders (reminders/).
    "reminder_body": {
        "nl": {
            "one": "Hallo {name},\n\nJe hebt nog {count} beoordeling voor '{title}' niet "
            "ingediend.{deadline}\n\nVul die in via {link}\n\nDit is een automatisch bericht "
            "van teameval.",
            "other": "Hallo {name},\n\nJe hebt nog {count} beoordelingen voor '{title}' niet "
            "ingediend.{deadline}\n\nVul ze in via {link}\n\nDit is een automatisch bericht "
            "van teameval.",
        },
        "en": {
            "one": "Hello {name},\n\nYou still have {count} review for '{title}' to submit."
            "{deadline}\n\nComplete it at {link}\n\nThis is an automatic message from teameval.",
            "other": "Hello {name},\n\nYou still have {count} reviews for '{title}' to submit."
            "{deadline}\n\nComplete them at {link}\n\nThis is an automatic message from "
            "teameval.",
        },
    },
    "page_reminders_pending": {
        "nl": {
            "one": "{count} leerling heeft nog niet alles ingediend",
            "other": "{count} leerlingen hebben nog niet alles ingediend",
        },
        "en": {
            "one": "{count} student has not submitted everything",
            "other": "{count} students have not submitted everything",
        },
    },
    "page_reminders_sent": {
        "nl": {
            "one": "De herinnering is verstuurd: {count} e-mail.",
            "other": "De herinnering is verstuurd: {count} e-mails.",
        },
        "en": {
            "one": "The reminder was sent: {count} e-mail.",
            "other": "The reminder was sent: {count} e-mails.",
        },
    },
    "page_reminders_refused": {
        "nl": {
            "one": "{count} adres werd door de mailserver geweigerd.",
            "other": "{count} adressen werden door de mailserver geweigerd.",
        },
        "en": {
            "one": "{count} address was refused by the mail server.",
            "other": "{count} addresses were refused by the mail server.",
        },
    },
    # Students' pages.
    "page_student_progress": {
        "nl": {
            "one": "{done} van {count} beoordeling ingediend",
            "other": "{done} van {count} beoordelingen ingediend",
        },
        "en": {
            "one": "{done} of {count} review submitted",
            "other": "{done} of {count} reviews submitted",
        },
    },
    "page_overview_intro": {
        "nl": {
            "one": "Dit schreef een teamgenoot over jou ({count} beoordeling).",
            "other": "Dit schreven je teamgenoten over jou ({count} beoordelingen).",
        },
        "en": {
            "one": "This is what a teammate wrote about you ({count} review).",
            "other": "This is what your teammates wrote about you ({count} reviews).",
        },
    },
    # Teachers' and admins' pages.
    "page_evaluation_flagged": {
        "nl": {
            "one": "{count} leerling om naar te kijken",
            "other": "{count} leerlingen om naar te kijken",
        },
        "en": {"one": "{count} student to look at", "other": "{count} students to look at"},
    },
    "page_queue_length": {
        "nl": {
            "one": "{count} taak wacht in de wachtrij (alle scholen).",
            "other": "{count} taken wachten in de wachtrij (alle scholen).",
        },
        "en": {
            "one": "{count} job waiting in the queue (all schools).",
            "other": "{count} jobs waiting in the queue (all schools).",
        },
    },
    "page_queue_age": {
        "nl": {"one": "{count} seconde", "other": "{count} seconden"},
        "en": {"one": "{count} second", "other": "{count} seconds"},
    },
    "page_users_count": {
        "nl": {"one": "{count} gebruiker", "other": "{count} gebruikers"},
        "en": {"one": "{count} user", "other": "{count} users"},
    },
}
