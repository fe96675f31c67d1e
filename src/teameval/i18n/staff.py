"""Texts of course staff, editing and deadlines (issue 13 items 2, 4, 6), Dutch and English."""

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
    "evaluation_deadline_passed": {"nl": "Deadline verstreken", "en": "Deadline passed"},
}
