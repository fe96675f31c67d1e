"""Tests of the LLM providers, prompts, validation and the extractive summariser."""
