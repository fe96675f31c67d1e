"""Texts of access without handed-out passwords: sign-in codes, invitations, choosing a password."""

ACCESS_MESSAGES: dict[str, dict[str, str]] = {
    # Errors
    "invalid_code": {
        "nl": "E-mailadres of inlogcode klopt niet, of de code is al gebruikt of verlopen. "
        "Vraag je docent om een nieuwe code.",
        "en": "E-mail address or sign-in code is incorrect, or the code was used or has expired. "
        "Ask your teacher for a new code.",
    },
    "password_required": {
        "nl": "Kies eerst een eigen wachtwoord (POST /api/v1/auth/password).",
        "en": "Choose your own password first (POST /api/v1/auth/password).",
    },
    "not_a_code_sign_in": {
        "nl": "Alleen na inloggen met een inlogcode kies je hier een wachtwoord.",
        "en": "A password is chosen here only after signing in with a sign-in code.",
    },
    "password_mismatch": {
        "nl": "De twee wachtwoorden zijn niet gelijk.",
        "en": "The two passwords are not the same.",
    },
    "user_inactive": {
        "nl": "Deze gebruiker is gedeactiveerd en kan niet inloggen.",
        "en": "This user is deactivated and cannot sign in.",
    },
    # Invitation e-mail
    "invitation_subject": {
        "nl": "Je inlogcode voor teameval",
        "en": "Your sign-in code for teameval",
    },
    "invitation_body": {
        "nl": "Hallo {name},\n\nJe school gebruikt teameval voor peer-evaluaties. Log de eerste "
        "keer in via deze link en kies daarna een eigen wachtwoord:\n\n{link}\n\nWerkt de link "
        "niet? Ga naar {url} en vul in:\nE-mailadres: {email}\nInlogcode: {code}\n\nDe code "
        "werkt één keer, tot {until}. Dit is een automatisch bericht van teameval.",
        "en": "Hello {name},\n\nYour school uses teameval for peer evaluations. Sign in for the "
        "first time with this link, then choose your own password:\n\n{link}\n\nDoes the link "
        "not work? Go to {url} and enter:\nE-mail address: {email}\nSign-in code: {code}\n\n"
        "The code works once, until {until}. This is an automatic message from teameval.",
    },
    # Sign-in pages
    "page_login_no_password": {
        "nl": "Nog geen wachtwoord, of vergeten? Vraag je docent om een inlogcode.",
        "en": "No password yet, or forgotten it? Ask your teacher for a sign-in code.",
    },
    "page_login_have_code": {"nl": "Ik heb een inlogcode", "en": "I have a sign-in code"},
    "page_login_with_password": {
        "nl": "Inloggen met wachtwoord",
        "en": "Sign in with a password",
    },
    "page_code_title": {"nl": "Inloggen met een inlogcode", "en": "Sign in with a code"},
    "page_code_intro": {
        "nl": "Vul je e-mailadres in en de code die je van je docent kreeg. Daarna kies je een "
        "eigen wachtwoord.",
        "en": "Enter your e-mail address and the code your teacher gave you. Then you choose "
        "your own password.",
    },
    "page_code_label": {"nl": "Inlogcode", "en": "Sign-in code"},
    "page_code_hint": {
        "nl": "Tien tekens, bijvoorbeeld K7MPQ-R2XWD. Hoofdletters en streepje mogen weg.",
        "en": "Ten characters, for example K7MPQ-R2XWD. Capitals and the hyphen are optional.",
    },
    "page_code_submit": {"nl": "Inloggen met code", "en": "Sign in with code"},
    "page_password_title": {"nl": "Kies je wachtwoord", "en": "Choose your password"},
    "page_password_intro": {
        "nl": "Je bent ingelogd met een inlogcode. Kies nu een eigen wachtwoord; daarmee log je "
        "voortaan in.",
        "en": "You signed in with a sign-in code. Now choose your own password; from now on "
        "you sign in with it.",
    },
    "page_password_new": {"nl": "Nieuw wachtwoord", "en": "New password"},
    "page_password_hint": {
        "nl": "Minstens 10 tekens. Een paar woorden achter elkaar is sterk en goed te onthouden.",
        "en": "At least 10 characters. A few words in a row is strong and easy to remember.",
    },
    "page_password_again": {"nl": "Nieuw wachtwoord (nog een keer)", "en": "New password (again)"},
    "page_password_submit": {"nl": "Wachtwoord opslaan", "en": "Save password"},
    "page_flash_password_set": {
        "nl": "Je wachtwoord is opgeslagen. Log voortaan in met je e-mailadres en dit wachtwoord.",
        "en": "Your password has been saved. From now on, sign in with your e-mail address "
        "and this password.",
    },
    "page_flash_password_set_by_admin": {
        "nl": "Het wachtwoord is ingesteld; de gebruiker is overal uitgelogd.",
        "en": "The password has been set; the user is signed out everywhere.",
    },
    # Admin: a user's password by hand, or a code
    "page_users_actions": {"nl": "Acties", "en": "Actions"},
    "page_users_code": {"nl": "Inlogcode", "en": "Sign-in code"},
    "page_users_code_label": {
        "nl": "Nieuwe inlogcode afdrukken voor {name}",
        "en": "Print a new sign-in code for {name}",
    },
    "page_users_set_password": {"nl": "Wachtwoord instellen", "en": "Set password"},
    "page_users_set_password_label": {
        "nl": "Wachtwoord instellen voor {name}",
        "en": "Set the password of {name}",
    },
    "page_admin_password_title": {
        "nl": "Wachtwoord instellen: {name}",
        "en": "Set password: {name}",
    },
    "page_admin_password_prefer_code": {
        "nl": "Liever niet zelf een wachtwoord bedenken en doorgeven? Geef een inlogcode: daarmee "
        "kiest {name} zelf een wachtwoord.",
        "en": "Rather not make up and pass on a password? Give a sign-in code: with it, {name} "
        "chooses their own password.",
    },
    "page_admin_password_effect": {
        "nl": "Het nieuwe wachtwoord werkt meteen; {name} wordt overal uitgelogd.",
        "en": "The new password works at once; {name} is signed out everywhere.",
    },
    # Staff: access of a course's students
    "page_access_title": {"nl": "Toegang voor leerlingen", "en": "Student access"},
    "page_access_intro": {
        "nl": "Leerlingen krijgen geen wachtwoord van jou: ze loggen één keer in met een "
        "inlogcode en kiezen dan zelf een wachtwoord. Een code werkt één keer en {days} dagen "
        "lang; een nieuwe code maakt de vorige ongeldig.",
        "en": "Students get no password from you: they sign in once with a sign-in code and "
        "then choose their own password. A code works once and for {days} days; a new code "
        "makes the previous one invalid.",
    },
    "page_access_link": {
        "nl": "Inlogcodes en uitnodigingen",
        "en": "Sign-in codes and invitations",
    },
    "page_access_print_all": {
        "nl": "Inlogcodes afdrukken voor deze cursus",
        "en": "Print sign-in codes for this course",
    },
    "page_access_include_with_password": {
        "nl": "Ook voor leerlingen die al een wachtwoord hebben (hun wachtwoord blijft werken)",
        "en": "Also for students who already have a password (their password keeps working)",
    },
    "page_access_mail_all": {
        "nl": "Uitnodigingen e-mailen aan deze cursus",
        "en": "E-mail invitations to this course",
    },
    "page_access_no_mail": {
        "nl": "E-mail is op deze server niet ingesteld, dus uitnodigingen kunnen niet per e-mail. "
        "Druk de inlogcodes af en deel de strookjes uit.",
        "en": "E-mail is not set up on this server, so invitations cannot be e-mailed. Print "
        "the sign-in codes and hand out the slips.",
    },
    "page_access_status": {"nl": "Wachtwoord", "en": "Password"},
    "page_access_has_password": {"nl": "Gekozen", "en": "Chosen"},
    "page_access_no_password": {"nl": "Nog niet", "en": "Not yet"},
    "page_access_inactive": {"nl": "Gedeactiveerd", "en": "Deactivated"},
    "page_access_actions": {"nl": "Acties", "en": "Actions"},
    "page_access_code_one": {"nl": "Nieuwe code afdrukken", "en": "Print a new code"},
    "page_access_code_one_label": {
        "nl": "Nieuwe inlogcode afdrukken voor {name}",
        "en": "Print a new sign-in code for {name}",
    },
    "page_access_mail_one": {"nl": "Uitnodiging e-mailen", "en": "E-mail an invitation"},
    "page_access_mail_one_label": {
        "nl": "Uitnodiging e-mailen aan {name}",
        "en": "E-mail an invitation to {name}",
    },
    "page_access_no_students": {
        "nl": "Er staan nog geen leerlingen op deze cursus.",
        "en": "There are no students on this course yet.",
    },
    # Slips
    "page_slips_title": {"nl": "Inlogcodes", "en": "Sign-in codes"},
    "page_slips_title_of": {"nl": "Inlogcodes: {name}", "en": "Sign-in codes: {name}"},
    "page_slips_once": {
        "nl": "Deze codes zie je alleen nu: druk ze af voordat je deze pagina verlaat. Eerder "
        "uitgegeven, ongebruikte codes van deze personen werken niet meer.",
        "en": "You see these codes only now: print them before you leave this page. Earlier, "
        "unused codes of these people no longer work.",
    },
    "page_slips_none": {
        "nl": "Niemand hoeft nog een code: alle leerlingen van deze cursus hebben een "
        "wachtwoord. Kies 'Ook voor leerlingen die al een wachtwoord hebben' voor een nieuwe code.",
        "en": "Nobody needs a code: every student of this course has a password. Choose "
        "'Also for students who already have a password' for a new code.",
    },
    "page_slips_print": {"nl": "Afdrukken", "en": "Print"},
    "page_slips_back": {"nl": "Terug", "en": "Back"},
    "page_slip_code": {"nl": "Inlogcode", "en": "Sign-in code"},
    "page_slip_steps": {
        "nl": "Ga naar {url}, vul je e-mailadres en deze code in en kies een eigen wachtwoord. "
        "De code werkt één keer, tot {until}.",
        "en": "Go to {url}, enter your e-mail address and this code, and choose your own "
        "password. The code works once, until {until}.",
    },
    "page_slip_created": {
        "nl": "De gebruiker is aangemaakt zonder wachtwoord. Geef deze inlogcode door; daarmee "
        "kiest {name} zelf een wachtwoord.",
        "en": "The user was created without a password. Hand over this sign-in code; with it, "
        "{name} chooses their own password.",
    },
    # Invitations sent
    "page_invited_title": {"nl": "Uitnodigingen verstuurd", "en": "Invitations sent"},
    "page_invited_failed": {
        "nl": "Niet aangenomen door de mailserver (druk voor hen een inlogcode af):",
        "en": "Refused by the mail server (print a sign-in code for them):",
    },
}
