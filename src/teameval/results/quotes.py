"""The anonymous comments ("quotes") a student received, for their own results page.

The anonymisation is the summaries' own (`privacy/anonymise.py`), with the same roster (the
whole course), so a quote never names someone a summary would not.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from teameval.privacy.anonymise import Anonymiser
from teameval.results.schemas import Quote
from teameval.reviews.repository import ScoreRow


def stable_shuffle_key(text: str) -> str:
    """A sort key that hides who wrote what: not the reviewers' order, but stable per text."""
    return hashlib.sha256(text.encode()).hexdigest()


def anonymous_quotes(
    rows: Sequence[ScoreRow],
    self_allocations: Iterable[int],
    criteria: Mapping[int, str],
    roster: Iterable[str],
    language: str,
) -> list[Quote]:
    """The peer comments in `rows`, anonymised, by criterion in rubric order (`criteria`'s)."""
    anonymiser = Anonymiser(list(roster), language)
    own = set(self_allocations)
    position = {cid: i for i, cid in enumerate(criteria)}
    quotes = []
    for row in rows:
        if row.allocation_id in own or not row.comment.strip():
            continue
        text = anonymiser.comment(row.comment)
        if text is None:  # nothing but a name or an address: nothing to show
            continue
        name = criteria.get(row.criterion_id, "")
        quotes.append(Quote(text=text, criterion_id=row.criterion_id, criterion_name=name))
    quotes.sort(key=lambda q: (position.get(q.criterion_id, 0), stable_shuffle_key(q.text)))
    return quotes
