"""The sentences of the extractive summary, in Dutch and English.

Written to be true whatever the numbers: "highest" and "lowest" are relative, a low score that
is still high on the scale is called so, and nothing claims more than the scores and quotes
show. Quotes are set in typographic quotation marks, which both languages use.
"""

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "overview": (
            "Je kreeg feedback van {n} teamgenoten; gemiddeld gaven ze je een {avg} "
            "op een schaal van {low} tot {high}."
        ),
        "overview_one": (
            "Je kreeg feedback van één teamgenoot, die je gemiddeld een {avg} gaf "
            "op een schaal van {low} tot {high}."
        ),
        "overview_no_scores": "Je kreeg schriftelijke feedback van {n} teamgenoten.",
        "overview_no_scores_one": "Je kreeg schriftelijke feedback van één teamgenoot.",
        "strongest": "Het hoogst scoor je op {criterion} (gemiddeld {avg}).",
        "equal": "Op alle criteria scoor je ongeveer even hoog (gemiddeld {avg}).",
        "single": "Op {criterion} scoor je gemiddeld een {avg}.",
        "praise_quote": "Een teamgenoot schrijft: “{quote}”.",
        "weakest": (
            "Het laagst scoor je op {criterion} (gemiddeld {avg}), dus daar ligt de meeste "
            "ruimte om te groeien."
        ),
        "weakest_high": (
            "Het laagst, maar nog steeds ruim voldoende, scoor je op {criterion} (gemiddeld {avg})."
        ),
        "remark_quote": "Daarover merkt een teamgenoot op: “{quote}”.",
        "remark_quote_named": "Over {criterion} merkt een teamgenoot op: “{quote}”.",
        "remark_single": "Als aandachtspunt noemt een teamgenoot: “{quote}”.",
        "self_higher": (
            "Op {criterion} geef je jezelf een hogere score ({own}) dan je teamgenoten doen "
            "({avg}); het loont om te vragen waar dat verschil vandaan komt."
        ),
        "self_lower": (
            "Op {criterion} ben je strenger voor jezelf ({own}) dan je teamgenoten ({avg}), "
            "dus daar mag je best wat meer vertrouwen hebben."
        ),
        "self_close": (
            "Je eigen beoordeling ligt dicht bij die van je teamgenoten, dus je hebt een "
            "realistisch beeld van je inbreng."
        ),
        "no_comments": (
            "Je teamgenoten schreven geen toelichting bij hun scores, dus dit beeld is alleen "
            "op de cijfers gebaseerd."
        ),
        "comments_elsewhere": (
            "Alle opmerkingen die je teamgenoten bij hun scores schreven, lees je zelf bij je "
            "resultaten."
        ),
        "action": (
            "Kies voor de komende weken één concreet punt bij {criterion} om aan te werken, en "
            "vraag je teamgenoten na een tijdje of ze verschil merken."
        ),
        "action_general": (
            "Kies voor de komende weken één concreet punt uit deze feedback om aan te werken, en "
            "vraag je teamgenoten na een tijdje of ze verschil merken."
        ),
    },
    "en": {
        "overview": (
            "You received feedback from {n} teammates, who gave you an average of {avg} "
            "on a scale of {low} to {high}."
        ),
        "overview_one": (
            "You received feedback from one teammate, who gave you an average of {avg} "
            "on a scale of {low} to {high}."
        ),
        "overview_no_scores": "You received written feedback from {n} teammates.",
        "overview_no_scores_one": "You received written feedback from one teammate.",
        "strongest": "You score highest on {criterion} (average {avg}).",
        "equal": "You score about the same on every criterion (average {avg}).",
        "single": "On {criterion} you score an average of {avg}.",
        "praise_quote": "One teammate writes: “{quote}”.",
        "weakest": (
            "You score lowest on {criterion} (average {avg}), so that is where there is most "
            "room to grow."
        ),
        "weakest_high": (
            "Your lowest score, though still a good one, is on {criterion} (average {avg})."
        ),
        "remark_quote": "One teammate remarks on this: “{quote}”.",
        "remark_quote_named": "On {criterion}, one teammate remarks: “{quote}”.",
        "remark_single": "As a point to work on, a teammate mentions: “{quote}”.",
        "self_higher": (
            "On {criterion} you rate yourself higher ({own}) than your teammates do ({avg}); "
            "it is worth asking them where that difference comes from."
        ),
        "self_lower": (
            "On {criterion} you are stricter with yourself ({own}) than your teammates are "
            "({avg}), so you can be more confident there."
        ),
        "self_close": (
            "Your own rating is close to your teammates', so you have a realistic picture of "
            "your contribution."
        ),
        "no_comments": (
            "Your teammates did not add comments to their scores, so this picture is based on "
            "the numbers alone."
        ),
        "comments_elsewhere": (
            "You can read every comment your teammates wrote with their scores in your results."
        ),
        "action": (
            "For the coming weeks, pick one concrete point on {criterion} to work on, and ask "
            "your teammates after a while whether they notice a difference."
        ),
        "action_general": (
            "For the coming weeks, pick one concrete point from this feedback to work on, and "
            "ask your teammates after a while whether they notice a difference."
        ),
    },
}


def number(value: float | None, language: str) -> str:
    """A score with one decimal, with a decimal comma in Dutch ('3,8')."""
    if value is None:
        return "?"
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nl" else text
