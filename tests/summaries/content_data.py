"""A team whose comments name each other and carry contact details, for the content tests."""

from sqlalchemy.orm import Session

from teameval.models import School
from tests.factories.feedback import TeamFeedback, make_team_feedback

NAMES = ["Sanne Bakker", "Jan de Vries", "Émile Jansen", "Fatima el Amrani"]
CRITERIA = ["Samenwerking", "Planning"]
# Everything that must never reach an LLM or a quote.
SECRETS = [
    "Sanne",
    "Bakker",
    "Jan",
    "Vries",
    "Émile",
    "Emile",
    "Jansen",
    "Fatima",
    "Amrani",
    "sanne.bakker@school.nl",
    "06-12345678",
    "https://drive.example.org/map",
    "Docent Pieters",
]
REVIEWS = {
    (1, 0): {
        "Samenwerking": (5, "Sanne helpt iedereen en denkt altijd mee. Fijn om mee te werken."),
        "Planning": (
            2,
            "Levert haar deel vaak te laat in, mail sanne.bakker@school.nl werkt niet.",
        ),
    },
    (2, 0): {
        "Samenwerking": (4, "Werkt goed samen met Jan de Vries en emile."),
        "Planning": (3, "Kan beter plannen, zie https://drive.example.org/map of bel 06-12345678."),
    },
    (0, 0): {"Samenwerking": (5, "Ik deed veel."), "Planning": (5, "Altijd op tijd.")},
}
DRAFTS = {(3, 0): {"Samenwerking": (1, "CONCEPT: nooit meegeteld"), "Planning": (1, "")}}


def make_named_team(session: Session, school: School, **overrides: object) -> TeamFeedback:
    """Sanne (student 0) reviewed by Jan and Émile (submitted), herself, and Fatima (draft)."""
    return make_team_feedback(
        session,
        school,
        NAMES,
        CRITERIA,
        REVIEWS,
        drafts=DRAFTS,
        teacher_name="Docent Pieters",
        **overrides,  # type: ignore[arg-type]
    )
