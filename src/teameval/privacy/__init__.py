"""Privacy of free text: roster names and contact details replaced by neutral tokens.

A low-level package: it knows no school, table or LLM, only text and the names it is given,
so the LLM layer, the summaries and the results pages all use the same anonymiser.
"""
