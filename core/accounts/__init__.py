"""Accounts: password reset, login throttling, the second factor, sessions.

Each rule has one owner here: ``policy`` says who must use a second factor
and how long a session lasts, ``throttle`` tells django-axes whose attempts
to count, ``middleware`` enforces both on every request, ``views`` are the
set-up and verify pages, ``tasks`` sends the password-reset mail.
"""
