"""The server-rendered web pages: sign-in, student, teacher and admin pages, and their assets."""
