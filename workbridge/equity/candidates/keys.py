"""The person key: a keyed hash (HMAC-SHA-256) of a candidate's id in the tracking system.

The same person applying to several requisitions keeps one id there; its keyed hash links
their exam attempts without storing the id or the name. The key is
``WORKBRIDGE_CANDIDATE_KEY`` (or one derived from SECRET_KEY); without it the hash cannot
be recomputed from a guessed id. Changing the key breaks the link to earlier attempts.
"""

import hashlib
import hmac

from django.conf import settings


def candidate_secret() -> bytes:
    """The key of the person hashes."""
    secret = getattr(settings, "WORKBRIDGE_CANDIDATE_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(b"workbridge.equity.candidate\x00" + secret.encode()).digest()


def person_key(person_id: str, *, secret: bytes | None = None) -> str:
    """The hex keyed hash of an id, ignoring case and spaces at either end; "" for no id."""
    text = person_id.strip().casefold()
    if not text:
        return ""
    return hmac.new(secret or candidate_secret(), text.encode(), hashlib.sha256).hexdigest()
