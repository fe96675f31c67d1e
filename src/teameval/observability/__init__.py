"""Operations: structured logs, metrics, request ids and security headers."""
