"""Texts of the summary's points and their sources, in Dutch and English (merged into
PAGE_MESSAGES)."""

SUMMARY_PAGE_MESSAGES: dict[str, dict[str, str]] = {
    "page_summary_strengths": {"nl": "Wat goed gaat", "en": "What goes well"},
    "page_summary_improvements": {"nl": "Wat beter kan", "en": "What could be better"},
    "page_summary_based_on": {"nl": "waarop gebaseerd", "en": "based on"},
    "page_summary_sources_help": {
        "nl": "De opmerkingen van je teamgenoten waarop dit punt rust, zonder namen.",
        "en": "The comments of your teammates this point rests on, without names.",
    },
    "page_summary_withheld_heading": {
        "nl": "Opmerkingen gericht aan de AI",
        "en": "Comments addressed to the AI",
    },
    "page_summary_withheld_help": {
        "nl": "Deze opmerkingen bevatten een opdracht of een cijfer voor het taalmodel. Die zinnen "
        "zijn niet aan het model doorgegeven; de leerling ziet de opmerking wel.",
        "en": "These comments hold an order or a grade for the language model. Those sentences "
        "were not passed to the model; the student does see the comment.",
    },
    "page_summary_withheld_flag": {"nl": "Gericht aan de AI", "en": "Addressed to the AI"},
}
