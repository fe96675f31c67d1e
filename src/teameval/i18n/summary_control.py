"""Texts of the teacher's control of summaries (edit, hold back, release in both modes) and of
the summaries' progress bar, in Dutch and English (merged into PAGE_MESSAGES)."""

SUMMARY_CONTROL_MESSAGES: dict[str, dict[str, str]] = {
    "review_state_held_back": {"nl": "Achtergehouden", "en": "Held back"},
    "page_review_hold": {"nl": "Achterhouden", "en": "Hold back"},
    "page_review_release_again": {"nl": "Weer vrijgeven", "en": "Release again"},
    # teacher_review before closing: the hold ends; publishing comes after closing.
    "page_review_unhold": {"nl": "Niet meer achterhouden", "en": "Stop holding back"},
    "page_review_explained_held_back": {
        "nl": "Achtergehouden: de leerling ziet geen samenvatting (er staat \u2018Wacht op je "
        "docent\u2019) tot je hem weer vrijgeeft.",
        "en": "Held back: the student sees no summary (it says \u2018Awaiting your teacher\u2019) "
        "until you release it again.",
    },
    "page_review_explained_auto_open": {
        "nl": "De leerling krijgt deze samenvatting zodra de evaluatie gesloten is. Pas de tekst "
        "aan of houd hem achter als hij nog niet goed is.",
        "en": "The student gets this summary once the evaluation is closed. Change the text, or "
        "hold it back if it is not right yet.",
    },
    "page_review_explained_auto_closed": {
        "nl": "De leerling ziet deze samenvatting nu. Een aangepaste tekst ziet de leerling "
        "meteen; achterhouden verbergt hem tot je hem weer vrijgeeft.",
        "en": "The student sees this summary now. A changed text shows at once; holding it back "
        "hides it until you release it again.",
    },
    "page_review_explained_teacher_review_open": {
        "nl": "De leerling ziet deze samenvatting pas als je hem vrijgeeft, na het sluiten van "
        "de evaluatie.",
        "en": "The student sees this summary only once you release it, after the evaluation "
        "is closed.",
    },
    "page_review_explained_teacher_review_closed": {
        "nl": "De leerling ziet deze samenvatting zodra je hem vrijgeeft. Achterhouden haalt een "
        "vrijgegeven samenvatting weer weg.",
        "en": "The student sees this summary once you release it. Holding it back takes a "
        "released summary away again.",
    },
    "page_flash_held_back": {
        "nl": "De samenvatting is achtergehouden; de leerling ziet hem niet.",
        "en": "The summary is held back; the student does not see it.",
    },
}

SUMMARY_CONTROL_MESSAGES.update(
    {
        "page_progress_retry_running": {
            "nl": "{name}: poging {attempt} van {max}, bezig",
            "en": "{name}: attempt {attempt} of {max}, running",
        },
        "page_progress_retry_waiting": {
            "nl": "{name}: poging {attempt} van {max}, in de wachtrij",
            "en": "{name}: attempt {attempt} of {max}, in the queue",
        },
        "page_progress_estimate_unknown": {
            "nl": "Een schatting van de resterende tijd volgt zodra de eerste samenvattingen "
            "klaar zijn.",
            "en": "An estimate of the time left follows once the first summaries are done.",
        },
        "page_progress_estimate_soon": {
            "nl": "Nog minder dan een minuut.",
            "en": "Less than a minute to go.",
        },
        "page_progress_rate": {
            "nl": "Tempo nu: ongeveer {rate} samenvattingen per minuut.",
            "en": "Current pace: about {rate} summaries a minute.",
        },
        "page_summaries_control_hint": {
            "nl": "Een samenvatting lezen, aanpassen of achterhouden doe je op de pagina van de "
            "leerling (klik op de naam).",
            "en": "To read, change or hold back a summary, open the student's page (click the "
            "name).",
        },
        "page_progress_retry_help": {
            "nl": "Lukt een samenvatting niet meteen (de AI is even niet bereikbaar), dan wordt "
            "hij later opnieuw geprobeerd; blijft de AI onbereikbaar, dan krijgt de leerling een "
            "basissamenvatting.",
            "en": "A summary that fails at first (the AI could not be reached) is tried again "
            "later; if the AI stays unreachable, the student gets a basic summary.",
        },
    }
)

SUMMARY_CONTROL_PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "page_progress_retrying": {
        "nl": {
            "one": "{count} samenvatting wordt opnieuw geprobeerd.",
            "other": "{count} samenvattingen worden opnieuw geprobeerd.",
        },
        "en": {
            "one": "{count} summary is being retried.",
            "other": "{count} summaries are being retried.",
        },
    },
    "page_progress_estimate_minutes": {
        "nl": {"one": "Nog ongeveer {count} minuut.", "other": "Nog ongeveer {count} minuten."},
        "en": {"one": "About {count} minute to go.", "other": "About {count} minutes to go."},
    },
    "page_summaries_held_back": {
        "nl": {
            "one": "{count} samenvatting achtergehouden (de leerling ziet hem niet):",
            "other": "{count} samenvattingen achtergehouden (de leerlingen zien ze niet):",
        },
        "en": {
            "one": "{count} summary held back (the student does not see it):",
            "other": "{count} summaries held back (the students do not see them):",
        },
    },
    "page_progress_ahead": {
        "nl": {
            "one": "{count} samenvatting van een andere evaluatie gaat voor.",
            "other": "{count} samenvattingen van andere evaluaties gaan voor.",
        },
        "en": {
            "one": "{count} summary of another evaluation goes first.",
            "other": "{count} summaries of other evaluations go first.",
        },
    },
}
