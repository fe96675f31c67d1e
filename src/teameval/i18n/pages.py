"""Texts of the web pages, by key, in Dutch and English (templates hold no text of their own)."""

from teameval.i18n.pages_reminders import REMINDER_PAGE_MESSAGES
from teameval.i18n.pages_results import RESULTS_PAGE_MESSAGES
from teameval.i18n.pages_summary import SUMMARY_PAGE_MESSAGES
from teameval.i18n.pages_teacher import TEACHER_PAGE_MESSAGES
from teameval.i18n.summary_control import SUMMARY_CONTROL_MESSAGES

PAGE_MESSAGES: dict[str, dict[str, str]] = {
    # Layout
    "page_skip_to_content": {"nl": "Naar de inhoud", "en": "Skip to content"},
    "page_nav_label": {"nl": "Hoofdmenu", "en": "Main menu"},
    "page_nav_my_evaluations": {"nl": "Mijn evaluaties", "en": "My evaluations"},
    "page_nav_courses": {"nl": "Cursussen", "en": "Courses"},
    "page_nav_queue": {"nl": "Wachtrij", "en": "Queue"},
    "page_nav_users": {"nl": "Gebruikers", "en": "Users"},
    "page_logout": {"nl": "Uitloggen", "en": "Sign out"},
    # Sign-in
    "page_login_title": {"nl": "Inloggen", "en": "Sign in"},
    "page_login_intro": {
        "nl": "Log in met het e-mailadres en wachtwoord van je school.",
        "en": "Sign in with your school e-mail address and password.",
    },
    "page_login_email": {"nl": "E-mailadres", "en": "E-mail address"},
    "page_login_password": {"nl": "Wachtwoord", "en": "Password"},
    "page_login_submit": {"nl": "Inloggen", "en": "Sign in"},
    # Error pages
    "error_title_403": {"nl": "Geen toegang", "en": "No access"},
    "error_title_404": {"nl": "Pagina niet gevonden", "en": "Page not found"},
    "error_title_500": {"nl": "Er ging iets mis", "en": "Something went wrong"},
    "error_title_other": {"nl": "Dat lukte niet", "en": "That did not work"},
    "page_error_404_text": {
        "nl": "Deze pagina bestaat niet, of je hebt er geen toegang toe.",
        "en": "This page does not exist, or you have no access to it.",
    },
    "page_error_403_text": {
        "nl": "Je bent ingelogd, maar deze pagina is niet voor jouw rol bedoeld.",
        "en": "You are signed in, but this page is not meant for your role.",
    },
    "page_error_reference": {"nl": "Referentie:", "en": "Reference:"},
    "page_error_home": {"nl": "Naar de startpagina", "en": "Go to the start page"},
    # Shared words
    "page_breadcrumbs": {"nl": "Kruimelpad", "en": "Breadcrumbs"},
    "page_deadline": {"nl": "Deadline", "en": "Deadline"},
    "page_deadline_passed": {"nl": "Verlopen", "en": "Passed"},
    "page_cancel": {"nl": "Annuleren", "en": "Cancel"},
    "page_criterion": {"nl": "Criterium", "en": "Criterion"},
    "evaluation_status_draft": {"nl": "Concept", "en": "Draft"},
    "evaluation_status_open": {"nl": "Open", "en": "Open"},
    "evaluation_status_closed": {"nl": "Gesloten", "en": "Closed"},
    "review_status_todo": {"nl": "Nog te doen", "en": "To do"},
    "review_status_draft": {"nl": "Concept", "en": "Draft"},
    "review_status_submitted": {"nl": "Ingediend", "en": "Submitted"},
    # Notices after a form post
    "page_flash_saved": {"nl": "Je concept is opgeslagen.", "en": "Your draft has been saved."},
    "page_flash_submitted": {
        "nl": "Je beoordeling is ingediend. Bedankt!",
        "en": "Your review has been submitted. Thank you!",
    },
    "page_flash_opened": {
        "nl": "De evaluatie is geopend: leerlingen kunnen nu beoordelen.",
        "en": "The evaluation is open: students can now write their reviews.",
    },
    "page_flash_closed": {
        "nl": "De evaluatie is gesloten. De samenvattingen worden gemaakt.",
        "en": "The evaluation is closed. The summaries are being generated.",
    },
    "page_flash_created": {"nl": "Aangemaakt.", "en": "Created."},
    "page_flash_queued": {
        "nl": "De samenvattingen staan in de wachtrij.",
        "en": "The summaries have been queued.",
    },
    "page_flash_published": {
        "nl": "De samenvatting is vrijgegeven aan de leerling.",
        "en": "The summary has been released to the student.",
    },
    "page_flash_edited": {"nl": "De tekst is opgeslagen.", "en": "The text has been saved."},
    "page_flash_added": {"nl": "Toegevoegd.", "en": "Added."},
    # Student: evaluations
    "page_student_title": {"nl": "Mijn evaluaties", "en": "My evaluations"},
    "page_student_intro": {
        "nl": "Beoordeel je teamgenoten en bekijk daarna wat zij over jou schreven.",
        "en": "Review your teammates, then see what they wrote about you.",
    },
    "page_student_none": {
        "nl": "Er staan nog geen evaluaties voor je klaar.",
        "en": "There are no evaluations for you yet.",
    },
    "page_student_fill_in": {"nl": "Invullen", "en": "Fill in"},
    "page_student_view_results": {"nl": "Bekijk je resultaten", "en": "See your results"},
    "page_student_view_reviews": {"nl": "Mijn beoordelingen", "en": "My reviews"},
    # Student: review forms
    "page_review_intro": {
        "nl": "Geef per criterium een score van {min} (laag) tot {max} (hoog) en licht die "
        "toe. Je teamgenoten zien je opmerkingen zonder je naam. Wat je invult, wordt als "
        "concept bewaard; alleen ingediende beoordelingen tellen mee.",
        "en": "Give a score per criterion from {min} (low) to {max} (high) and explain it. "
        "Your teammates see your comments without your name. What you fill in is kept as a "
        "draft; only submitted reviews count.",
    },
    "page_review_closed": {
        "nl": "Deze evaluatie is gesloten; je kunt niets meer wijzigen.",
        "en": "This evaluation is closed; you can no longer change anything.",
    },
    "page_review_deadline_passed": {
        "nl": "De deadline is verstreken; je kunt niets meer wijzigen.",
        "en": "The deadline has passed; you can no longer change anything.",
    },
    "page_review_self": {"nl": "Jezelf ({name})", "en": "Yourself ({name})"},
    "page_review_for": {"nl": "Beoordeling van {name}", "en": "Review of {name}"},
    "page_review_comment": {
        "nl": "Toelichting bij {criterion} (optioneel)",
        "en": "Comment on {criterion} (optional)",
    },
    "page_review_save_draft": {"nl": "Concept opslaan", "en": "Save draft"},
    "page_review_submit": {"nl": "Indienen", "en": "Submit"},
    "page_review_resubmit": {"nl": "Wijzigingen indienen", "en": "Submit changes"},
    "page_review_confirm": {
        "nl": "Je beoordeling van {name} indienen? Daarna telt die mee in de resultaten.",
        "en": "Submit your review of {name}? It then counts in the results.",
    },
    "page_review_confirm_yes": {"nl": "Ja, indienen", "en": "Yes, submit"},
    # Anchored levels (a sentence per score of a criterion)
    "page_levels_label": {
        "nl": "Wat de scores bij {criterion} betekenen",
        "en": "What the scores for {criterion} mean",
    },
    "page_level_nearest": {
        "nl": "Je teamgenoten gemiddeld: “{level}”",
        "en": "Your teammates on average: “{level}”",
    },
    "page_login_session_expired": {
        "nl": "Je sessie is verlopen. Log opnieuw in: wat je had ingevuld, is niet weg en wordt "
        "daarna bewaard.",
        "en": "Your session has expired. Sign in again: what you filled in is not lost and is "
        "saved afterwards.",
    },
    "page_resume_title": {"nl": "Je bent weer ingelogd", "en": "You are signed in again"},
    "page_resume_text": {
        "nl": "Wat je had ingevuld, wordt nu bewaard; daarna ben je terug bij je formulier.",
        "en": "What you filled in is being saved now; then you are back at your form.",
    },
    "page_resume_continue": {"nl": "Doorgaan", "en": "Continue"},
    "page_stale_form_title": {
        "nl": "Je bent intussen opnieuw ingelogd",
        "en": "You signed in again meanwhile",
    },
    "page_stale_form_text": {
        "nl": "Je bent in een ander tabblad of venster opnieuw ingelogd, daardoor is dit formulier "
        "nog niet verstuurd. Wat je typte is niet weg: verstuur het opnieuw om het te bewaren.",
        "en": "You signed in again in another tab or window, so this form was not sent yet. What "
        "you typed is not lost: send it again to save it.",
    },
    "page_stale_form_send": {"nl": "Opnieuw versturen", "en": "Send again"},
    "page_review_autosave_saving": {"nl": "Opslaan…", "en": "Saving…"},
    "page_review_autosave_saved": {"nl": "Opgeslagen om {time}", "en": "Saved at {time}"},
    "page_review_autosave_unsaved": {"nl": "Nog niet opgeslagen", "en": "Not saved yet"},
    "page_review_autosave_failed": {
        "nl": "Niet opgeslagen; we proberen het zo opnieuw",
        "en": "Not saved; trying again shortly",
    },
    "page_review_not_resubmitted": {
        "nl": "Gewijzigd: druk op “Wijzigingen indienen” om ze te laten meetellen",
        "en": "Changed: press “Submit changes” to make them count",
    },
    "page_review_missing_scores": {
        "nl": "Geef eerst een score bij: {missing}.",
        "en": "First give a score for: {missing}.",
    },
    "page_review_session_expired_autosave": {
        "nl": "Je sessie is verlopen, dus er wordt niets meer vanzelf opgeslagen. Je tekst staat "
        "hier nog: druk op “Concept opslaan”, log opnieuw in en je komt terug met alles "
        "wat je hebt ingevuld.",
        "en": "Your session has expired, so nothing is saved automatically any more. Your text "
        "is still here: press “Save draft”, sign in again and you come back with "
        "everything you filled in.",
    },
    # Student: overview
    "page_overview_pending_title": {
        "nl": "Je resultaten komen hier",
        "en": "Your results will appear here",
    },
    "page_overview_pending_when": {
        "nl": "Zodra je docent de evaluatie sluit, zie je op deze pagina wat je teamgenoten over "
        "je schreven.",
        "en": "As soon as your teacher closes the evaluation, this page shows what your "
        "teammates wrote about you.",
    },
    "page_overview_pending_deadline": {
        "nl": "De deadline is {deadline}.",
        "en": "The deadline is {deadline}.",
    },
    "page_overview_pending_what": {"nl": "Je ziet dan:", "en": "You will then see:"},
    "page_overview_pending_scores": {
        "nl": "je scores per criterium, naast de scores die je jezelf gaf;",
        "en": "your scores per criterion, beside the scores you gave yourself;",
    },
    "page_overview_pending_summary": {
        "nl": "een samenvatting van de feedback van je teamgenoten;",
        "en": "a summary of your teammates' feedback;",
    },
    "page_overview_pending_quotes": {
        "nl": "hun opmerkingen zelf, zonder namen.",
        "en": "their comments themselves, without names.",
    },
    "page_overview_pending_fill_in": {
        "nl": "Je beoordelingen invullen",
        "en": "Fill in your reviews",
    },
    "page_overview_scores": {"nl": "Je scores per criterium", "en": "Your scores per criterion"},
    "page_overview_scale": {
        "nl": "Schaal {min} tot {max}. Blauw: gemiddelde van je teamgenoten; oranje: jijzelf.",
        "en": "Scale {min} to {max}. Blue: your teammates' average; orange: your own score.",
    },
    "page_overview_average": {"nl": "Gemiddeld", "en": "Average"},
    "page_overview_quotes": {
        "nl": "Opmerkingen van je teamgenoten",
        "en": "Your teammates' comments",
    },
    "page_overview_quotes_help": {
        "nl": "Zonder namen en in willekeurige volgorde.",
        "en": "Without names and in random order.",
    },
    "page_overview_no_quotes": {
        "nl": "Je teamgenoten schreven geen opmerkingen.",
        "en": "Your teammates wrote no comments.",
    },
    "page_chart_title": {
        "nl": "Scores van je teamgenoten tegenover je eigen score",
        "en": "Your teammates' scores against your own",
    },
    "page_chart_peers": {"nl": "Teamgenoten", "en": "Teammates"},
    "page_chart_own": {"nl": "Jijzelf", "en": "You"},
    # The summary section
    "page_summary_heading": {
        "nl": "Samenvatting van je feedback",
        "en": "Summary of your feedback",
    },
    "summary_state_queued": {"nl": "In wachtrij", "en": "Queued"},
    "summary_state_processing": {"nl": "Genereren...", "en": "Generating..."},
    "summary_state_completed": {"nl": "Gereed", "en": "Ready"},
    "summary_state_failed": {"nl": "Mislukt", "en": "Failed"},
    "summary_state_cancelled": {"nl": "Geannuleerd", "en": "Cancelled"},
    "summary_state_awaiting_review": {"nl": "Wacht op je docent", "en": "Awaiting your teacher"},
    "summary_state_none": {"nl": "Nog niet gemaakt", "en": "Not made yet"},
    "summary_badge_fallback": {"nl": "Basis", "en": "Basic"},
    "summary_retry": {"nl": "Opnieuw proberen", "en": "Try again"},
    "page_summary_none": {
        "nl": "Er is nog geen samenvatting gemaakt.",
        "en": "No summary has been made yet.",
    },
    "page_summary_request": {"nl": "Samenvatting maken", "en": "Make the summary"},
    "page_summary_queued_help": {
        "nl": "Je samenvatting staat in de wachtrij. Deze pagina werkt zichzelf bij.",
        "en": "Your summary is in the queue. This page updates itself.",
    },
    "page_summary_processing_help": {
        "nl": "Je samenvatting wordt nu geschreven. Dat duurt meestal minder dan een minuut.",
        "en": "Your summary is being written now. That usually takes less than a minute.",
    },
    "page_summary_attempt": {
        "nl": "Poging {attempt} van {max}: de vorige lukte niet, we proberen het opnieuw.",
        "en": "Attempt {attempt} of {max}: the previous one did not work, we are trying again.",
    },
    "page_summary_fallback_help": {
        "nl": "Deze samenvatting is zonder AI gemaakt: een selectie uit de opmerkingen.",
        "en": "This summary was made without AI: a selection of the comments.",
    },
    "page_summary_failed_help": {
        "nl": "Het maken van de samenvatting is niet gelukt.",
        "en": "The summary could not be made.",
    },
    "page_summary_awaiting_review_help": {
        "nl": "Je docent leest de samenvatting eerst na. Je ziet hem hier na vrijgave.",
        "en": "Your teacher reads the summary first. You will see it here once it is released.",
    },
    "page_summary_network_error": {
        "nl": "De status kon niet worden opgehaald. Controleer je verbinding.",
        "en": "The status could not be fetched. Check your connection.",
    },
    "page_summary_reconnect": {"nl": "Opnieuw verbinden", "en": "Reconnect"},
}
PAGE_MESSAGES.update(TEACHER_PAGE_MESSAGES)
PAGE_MESSAGES.update(REMINDER_PAGE_MESSAGES)
PAGE_MESSAGES.update(SUMMARY_PAGE_MESSAGES)
PAGE_MESSAGES.update(RESULTS_PAGE_MESSAGES)
PAGE_MESSAGES.update(SUMMARY_CONTROL_MESSAGES)
