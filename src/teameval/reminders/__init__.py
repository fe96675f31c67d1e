"""Reminder e-mails to students who have not submitted their reviews."""
