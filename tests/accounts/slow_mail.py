"""A mail backend as slow as a real SMTP server (a third of a second a
message), so a request that sends mail itself takes measurably longer."""

import time

from django.core.mail.backends.locmem import EmailBackend

DELAY = 0.3


class SlowEmailBackend(EmailBackend):
    def send_messages(self, messages):
        time.sleep(DELAY)
        return super().send_messages(messages)
