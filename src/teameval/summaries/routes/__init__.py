"""`/api/v1/feedback-summaries` (and `/api/v1/queue/stats`), one module per use case.

- jobs.py: queue and follow jobs (the asynchronous pipeline);
- review.py: the teacher's control of summaries (review, edit, hold back; both modes);
- content.py: summaries read or made synchronously, and quotes;
- stats.py: the queue statistics;
- live.py: one student's summary state, live (server-sent events) and as JSON.
"""

from fastapi import APIRouter

from teameval.summaries.routes import content, jobs, live, review, stats

router = APIRouter()
for _part in (jobs, review, content, stats, live):
    router.include_router(_part.router)
