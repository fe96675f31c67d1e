"""Feedback-summary requests and answers (jobs, summaries, quotes)."""
