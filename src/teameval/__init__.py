"""teameval: team peer evaluation with asynchronous AI-written feedback summaries."""

__version__ = "0.1.0"
