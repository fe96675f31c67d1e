"""Sign-in: password hashing, tokens and sessions, and the principal every request acts as."""
