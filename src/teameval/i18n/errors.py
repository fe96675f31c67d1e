"""Error messages shown to users, by code, in Dutch and English."""

ERROR_MESSAGES: dict[str, dict[str, str]] = {
    "not_found": {"nl": "Niet gevonden.", "en": "Not found."},
    "forbidden": {"nl": "Dat mag je niet doen.", "en": "You are not allowed to do that."},
    "not_authenticated": {"nl": "Log eerst in.", "en": "Please sign in first."},
    "too_many_requests": {
        "nl": "Te veel verzoeken. Probeer het over {retry_after} seconden opnieuw.",
        "en": "Too many requests. Try again in {retry_after} seconds.",
    },
    "internal_error": {
        "nl": "Er ging iets mis aan onze kant. Vermeld referentie {reference} als je hulp vraagt.",
        "en": "Something went wrong on our side. Quote reference {reference} when asking for help.",
    },
    "service_unavailable": {
        "nl": "De dienst is even niet bereikbaar. Probeer het over {retry_after} seconden opnieuw.",
        "en": "The service is briefly unavailable. Try again in {retry_after} seconds.",
    },
    "validation_error": {
        "nl": "De invoer klopt niet: {details}",
        "en": "The input is not valid: {details}",
    },
    "invalid_credentials": {
        "nl": "E-mailadres of wachtwoord klopt niet.",
        "en": "E-mail address or password is incorrect.",
    },
    "login_throttled": {
        "nl": "Te veel mislukte pogingen. Probeer het over {retry_after} seconden opnieuw.",
        "en": "Too many failed attempts. Try again in {retry_after} seconds.",
    },
    "email_taken": {
        "nl": "Er is al een gebruiker met e-mailadres {email}.",
        "en": "A user with e-mail address {email} already exists.",
    },
    "weak_password": {
        "nl": "Het wachtwoord moet minstens 10 tekens lang zijn.",
        "en": "The password must be at least 10 characters long.",
    },
    "invalid_role": {
        "nl": "Rol moet admin, teacher of student zijn.",
        "en": "Role must be admin, teacher or student.",
    },
    "only_admin_creates_staff": {
        "nl": "Alleen een beheerder kan docenten en beheerders aanmaken.",
        "en": "Only an admin can create teachers and admins.",
    },
    "csv_empty": {"nl": "Het CSV-bestand is leeg.", "en": "The CSV file is empty."},
    "csv_not_utf8": {
        "nl": "Het bestand is geen leesbare tekst. Sla het in Excel op als 'CSV UTF-8' of "
        "'CSV (gescheiden door lijstscheidingsteken)'.",
        "en": "The file is not readable text. Save it in Excel as 'CSV UTF-8' or "
        "'CSV (Comma delimited)'.",
    },
    "csv_bad_header": {
        "nl": "De eerste regel moet de kolommen noemen: e-mail en naam (of voornaam en "
        "achternaam), eventueel klas en team. Bijvoorbeeld: e-mail;naam;klas;team",
        "en": "The first line must name the columns: email and name (or first name and last "
        "name), optionally class and team. For example: email,name,class,team",
    },
    "csv_bad_email": {
        "nl": "'{email}' is geen geldig e-mailadres.",
        "en": "'{email}' is not a valid e-mail address.",
    },
    "csv_missing_name": {"nl": "De naam ontbreekt.", "en": "The name is missing."},
    "csv_too_many_columns": {
        "nl": "Te veel kolommen op deze regel.",
        "en": "Too many columns on this line.",
    },
    "csv_not_student": {
        "nl": "{email} is geen leerling.",
        "en": "{email} is not a student.",
    },
    "csv_duplicate_email": {
        "nl": "{email} staat al eerder in het bestand.",
        "en": "{email} appears earlier in the file.",
    },
    "not_a_student": {
        "nl": "Gebruiker {user_id} is geen leerling van deze school.",
        "en": "User {user_id} is not a student of this school.",
    },
    "student_in_other_team": {
        "nl": "Leerling {user_id} zit al in een ander team van deze cursus.",
        "en": "Student {user_id} is already in another team of this course.",
    },
    "team_name_taken": {
        "nl": "Er is al een team met de naam {name} in deze cursus.",
        "en": "A team named {name} already exists in this course.",
    },
    "scale_invalid": {
        "nl": "De schaal moet lopen van een laagste tot een hoogste score (bijv. 1 tot 5).",
        "en": "The scale must run from a lowest to a highest score (e.g. 1 to 5).",
    },
    "criteria_required": {
        "nl": "Geef minstens één beoordelingscriterium.",
        "en": "Give at least one rubric criterion.",
    },
    "evaluation_not_draft": {
        "nl": "Deze evaluatie is al geopend.",
        "en": "This evaluation has already been opened.",
    },
    "evaluation_not_open": {
        "nl": "Deze evaluatie is niet open.",
        "en": "This evaluation is not open.",
    },
    "evaluation_not_closed": {
        "nl": "De resultaten zijn pas zichtbaar als de evaluatie gesloten is.",
        "en": "Results are available once the evaluation is closed.",
    },
    "evaluation_has_no_teams": {
        "nl": "De cursus heeft nog geen teams met minstens twee leden.",
        "en": "The course has no teams with at least two members yet.",
    },
    "score_off_scale": {
        "nl": "De score {score} bij “{criterion}” ligt niet tussen {min} en {max}.",
        "en": "The score {score} for “{criterion}” is not between {min} and {max}.",
    },
    "unknown_criterion": {
        "nl": "Criterium {criterion_id} hoort niet bij deze evaluatie.",
        "en": "Criterion {criterion_id} does not belong to this evaluation.",
    },
    "duplicate_criterion": {
        "nl": "Criterium {criterion_id} staat twee keer in de beoordeling.",
        "en": "Criterion {criterion_id} appears twice in the review.",
    },
    "comment_too_long": {
        "nl": "De toelichting bij “{criterion}” mag hoogstens {max} tekens zijn.",
        "en": "The comment on “{criterion}” may be at most {max} characters.",
    },
    "submit_incomplete": {
        "nl": "Geef een score voor elk criterium voordat je indient (ontbreekt: {missing}).",
        "en": "Give a score for every criterion before submitting (missing: {missing}).",
    },
    "deadline_passed": {
        "nl": "De deadline is verstreken.",
        "en": "The deadline has passed.",
    },
}
ERROR_MESSAGES["csrf_failed"] = {
    "nl": "Deze pagina is verlopen. Laad de pagina opnieuw en probeer het nog eens.",
    "en": "This page has expired. Reload the page and try again.",
}
ERROR_MESSAGES["csv_too_large"] = {
    "nl": "Het CSV-bestand is groter dan {max_mb} MB.",
    "en": "The CSV file is larger than {max_mb} MB.",
}
ERROR_MESSAGES["invalid_language"] = {
    "nl": "Taal moet nl of en zijn.",
    "en": "Language must be nl or en.",
}
# Courses, evaluations and reviews (issue 2 API).
ERROR_MESSAGES.update(
    {
        "not_a_teacher": {
            "nl": "Gebruiker {user_id} is geen docent of beheerder van deze school.",
            "en": "User {user_id} is not a teacher or admin of this school.",
        },
        "unknown_course": {
            "nl": "Cursus {course_id} bestaat niet op deze school.",
            "en": "Course {course_id} does not exist at this school.",
        },
        "team_changed_concurrently": {
            "nl": "Team {name} is tegelijk door iemand anders gewijzigd. Probeer het opnieuw.",
            "en": "Team {name} was changed by someone else at the same time. Try again.",
        },
        "enrolment_changed_concurrently": {
            "nl": "De inschrijvingen zijn tegelijk gewijzigd. Probeer het opnieuw.",
            "en": "The enrolments were changed at the same time. Try again.",
        },
        "duplicate_criterion_name": {
            "nl": "Het criterium {name} staat twee keer in de rubric.",
            "en": "The criterion {name} appears twice in the rubric.",
        },
        "level_outside_scale": {
            "nl": "Het criterium {name} beschrijft score {score}, maar de schaal loopt van {min} "
            "tot {max}.",
            "en": "The criterion {name} describes score {score}, but the scale runs from {min} "
            "to {max}.",
        },
        "level_twice": {
            "nl": "Het criterium {name} beschrijft score {score} twee keer.",
            "en": "The criterion {name} describes score {score} twice.",
        },
        "level_without_text": {
            "nl": "Bij het criterium {name} staat score {score} zonder beschrijving.",
            "en": "The criterion {name} has score {score} without a description.",
        },
        "adjustment_range_invalid": {
            "nl": "De ondergrens van de correctiefactor moet lager zijn dan de bovengrens.",
            "en": "The lower bound of the adjustment factor must be below the upper bound.",
        },
        "deadline_in_past": {
            "nl": "De deadline moet in de toekomst liggen.",
            "en": "The deadline must lie in the future.",
        },
        "evaluation_locked": {
            "nl": "Deze evaluatie is al geopend; alleen {fields} kunnen nog veranderen.",
            "en": "This evaluation has been opened; only {fields} can still change.",
        },
        "review_already_submitted": {
            "nl": "Deze beoordeling is al ingediend; dien haar opnieuw in om iets te wijzigen.",
            "en": "This review has already been submitted; submit it again to change it.",
        },
        "review_changed_concurrently": {
            "nl": "Deze beoordeling is tegelijk ergens anders opgeslagen. Probeer het opnieuw.",
            "en": "This review was saved elsewhere at the same time. Try again.",
        },
    }
)
# Summary jobs (the asynchronous pipeline).
ERROR_MESSAGES["summary_not_released"] = {
    "nl": "Je samenvatting is nog niet beschikbaar.",
    "en": "Your summary is not available yet.",
}
ERROR_MESSAGES["live_unavailable"] = {
    "nl": "Live bijwerken is even niet beschikbaar; de pagina vraagt de stand zelf op.",
    "en": "Live updates are not available right now; the page asks for the state itself.",
}
ERROR_MESSAGES["students_not_in_evaluation"] = {
    "nl": "Deze leerlingen horen niet bij deze evaluatie: {ids}.",
    "en": "These students do not take part in this evaluation: {ids}.",
}
ERROR_MESSAGES["job_not_active"] = {
    "nl": "Deze taak is al afgelopen ({status}) en kan niet meer worden geannuleerd.",
    "en": "This job has already ended ({status}) and can no longer be cancelled.",
}
ERROR_MESSAGES["queue_busy"] = {
    "nl": "Het is nu erg druk. Probeer het zo opnieuw.",
    "en": "It is very busy right now. Please try again shortly.",
}
ERROR_MESSAGES["summary_job_retrying"] = {
    "nl": "De AI was even niet bereikbaar; we proberen het zo opnieuw.",
    "en": "The AI could not be reached; we will try again shortly.",
}
ERROR_MESSAGES["summary_job_invalid"] = {
    "nl": (
        "Deze samenvatting kan niet meer worden gemaakt: "
        "de evaluatie of leerling bestaat niet meer."
    ),
    "en": "This summary can no longer be made: the evaluation or student no longer exists.",
}
ERROR_MESSAGES["summary_job_failed"] = {
    "nl": "De samenvatting kon niet worden gemaakt. Probeer het opnieuw.",
    "en": "The summary could not be made. Please try again.",
}
ERROR_MESSAGES["value_out_of_range"] = {
    "nl": "Een getal of id in het verzoek is te groot of te klein.",
    "en": "A number or id in the request is too large or too small.",
}
ERROR_MESSAGES["csv_unreadable"] = {
    "nl": "Het CSV-bestand kan niet worden gelezen. Sla het opnieuw op als CSV (UTF-8).",
    "en": "The CSV file cannot be read. Save it again as CSV (UTF-8).",
}
ERROR_MESSAGES["summary_regenerate_reviewed"] = {
    "nl": "Je docent bekijkt je samenvatting eerst; je kunt hem daarom niet zelf opnieuw maken.",
    "en": "Your teacher reviews your summary first, so you cannot make it again yourself.",
}
# Names and labels (teameval.validation), by the code of the failed check; a page or the API
# names the field in front of the message, a CSV import the column.
ERROR_MESSAGES["text_blank"] = {
    "nl": "mag niet leeg zijn of alleen spaties bevatten",
    "en": "must not be empty or only spaces",
}
ERROR_MESSAGES["text_too_long"] = {
    "nl": "mag hoogstens {max} tekens lang zijn",
    "en": "must be at most {max} characters",
}
ERROR_MESSAGES["text_control_characters"] = {
    "nl": "moet één regel zijn, zonder tabs of andere stuurtekens",
    "en": "must be one line without tabs or other control characters",
}
ERROR_MESSAGES["csv_text_too_long"] = {
    "nl": "De kolom {column} is langer dan {max} tekens.",
    "en": "The column {column} is longer than {max} characters.",
}
ERROR_MESSAGES["csv_text_control_characters"] = {
    "nl": "De kolom {column} bevat een tab of ander stuurteken.",
    "en": "The column {column} holds a tab or other control character.",
}
ERROR_MESSAGES["form_not_a_number"] = {
    "nl": "'{value}' is geen geheel getal.",
    "en": "'{value}' is not a whole number.",
}
ERROR_MESSAGES["form_not_a_datetime"] = {
    "nl": "'{value}' is geen datum met tijd.",
    "en": "'{value}' is not a date and time.",
}
ERROR_MESSAGES["deadline_out_of_range"] = {
    "nl": "moet tussen {first} en {last} liggen",
    "en": "must lie between {first} and {last}",
}
ERROR_MESSAGES["only_admin_manages_staff"] = {
    "nl": "Alleen een beheerder kan docenten en beheerders (de)activeren.",
    "en": "Only an admin can deactivate or reactivate teachers and admins.",
}
ERROR_MESSAGES["cannot_deactivate_self"] = {
    "nl": "Je kunt je eigen account niet (de)activeren.",
    "en": "You cannot deactivate or reactivate your own account.",
}
ERROR_MESSAGES["login_form_expired"] = {
    "nl": "Het aanmeldformulier was verlopen of kwam niet van deze site. Log opnieuw in.",
    "en": "The sign-in form had expired or did not come from this site. Please sign in again.",
}
ERROR_MESSAGES["body_too_large"] = {
    "nl": "Het verzoek is te groot (hoogstens {max_mb} MB).",
    "en": "The request is too large (at most {max_mb} MB).",
}
ERROR_MESSAGES["form_score_not_a_number"] = {
    "nl": "De score bij \u201c{criterion}\u201d is geen geheel getal.",
    "en": "The score for \u201c{criterion}\u201d is not a whole number.",
}
