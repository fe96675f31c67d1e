"""Access without handed-out passwords: sign-in codes, invitation e-mails, choosing a password."""
