"""The summaries' progress as the teacher reads it: one set of texts for the page and its poll.

The numbers and the rules are `summaries/progress.py`; this only words them, in the teacher's
language, so the first render and every later poll (`static/js/progress.js`) say the same.
"""

import math
from typing import Any

from teameval.i18n import translate
from teameval.i18n.formats import format_number
from teameval.summaries.progress import Estimate, SummaryProgress


def progress_view(progress: SummaryProgress, lang: str) -> dict[str, Any]:
    """The progress bar's data and its sentences (the JSON the page polls)."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    retries = [
        {
            "student_id": r.student_id,
            "text": t(
                "page_progress_retry_running" if r.running else "page_progress_retry_waiting",
                name=r.student_name,
                attempt=r.attempt,
                max=r.max_attempts,
            ),
            "reason": t(r.reason) if r.reason else "",
        }
        for r in progress.retries
    ]
    return {
        "total": progress.total,
        "done": progress.done,
        "percent": progress.percent,
        "active": progress.active,
        "counts": progress.counts,
        "label": t(
            "page_progress_label",
            done=progress.done,
            total=progress.total,
            percent=progress.percent,
        ),
        "retrying": progress.retrying,
        "retrying_text": t("page_progress_retrying", count=progress.retrying)
        if progress.retrying
        else "",
        "retries": retries,
        "estimate": _estimate_text(progress.estimate, lang) if progress.active else "",
    }


def _estimate_text(estimate: Estimate | None, lang: str) -> str:
    """ "Nog ongeveer 3 minuten. 12 samenvattingen van andere evaluaties gaan voor. Tempo nu:
    ongeveer 4 per minuut." (or that the estimate follows once a rate was observed)."""
    if estimate is None:
        return ""
    parts: list[str] = []
    if estimate.seconds is None:
        parts.append(translate("page_progress_estimate_unknown", lang))
    elif estimate.seconds < 60:
        parts.append(translate("page_progress_estimate_soon", lang))
    else:
        minutes = math.ceil(estimate.seconds / 60)
        parts.append(translate("page_progress_estimate_minutes", lang, count=minutes))
    if estimate.ahead:
        parts.append(translate("page_progress_ahead", lang, count=estimate.ahead))
    if estimate.rate_per_min is not None:
        rate = format_number(estimate.rate_per_min, lang, 1)
        parts.append(translate("page_progress_rate", lang, rate=rate))
    return " ".join(parts)
