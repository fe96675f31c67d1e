"""Texts of the teacher and admin pages, in Dutch and English (merged into PAGE_MESSAGES)."""

TEACHER_PAGE_MESSAGES: dict[str, dict[str, str]] = {
    "page_title": {"nl": "Titel", "en": "Title"},
    "page_status": {"nl": "Status", "en": "Status"},
    "page_submitted": {"nl": "Ingediend", "en": "Submitted"},
    "page_optional": {"nl": "Optioneel", "en": "Optional"},
    "page_person_name": {"nl": "Naam", "en": "Name"},
    "page_person_class": {"nl": "Klas (optioneel)", "en": "Class (optional)"},
    # Teacher home
    "page_teacher_title": {"nl": "Cursussen", "en": "Courses"},
    "page_teacher_intro": {
        "nl": "Je cursussen met hun evaluaties. Open een cursus om teams en leerlingen te beheren.",
        "en": "Your courses with their evaluations. Open a course to manage teams and students.",
    },
    "page_teacher_no_courses": {
        "nl": "Er zijn nog geen cursussen. Maak hieronder de eerste aan.",
        "en": "There are no courses yet. Create the first one below.",
    },
    "page_teacher_no_evaluations": {"nl": "Nog geen evaluaties.", "en": "No evaluations yet."},
    "page_teacher_submitted": {"nl": "{done}/{total} ingediend", "en": "{done}/{total} submitted"},
    "page_teacher_new_course": {"nl": "Nieuwe cursus", "en": "New course"},
    "page_teacher_create_course": {"nl": "Cursus aanmaken", "en": "Create course"},
    "page_course_name": {"nl": "Naam van de cursus", "en": "Course name"},
    "page_course_code": {"nl": "Code", "en": "Code"},
    # Course page
    "page_course_evaluations": {"nl": "Evaluaties", "en": "Evaluations"},
    "page_course_teams": {"nl": "Teams", "en": "Teams"},
    "page_course_no_teams": {"nl": "Nog geen teams.", "en": "No teams yet."},
    "page_course_students": {"nl": "Leerlingen ({count})", "en": "Students ({count})"},
    "page_team_new": {"nl": "Nieuw team", "en": "New team"},
    "page_team_name": {"nl": "Naam van het team", "en": "Team name"},
    "page_team_members": {
        "nl": "Leden (leerlingen zonder team)",
        "en": "Members (students without a team)",
    },
    "page_team_create": {"nl": "Team vormen", "en": "Form team"},
    "page_team_everyone_placed": {
        "nl": "Alle leerlingen zitten in een team. Voeg eerst leerlingen toe.",
        "en": "Every student is in a team. Add students first.",
    },
    "page_student_add": {"nl": "Leerling toevoegen", "en": "Add a student"},
    "page_student_add_button": {"nl": "Toevoegen", "en": "Add"},
    "page_import_title": {"nl": "Importeren uit CSV", "en": "Import from CSV"},
    "page_import_hint": {
        "nl": "Een CSV-bestand uit Excel, met ; of , gescheiden, met de kolommen e-mail en naam "
        "(of voornaam, tussenvoegsel en achternaam) en eventueel klas en team. Je ziet eerst "
        "een voorbeeld met de fouten; een team dat nog niet bestaat wordt aangemaakt.",
        "en": "A CSV file from Excel, separated by ; or , with the columns email and name (or "
        "first name and last name) and optionally class and team. You first see a preview "
        "with any errors; a team that does not exist yet is created.",
    },
    "page_import_preview_title": {"nl": "Voorbeeld van de import", "en": "Import preview"},
    "page_import_read_as": {
        "nl": "Het bestand is gelezen als {encoding}. Kloppen de namen met accenten niet? Sla "
        "het in Excel op als 'CSV UTF-8'.",
        "en": "The file was read as {encoding}. Are names with accents wrong? Save it in Excel "
        "as 'CSV UTF-8'.",
    },
    "page_import_what": {"nl": "Wat er gebeurt", "en": "What happens"},
    "page_import_enrol": {"nl": "Komt op de cursus", "en": "Joins the course"},
    "page_import_team_new": {"nl": "nieuw team", "en": "new team"},
    "page_import_team_move": {"nl": "Wisselt van team", "en": "Changes team"},
    "page_import_error": {"nl": "Fout:", "en": "Error:"},
    "page_import_fix_first": {
        "nl": "Er wordt niets geïmporteerd zolang er een fout in het bestand staat. Verbeter "
        "het bestand en kies het opnieuw.",
        "en": "Nothing is imported while the file has an error. Correct the file and choose "
        "it again.",
    },
    "page_import_again": {"nl": "Ander bestand kiezen", "en": "Choose another file"},
    "page_import_team": {"nl": "Team", "en": "Team"},
    "page_import_updated": {"nl": "Wordt bijgewerkt", "en": "Updated"},
    "page_import_new_teams": {"nl": "Nieuwe teams: {names}", "en": "New teams: {names}"},
    "page_import_file": {"nl": "CSV-bestand", "en": "CSV file"},
    "page_import_check": {"nl": "Controleren", "en": "Check"},
    "page_import_line": {"nl": "Regel {line}", "en": "Line {line}"},
    "page_import_line_header": {"nl": "Regel", "en": "Line"},
    "page_import_rows": {"nl": "Wordt geïmporteerd", "en": "To be imported"},
    "page_import_existing": {"nl": "Bestaat al", "en": "Exists"},
    "page_import_new": {"nl": "Nieuw", "en": "New"},
    # New evaluation
    "page_evaluation_new": {"nl": "Nieuwe evaluatie", "en": "New evaluation"},
    "page_evaluation_criteria": {"nl": "Criteria", "en": "Criteria"},
    "page_evaluation_criteria_hint": {
        "nl": "Eén criterium per regel, als 'Naam: beschrijving'. Wil je zeggen wat een score "
        "betekent? Zet onder het criterium een regel per score, als '1 = Doet niet mee'; de "
        "leerling ziet die zin bij de score.",
        "en": "One criterion per line, as 'Name: description'. To say what a score means, put a "
        "line per score under the criterion, as '1 = Does not take part'; the student sees "
        "that sentence with the score.",
    },
    "page_evaluation_criteria_example": {
        "nl": "Samenwerking: Werkt goed samen en helpt anderen\n"
        "  1 = Werkt niet mee en helpt niemand\n"
        "  3 = Werkt mee als het gevraagd wordt\n"
        "  5 = Neemt het voortouw en helpt anderen op weg\n"
        "Inzet: Doet zijn of haar deel van het werk\n"
        "Communicatie: Houdt het team op de hoogte",
        "en": "Collaboration: Works well with others and helps them\n"
        "  1 = Does not take part and helps nobody\n"
        "  3 = Takes part when asked\n"
        "  5 = Takes the lead and helps others along\n"
        "Effort: Does their share of the work\n"
        "Communication: Keeps the team informed",
    },
    "page_evaluation_scale_min": {"nl": "Laagste score", "en": "Lowest score"},
    "page_evaluation_scale_max": {"nl": "Hoogste score", "en": "Highest score"},
    "page_evaluation_include_self": {
        "nl": "Leerlingen beoordelen ook zichzelf",
        "en": "Students also assess themselves",
    },
    "page_evaluation_release": {"nl": "Samenvattingen vrijgeven", "en": "Release summaries"},
    "page_evaluation_release_auto": {
        "nl": "Meteen na het maken",
        "en": "As soon as they are made",
    },
    "page_evaluation_release_review": {
        "nl": "Na controle door de docent",
        "en": "After the teacher's review",
    },
    "page_evaluation_create": {"nl": "Evaluatie aanmaken", "en": "Create evaluation"},
    # Evaluation page
    "page_team": {"nl": "Team", "en": "Team"},
    "page_members": {"nl": "Leden", "en": "Members"},
    "page_student": {"nl": "Leerling", "en": "Student"},
    "page_evaluation_open": {"nl": "Evaluatie openen", "en": "Open evaluation"},
    "page_evaluation_open_confirm": {
        "nl": "De evaluatie openen? Daarna liggen de criteria en de teams vast.",
        "en": "Open the evaluation? The criteria and teams are fixed afterwards.",
    },
    "page_evaluation_close": {"nl": "Evaluatie sluiten", "en": "Close evaluation"},
    "page_evaluation_close_confirm": {
        "nl": "De evaluatie sluiten? Leerlingen kunnen dan niets meer invullen en de "
        "samenvattingen worden gemaakt.",
        "en": "Close the evaluation? Students can no longer fill anything in, and the "
        "summaries are generated.",
    },
    "page_evaluation_export": {"nl": "Exporteren (CSV)", "en": "Export (CSV)"},
    "page_evaluation_export_xlsx": {"nl": "Exporteren (Excel)", "en": "Export (Excel)"},
    "page_evaluation_export_comments": {
        "nl": "Opmerkingen (CSV)",
        "en": "Comments (CSV)",
    },
    "page_evaluation_scale": {"nl": "Schaal {min}-{max}", "en": "Scale {min}-{max}"},
    "page_evaluation_release_auto_short": {
        "nl": "Samenvattingen direct zichtbaar",
        "en": "Summaries visible at once",
    },
    "page_evaluation_progress": {"nl": "Voortgang per team", "en": "Progress per team"},
    "page_evaluation_no_reviews_yet": {
        "nl": "Nog geen beoordelingen: open de evaluatie eerst.",
        "en": "No reviews yet: open the evaluation first.",
    },
    "page_evaluation_summaries": {"nl": "Samenvattingen", "en": "Summaries"},
    "page_progress_label": {
        "nl": "{done} van {total} klaar ({percent}%)",
        "en": "{done} of {total} done ({percent}%)",
    },
    "page_summaries_after_close": {
        "nl": "De samenvattingen worden gemaakt zodra de evaluatie gesloten is.",
        "en": "The summaries are made once the evaluation is closed.",
    },
    "summary_state_waiting": {"nl": "Nog niet gevraagd", "en": "Not asked yet"},
    "page_generate_all": {"nl": "Genereer alle samenvattingen", "en": "Generate all summaries"},
    "page_summaries_after_closing": {
        "nl": "Samenvattingen worden gemaakt zodra de evaluatie gesloten is.",
        "en": "Summaries are generated once the evaluation is closed.",
    },
    "page_evaluation_results": {"nl": "Resultaten", "en": "Results"},
    "page_peer_average": {"nl": "Gemiddelde teamgenoten", "en": "Peer average"},
    "page_self_average": {"nl": "Zelfbeoordeling", "en": "Self-assessment"},
    "page_factor": {"nl": "Correctiefactor", "en": "Adjustment factor"},
    "page_reviews_received": {"nl": "Ontvangen", "en": "Received"},
    "page_reviews_given": {"nl": "Gegeven", "en": "Given"},
    "page_flags": {"nl": "Signalen", "en": "Flags"},
    # Student page (teacher's view)
    "page_summary_heading_teacher": {"nl": "Samenvatting", "en": "Summary"},
    "page_summary_actions": {"nl": "Samenvatting beheren", "en": "Manage the summary"},
    "page_summary_released": {"nl": "Vrijgegeven", "en": "Released"},
    "page_summary_not_released": {"nl": "Nog niet vrijgegeven", "en": "Not released yet"},
    "page_summary_edited": {"nl": "Aangepast door docent", "en": "Edited by a teacher"},
    "page_summary_regenerate": {"nl": "Opnieuw genereren", "en": "Generate again"},
    "page_summary_regenerate_confirm": {
        "nl": "Een nieuwe samenvatting laten maken? De huidige wordt vervangen.",
        "en": "Have a new summary made? The current one is replaced.",
    },
    # Queue page
    "page_queue_title": {"nl": "Wachtrij van de samenvattingen", "en": "Summary queue"},
    "page_queue_intro": {
        "nl": "Hoe het maken van samenvattingen in je school ervoor staat.",
        "en": "How summary generation is doing in your school.",
    },
    "page_refresh": {"nl": "Vernieuwen", "en": "Refresh"},
    "page_queue_jobs": {"nl": "Taken per status", "en": "Jobs per status"},
    "page_queue_workers": {"nl": "Workers", "en": "Workers"},
    "page_queue_workers_alive": {"nl": "actief", "en": "alive"},
    "page_queue_no_workers": {
        "nl": "Er draait geen enkele worker: samenvattingen blijven wachten.",
        "en": "No worker is running: summaries keep waiting.",
    },
    "page_queue_redis_down": {
        "nl": "De wachtrij (Redis) antwoordt niet. Taken blijven bewaard en gaan verder "
        "zodra hij terug is.",
        "en": "The queue (Redis) does not answer. Jobs are kept and continue once it is back.",
    },
    "page_queue_reconciler_alive": {
        "nl": "Herstel van vastgelopen taken: actief (laatste ronde {seconds} s geleden).",
        "en": "Repair of stuck jobs: running (last round {seconds} s ago).",
    },
    "page_queue_reconciler_missing": {
        "nl": "Het herstel van vastgelopen taken draait niet: taken die een storing verloor, "
        "blijven liggen. Start een worker (teameval worker) of kijk in zijn logboek.",
        "en": "The repair of stuck jobs is not running: jobs lost in an outage stay where they "
        "are. Start a worker (teameval worker) or check its log.",
    },
    "page_queue_oldest": {"nl": "Langst wachtende taak", "en": "Oldest waiting job"},
    "page_queue_nothing_waiting": {"nl": "Er wacht niets.", "en": "Nothing is waiting."},
    "page_queue_llm": {"nl": "AI-samenvattingen", "en": "AI summaries"},
    "page_queue_llm_ok": {
        "nl": "De AI antwoordt: samenvattingen worden door de AI geschreven.",
        "en": "The AI answers: summaries are written by the AI.",
    },
    "page_queue_llm_down": {
        "nl": "De AI is niet bereikbaar. Samenvattingen krijgen nu meteen de basisversie "
        '("Basis"); zodra de AI terug is, maakt "Genereer alle samenvattingen" ze opnieuw.',
        "en": 'The AI cannot be reached. Summaries get the basic version ("Basic") at once '
        'for now; once the AI is back, "Generate all summaries" makes them again.',
    },
    "page_queue_llm_config": {
        "nl": "De AI-server weigert de gevraagde antwoordvorm: een beheerder moet de "
        "instelling TEAMEVAL_LLM_RESPONSE_FORMAT aanpassen (zie docs/summary-content.md). "
        "Tot dan krijgen samenvattingen de basisversie.",
        "en": "The AI server refuses the requested answer format: an administrator must change "
        "the setting TEAMEVAL_LLM_RESPONSE_FORMAT (see docs/summary-content.md). Until then "
        "summaries get the basic version.",
    },
    "page_queue_llm_since": {"nl": "Sinds", "en": "Since"},
    "page_queue_llm_probe": {
        "nl": "Volgende controle van de AI",
        "en": "Next check of the AI",
    },
    # Users (admin)
    "page_users_title": {"nl": "Gebruikers", "en": "Users"},
    "page_users_search": {"nl": "Zoek op naam of e-mail", "en": "Search by name or e-mail"},
    "page_users_role": {"nl": "Rol", "en": "Role"},
    "page_users_all_roles": {"nl": "Alle rollen", "en": "All roles"},
    "page_users_filter": {"nl": "Filteren", "en": "Filter"},
    "page_users_class": {"nl": "Klas", "en": "Class"},
    "page_users_new": {"nl": "Nieuwe gebruiker", "en": "New user"},
    "page_users_password_hint": {
        "nl": "Minstens 10 tekens. Leeg laten: je krijgt een inlogcode om door te geven, "
        "waarmee de gebruiker zelf een wachtwoord kiest.",
        "en": "At least 10 characters. Leave it empty to get a sign-in code to hand over, "
        "with which the user chooses their own password.",
    },
    "page_users_create": {"nl": "Gebruiker aanmaken", "en": "Create user"},
    "page_users_import_hint": {
        "nl": "Leerlingen uit een CSV-bestand met kolommen email,name[,class_name]. "
        "Bestaande leerlingen worden bijgewerkt.",
        "en": "Students from a CSV file with columns email,name[,class_name]. "
        "Existing students are updated.",
    },
    "page_users_import": {"nl": "Importeren", "en": "Import"},
    "page_users_status": {"nl": "Status", "en": "Status"},
    "page_users_inactive": {"nl": "Gedeactiveerd", "en": "Deactivated"},
    "page_users_deactivate": {"nl": "Deactiveren", "en": "Deactivate"},
    "page_users_reactivate": {"nl": "Heractiveren", "en": "Reactivate"},
    "page_users_deactivate_confirm": {
        "nl": "{name} deactiveren? Alle aanmeldingen van deze persoon stoppen meteen.",
        "en": "Deactivate {name}? All of their sign-ins end at once.",
    },
    "page_flash_deactivated": {
        "nl": "Gedeactiveerd: deze persoon is afgemeld en kan niet meer inloggen.",
        "en": "Deactivated: this person is signed out and can no longer sign in.",
    },
    "page_flash_reactivated": {
        "nl": "Geheractiveerd: deze persoon kan weer inloggen (opnieuw, met het wachtwoord).",
        "en": "Reactivated: this person can sign in again (anew, with their password).",
    },
    "page_pagination": {"nl": "Pagina's", "en": "Pages"},
    "page_previous": {"nl": "Vorige", "en": "Previous"},
    "page_next": {"nl": "Volgende", "en": "Next"},
    "role_admin": {"nl": "Beheerder", "en": "Admin"},
    "role_teacher": {"nl": "Docent", "en": "Teacher"},
    "role_student": {"nl": "Leerling", "en": "Student"},
    # Teacher review of summaries
    "review_state_missing": {"nl": "Nog geen samenvatting", "en": "No summary yet"},
    "review_state_unpublished": {"nl": "Nog niet vrijgegeven", "en": "Not released yet"},
    "review_state_published": {"nl": "Vrijgegeven", "en": "Released"},
    "review_state_outdated": {
        "nl": "Opnieuw gemaakt: opnieuw vrijgeven",
        "en": "Made again: release again",
    },
    "page_review_edit_label": {"nl": "Tekst voor de leerling", "en": "Text for the student"},
    "page_review_edit_hint": {
        "nl": "Pas de tekst aan als dat nodig is. Leeg opslaan zet de gegenereerde tekst terug.",
        "en": "Change the text where needed. Saving it empty restores the generated text.",
    },
    "page_review_save_edit": {"nl": "Tekst opslaan", "en": "Save text"},
    "page_review_publish": {"nl": "Vrijgeven aan leerling", "en": "Release to the student"},
    "page_review_publish_all": {
        "nl": "Alle gereedstaande vrijgeven",
        "en": "Release all that are ready",
    },
    "page_review_publish_all_confirm": {
        "nl": "Alle samenvattingen die klaarstaan vrijgeven aan de leerlingen?",
        "en": "Release every summary that is ready to the students?",
    },
    # The comments behind the summary (teacher's student and evaluation pages)
    "page_comments_heading": {"nl": "Ontvangen opmerkingen", "en": "Comments received"},
    "page_comments_heading_all": {
        "nl": "Opmerkingen per leerling",
        "en": "Comments per student",
    },
    "page_comments_hint": {
        "nl": "Alleen ingediende beoordelingen. Wie wat schreef, ziet alleen de docent; de "
        "leerling ziet de opmerkingen zonder naam.",
        "en": "Submitted reviews only. Who wrote what is shown to teachers only; the student "
        "sees the comments without names.",
    },
    "page_comments_self": {"nl": "over zichzelf", "en": "about themselves"},
    "page_comments_score": {"nl": "score {score}", "en": "score {score}"},
    "page_comments_none": {
        "nl": "Nog geen opmerkingen ontvangen.",
        "en": "No comments received yet.",
    },
    "page_comments_none_all": {
        "nl": "Nog geen opmerkingen in ingediende beoordelingen.",
        "en": "No comments in submitted reviews yet.",
    },
    "page_comments_with_summary": {
        "nl": "Bekijk naast de samenvatting",
        "en": "See beside the summary",
    },
    # The adjustment factor explained (docs/RESULTS.md)
    "page_factor_formula_catme": {
        "nl": "Correctiefactor = het gemiddelde dat een leerling van teamgenoten kreeg, gedeeld "
        "door het gemiddelde daarvan over het hele team (CATME); cijfer = teamcijfer × "
        "correctiefactor.",
        "en": "Adjustment factor = the average a student received from teammates, divided by "
        "the team's average of those (CATME); mark = team mark × factor.",
    },
    "page_factor_formula_webpa": {
        "nl": "Correctiefactor = de WebPA-score: het aandeel van de punten dat een leerling van "
        "het team kreeg, maal het aantal teamleden; cijfer = teamcijfer × correctiefactor.",
        "en": "Adjustment factor = the WebPA score: the share of the team's points a student "
        "received, times the number of members; mark = team mark × factor.",
    },
    "page_factor_clamp_range": {
        "nl": "De factor is begrensd tussen {min} en {max}.",
        "en": "The factor is clamped between {min} and {max}.",
    },
    "page_factor_raw": {
        "nl": "Ruwe waarde {raw}; begrensd tussen {min} en {max} wordt dat {factor}.",
        "en": "Raw value {raw}; clamped between {min} and {max} that is {factor}.",
    },
    "page_factor_clamped": {
        "nl": "De grens is hier gebruikt.",
        "en": "The limit applied here.",
    },
    "page_factor_none": {
        "nl": "Nog geen factor: er zijn nog geen beoordelingen van teamgenoten ingediend.",
        "en": "No factor yet: no reviews from teammates have been submitted.",
    },
}
