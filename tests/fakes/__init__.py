"""Stand-ins for services outside teameval (only the LLM server may be faked)."""
