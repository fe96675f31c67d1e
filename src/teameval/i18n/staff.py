"""Texts of course staff, editing and deadlines (issue 13 items 2, 4, 6), Dutch and English."""

from teameval.i18n.plurals import PluralEntry

STAFF_MESSAGES: dict[str, dict[str, str]] = {
    # Teacher home
    "page_teacher_intro_admin": {
        "nl": "Alle cursussen van de school met hun evaluaties. Open een cursus om teams en "
        "leerlingen te beheren.",
        "en": "Every course of the school with its evaluations. Open a course to manage teams "
        "and students.",
    },
    "page_teacher_no_courses_teacher": {
        "nl": "Je geeft nog geen cursus. Maak hieronder een cursus aan, of vraag een collega "
        "om je als docent aan de zijne toe te voegen.",
        "en": "You do not teach a course yet. Create one below, or ask a colleague to add you "
        "as a teacher of theirs.",
    },
    # Course staff
    "page_course_staff": {"nl": "Docenten", "en": "Teachers"},
    "page_course_staff_hint": {
        "nl": "Docenten van deze cursus zien en beheren de teams, evaluaties en resultaten. "
        "Andere docenten van de school zien deze cursus niet.",
        "en": "Teachers of this course see and manage its teams, evaluations and results. "
        "Other teachers of the school do not see this course.",
    },
    "page_course_main_teacher": {"nl": "Docent van de cursus", "en": "Course teacher"},
    "page_course_no_teacher": {"nl": "(geen)", "en": "(none)"},
    "page_course_co_teacher": {"nl": "Mededocent", "en": "Co-teacher"},
    "page_course_add_co_teacher": {"nl": "Docent toevoegen", "en": "Add teacher"},
    "page_course_remove_co_teacher": {
        "nl": "Verwijderen als docent",
        "en": "Remove as teacher",
    },
    "page_course_pick_teacher": {"nl": "Kies een docent", "en": "Choose a teacher"},
    "page_flash_teacher_added": {
        "nl": "De docent is toegevoegd aan de cursus.",
        "en": "The teacher was added to the course.",
    },
    "page_flash_teacher_removed": {
        "nl": "De docent is van de cursus gehaald.",
        "en": "The teacher was removed from the course.",
    },
    "co_teacher_required": {
        "nl": "Kies een docent om toe te voegen.",
        "en": "Choose a teacher to add.",
    },
    # Deadlines
    "evaluation_status_deadline_passed": {"nl": "Deadline verstreken", "en": "Deadline passed"},
    "page_deadline_passed_teacher": {
        "nl": "Leerlingen kunnen niets meer invullen. Sluit de evaluatie om de resultaten vast "
        "te leggen en de samenvattingen te laten maken.",
        "en": "Students can no longer fill anything in. Close the evaluation to settle the "
        "results and have the summaries made.",
    },
    "page_deadline_passed_teacher_auto": {
        "nl": "Leerlingen kunnen niets meer invullen. De evaluatie sluit zichzelf binnen een "
        "minuut en de samenvattingen worden dan gemaakt; je kunt ook nu al sluiten.",
        "en": "Students can no longer fill anything in. The evaluation closes itself within a "
        "minute and the summaries are then made; you can also close it now.",
    },
    "page_deadline_passed_teacher_wait": {
        "nl": "De evaluatie sluit zichzelf zodra ook de laatste verlenging voorbij is; je kunt "
        "ook nu al sluiten.",
        "en": "The evaluation closes itself once the last extension has passed as well; you can "
        "also close it now.",
    },
    "page_extension_pick": {"nl": "Kies een leerling", "en": "Choose a student"},
    "page_close_at_deadline": {
        "nl": "Automatisch sluiten bij de deadline (en de samenvattingen maken)",
        "en": "Close automatically at the deadline (and make the summaries)",
    },
    "page_student_deadline_passed_help": {
        "nl": "De deadline is verstreken. Je kunt je beoordelingen nog bekijken, niet meer "
        "wijzigen.",
        "en": "The deadline has passed. You can still look at your reviews, no longer change them.",
    },
    "page_student_view": {"nl": "Bekijken", "en": "View"},
    "page_student_own_deadline": {
        "nl": "Jouw deadline (verlengd)",
        "en": "Your deadline (extended)",
    },
    # Editing an evaluation
    "page_evaluation_edit": {"nl": "Evaluatie bewerken", "en": "Edit evaluation"},
    "page_evaluation_edit_open_hint": {
        "nl": "De evaluatie is open: alleen de titel, de deadline en het automatisch sluiten "
        "kunnen nog veranderen. De criteria liggen vast, want er wordt al mee beoordeeld.",
        "en": "The evaluation is open: only its title, deadline and automatic closing can "
        "still change. The criteria are fixed, as reviews already use them.",
    },
    "page_save": {"nl": "Opslaan", "en": "Save"},
    "page_evaluation_delete": {"nl": "Concept verwijderen", "en": "Delete draft"},
    "page_evaluation_delete_confirm": {
        "nl": "Dit concept en zijn criteria verwijderen? Dit kan niet ongedaan worden gemaakt.",
        "en": "Delete this draft and its criteria? This cannot be undone.",
    },
    "page_flash_deleted": {"nl": "Verwijderd.", "en": "Deleted."},
    "page_flash_changes_saved": {
        "nl": "De wijzigingen zijn opgeslagen.",
        "en": "The changes have been saved.",
    },
    "page_flash_removed": {
        "nl": "De leerling is uit de cursus gehaald. Beoordelingen van gesloten evaluaties "
        "blijven bewaard.",
        "en": "The student was taken off the course. Reviews of closed evaluations are kept.",
    },
    "page_student_remove": {"nl": "Leerling uit de cursus halen", "en": "Remove a student"},
    "page_student_remove_button": {"nl": "Uit de cursus halen", "en": "Remove from course"},
    "page_student_remove_confirm": {
        "nl": "De leerling gaat uit de cursus en uit zijn team. Beoordelingen die in gesloten "
        "evaluaties zijn geschreven of ontvangen, en de resultaten, blijven bewaard. Doet de "
        "leerling mee aan een open evaluatie, dan kan dit pas als die gesloten is.",
        "en": "The student leaves the course and their team. Reviews written or received in "
        "closed evaluations, and the results, are kept. A student taking part in an open "
        "evaluation can leave once it is closed.",
    },
    "page_flash_moved": {
        "nl": "De leerling is verplaatst. Lopende evaluaties zijn niet veranderd.",
        "en": "The student was moved. Evaluations already running did not change.",
    },
    "page_flash_extended": {
        "nl": "De verlenging is opgeslagen.",
        "en": "The extension has been saved.",
    },
    # Extensions
    "page_extensions": {"nl": "Verlenging per leerling", "en": "Extension per student"},
    "page_extensions_hint": {
        "nl": "Een leerling met verlenging kan tot zijn eigen deadline invullen; de anderen "
        "niet. Een evaluatie die zichzelf sluit, wacht op de laatste verlenging.",
        "en": "A student with an extension can fill in until their own deadline; the others "
        "cannot. An evaluation that closes itself waits for the last extension.",
    },
    "page_extension_student": {"nl": "Leerling", "en": "Student"},
    "page_extension_deadline": {"nl": "Nieuwe deadline", "en": "New deadline"},
    "page_extension_give": {"nl": "Verlenging geven", "en": "Give extension"},
    "page_extension_remove": {"nl": "Intrekken", "en": "Withdraw"},
    # Late team members
    "page_late_members_include": {
        "nl": "Toevoegen aan deze evaluatie",
        "en": "Add to this evaluation",
    },
    # Teams
    "page_team_change_hint": {
        "nl": "Een leerling verplaatsen of een team hernoemen verandert lopende evaluaties "
        "niet: daar blijven de teams zoals ze bij het openen waren, en niets wat al is "
        "ingevuld gaat verloren. Het nieuwe team telt voor evaluaties die je hierna opent.",
        "en": "Moving a student or renaming a team does not change evaluations already "
        "running: they keep the teams as they were when opened, and nothing already filled "
        "in is lost. The new team counts for evaluations you open afterwards.",
    },
    "page_team_move_label": {"nl": "Team van {name}", "en": "Team of {name}"},
    "page_team_none": {"nl": "(geen team)", "en": "(no team)"},
    "page_team_move": {"nl": "Verplaatsen", "en": "Move"},
    "page_team_place": {"nl": "In team plaatsen", "en": "Put in team"},
    "page_team_teamless": {"nl": "Zonder team", "en": "Without a team"},
    "page_team_empty": {"nl": "Dit team is leeg.", "en": "This team is empty."},
    "page_team_edit": {"nl": "Team bewerken", "en": "Edit team"},
    "page_team_rename": {"nl": "Naam opslaan", "en": "Save name"},
    "page_team_delete": {"nl": "Team verwijderen", "en": "Delete team"},
    "page_team_delete_confirm": {
        "nl": "Team {name} verwijderen?",
        "en": "Delete team {name}?",
    },
    "page_team_delete_when_empty": {
        "nl": "Een team kan weg zodra het leeg is: verplaats eerst zijn leden.",
        "en": "A team can go once it is empty: move its members first.",
    },
    # Refusals
    "evaluation_delete_not_draft": {
        "nl": "Alleen een concept kan worden verwijderd; deze evaluatie is al geopend en er "
        "wordt mee beoordeeld.",
        "en": "Only a draft can be deleted; this evaluation has been opened and reviews use it.",
    },
    "extension_not_open": {
        "nl": "Een verlenging kan alleen bij een open evaluatie.",
        "en": "An extension is only possible for an open evaluation.",
    },
    "extension_without_deadline": {
        "nl": "Deze evaluatie heeft geen deadline; geef haar eerst een deadline.",
        "en": "This evaluation has no deadline; give it one first.",
    },
    "extension_not_participant": {
        "nl": "Leerling {user_id} doet niet mee aan deze evaluatie.",
        "en": "Student {user_id} does not take part in this evaluation.",
    },
    "extension_not_later": {
        "nl": "Een verlenging moet later zijn dan de deadline van de evaluatie.",
        "en": "An extension must be later than the evaluation's deadline.",
    },
    "extension_incomplete": {
        "nl": "Kies een leerling en een nieuwe deadline.",
        "en": "Choose a student and a new deadline.",
    },
    "team_not_empty": {
        "nl": "Team {name} heeft nog leden. Verplaats ze eerst naar een ander team.",
        "en": "Team {name} still has members. Move them to another team first.",
    },
    "team_has_reviews": {
        "nl": "Team {name} kan niet weg: er zijn in een evaluatie beoordelingen in dit team "
        "geschreven, en die zouden verloren gaan.",
        "en": "Team {name} cannot go: reviews were written in this team in an evaluation, and "
        "they would be lost.",
    },
    "student_in_open_evaluation": {
        "nl": "{name} doet mee aan de open evaluatie '{title}' en kan pas uit de cursus als die "
        "gesloten is. Ingediende beoordelingen blijven dan bewaard.",
        "en": "{name} takes part in the open evaluation '{title}' and can leave the course "
        "once it is closed. Submitted reviews are kept then.",
    },
    "student_not_on_course": {
        "nl": "Leerling {user_id} zit niet in deze cursus.",
        "en": "Student {user_id} is not on this course.",
    },
    "unknown_team": {
        "nl": "Team {team_id} hoort niet bij deze cursus.",
        "en": "Team {team_id} is not a team of this course.",
    },
}


# Texts with a number (teameval.i18n.plurals): a form per CLDR category of each language.
STAFF_PLURALS: dict[str, PluralEntry] = {
    "page_extensions_running": {
        "nl": {
            "one": "{count} leerling met verlenging kan nog invullen.",
            "other": "{count} leerlingen met verlenging kunnen nog invullen.",
        },
        "en": {
            "one": "{count} student with an extension can still fill in.",
            "other": "{count} students with an extension can still fill in.",
        },
    },
    "page_late_members": {
        "nl": {
            "one": "{count} leerling kwam in een team nadat de evaluatie openging en doet nog "
            "niet mee: {names}. Toevoegen betekent: deze leerling beoordeelt de teamgenoten en "
            "wordt door hen beoordeeld. Wat al is ingevuld, blijft staan.",
            "other": "{count} leerlingen kwamen in een team nadat de evaluatie openging en doen "
            "nog niet mee: {names}. Toevoegen betekent: zij beoordelen hun teamgenoten en worden "
            "door hen beoordeeld. Wat al is ingevuld, blijft staan.",
        },
        "en": {
            "one": "{count} student joined a team after the evaluation opened and does not "
            "take part yet: {names}. Adding them means: they review their teammates and are "
            "reviewed by them. What was already filled in stays.",
            "other": "{count} students joined a team after the evaluation opened and do not "
            "take part yet: {names}. Adding them means: they review their teammates and are "
            "reviewed by them. What was already filled in stays.",
        },
    },
}
