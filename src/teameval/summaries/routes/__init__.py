"""`/api/v1/feedback-summaries` (and `/api/v1/queue/stats`), one module per use case.

- jobs.py: queue and follow jobs (the asynchronous pipeline);
- review.py: the teacher's control of summaries (review, edit, hold back; both modes);
- content.py: summaries read or made synchronously, and quotes;
- stats.py: the queue statistics.
"""

from fastapi import APIRouter

from teameval.summaries.routes import content, jobs, review, stats

router = APIRouter()
for _part in (jobs, review, content, stats):
    router.include_router(_part.router)
