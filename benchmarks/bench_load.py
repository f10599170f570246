"""Load on loopback: 50 signed-in users for 60 seconds against the production server.

The app is served as `make serve` serves it: `WORKBRIDGE_ENV=production`, gunicorn with
several workers, PostgreSQL, static files collected for WhiteNoise. Fifty simulated
users, each with its own session and keep-alive connection, request a mix of pages in
turn: the trivial page `/about/` (the baseline), the caseload, a participant's page, the
employer list, the follow-up queue and the adverse-impact page, for 60 seconds (8 users
for 10 seconds in a quick run). Reported: requests a second, errors and 5xx answers
(target none), and each page's 95th-percentile time against the trivial page's in the
same run (target at most 5×). The test runs on PostgreSQL only, the scale path; on
SQLite the module says so and measures nothing.
"""

import http.client
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command

from benchmarks.harness import Result, against_baseline, at_most, informational

BASE_DIR = Path(__file__).resolve().parent.parent
FULL = (50, 60.0)
QUICK = (8, 10.0)
MAX_RATIO = 5
WEB_WORKERS = 4
PASSWORD = "load-test passphrase 77"
TRIVIAL = "trivial page /about/"
PAGES = ("caseload", "participant page", "employer list", "follow-up queue", "adverse impact")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


class Visitor:
    """One signed-in person with a keep-alive connection and the cookies it was given."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace")

    def sign_in(self, username: str) -> None:
        _status, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
        status, _page = self.request("POST", "/accounts/login/", form)
        if status != 302:
            raise RuntimeError(f"{username} could not sign in (status {status})")


def _prepare(users: int) -> tuple[list[str], list[int]]:
    """Demo data and `users` program directors (who may open every page of the mix)."""
    from workbridge.accounts.models import Organisation, Role, User
    from workbridge.accounts.services import user_create
    from workbridge.people.models import Participant

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", participants=2000, seed=42, verbosity=0)
    organisation = Organisation.objects.get(slug="southside")
    names = []
    for n in range(users):
        user = user_create(
            username=f"loaddirector{n}",
            password=None,
            organisation=organisation,
            role=Role.MANAGER,
            first_name="Load",
            last_name=f"Director {n}",
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        names.append(user.username)
    participants = list(
        Participant.objects.filter(organisation=organisation).values_list("pk", flat=True)[:500]
    )
    assert User.objects.filter(username__startswith="loaddirector").count() == users
    return names, participants


def _serve(port: int, static_root: Path) -> subprocess.Popen:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(static_root.parent),
        "DJANGO_SETTINGS_MODULE": "workbridge.settings",
        "WORKBRIDGE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "WORKBRIDGE_VAR_DIR": str(static_root.parent),
        "LOG_LEVEL": "ERROR",
        # Every user signs in from 127.0.0.1: no sign-in throttling applies to successes.
    }
    collect = [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--no-input"]
    collect += ["-v", "0", "--ignore", "admin", "--ignore", "ninja"]
    subprocess.run(collect, env=env, cwd=BASE_DIR, check=True)  # noqa: S603
    command = [sys.executable, "-m", "gunicorn", "workbridge.wsgi:application"]
    command += ["--workers", str(WEB_WORKERS), "--bind", f"127.0.0.1:{port}"]
    command += ["--keep-alive", "30", "--log-level", "error"]
    server = subprocess.Popen(command, env=env, cwd=BASE_DIR)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    if engine != "postgresql":
        return [informational("load test (sqlite)", 0, "runs", note="runs on PostgreSQL only")]
    users, seconds = QUICK if quick else FULL
    names, participant_ids = _prepare(users)
    port = _free_port()
    paths = {
        TRIVIAL: lambda rng: "/about/",
        "caseload": lambda rng: "/participants/",
        "participant page": lambda rng: f"/participants/{rng.choice(participant_ids)}/",
        "employer list": lambda rng: "/employers/",
        "follow-up queue": lambda rng: "/employers/follow-ups/",
        "adverse impact": lambda rng: "/equity/impact/",
    }
    times: dict[str, list[float]] = {name: [] for name in paths}
    failures = {"errors": 0, "5xx": 0}
    lock = threading.Lock()
    with tempfile.TemporaryDirectory() as tmp:
        server = _serve(port, Path(tmp) / "static")
        try:
            visitors = [Visitor(port) for _ in names]
            for visitor, name in zip(visitors, names, strict=True):
                visitor.sign_in(name)
            start = threading.Barrier(len(visitors) + 1)
            stop_at: list[float] = []

            def work(visitor: Visitor, seed: int) -> None:
                rng = random.Random(seed)
                order = list(paths)
                rng.shuffle(order)
                start.wait()
                turn = 0
                while time.monotonic() < stop_at[0]:
                    page = order[turn % len(order)]
                    turn += 1
                    began = time.perf_counter()
                    try:
                        status, _body = visitor.request("GET", paths[page](rng))
                    except (http.client.HTTPException, OSError):
                        with lock:
                            failures["errors"] += 1
                        continue
                    elapsed = (time.perf_counter() - began) * 1000
                    with lock:
                        if status >= 500:
                            failures["5xx"] += 1
                        elif status != 200:
                            failures["errors"] += 1
                        else:
                            times[page].append(elapsed)

            threads = [
                threading.Thread(target=work, args=(v, n), daemon=True)
                for n, v in enumerate(visitors)
            ]
            for thread in threads:
                thread.start()
            stop_at.append(time.monotonic() + seconds)
            began = time.monotonic()
            start.wait()
            for thread in threads:
                thread.join(timeout=seconds + 120)
            elapsed = time.monotonic() - began
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    done = sum(len(v) for v in times.values())
    engine_name = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    tag = f"({users} users, {seconds:g} s, {engine_name})"
    baseline = _p95(times[TRIVIAL])
    results = [
        informational(f"load: requests a second {tag}", done / elapsed, "req/s"),
        at_most(f"load: failed requests {tag}", failures["errors"], "requests", limit=0),
        at_most(f"load: 5xx answers {tag}", failures["5xx"], "requests", limit=0),
        informational(f"load: p95 {TRIVIAL} {tag}", baseline, "ms", note="baseline"),
    ]
    for page in PAGES:
        results.append(
            against_baseline(
                f"load: p95 {page} {tag}",
                _p95(times[page]),
                "ms",
                baseline=baseline,
                max_ratio=MAX_RATIO,
                baseline_name=TRIVIAL,
            )
        )
    return results
