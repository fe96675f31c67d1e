"""The seam between the pipeline and the summary content.

The pipeline (queue, workers, job endpoints) and the synchronous endpoints call only these
functions; behind them:
- `collect_feedback`: only *submitted* reviews; per criterion the peers' average against the
  student's own score, and the peers' comments, anonymised (privacy/anonymise.py) before they
  are put anywhere. The hash covers exactly what goes into the prompt (the rendered messages)
  plus PROMPT_VERSION, the provider and the model, so a change in any of them makes the stored
  summary stale.
- `generate_summary`: the configured provider, the answer validated (llm/validation.py), one
  retry with a stricter prompt, then either an error the pipeline retries on or, with
  `allow_fallback`, the extractive summary. Whatever comes out is checked once more for roster
  names and links; a summary that still holds one is replaced by the extractive summary, and
  that one by a summary without quotes if even it does.
"""

import contextlib
import hashlib
import json
import logging
import time

from sqlalchemy.orm import Session

from teameval.config import Settings
from teameval.courses.repository import CourseRepository
from teameval.errors import NotFound
from teameval.evaluations.repository import CriterionRepository, EvaluationRepository
from teameval.i18n.languages import DEFAULT_LANGUAGE, supported
from teameval.llm.breaker import BreakerSettings, CircuitBreaker, Decision
from teameval.llm.errors import (
    InvalidAnswer,
    LLMConfigError,
    LLMTimeout,
    PermanentLLMError,
    TransientLLMError,
)
from teameval.llm.extractive import EXTRACTIVE_MODEL, summarise
from teameval.llm.factory import get_summarizer
from teameval.llm.injection import split_instructions
from teameval.llm.prompts import PROMPT_VERSION, build_messages
from teameval.llm.types import Completion, CriterionFeedback, Summarizer, SummaryRequest
from teameval.llm.validation import structured_texts, validate_answer
from teameval.observability.metrics import record_fallback, record_llm_call
from teameval.privacy.anonymise import Anonymiser, contains_contact
from teameval.queue.connection import get_redis
from teameval.reviews.repository import ScoreRepository, ScoreRow
from teameval.summaries.enums import GenerationMethod
from teameval.summaries.snapshot import FeedbackInput, FeedbackSnapshot, GeneratedSummary
from teameval.users.repository import UserRepository

__all__ = [
    "FeedbackSnapshot",
    "GeneratedSummary",
    "GenerationMethod",
    "PermanentLLMError",
    "TransientLLMError",
    "collect_feedback",
    "fallback_summary",
    "generate_summary",
]

log = logging.getLogger("teameval.summaries.generation")
_EMPTY = {
    "nl": "Je hebt nog geen feedback van je teamgenoten ontvangen.",
    "en": "You have not received feedback from your teammates yet.",
}


def feedback_hash(request: SummaryRequest, provider: str, model: str) -> str:
    """The hash of what the prompt holds, the prompt version, the provider and the model."""
    material = {
        "prompt_version": PROMPT_VERSION,
        "provider": provider,
        "model": model,
        "messages": build_messages(request),
    }
    text = json.dumps(material, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def criteria_feedback(
    criteria: list[tuple[int, str]], rows: list[ScoreRow], anonymiser: Anonymiser
) -> tuple[CriterionFeedback, ...]:
    """Per criterion (id, name): the peers' average, the student's own score and the peers'
    anonymised comments without sentences aimed at the model (those left empty dropped)."""
    peers = [r for r in rows if not r.is_self]
    own = {r.criterion_id: r.score for r in rows if r.is_self}
    result = []
    for criterion_id, name in criteria:
        scores = [r.score for r in peers if r.criterion_id == criterion_id and r.score is not None]
        comments, withheld = [], 0
        for row in peers:
            comment = anonymiser.comment(row.comment) if row.criterion_id == criterion_id else None
            if comment:
                # Sentences that speak to the model are data we do not pass on (llm/injection.py).
                comment, flagged = split_instructions(comment)
                withheld += flagged
                if comment.strip():
                    comments.append(comment)  # emptied comments are dropped
        result.append(
            CriterionFeedback(
                name=anonymiser.text(name),
                peer_average=round(sum(scores) / len(scores), 2) if scores else None,
                own_score=own.get(criterion_id),
                comments=tuple(comments),
                withheld=withheld,
            )
        )
    return tuple(result)


def collect_feedback(
    session: Session, settings: Settings, school_id: int, evaluation_id: int, student_id: int
) -> FeedbackSnapshot:
    """The submitted peer feedback `student_id` received in `evaluation_id`, with its hash."""
    evaluation = EvaluationRepository(session, school_id).get(evaluation_id)
    if evaluation is None:
        raise NotFound()
    return snapshot_of(
        FeedbackInput(
            school_id=school_id,
            evaluation_id=evaluation_id,
            student_id=student_id,
            scale_min=evaluation.scale_min,
            scale_max=evaluation.scale_max,
            language=UserRepository(session, school_id).language_of(student_id),
            roster=tuple(
                CourseRepository(session, school_id).roster_names(
                    evaluation.course_id, also=[student_id], frozen=evaluation.roster_names
                )
            ),
            rows=ScoreRepository(session, school_id).submitted(evaluation_id, student_id),
            criteria=[
                (c.id, c.name)
                for c in CriterionRepository(session, school_id).of_evaluation(evaluation_id)
            ],
        ),
        settings,
    )


def snapshot_of(given: FeedbackInput, settings: Settings) -> FeedbackSnapshot:
    """The anonymised feedback and its hash, from what was read (no database access)."""
    language = given.language or settings.default_language
    language = supported(language) or DEFAULT_LANGUAGE
    anonymiser = Anonymiser(given.roster, language)
    rows = given.rows
    review_count = len({r.allocation_id for r in rows if not r.is_self})
    request = SummaryRequest(
        language=language,
        scale_min=given.scale_min,
        scale_max=given.scale_max,
        review_count=review_count,
        criteria=criteria_feedback(given.criteria, rows, anonymiser),
    )
    summarizer = get_summarizer(settings)
    return FeedbackSnapshot(
        school_id=given.school_id,
        evaluation_id=given.evaluation_id,
        student_id=given.student_id,
        language=language,
        feedback_count=review_count,
        feedback_hash=feedback_hash(request, summarizer.provider, summarizer.model),
        payload={
            "request": request.to_payload(),
            "prompt_version": PROMPT_VERSION,
            "provider": summarizer.provider,
            "model": summarizer.model,
        },
        roster=given.roster,
    )


def _leaks(generated: GeneratedSummary, anonymiser: Anonymiser) -> bool:
    """Does any text of the summary still name someone on the roster or hold a link?"""
    texts = [generated.summary_text, *structured_texts(generated.structured)]
    return any(anonymiser.names_in(str(t)) or contains_contact(str(t)) for t in texts)


def _extractive(
    request: SummaryRequest, anonymiser: Anonymiser, *, retry_later: bool = False
) -> GeneratedSummary:
    """The extractive summary of `request`; without quotes if a quote would leak.

    `retry_later`: made because the LLM was unavailable, so stored as stale (see snapshot.py).
    """
    started = time.monotonic()
    for quotes in (True, False):
        structured = summarise(request, quotes=quotes)
        generated = GeneratedSummary(
            summary_text=structured["summary"],
            generation_method=GenerationMethod.FALLBACK,
            structured=structured,
            provider="extractive",
            model=EXTRACTIVE_MODEL,
            prompt_tokens=0,
            completion_tokens=0,
            duration_ms=round((time.monotonic() - started) * 1000),
            retry_later=retry_later,
        )
        if not _leaks(generated, anonymiser):
            return generated
        log.warning("the extractive summary quoted a roster name or link; dropping quotes")
    return generated  # scores only: nothing left that could leak


def fallback_summary(snapshot: FeedbackSnapshot) -> GeneratedSummary:
    """The summary made without any LLM, the one entry point for it: 'empty' without feedback,
    else the extractive summary (marked `fallback`), without quotes if a quote would leak."""
    if snapshot.feedback_count == 0:
        return _empty(snapshot.language)
    return _extractive(snapshot.request, Anonymiser(snapshot.roster, snapshot.language))


def _empty(language: str) -> GeneratedSummary:
    text = _EMPTY.get(language, _EMPTY["nl"])
    return GeneratedSummary(summary_text=text, generation_method=GenerationMethod.EMPTY)


def breaker_for(settings: Settings, summarizer: Summarizer) -> CircuitBreaker:
    """The shared circuit breaker of the configured LLM (llm/breaker.py)."""
    where = (getattr(summarizer, name, "") for name in ("url", "response_format"))
    fingerprint = " ".join((summarizer.provider, summarizer.model, *map(str, where)))
    return CircuitBreaker(
        get_redis(),
        fingerprint,
        BreakerSettings(
            failures=settings.llm_breaker_failures,
            cooldown_s=settings.llm_breaker_cooldown_s,
            config_cooldown_s=settings.llm_breaker_config_cooldown_s,
            probe_ttl_s=settings.job_timeout_s,
        ),
    )


def _call(
    summarizer: Summarizer,
    request: SummaryRequest,
    reason: str | None,
    timeout_s: float | None,
    breaker: CircuitBreaker,
) -> Completion:
    """One provider call, counted in the metrics and by the circuit breaker (validation
    failures are counted by the caller)."""
    started = time.monotonic()
    try:
        completion = summarizer.complete(request, retry_reason=reason, timeout_s=timeout_s)
    except (TransientLLMError, PermanentLLMError) as exc:
        breaker.failed(exc)
        if not isinstance(exc, InvalidAnswer):
            outcome = "timeout" if isinstance(exc, LLMTimeout) else "error"
            record_llm_call(summarizer.provider, outcome, time.monotonic() - started)
        raise
    breaker.succeeded()
    record_llm_call(
        summarizer.provider,
        "ok",
        time.monotonic() - started,
        completion.prompt_tokens,
        completion.completion_tokens,
    )
    return completion


def _from_llm(
    summarizer: Summarizer,
    request: SummaryRequest,
    anonymiser: Anonymiser,
    deadline: float | None,
    breaker: CircuitBreaker,
) -> GeneratedSummary:
    """Ask, validate, and once more with a stricter prompt; InvalidAnswer if both fail."""
    reason: str | None = None
    tokens = [0, 0]
    started = time.monotonic()
    failure: InvalidAnswer | None = None
    for _attempt in range(2):
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise LLMTimeout("the time budget ran out")
        call_started = time.monotonic()
        try:
            completion = _call(summarizer, request, reason, remaining, breaker)
            tokens[0] += completion.prompt_tokens or 0
            tokens[1] += completion.completion_tokens or 0
            answer = validate_answer(completion.content, request, names_in=anonymiser.names_in)
        except InvalidAnswer as exc:
            log.info("%s answer refused by validation: %s", summarizer.provider, exc.reason)
            record_llm_call(summarizer.provider, "invalid", time.monotonic() - call_started)
            reason, failure = exc.reason, exc
            continue
        return GeneratedSummary(
            summary_text=answer.summary,
            generation_method=GenerationMethod.AI,
            structured=answer.as_dict(),
            provider=completion.provider,
            model=completion.model,
            prompt_tokens=tokens[0],
            completion_tokens=tokens[1],
            duration_ms=round((time.monotonic() - started) * 1000),
        )
    assert failure is not None
    raise failure


def generate_summary(
    snapshot: FeedbackSnapshot,
    settings: Settings,
    *,
    allow_fallback: bool = True,
    budget_s: float | None = None,
    summarizer: Summarizer | None = None,
) -> GeneratedSummary:
    """Write the summary of `snapshot`.

    With `allow_fallback=False` an LLM failure raises TransientLLMError (timeouts, refused
    connections, 5xx, busy, unusable answers) or PermanentLLMError (model not found, bad
    request) so the pipeline can retry; with True the offline summary is returned instead.
    `budget_s` bounds the total wait for the LLM (the synchronous endpoints use it).
    """
    if snapshot.feedback_count == 0:
        return _empty(snapshot.language)
    request = snapshot.request
    anonymiser = Anonymiser(snapshot.roster, request.language)
    summarizer = summarizer or get_summarizer(settings)
    if summarizer.provider == "extractive":
        return _extractive(request, anonymiser)
    breaker = breaker_for(settings, summarizer)
    if breaker.decide() is Decision.SKIP:
        # The LLM failed for everyone just now: no call, the fallback at once, redone later.
        record_fallback("circuit_open")
        return _extractive(request, anonymiser, retry_later=True)
    deadline = None if budget_s is None else time.monotonic() + budget_s
    try:
        generated = _from_llm(summarizer, request, anonymiser, deadline, breaker)
    except LLMConfigError:
        # Reported once by the breaker; every job would fail alike, so no retry.
        record_fallback("config")
        return _extractive(request, anonymiser, retry_later=True)
    except (TransientLLMError, PermanentLLMError) as exc:
        # Two unusable answers (the second to the stricter prompt): a third call would most
        # likely be no better, so the fallback comes at once instead of a retry of the job.
        if not allow_fallback and not isinstance(exc, InvalidAnswer):
            raise
        log.warning("%s gave no usable summary (%s); using the fallback", summarizer.provider, exc)
        record_fallback("invalid_answer" if isinstance(exc, InvalidAnswer) else "unavailable")
        unavailable = not isinstance(exc, InvalidAnswer | PermanentLLMError)
        return _extractive(request, anonymiser, retry_later=unavailable)
    if _leaks(generated, anonymiser):  # validation should have caught it: belt and braces
        log.error("an LLM summary passed validation but names someone or links; replaced")
        record_fallback("leak")
        return _extractive(request, anonymiser)
    return generated


def warm_up(settings: Settings) -> None:
    """Make, check and validate one summary of made-up feedback, without any LLM.

    A worker calls this before it forks work-horses. The text tools compile patterns and import
    modules on first use (Python's `re` cache, a roster's name patterns, the extractive
    summariser's word lists); done here once, every horse inherits them instead of redoing that
    for its one job.
    """
    rows = [
        ScoreRow(criterion_id=1, allocation_id=1, is_self=False, score=4, comment=comment)
        for comment in (
            "Jan de Vries plant goed, bijv. de taken voor vrijdag. Mail: jan@example.org.",
            "Sanne's verslag was duidelijk en op tijd; zie www.example.org of bel 0612345678.",
        )
    ] + [ScoreRow(criterion_id=1, allocation_id=2, is_self=True, score=3, comment="")]
    snapshot = snapshot_of(
        FeedbackInput(
            school_id=0,
            evaluation_id=0,
            student_id=0,
            scale_min=1,
            scale_max=5,
            language="nl",
            roster=("Jan de Vries", "Sanne Bakker"),
            rows=rows,
            criteria=[(1, "Samenwerking")],
        ),
        settings,
    )
    summary = fallback_summary(snapshot)
    # The extractive summary need not pass an LLM answer's checks: running them is the point.
    with contextlib.suppress(InvalidAnswer):
        validate_answer(
            json.dumps(summary.structured),
            snapshot.request,
            names_in=Anonymiser(snapshot.roster, snapshot.language).names_in,
        )
