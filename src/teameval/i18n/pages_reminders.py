"""Texts of the reminders page (`/teacher/evaluations/{id}/reminders`), in Dutch and English."""

REMINDER_PAGE_MESSAGES: dict[str, dict[str, str]] = {
    "page_reminders_title": {"nl": "Herinneringen", "en": "Reminders"},
    "page_reminders_link": {"nl": "Herinneringen", "en": "Reminders"},
    "page_reminders_all_done": {
        "nl": "Iedereen heeft alle beoordelingen ingediend.",
        "en": "Everyone has submitted all their reviews.",
    },
    "page_reminders_no_smtp": {
        "nl": "E-mail is op deze server niet ingesteld: teameval kan geen herinnering versturen.",
        "en": "E-mail is not set up on this server: teameval cannot send a reminder.",
    },
    "page_reminders_copy_hint": {
        "nl": "Kopieer de adressen en het bericht hieronder naar je eigen mailprogramma (zet de "
        "adressen in BCC), of vraag de beheerder e-mail in te stellen (TEAMEVAL_SMTP_HOST).",
        "en": "Copy the addresses and the message below into your own mail program (put the "
        "addresses in BCC), or ask the administrator to set up e-mail (TEAMEVAL_SMTP_HOST).",
    },
    "page_reminders_not_open": {
        "nl": "Herinneringen gaan alleen uit zolang de evaluatie open is.",
        "en": "Reminders go out only while the evaluation is open.",
    },
    "page_reminders_wait": {
        "nl": "Er is net een herinnering verstuurd. De knop werkt weer vanaf {time}.",
        "en": "A reminder was just sent. The button works again from {time}.",
    },
    "page_reminders_choose": {"nl": "Herinneren", "en": "Remind"},
    "page_reminders_missing": {"nl": "Nog in te dienen", "en": "Still to submit"},
    "page_reminders_self": {"nl": "zichzelf", "en": "themselves"},
    "page_reminders_send": {"nl": "Herinnering sturen", "en": "Send reminder"},
    "page_reminders_send_hint": {
        "nl": "Alleen de aangevinkte leerlingen krijgen een e-mail, ieder in hun eigen taal, "
        "met wat ze nog moeten doen en een link naar de evaluatie.",
        "en": "Only the checked students get an e-mail, each in their own language, with what "
        "they still have to do and a link to the evaluation.",
    },
    "page_reminders_copy_addresses": {
        "nl": "Adressen om te kopiëren",
        "en": "Addresses to copy",
    },
    "page_reminders_message": {
        "nl": "Het bericht (zoals {name} het krijgt)",
        "en": "The message (as {name} gets it)",
    },
    "page_reminders_subject": {"nl": "Onderwerp", "en": "Subject"},
    "page_reminders_body": {"nl": "Tekst", "en": "Text"},
    "page_reminders_history": {"nl": "Verstuurde herinneringen", "en": "Reminders sent"},
    "page_reminders_none_yet": {
        "nl": "Er is nog geen herinnering verstuurd.",
        "en": "No reminder has been sent yet.",
    },
    "page_reminders_when": {"nl": "Wanneer", "en": "When"},
    "page_reminders_kind": {"nl": "Soort", "en": "Kind"},
    "page_reminders_recipients": {"nl": "Ontvangers", "en": "Recipients"},
    "page_reminders_sent_col": {"nl": "Verstuurd", "en": "Sent"},
    "page_reminders_failed_col": {"nl": "Mislukt", "en": "Failed"},
    "page_reminders_nobody": {
        "nl": "Er is niets verstuurd: de gekozen leerlingen hadden alles al ingediend.",
        "en": "Nothing was sent: the chosen students had already submitted everything.",
    },
    "page_reminders_auto_hint": {
        "nl": "Daarnaast gaat er automatisch één herinnering uit {hours} uur voor de deadline "
        "(als e-mail is ingesteld).",
        "en": "Besides, one reminder goes out automatically {hours} hours before the deadline "
        "(when e-mail is set up).",
    },
    "reminder_kind_manual": {"nl": "Met de knop", "en": "With the button"},
    "reminder_kind_auto": {"nl": "Automatisch", "en": "Automatic"},
    "reminder_status_sending": {"nl": "Wordt verstuurd", "en": "Sending"},
    "reminder_status_sent": {"nl": "Verstuurd", "en": "Sent"},
    "reminder_status_failed": {"nl": "Mislukt", "en": "Failed"},
    "reminder_status_empty": {"nl": "Niemand te herinneren", "en": "Nobody to remind"},
    "reminder_nobody_chosen": {
        "nl": "Vink minstens één leerling aan om te herinneren.",
        "en": "Check at least one student to remind.",
    },
}
