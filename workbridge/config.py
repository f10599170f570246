"""Typed readers for settings that come from the environment.

Each helper fails loudly (``ImproperlyConfigured``) on a value it cannot read,
so a typo in a deployment never silently falls back to a default.
A ``NAME_FILE`` variable, where supported, names a file holding the value
(Docker and systemd secrets).
"""

import json
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """The variable's text, or the default when unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    """A whole-number variable."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated variable."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_json_object(name: str, default: dict) -> dict:
    """A variable holding a JSON object (``{"key": "value"}``)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw!r}") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw!r}")
    return value


def env_secret(name: str, *, required: bool, local_file: Path | None = None) -> str:
    """A secret from NAME, or the file named by NAME_FILE.

    When neither is set and the secret is not required, one is generated once
    into ``local_file`` so that local sessions survive restarts; without a
    ``local_file`` an optional secret is empty.
    """
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both")
    if path:
        try:
            value = Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {exc}") from None
    if value:
        return value
    if required:
        raise ImproperlyConfigured(f"{name} must be set (or {name}_FILE)")
    if local_file is None:
        return ""
    if local_file.exists():
        return local_file.read_text().strip()
    local_file.parent.mkdir(parents=True, exist_ok=True)
    generated = secrets.token_urlsafe(50)
    local_file.write_text(generated)
    local_file.chmod(0o600)
    return generated


# Keys that appear in tutorials, templates and generated settings: never safe in production.
WELL_KNOWN_SECRET_KEYS = frozenset(
    {"changeme", "change-me", "change_me", "secret", "secret-key", "secretkey", "workbridge"}
)
WELL_KNOWN_SECRET_PREFIXES = ("django-insecure-",)
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5


def secret_key_weakness(key: str) -> str | None:
    """Why a key is unsafe for production (well known, short or repetitive), or None."""
    if key.strip().lower() in WELL_KNOWN_SECRET_KEYS:
        return "it is a well-known value"
    if key.startswith(WELL_KNOWN_SECRET_PREFIXES):
        return "it is a generated development key"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it is shorter than {SECRET_KEY_MIN_LENGTH} characters"
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return f"it has fewer than {SECRET_KEY_MIN_DISTINCT} different characters"
    return None


def refuse_unsafe_production(*, debug: bool, secret_key: str) -> None:
    """Stop a production start with DEBUG on or a weak SECRET_KEY, saying what to do."""
    if debug:
        raise ImproperlyConfigured(
            "DEBUG must be off in production: unset DEBUG (or set DEBUG=0) "
            "when WORKBRIDGE_ENV=production."
        )
    if (why := secret_key_weakness(secret_key)) is not None:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for production ({why}). Set SECRET_KEY (or "
            f"SECRET_KEY_FILE) to a random value of at least {SECRET_KEY_MIN_LENGTH} "
            "characters, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(60))'`."
        )
