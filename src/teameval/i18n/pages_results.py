"""Texts of the teacher's results section: flags split by kind, reviews not submitted yet,
the factor explained and the grade helper, in Dutch and English (merged into PAGE_MESSAGES)."""

from teameval.i18n.plurals import PluralEntry

RESULTS_PAGE_MESSAGES: dict[str, dict[str, str]] = {
    "page_flags_attention": {"nl": "Aandacht nodig", "en": "Needs attention"},
    "page_flags_positive": {"nl": "Sterke bijdrage", "en": "Strong contribution"},
    "page_flag_legend_heading": {"nl": "Wat de signalen betekenen", "en": "What the flags mean"},
    "page_flags_while_open": {
        "nl": "De evaluatie is open: ontbrekende beoordelingen zijn nog geen signaal. Wie nog "
        "iets moet indienen, staat onder 'Nog niet ingediend'.",
        "en": "The evaluation is open: missing reviews are not a flag yet. Who still has "
        "something to submit is listed under 'Not submitted yet'.",
    },
    "page_factor_where_clamped": {
        "nl": "Waar de grens gebruikt is, staat de ruwe waarde onder de factor.",
        "en": "Where the limit applied, the raw value is shown below the factor.",
    },
    "page_factor_raw_short": {"nl": "ruw {raw}", "en": "raw {raw}"},
    # Reviews not submitted yet (open evaluations).
    "page_not_submitted_heading": {"nl": "Nog niet ingediend", "en": "Not submitted yet"},
    "page_not_submitted_intro": {
        "nl": "Wie nog beoordelingen moet indienen, en van wie. Een concept is opgeslagen maar "
        "telt pas als het is ingediend.",
        "en": "Who still has reviews to submit, and of whom. A draft is saved but only counts "
        "once it is submitted.",
    },
    "page_not_submitted_none": {
        "nl": "Iedereen heeft alle beoordelingen ingediend.",
        "en": "Everyone has submitted all their reviews.",
    },
    "page_not_submitted_remind": {
        "nl": "Stuur een herinnering",
        "en": "Send a reminder",
    },
    "page_not_submitted_still": {"nl": "Moet nog beoordelen", "en": "Still to review"},
    "page_pending_todo": {"nl": "nog niets", "en": "nothing yet"},
    "page_pending_draft": {"nl": "concept", "en": "draft"},
    "page_pending_self": {"nl": "zichzelf", "en": "self"},
    # The grade helper (results/grades.py).
    "page_grades_heading": {"nl": "Cijferhulp", "en": "Grade helper"},
    "page_grades_intro": {
        "nl": "Vul per team het teamcijfer in (1 tot 10, bijvoorbeeld 7,5). Het cijfer van een "
        "leerling is teamcijfer × correctiefactor, begrensd op 1 en 10 en afgerond op één "
        "decimaal (7,25 wordt 7,3). Er wordt niets opgeslagen.",
        "en": "Enter each team's mark (1 to 10, for example 7.5). A student's mark is team "
        "mark × adjustment factor, kept between 1 and 10 and rounded to one decimal (7.25 "
        "becomes 7.3). Nothing is saved.",
    },
    "page_grades_while_open": {
        "nl": "De evaluatie is nog open: de factoren, en dus de cijfers, kunnen nog veranderen.",
        "en": "The evaluation is still open: the factors, and so the marks, may still change.",
    },
    "page_grades_team_mark": {"nl": "Teamcijfer {team}", "en": "Team mark {team}"},
    "page_grades_submit": {"nl": "Cijfers berekenen", "en": "Compute marks"},
    "page_grades_mark": {"nl": "Cijfer", "en": "Mark"},
    "page_grades_sum": {"nl": "Berekening", "en": "Calculation"},
    "page_grades_capped": {"nl": "begrensd op 1-10", "en": "kept within 1-10"},
    "page_grades_no_factor": {"nl": "geen factor", "en": "no factor"},
    "page_grades_refused": {
        "nl": "Niet elk teamcijfer is een cijfer van 1 tot 10. Verbeter het hieronder; wat je "
        "typte staat er nog.",
        "en": "Not every team mark is a mark from 1 to 10. Correct it below; what you typed "
        "is still there.",
    },
    "page_grades_failed": {
        "nl": "De cijfers konden nu niet live worden berekend. Gebruik de knop 'Cijfers "
        "berekenen'.",
        "en": "The marks could not be computed live just now. Use the 'Compute marks' button.",
    },
    "page_comments_addressed": {"nl": "Gericht aan de AI", "en": "Addressed to the AI"},
    "page_comments_addressed_help": {
        "nl": "Gericht aan de AI: de opmerking bevat een opdracht of een cijfer voor het "
        "taalmodel. Die zinnen zijn niet aan het model doorgegeven; de leerling ziet de "
        "opmerking wel.",
        "en": "Addressed to the AI: the comment holds an order or a grade for the language "
        "model. Those sentences were not passed to the model; the student does see the comment.",
    },
}

RESULTS_PAGE_PLURALS: dict[str, PluralEntry] = {
    "page_evaluation_positive": {
        "nl": {
            "one": "{count} leerling met een sterke bijdrage",
            "other": "{count} leerlingen met een sterke bijdrage",
        },
        "en": {
            "one": "{count} student with a strong contribution",
            "other": "{count} students with a strong contribution",
        },
    },
    "page_evaluation_not_submitted": {
        "nl": {
            "one": "{count} leerling heeft nog niet alles ingediend",
            "other": "{count} leerlingen hebben nog niet alles ingediend",
        },
        "en": {
            "one": "{count} student has not submitted everything yet",
            "other": "{count} students have not submitted everything yet",
        },
    },
}
