"""Texts of the web pages, by key, in Dutch and English (templates hold no text of their own)."""

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
}
