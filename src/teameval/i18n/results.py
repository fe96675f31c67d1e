"""Texts of results, flags, the CSV export, reminders and summary review, in Dutch and English."""

RESULTS_MESSAGES: dict[str, dict[str, str]] = {
    # Flags: one line each, the numbers filled in.
    "flag_few_reviews": {
        "nl": "Weinig beoordelingen ontvangen: {received} van {expected}.",
        "en": "Few reviews received: {received} of {expected}.",
    },
    "flag_missing_self_review": {
        "nl": "Zelfbeoordeling niet ingediend.",
        "en": "Self review not submitted.",
    },
    "flag_overconfident": {
        "nl": "Overschat zichzelf: zelf {self}, teamgenoten {peer} ({gap} hoger).",
        "en": "Overconfident: self {self}, peers {peer} ({gap} higher).",
    },
    "flag_underconfident": {
        "nl": "Onderschat zichzelf: zelf {self}, teamgenoten {peer} ({gap} lager).",
        "en": "Underconfident: self {self}, peers {peer} ({gap} lower).",
    },
    "flag_strong_contribution": {
        "nl": "Sterke bijdrage: gemiddelde {peer} ligt {gap} boven de rest van het team ({team}).",
        "en": "Strong contribution: average {peer} is {gap} above the rest of the team ({team}).",
    },
    "flag_outlier_low": {
        "nl": "Uitschieter: gemiddelde {peer} ligt {gap} onder de rest van het team ({team}).",
        "en": "Outlier: average {peer} is {gap} below the rest of the team ({team}).",
    },
    "flag_conflict": {
        "nl": "Conflict: {rater} gaf {rating}, {gap} onder de andere teamgenoten ({others}).",
        "en": "Conflict: {rater} gave {rating}, {gap} below the other teammates ({others}).",
    },
    "flag_possible_manipulation": {
        "nl": "Mogelijke manipulatie: geeft zichzelf {self} en teamgenoten {given}, "
        "terwijl de rest van het team hen {others} geeft.",
        "en": "Possible manipulation: rates self {self} and teammates {given}, "
        "while the rest of the team gives them {others}.",
    },
    "flag_not_submitted": {
        "nl": "Heeft {given} van {to_give} beoordelingen ingediend.",
        "en": "Submitted {given} of {to_give} reviews.",
    },
    # What each flag means and when it is raised, one plain sentence (numbers: scale points).
    "flag_explain_few_reviews": {
        "nl": "Weinig beoordelingen: minder dan {min} teamgenoten (of minder dan {percent}% van "
        "hen) beoordeelden deze leerling, dus de cijfers rusten op weinig meningen.",
        "en": "Few reviews: fewer than {min} teammates (or fewer than {percent}% of them) "
        "reviewed this student, so the numbers rest on few opinions.",
    },
    "flag_explain_missing_self_review": {
        "nl": "Zelfbeoordeling niet ingediend: de evaluatie vroeg erom, maar de leerling diende "
        "die niet in, dus zelf en teamgenoten zijn niet te vergelijken.",
        "en": "Self review not submitted: the evaluation asked for one and the student did not "
        "submit it, so self and peers cannot be compared.",
    },
    "flag_explain_overconfident": {
        "nl": "Overschat zichzelf: de eigen score ligt {gap} punt of meer boven het gemiddelde "
        "dat de teamgenoten gaven.",
        "en": "Overconfident: the student's own score is {gap} points or more above the "
        "average the teammates gave.",
    },
    "flag_explain_underconfident": {
        "nl": "Onderschat zichzelf: de eigen score ligt {gap} punt of meer onder het gemiddelde "
        "dat de teamgenoten gaven; een gesprek kan helpen.",
        "en": "Underconfident: the student's own score is {gap} points or more below the "
        "average the teammates gave; a talk may help.",
    },
    "flag_explain_outlier": {
        "nl": "Uitschieter naar beneden: het gemiddelde van deze leerling ligt {gap} punt of meer "
        "onder dat van de rest van het team.",
        "en": "Low outlier: this student's average is {gap} points or more below that of the "
        "rest of the team.",
    },
    "flag_explain_strong_contribution": {
        "nl": "Sterke bijdrage: de teamgenoten gaven deze leerling gemiddeld {gap} punt of meer "
        "boven de rest van het team; een positief signaal, geen probleem.",
        "en": "Strong contribution: the teammates rated this student {gap} points or more above "
        "the rest of the team on average; a positive signal, not a problem.",
    },
    "flag_explain_conflict": {
        "nl": "Conflict: één teamgenoot gaf {gap} punt of meer minder dan de andere teamgenoten; "
        "vraag naar hoe het ging.",
        "en": "Conflict: one teammate gave {gap} points or more below the other teammates; ask "
        "how things went.",
    },
    "flag_explain_possible_manipulation": {
        "nl": "Mogelijke manipulatie: geeft zichzelf {self_gap} punt of meer boven wat die "
        "teamgenoten geeft, en geeft hen {others_gap} punt of meer minder dan de rest van het "
        "team hen geeft.",
        "en": "Possible manipulation: rates self {self_gap} points or more above what they "
        "give teammates, and gives them {others_gap} points or more less than the rest of the "
        "team gives them.",
    },
    "flag_explain_not_submitted": {
        "nl": "Niet alles ingediend: de evaluatie is gesloten en deze leerling diende niet alle "
        "gevraagde beoordelingen in.",
        "en": "Not all submitted: the evaluation is closed and this student did not submit all "
        "the reviews asked for.",
    },
    # The grade helper (results/grades.py).
    "team_mark_invalid": {
        "nl": "'{value}' is geen cijfer van 1 tot 10. Typ bijvoorbeeld 7,5 of 7.5.",
        "en": "'{value}' is not a mark from 1 to 10. Type for example 7.5 or 7,5.",
    },
    "team_marks_invalid": {
        "nl": "Een teamcijfer is geen cijfer van 1 tot 10; er is niets berekend.",
        "en": "A team mark is not a mark from 1 to 10; nothing was computed.",
    },
    # Export (CSV, .xlsx) column headers, sheet and file names.
    "csv_student_id": {"nl": "leerling_id", "en": "student_id"},
    "csv_name": {"nl": "naam", "en": "name"},
    "csv_email": {"nl": "e-mail", "en": "email"},
    "csv_class_name": {"nl": "klas", "en": "class"},
    "csv_team": {"nl": "team", "en": "team"},
    "csv_peer_criterion": {"nl": "peer: {name}", "en": "peer: {name}"},
    "csv_peer_average": {"nl": "peer gemiddelde", "en": "peer average"},
    "csv_self_average": {"nl": "zelf gemiddelde", "en": "self average"},
    "csv_self_peer_ratio": {"nl": "zelf/peer", "en": "self/peer"},
    "csv_reviews_received": {"nl": "ontvangen", "en": "reviews received"},
    "csv_reviews_expected": {"nl": "verwacht", "en": "reviews expected"},
    "csv_reviews_given": {"nl": "ingediend", "en": "reviews given"},
    "csv_adjustment_factor": {
        "nl": "correctiefactor ({method}, begrensd {min}-{max})",
        "en": "adjustment factor ({method}, clamped {min}-{max})",
    },
    "csv_catme_factor": {
        "nl": "CATME-factor ruw (niet begrensd, niet gebruikt)",
        "en": "CATME factor raw (not clamped, not used)",
    },
    "csv_webpa_score": {
        "nl": "WebPA-score ruw (niet begrensd, niet gebruikt)",
        "en": "WebPA score raw (not clamped, not used)",
    },
    "csv_flags": {"nl": "signalen", "en": "flags"},
    "csv_positive_signals": {"nl": "positieve signalen", "en": "positive signals"},
    "csv_criterion": {"nl": "criterium", "en": "criterion"},
    "csv_comment_writer": {"nl": "geschreven door", "en": "written by"},
    "csv_self_writer": {"nl": "{name} (zelf)", "en": "{name} (self)"},
    "csv_comment": {"nl": "opmerking", "en": "comment"},
    "export_comments_suffix": {"nl": "opmerkingen", "en": "comments"},
    "xlsx_sheet_results": {"nl": "Resultaten", "en": "Results"},
    "xlsx_sheet_comments": {"nl": "Opmerkingen", "en": "Comments"},
    # Reminder e-mail.
    "reminder_subject": {
        "nl": "Herinnering: vul je peer-evaluatie '{title}' in",
        "en": "Reminder: complete your peer evaluation '{title}'",
    },
    "reminder_deadline": {
        "nl": " De deadline is {deadline}.",
        "en": " The deadline is {deadline}.",
    },
    # Summary review.
    "summary_edit_outdated_warning": {
        "nl": "De feedback is veranderd sinds je bewerking. Lees de nieuwe samenvatting en "
        "bewerk opnieuw, of verwijder je bewerking.",
        "en": "The feedback changed since your edit. Read the new summary and edit it again, "
        "or remove your edit.",
    },
    # Errors of this domain (kept here, not in errors.py, to keep that shared file small).
    "smtp_not_configured": {
        "nl": "E-mail is op deze server niet ingesteld (TEAMEVAL_SMTP_HOST ontbreekt).",
        "en": "E-mail is not set up on this server (TEAMEVAL_SMTP_HOST is missing).",
    },
    "mail_unavailable": {
        "nl": "De mailserver is nu niet bereikbaar; er is niets verstuurd. Probeer het later.",
        "en": "The mail server cannot be reached now; nothing was sent. Try again later.",
    },
    "reminder_too_soon": {
        "nl": "Er is net een herinnering verstuurd. Probeer het over {minutes} minuten opnieuw.",
        "en": "A reminder was just sent. Try again in {minutes} minutes.",
    },
    "summary_release_not_review": {
        "nl": "Deze evaluatie geeft samenvattingen automatisch vrij; er valt niets te beoordelen.",
        "en": "This evaluation releases summaries automatically; there is nothing to review.",
    },
    "summary_not_generated": {
        "nl": "Er is nog geen samenvatting voor deze leerling. Genereer die eerst.",
        "en": "There is no summary for this student yet. Generate it first.",
    },
    "summary_edit_outdated": {
        "nl": "De feedback is veranderd sinds je bewerking. Bewerk de samenvatting opnieuw of "
        "verwijder je bewerking voordat je publiceert.",
        "en": "The feedback changed since your edit. Edit the summary again or remove your "
        "edit before publishing.",
    },
    "summary_changed": {
        "nl": "De samenvatting is net opnieuw gemaakt. Lees de nieuwe versie en publiceer dan.",
        "en": "The summary was just generated again. Read the new version, then publish.",
    },
    "publish_needs_closed": {
        "nl": "Publiceren kan pas als de evaluatie gesloten is.",
        "en": "Summaries can be published once the evaluation is closed.",
    },
    # Course roster import (courses/roster_import.py).
    "roster_import_conflict": {
        "nl": "Iemand anders wijzigde tegelijk deze cursus. Importeer het bestand opnieuw.",
        "en": "Someone else changed this course at the same time. Import the file again.",
    },
}
