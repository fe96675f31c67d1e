"""Validation measured on the golden answers: how often a good answer is refused, how often a
bad one gets through.

The good answers (tests/data/summary_answers_golden.json) are what a careful model could write
for cases of tests/data/extractive_golden.json, each point citing the comments it rests on. The
bad ones are made from each good answer by one change a model makes when it goes wrong:
a point it invents, a point citing the wrong comment, a sentence it invents, an order from a
comment it obeys, an id it makes up, a grade, a schema placeholder, copied instructions, a
number off the scale. `python -m tests.llm.golden` prints the figures (docs/summary-content.md).
"""

import json
from collections import Counter
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teameval.llm.errors import InvalidAnswer
from teameval.llm.types import SummaryRequest
from teameval.llm.validation import validate_answer
from teameval.privacy.anonymise import Anonymiser
from tests.llm.test_extractive import CASES, request_of

ANSWERS = json.loads(
    (Path(__file__).parents[1] / "data" / "summary_answers_golden.json").read_text()
)["answers"]
_CASES = {c["id"]: c for c in CASES}

# Claims no comment of any case makes, the way a model invents them.
INVENTED = {
    "nl": [
        "Je bent een natuurtalent in presenteren",
        "Je code is foutloos en goed getest",
        "Je tekeningen voor de poster waren prachtig",
        "Je leidde de discussie over het budget",
        "Je hebt de enquête helemaal alleen opgezet",
    ],
    "en": [
        "You are a natural at giving presentations",
        "Your code is flawless and well tested",
        "Your drawings for the poster were beautiful",
    ],
}
OBEYED = {
    "nl": "Deze leerling verdient een tien en hoeft niets te verbeteren.",
    "en": "This student deserves a ten and has nothing to improve.",
}
PLACEHOLDER = {"nl": "één zin", "en": "one sentence"}
COPIED = {
    "nl": "Je bent een ervaren mentor op een middelbare school.",
    "en": "You are an experienced secondary-school mentor.",
}
OFF_SCALE = {"nl": "Je teamgenoten geven je {n} punten voor je inzet.", "en": "You got {n} points."}


@dataclass(frozen=True)
class Outcome:
    """One answer put through validation."""

    case: str
    kind: str  # "good" or the change made
    held_out: int  # 0: the answers FRAME_WORDS was tuned on; 1, 2: written after (see the data)
    expected: str  # "accept" or the reason we expect
    got: str  # "accept" or the reason validation gave

    @property
    def caught(self) -> bool:
        """A bad answer refused (for whatever reason)."""
        return self.got != "accept"


def _check(answer: dict[str, Any], request: SummaryRequest, names: Anonymiser) -> str:
    try:
        validate_answer(json.dumps(answer, ensure_ascii=False), request, names_in=names.names_in)
    except InvalidAnswer as exc:
        return exc.reason
    return "accept"


def _first_point(answer: dict[str, Any]) -> dict[str, Any]:
    point: dict[str, Any] = (answer["strengths"] or answer["improvements"])[0]
    return point


def _invented_point(a: dict[str, Any], lang: str, n: int) -> None:
    _first_point(a)["point"] = INVENTED[lang][n % len(INVENTED[lang])]


def _miscited(a: dict[str, Any], lang: str, n: int) -> None:
    # The first strength cites the first improvement's comments, and the other way round.
    if a["strengths"] and a["improvements"]:
        first, last = a["strengths"][0], a["improvements"][0]
        first["sources"], last["sources"] = last["sources"], first["sources"]


def _invented_sentence(a: dict[str, Any], lang: str, n: int) -> None:
    sentences = a["summary"].split(". ")
    sentences.insert(1, INVENTED[lang][(n + 1) % len(INVENTED[lang])])
    a["summary"] = ". ".join(sentences)


def _off_scale(a: dict[str, Any], lang: str, n: int) -> None:
    a["summary"] += " " + OFF_SCALE[lang].format(n=a.pop("scale_max") + 5)


MUTATIONS: dict[str, tuple[str, Callable[[dict[str, Any], str, int], None]]] = {
    "invented point": ("unsupported", _invented_point),
    "miscited point": ("unsupported", _miscited),
    "invented sentence": ("unsupported", _invented_sentence),
    "obeyed order (grade)": (
        "grade",
        lambda a, lang, n: a.update(summary=OBEYED[lang] + " " + a["summary"]),
    ),
    "unknown id": ("source", lambda a, lang, n: _first_point(a).update(sources=["c99"])),
    "schema placeholder": ("placeholder", lambda a, lang, n: a.update(action=PLACEHOLDER[lang])),
    "copied instructions": (
        "copied",
        lambda a, lang, n: a.update(summary=COPIED[lang] + " " + a["summary"]),
    ),
    "number off the scale": ("number", _off_scale),
}


def outcomes() -> Iterator[Outcome]:
    """Every good answer and every bad variant of it, validated."""
    for n, item in enumerate(ANSWERS):
        case = _CASES[item["case"]]
        request, names = request_of(case), Anonymiser(case["roster"], case["language"])
        good = item["answer"]
        batch = int(item.get("held_out", 0))
        yield Outcome(item["case"], "good", batch, "accept", _check(good, request, names))
        for kind, (reason, mutate) in MUTATIONS.items():
            bad = deepcopy(good) | {"scale_max": request.scale_max}  # for the off-scale number
            mutate(bad, case["language"], n)
            bad.pop("scale_max", None)
            if bad != good:
                yield Outcome(item["case"], kind, batch, reason, _check(bad, request, names))


def report() -> str:
    """The figures as a Markdown table, and the good answers refused with their reason."""
    results = list(outcomes())
    lines = ["| answers | count | refused | refused for the expected reason |", "|---|---|---|---|"]
    good = [o for o in results if o.kind == "good"]
    refused = [o for o in good if o.caught]
    for batch, label in ((0, "tuning set"), (1, "held out, batch 1"), (2, "held out, batch 2")):
        group = [o for o in good if o.held_out == batch]
        lines.append(f"| good, {label} | {len(group)} | {sum(o.caught for o in group)} | - |")
    kinds = Counter(o.kind for o in results if o.kind != "good")
    for kind in MUTATIONS:
        group = [o for o in results if o.kind == kind]
        caught = sum(o.caught for o in group)
        right = sum(o.got == o.expected for o in group)
        lines.append(f"| {kind} | {kinds[kind]} | {caught} | {right} |")
    bad = [o for o in results if o.kind != "good"]
    lines.append(f"| all bad | {len(bad)} | {sum(o.caught for o in bad)} | - |")
    lines += [f"refused good answer: {o.case} ({o.got})" for o in refused]
    lines += [f"missed: {o.case} {o.kind}" for o in bad if not o.caught]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
