"""Settings come from the environment through typed helpers that fail loudly."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from workbridge.config import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_FILE = BASE_DIR / "workbridge" / "settings.py"

# Variables that settings.py reads; each test starts with none of them set.
SETTINGS_VARIABLES = (
    "DEBUG",
    "WORKBRIDGE_ENV",
    "WORKBRIDGE_VAR_DIR",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "EMAIL_BACKEND",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "BEHIND_TLS_PROXY",
)


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKBRIDGE_VAR_DIR", str(tmp_path))
    return monkeypatch


def load_settings() -> dict:
    """Run settings.py afresh with the current environment and return its names."""
    return runpy.run_path(str(SETTINGS_FILE))


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Run manage.py in a child process with only the given variables (and PATH, HOME)."""
    child_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "WORKBRIDGE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "workbridge.settings",
        **env,
    }
    return subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=child_env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# env_bool --------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " On "])
def test_it_reads_true_values(monkeypatch, raw):
    monkeypatch.setenv("WB_FLAG", raw)
    assert env_bool("WB_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", ""])
def test_it_reads_false_values(monkeypatch, raw):
    monkeypatch.setenv("WB_FLAG", raw)
    assert env_bool("WB_FLAG", True) is False


def test_it_uses_the_default_when_a_flag_is_unset(monkeypatch):
    monkeypatch.delenv("WB_FLAG", raising=False)
    assert env_bool("WB_FLAG", True) is True
    assert env_bool("WB_FLAG", False) is False


def test_it_refuses_a_flag_it_cannot_read(monkeypatch):
    monkeypatch.setenv("WB_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="WB_FLAG must be true or false, not 'maybe'"):
        env_bool("WB_FLAG", False)


# env_int ---------------------------------------------------------------------


def test_it_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("WB_NUMBER", "42")
    assert env_int("WB_NUMBER", 7) == 42


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_it_uses_the_default_number_when_unset_or_blank(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("WB_NUMBER", raising=False)
    else:
        monkeypatch.setenv("WB_NUMBER", raw)
    assert env_int("WB_NUMBER", 7) == 7


@pytest.mark.parametrize("raw", ["ten", "4.5", "1e3"])
def test_it_refuses_a_number_it_cannot_read(monkeypatch, raw):
    monkeypatch.setenv("WB_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match="WB_NUMBER must be a whole number"):
        env_int("WB_NUMBER", 7)


# env_str and env_list ----------------------------------------------------------


def test_it_reads_text_or_its_default(monkeypatch):
    monkeypatch.setenv("WB_TEXT", "hello")
    assert env_str("WB_TEXT", "default") == "hello"
    monkeypatch.delenv("WB_TEXT")
    assert env_str("WB_TEXT", "default") == "default"


def test_it_splits_a_list_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("WB_LIST", " a.example.org, ,b.example.org ,")
    assert env_list("WB_LIST", ["x"]) == ["a.example.org", "b.example.org"]


def test_it_uses_the_default_list_when_unset(monkeypatch):
    monkeypatch.delenv("WB_LIST", raising=False)
    assert env_list("WB_LIST", ["x"]) == ["x"]


# env_secret ----------------------------------------------------------------------


def test_it_reads_a_secret_from_the_variable(monkeypatch):
    monkeypatch.setenv("WB_SECRET", "s3cret")
    monkeypatch.delenv("WB_SECRET_FILE", raising=False)
    assert env_secret("WB_SECRET", required=True) == "s3cret"


def test_it_reads_a_secret_from_the_named_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.delenv("WB_SECRET", raising=False)
    monkeypatch.setenv("WB_SECRET_FILE", str(secret_file))
    assert env_secret("WB_SECRET", required=True) == "from-a-file"


def test_it_refuses_a_secret_set_both_ways(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("one")
    monkeypatch.setenv("WB_SECRET", "two")
    monkeypatch.setenv("WB_SECRET_FILE", str(secret_file))
    with pytest.raises(ImproperlyConfigured, match="Set WB_SECRET or WB_SECRET_FILE, not both"):
        env_secret("WB_SECRET", required=True)


def test_it_refuses_a_secret_file_it_cannot_read(monkeypatch, tmp_path):
    monkeypatch.delenv("WB_SECRET", raising=False)
    monkeypatch.setenv("WB_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="WB_SECRET_FILE cannot be read"):
        env_secret("WB_SECRET", required=True)


def test_it_refuses_a_missing_required_secret(monkeypatch):
    monkeypatch.delenv("WB_SECRET", raising=False)
    monkeypatch.delenv("WB_SECRET_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="WB_SECRET must be set"):
        env_secret("WB_SECRET", required=True)


def test_it_leaves_an_optional_secret_empty_without_a_local_file(monkeypatch):
    monkeypatch.delenv("WB_SECRET", raising=False)
    monkeypatch.delenv("WB_SECRET_FILE", raising=False)
    assert env_secret("WB_SECRET", required=False) == ""


def test_it_generates_a_local_secret_once_and_keeps_it(monkeypatch, tmp_path):
    # given no secret in the environment
    monkeypatch.delenv("WB_SECRET", raising=False)
    monkeypatch.delenv("WB_SECRET_FILE", raising=False)
    local_file = tmp_path / "var" / "secret_key"
    # when it is read twice
    first = env_secret("WB_SECRET", required=False, local_file=local_file)
    second = env_secret("WB_SECRET", required=False, local_file=local_file)
    # then one long secret was written, readable only by its owner, and reused
    assert len(first) >= 50
    assert second == first
    assert local_file.read_text() == first
    assert local_file.stat().st_mode & 0o777 == 0o600


# settings.py -----------------------------------------------------------------


def test_it_defaults_to_sqlite_under_the_var_directory(clean_env, tmp_path):
    settings = load_settings()
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == tmp_path / "workbridge.sqlite3"


def test_it_parses_a_postgres_database_url(clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://wb:pw@db.internal:6543/workbridge")
    database = load_settings()["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        6543,
        "workbridge",
    )
    assert (database["USER"], database["PASSWORD"]) == ("wb", "pw")
    assert database["CONN_MAX_AGE"] == 60


def test_it_has_debug_off_by_default(clean_env):
    assert load_settings()["DEBUG"] is False


def test_it_turns_debug_on_when_asked(clean_env):
    clean_env.setenv("DEBUG", "1")
    assert load_settings()["DEBUG"] is True


def test_it_keeps_local_sessions_on_plain_http_by_default(clean_env):
    settings = load_settings()
    assert settings["PRODUCTION"] is False
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["SECURE_SSL_REDIRECT"] is False


def test_it_refuses_an_unknown_environment_name(clean_env):
    clean_env.setenv("WORKBRIDGE_ENV", "staging")
    with pytest.raises(ImproperlyConfigured, match="WORKBRIDGE_ENV must be local or production"):
        load_settings()


def test_it_reads_the_secret_key_from_a_file_in_production(clean_env, tmp_path):
    key = secrets.token_urlsafe(60)
    key_file = tmp_path / "key"
    key_file.write_text(key)
    clean_env.setenv("WORKBRIDGE_ENV", "production")
    clean_env.setenv("SECRET_KEY_FILE", str(key_file))
    clean_env.setenv("EMAIL_BACKEND", "smtp")
    settings = load_settings()
    assert settings["SECRET_KEY"] == key
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31536000


def test_it_passes_the_deployment_checks_in_production(tmp_path):
    # given a production environment as a deployment would set it
    env = {
        "WORKBRIDGE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "workbridge.example.org",
        "EMAIL_BACKEND": "smtp",
    }
    # when Django's deployment checks run
    result = manage("check", "--deploy", env=env, tmp_path=tmp_path)
    # then they pass with nothing to say
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    result = manage("check", env={"WORKBRIDGE_ENV": "production"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set (or SECRET_KEY_FILE)" in result.stderr


# Production refuses to start unsafely ----------------------------------------------


def _production(clean_env, secret_key: str) -> None:
    clean_env.setenv("WORKBRIDGE_ENV", "production")
    clean_env.setenv("SECRET_KEY", secret_key)
    clean_env.setenv("EMAIL_BACKEND", "smtp")


def test_it_refuses_to_start_in_production_with_debug_on(clean_env):
    # given a production environment with a good key and DEBUG on
    _production(clean_env, secrets.token_urlsafe(60))
    clean_env.setenv("DEBUG", "1")
    # when the settings load, then they refuse, saying what to do
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be off in production"):
        load_settings()


@pytest.mark.parametrize(
    "secret_key",
    [
        "changeme",
        "secret",
        "x" * 60,
        "abcd" * 15,
        "django-insecure-" + "k3y" * 20,
        secrets.token_urlsafe(30),
    ],
    ids=["changeme", "secret", "one-character", "four-characters", "django-insecure", "short"],
)
def test_it_refuses_to_start_in_production_with_a_weak_secret_key(clean_env, secret_key):
    # given a production environment with a short, repetitive or well-known key
    _production(clean_env, secret_key)
    # when the settings load, then they refuse, saying what to do
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is too weak for production"):
        load_settings()


def test_it_starts_in_production_with_a_strong_secret_key_and_debug_off(clean_env):
    # given
    key = secrets.token_urlsafe(60)
    _production(clean_env, key)
    # when
    settings = load_settings()
    # then
    assert (settings["SECRET_KEY"], settings["DEBUG"]) == (key, False)


def test_it_keeps_a_short_local_key_working_outside_production(clean_env):
    # given a local environment with a weak key (a developer's machine)
    clean_env.setenv("SECRET_KEY", "changeme")
    # when / then
    assert load_settings()["SECRET_KEY"] == "changeme"


def test_it_stops_manage_py_in_production_with_a_well_known_key(tmp_path):
    # when
    result = manage(
        "check", env={"WORKBRIDGE_ENV": "production", "SECRET_KEY": "changeme"}, tmp_path=tmp_path
    )
    # then
    assert result.returncode != 0
    assert "SECRET_KEY is too weak for production" in result.stderr
