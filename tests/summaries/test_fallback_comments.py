"""Issue 15 through the real seam (database, fake LLM server): a class whose surnames are
everyday words, comments that name people, handles and links of any ending. The prompt keeps
the everyday words and loses the names; the offline summary uses the comments and never says
there were none."""

from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.llm.validation import structured_texts
from teameval.models import School
from teameval.privacy.anonymise import Anonymiser, contains_contact, contains_token
from teameval.summaries.generation import collect_feedback, generate_summary
from tests.factories.feedback import make_team_feedback
from tests.fakes.llm_server import FakeLLMServer

NAMES = ["Anouk Hendriks", "Bram van der Meer", "Mila Laat", "Daan de Boer"]
REVIEWS = {
    (1, 0): {
        "Inzet": (5, "Anouk doet meer dan zijn of haar deel, samen met Mila."),
        "Planning": (2, "Kwam vaak te laat bij overleg, zei Daan de Boer ook."),
    },
    (2, 0): {
        "Inzet": (4, "Met @mila_laat en BramvanderMeer een berg werk verzet."),
        "Planning": (3, "Zie evil.xyz/steal en discord.gg/abcd, dan snap je waarom Bram klaagt."),
    },
    (3, 0): {
        "Inzet": (5, "Anouk ging de boer op voor de enquête, echt top."),
        "Planning": (2, "Anouk was bij elk overleg van De Boer te laat."),
    },
}


def test_everyday_words_stay_names_go_and_the_fallback_uses_every_comment(
    session: Session, school: School, fake_llm_env: FakeLLMServer
) -> None:
    team = make_team_feedback(session, school, NAMES, ["Inzet", "Planning"], REVIEWS)
    snapshot = collect_feedback(
        session, get_settings(), school.id, team.evaluation.id, team.students[0].id
    )
    effort, planning = snapshot.request.criteria
    assert effort.comments == (
        "[naam] doet meer dan zijn of haar deel, samen met [naam].",
        "Met [naam] en [naam] een berg werk verzet.",
        "[naam] ging de boer op voor de enquête, echt top.",
    )
    assert planning.comments == (
        "Kwam vaak te laat bij overleg, zei [naam] ook.",
        "Zie [link] en [link], dan snap je waarom [naam] klaagt.",
        "[naam] was bij elk overleg van [naam] te laat.",
    )

    fake_llm_env.configure(mode="error_500")
    generated = generate_summary(snapshot, get_settings(), allow_fallback=True)
    assert generated.generation_method == "fallback"
    text = generated.summary_text
    assert "geen toelichting" not in text and "alleen op de cijfers" not in text
    assert "“" in text  # a comment is quoted, as neutral words where it named someone
    structured = generated.structured or {}
    everything = " ".join(structured_texts(structured, sources=False))
    assert Anonymiser(NAMES).names_in(everything) == []
    assert not contains_contact(everything) and not contains_token(everything)
