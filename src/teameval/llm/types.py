"""What a summariser gets (anonymised feedback) and gives back (the answer and its cost)."""

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class CriterionFeedback:
    """One rubric criterion: the peers' average score, the student's own, and the comments."""

    name: str
    peer_average: float | None
    own_score: int | None
    comments: tuple[str, ...] = ()
    # Comments left out of the prompt because they spoke to the model (llm/injection.py): the
    # offline summary must not claim there were none.
    withheld: int = 0


@dataclass(frozen=True)
class Source:
    """One comment as the prompt shows it: the id a model cites it by, its criterion, its text."""

    id: str
    criterion: str
    text: str


@dataclass(frozen=True)
class SummaryRequest:
    """Anonymised feedback one student received: exactly what a prompt is built from."""

    language: str
    scale_min: int
    scale_max: int
    review_count: int
    criteria: tuple[CriterionFeedback, ...]

    def to_payload(self) -> dict[str, Any]:
        """A JSON-ready form (the prompt's data block and the snapshot's payload)."""
        return {
            "language": self.language,
            "scale": {"min": self.scale_min, "max": self.scale_max},
            "reviews": self.review_count,
            "criteria": [
                {
                    "criterion": c.name,
                    "peer_average": c.peer_average,
                    "own_score": c.own_score,
                    "comments": list(c.comments),
                    "withheld": c.withheld,
                }
                for c in self.criteria
            ],
        }

    def sources(self) -> dict[str, Source]:
        """The comments by the ids the prompt gives them ("c1", "c2", ... in rubric order).

        Ids are positions in this request, never database ids: they say nothing about who wrote
        what, and the same request always numbers its comments the same way.
        """
        found: dict[str, Source] = {}
        for criterion in self.criteria:
            for text in criterion.comments:
                key = f"c{len(found) + 1}"
                found[key] = Source(key, criterion.name, text)
        return found

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> "SummaryRequest":
        """The inverse of `to_payload`."""
        return cls(
            language=str(payload["language"]),
            scale_min=int(payload["scale"]["min"]),
            scale_max=int(payload["scale"]["max"]),
            review_count=int(payload["reviews"]),
            criteria=tuple(
                CriterionFeedback(
                    name=str(c["criterion"]),
                    peer_average=c["peer_average"],
                    own_score=c["own_score"],
                    comments=tuple(c["comments"]),
                    withheld=int(c.get("withheld", 0)),
                )
                for c in payload["criteria"]
            ),
        )


@dataclass(frozen=True)
class Completion:
    """One answer of a summariser: the raw content (JSON text) and what it cost."""

    content: str
    provider: str
    model: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    duration_ms: int | None = None


class Summarizer(Protocol):
    """A provider: turns anonymised feedback into a JSON answer `{summary, strengths[], ...}`."""

    provider: str
    model: str

    def complete(
        self,
        request: SummaryRequest,
        *,
        retry_reason: str | None = None,
        timeout_s: float | None = None,
    ) -> Completion:
        """One answer; `retry_reason` asks for a stricter prompt; `timeout_s` caps the wait.

        Raises TransientLLMError or PermanentLLMError when no answer came.
        """
        ...
