"""Served as in production: `make serve` insists on PostgreSQL, and several app servers and
task workers on one database run each import and each bulk send exactly once."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connections

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_FILE = BASE_DIR / "workbridge" / "settings.py"


def _clean_env(**extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "workbridge.settings",
        **extra,
    }


# make serve ---------------------------------------------------------------------------


def _make_serve(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess:
    """`make serve`, without re-installing the virtualenv (its stamp is taken as current)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"],  # noqa: S607
        env=_clean_env(HOME=str(tmp_path), WORKBRIDGE_VAR_DIR=str(tmp_path), **extra),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_make_serve_without_a_database_url_says_how_to_set_one_and_starts_nothing(tmp_path):
    done = _make_serve(tmp_path)
    assert done.returncode != 0
    assert "make serve runs Workbridge as in production, against PostgreSQL." in done.stderr
    assert "DATABASE_URL=postgres://" in done.stderr
    assert "ALLOW_SQLITE=1 make serve" in done.stderr
    assert list(tmp_path.iterdir()) == []


# The production settings it runs with --------------------------------------------------


def _production_settings(tmp_path: Path, **extra: str) -> dict:
    code = (
        "import json, runpy, sys; s = runpy.run_path(sys.argv[1]);"
        "print(json.dumps({'access': s['LOGGING']['loggers']['workbridge.access']['level'],"
        "'exempt': s['SECURE_REDIRECT_EXEMPT'], 'redirect': s['SECURE_SSL_REDIRECT'],"
        "'secure_cookies': [s['SESSION_COOKIE_SECURE'], s['CSRF_COOKIE_SECURE']]}))"
    )
    done = subprocess.run(  # noqa: S603  (our own interpreter and settings)
        [sys.executable, "-c", code, str(SETTINGS_FILE)],
        env=_clean_env(
            WORKBRIDGE_VAR_DIR=str(tmp_path),
            WORKBRIDGE_ENV="production",
            SECRET_KEY=secrets.token_urlsafe(60),
            **extra,
        ),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_production_logs_every_request_and_lets_health_checks_in_over_plain_http(tmp_path):
    loaded = _production_settings(tmp_path)
    assert loaded == {
        "access": "INFO",
        "exempt": ["^healthz$"],
        "redirect": True,
        "secure_cookies": [True, True],
    }


def test_a_local_trial_turns_the_https_redirect_off_and_keeps_secure_cookies(tmp_path):
    loaded = _production_settings(tmp_path, SECURE_SSL_REDIRECT="0", ACCESS_LOG="0")
    assert (loaded["redirect"], loaded["secure_cookies"], loaded["access"]) == (
        False,
        [True, True],
        "WARNING",
    )


def test_gunicorn_takes_its_address_and_workers_from_the_environment_and_logs_json(tmp_path):
    code = (
        "import json, runpy, sys; c = runpy.run_path(sys.argv[1]);"
        "print(json.dumps([c['bind'], c['workers'], c['accesslog'], c['wsgi_app'],"
        "c['logconfig_dict']['formatters']['json']['()']]))"
    )
    done = subprocess.run(  # noqa: S603  (our own interpreter and config)
        [sys.executable, "-c", code, str(BASE_DIR / "workbridge" / "gunicorn_conf.py")],
        env=_clean_env(PORT="8123", WEB_WORKERS="5"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        ["127.0.0.1:8123"],
        5,
        None,
        "workbridge.wsgi:application",
        "workbridge.web.request_log.JsonFormatter",
    ]


# Two app servers and two workers on one PostgreSQL database ----------------------------

PASSWORD = "serve-test-passphrase-9"
SETUP = """
import json
from workbridge.accounts.models import Organisation, Role
from workbridge.accounts.services import user_create
from workbridge.employers.communications import message_template_save
from workbridge.employers.services import contact_add, employer_create

org = Organisation.objects.create(name="Lakeside Works", slug="lakeside")
coach = user_create(username="lena", password=%(password)r, organisation=org,
                    role=Role.STAFF, first_name="Lena", last_name="Coach")
template = message_template_save(by=coach, data={
    "name": "Spring thanks", "subject_en": "Thank you, {{ employer_name }}",
    "body_en": "Dear {{ contact_name }}, thank you.", "subject_es": "", "body_es": ""})
oak = employer_create(by=coach, data={"name": "Oak Bakery", "owner": coach})
elm = employer_create(by=coach, data={"name": "Elm Freight", "owner": coach})
for employer, name, email, opted_out in [
    (oak, "Ana", "ana@oak.example", False), (oak, "Ben", "ben@oak.example", False),
    (elm, "Cy", "cy@elm.example", False), (elm, "Dee", "dee@elm.example", True)]:
    contact_add(employer=employer, by=coach,
                data={"name": name, "email": email, "email_opt_out": opted_out})
print(json.dumps({"template": template.pk, "employers": [oak.pk, elm.pk]}))
"""
IMPORTED = ["Aspen Cafe", "Birch Logistics", "Cedar Clinic"]
CSV = "Employer id,Name,Stage\n" + "".join(
    f"S{i},{name},prospect\n" for i, name in enumerate(IMPORTED, 1)
)
WAIT_SECONDS = 90


def _on_postgres() -> bool:
    return connections["default"].vendor == "postgresql"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """One person's session (its cookies) across every app server."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects()
        )

    def request(self, url: str, data: bytes | None = None, headers=None) -> tuple[int, str, str]:
        """(status, Location, body) without following a redirect."""
        req = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, "", response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", ""), answer.read().decode()

    def csrf(self, url: str) -> str:
        status, _, page = self.request(url)
        assert status == 200, (url, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, url: str, fields: list[tuple[str, str]], referer: str) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode()
        status, location, _ = self.request(url, body, {"Referer": referer})
        return status, location

    def upload(self, url: str, fields: list[tuple[str, str]], name: str, content: bytes):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: text/csv\r\n\r\n".encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, location, _ = self.request(
            url,
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": url},
        )
        return status, location


def _until(deadline: float, what: str, check) -> None:
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"not within {WAIT_SECONDS} s: {what}")


def _page_says(browser: Browser, url: str, text: str):
    return lambda: text in browser.request(url)[2]


@pytest.mark.postgres
@pytest.mark.skipif(
    not _on_postgres(),
    reason="two app servers and two workers share one database only on PostgreSQL; "
    "this runs when the suite does (DATABASE_URL=postgres://…)",
)
def test_two_app_servers_and_two_workers_run_an_import_and_a_bulk_send_exactly_once(tmp_path):
    import psycopg

    settings = connections["default"].settings_dict
    server = {
        "host": settings.get("HOST") or "127.0.0.1",
        "port": settings.get("PORT") or 5432,
        "user": settings.get("USER") or "postgres",
    }
    name = f"wb_serve_{uuid.uuid4().hex[:10]}"
    mail_dir = tmp_path / "mail"
    env = _clean_env(
        HOME=str(tmp_path),
        WORKBRIDGE_VAR_DIR=str(tmp_path / "var"),  # the upload store the servers share
        DATABASE_URL=f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}",
        SECRET_KEY=secrets.token_urlsafe(60),
        EMAIL_BACKEND="file",
        EMAIL_FILE_PATH=str(mail_dir),
        LOG_FORMAT="json",
        ACCESS_LOG="1",
    )
    admin = psycopg.connect(dbname="postgres", autocommit=True, **server)
    admin.execute(f'CREATE DATABASE "{name}"')
    processes: list[subprocess.Popen] = []
    try:
        manage = [sys.executable, str(BASE_DIR / "manage.py")]

        def run(*args: str) -> str:
            done = subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
                [*manage, *args], env=env, cwd=BASE_DIR, capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr
            return done.stdout

        def start(*argv: str, log: str) -> None:
            processes.append(
                subprocess.Popen(  # noqa: S603  (our own interpreter, gunicorn and manage.py)
                    argv,
                    env=env,
                    cwd=BASE_DIR,
                    stdout=(tmp_path / log).open("w"),
                    stderr=subprocess.STDOUT,
                )
            )

        # given a migrated database with a case manager, a template and two employers
        run("migrate", "--no-input", "-v", "0")
        made = json.loads(run("shell", "-v", "0", "-c", SETUP % {"password": PASSWORD}))
        # and two app servers and two task workers on it
        ports = [_free_port(), _free_port()]
        for i, port in enumerate(ports):
            start(
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:workbridge.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                log=f"app{i}.log",
            )
        for i in range(2):
            start(*manage, "task_worker", "--queue-name", "*", "--interval", "0.2", log=f"w{i}.log")
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        deadline = time.monotonic() + WAIT_SECONDS
        browser = Browser()
        for base in (a, b):
            _until(deadline, f"{base} answers", lambda base=base: _healthy(browser, base))
        _until(deadline, "both workers are alive", lambda: _workers_alive(name, server) == 2)

        # when the case manager signs in on server A (the session is good on B too)
        login = f"{a}/accounts/login/"
        token = browser.csrf(login)
        signed_in = browser.post(
            login,
            [("csrfmiddlewaretoken", token), ("username", "lena"), ("password", PASSWORD)],
            login,
        )
        assert signed_in[0] == 302, signed_in
        # and sends a message to both employers' contacts through server B
        bulk_url = f"{b}/employers/messages/bulk/"
        token = browser.csrf(bulk_url)
        status, progress = browser.post(
            bulk_url,
            [
                ("csrfmiddlewaretoken", token),
                ("template", str(made["template"])),
                *[("employers", str(pk)) for pk in made["employers"]],
            ],
            bulk_url,
        )
        assert status == 302 and re.fullmatch(r"/employers/messages/bulk/\d+/", progress), progress
        # and uploads a spreadsheet of employers through server A, matches its columns
        start_url = f"{a}/employers/import/"
        token = browser.csrf(start_url)
        status, columns = browser.upload(
            start_url,
            [("csrfmiddlewaretoken", token), ("kind", "employers")],
            "employers.csv",
            CSV.encode(),
        )
        assert status == 302 and re.fullmatch(r"/employers/import/\d+/columns", columns), columns
        columns_url = f"{a}{columns}"
        token = browser.csrf(columns_url)
        status, run_path = browser.post(
            columns_url,
            [
                ("csrfmiddlewaretoken", token),
                ("map-external_id", "Employer id"),
                ("map-name", "Name"),
                ("map-stage", "Stage"),
            ],
            columns_url,
        )
        assert status == 302 and re.fullmatch(r"/employers/import/\d+/", run_path), run_path
        # and, once a worker has checked it, imports it
        run_url = f"{a}{run_path}"
        ready = "All 3 rows checked and ready to import."
        _until(deadline, "the check", _page_says(browser, run_url, ready))
        token = browser.csrf(run_url)
        status, _ = browser.post(
            f"{run_url}load", [("csrfmiddlewaretoken", token)], referer=run_url
        )
        assert status == 302, status

        # then both finish
        imported = "Imported 3 rows: 3 new, 0 updated, 0 unchanged."
        _until(deadline, "the import", _page_says(browser, run_url, imported))
        _until(
            deadline,
            "the bulk send",
            _page_says(browser, f"{b}{progress}status", "Done: 4 of 4 contacts processed."),
        )
        with psycopg.connect(dbname=name, **server) as db:

            def rows(sql: str) -> list[tuple]:
                return db.execute(sql).fetchall()

            # and the import ran once: each row saved once, its run audited once
            assert rows(
                "SELECT name, count(*) FROM employers_employer"
                " WHERE name NOT IN ('Oak Bakery', 'Elm Freight') GROUP BY name ORDER BY name"
            ) == [(n, 1) for n in IMPORTED]
            assert rows(
                "SELECT count(*) FROM accounts_auditevent WHERE object_type = 'import.employers'"
            ) == [(1,)]
            # and the bulk send ran once: each contact mailed once, the counters agree
            assert rows(
                "SELECT status, total, processed, sent, skipped, failed FROM employers_bulksend"
            ) == [("done", 4, 4, 3, 1, 0)]
            assert rows(
                "SELECT to_address, status FROM employers_messagesent ORDER BY to_address"
            ) == [
                ("ana@oak.example", "sent"),
                ("ben@oak.example", "sent"),
                ("cy@elm.example", "sent"),
                ("dee@elm.example", "skipped"),
            ]
            # and each of the three tasks (check, load, send) was taken by one worker only
            tasks = rows(
                "SELECT task_path, status, worker_ids FROM django_tasks_database_dbtaskresult"
                " ORDER BY enqueued_at"
            )
        assert [(path.rsplit(".", 1)[-1], status, len(ids)) for path, status, ids in tasks] == [
            ("bulk_send_run", "SUCCESSFUL", 1),
            ("sheet_import_execute", "SUCCESSFUL", 1),
            ("sheet_import_execute", "SUCCESSFUL", 1),
        ]
        recipients = sorted(
            line.removeprefix("To: ")
            for message in mail_dir.iterdir()
            for line in message.read_text().splitlines()
            if line.startswith("To: ")
        )
        assert recipients == ["ana@oak.example", "ben@oak.example", "cy@elm.example"]
        # and the servers wrote one JSON object a line, access lines with their request ids
        access = [
            entry
            for log in ("app0.log", "app1.log")
            for entry in map(json.loads, (tmp_path / log).read_text().splitlines())
            if entry["logger"] == "workbridge.access"
        ]
        assert {"GET /employers/import/ 200", "POST /employers/messages/bulk/ 302"} <= {
            e["message"] for e in access
        }
        assert all(len(e["request_id"]) == 32 for e in access)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _healthy(browser: Browser, base: str) -> bool:
    try:
        return browser.request(f"{base}/healthz")[0] == 200
    except OSError:
        return False


def _workers_alive(database: str, server: dict) -> int:
    import psycopg

    with psycopg.connect(dbname=database, **server) as db:
        return db.execute("SELECT count(DISTINCT worker) FROM web_workerheartbeat").fetchone()[0]
