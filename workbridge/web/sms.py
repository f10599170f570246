"""Text messages through a pluggable backend, the way Django sends e-mail through its mailers.

`SMS_BACKEND` names the backend class by dotted path. The default, `LogBackend`, sends
nothing: it writes each message to the `workbridge.sms` log and keeps it in `outbox`, so
a program can try reminders before it signs up with a carrier. A real backend subclasses
`BaseBackend` and implements `send_messages`, returning how many messages went out.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("workbridge.sms")

# Messages the log backend has "sent" since the process started (read by tests and the demo).
outbox: list["TextMessage"] = []


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


class BaseBackend:
    """What every text-message backend offers."""

    def send_messages(self, messages: Sequence[TextMessage]) -> int:
        raise NotImplementedError


class LogBackend(BaseBackend):
    """Sends nothing: logs each message locally and keeps it in `outbox`."""

    def send_messages(self, messages: Sequence[TextMessage]) -> int:
        for message in messages:
            logger.info("text message to %s: %s", message.to, message.body)
            outbox.append(message)
        return len(messages)


def get_backend() -> BaseBackend:
    """An instance of the backend `SMS_BACKEND` names."""
    backend_class = import_string(settings.SMS_BACKEND)
    backend = backend_class()
    if not isinstance(backend, BaseBackend):
        raise TypeError(f"{settings.SMS_BACKEND} is not a text-message backend.")
    return backend


def send_text(to: str, body: str) -> bool:
    """Send one text message; True when the backend took it."""
    return get_backend().send_messages([TextMessage(to=to, body=body)]) == 1
