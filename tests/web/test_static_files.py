"""Stylesheets are found where templates name them, and production serves them itself."""

import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
_STATIC_TAG = re.compile(r"{%\s*static\s+['\"]([^'\"]+)['\"]")


def _named_in_templates() -> set[str]:
    names: set[str] = set()
    for template in (BASE_DIR / "workbridge").rglob("templates/**/*.html"):
        names |= set(_STATIC_TAG.findall(template.read_text(encoding="utf-8")))
    return names


def test_it_finds_every_static_file_a_template_names():
    # Given every file named by a {% static %} tag in the project's templates
    names = _named_in_templates()
    assert "css/workbridge.css" in names
    # Then Django's static finders find each of them
    missing = sorted(name for name in names if finders.find(name) is None)
    assert missing == []


def test_it_serves_the_stylesheet_the_base_page_links_to(client):
    # Given the sign-in page, which every visitor sees first
    page = client.get(reverse("login")).content.decode()
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    # When the browser asks for its stylesheet
    response = client.get(href)
    # Then it is served as CSS
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"font-family" in body


# The project's own files are enough to show it; compressing the admin's and the API docs'
# files as well would take most of a minute.
IGNORED = ["--ignore", "admin", "--ignore", "ninja", "--ignore", "django_htmx"]


def test_it_serves_hashed_compressed_files_in_production(tmp_path):
    # Given a production configuration whose static files were collected
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "WORKBRIDGE_VAR_DIR": str(tmp_path),
        "WORKBRIDGE_ENV": "production",
        "SECRET_KEY": "p" * 20 + "roduction-test-key-with-enough-entropy-0123456789",
        "DJANGO_SETTINGS_MODULE": "workbridge.settings",
    }
    collect = subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [
            sys.executable,
            str(BASE_DIR / "manage.py"),
            "collectstatic",
            "--no-input",
            "-v",
            "0",
            *IGNORED,
        ],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collect.returncode == 0, collect.stderr
    # Then each stylesheet has a content-hashed name and a compressed copy beside it
    collected = tmp_path / "static" / "css"
    hashed = sorted(p.name for p in collected.glob("workbridge.*.css"))
    assert len(hashed) == 1
    assert re.fullmatch(r"workbridge\.[0-9a-f]{12}\.css", hashed[0])
    assert (collected / f"{hashed[0]}.gz").exists()
    # And the design system's stylesheet is collected with the fonts and images it names
    uswds = sorted((tmp_path / "static" / "uswds" / "css").glob("uswds.min.*.css"))
    assert len(uswds) == 1
    for ref in re.findall(r"url\(([^)]+)\)", uswds[0].read_text(encoding="utf-8")):
        ref = ref.strip("'\"")
        if not ref.startswith("data:"):
            assert (uswds[0].parent / ref.split("#")[0].split("?")[0]).is_file(), ref
    # And a production page links to the hashed names, which WhiteNoise serves with a
    # far-future cache lifetime
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='localhost');"
        "page = c.get('/accounts/login/', secure=True).content.decode();"
        "import re\n"
        'for href in re.findall(r\'stylesheet" href="([^"]+)"\', page):\n'
        "    r = c.get(href, secure=True)\n"
        "    print(href, r.status_code, r.headers.get('Cache-Control'))"
    )
    served = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert served.returncode == 0, served.stderr
    lines = [line.split(maxsplit=2) for line in served.stdout.splitlines()]
    assert [href for href, _, _ in lines] == [
        f"/static/uswds/css/{uswds[0].name}",
        f"/static/css/{hashed[0]}",
    ]
    for _, status, cache in lines:
        assert status == "200"
        assert "max-age=315360000" in cache
