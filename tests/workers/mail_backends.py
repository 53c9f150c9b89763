"""Mail backends for tests: one that fails a set number of times first, like a mail server that is down."""

from __future__ import annotations

import smtplib
import threading

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Raises SMTPServerDisconnected for the first ``failures`` sends, then delivers to ``mail.outbox``."""

    failures = 0
    attempts = 0
    _lock = threading.Lock()

    @classmethod
    def reset(cls, failures: int) -> None:
        with cls._lock:
            cls.failures = failures
            cls.attempts = 0

    def send_messages(self, messages):
        with self._lock:
            type(self).attempts += 1
            if type(self).failures > 0:
                type(self).failures -= 1
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
