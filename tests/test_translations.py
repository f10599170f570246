"""The Spanish catalogue is complete, well formed, and used when a visitor asks for Spanish."""

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "workbridge" / "locale" / "es" / "LC_MESSAGES" / "django.po"

_KEYWORD_LINE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m.group(1), m.group(0)), body)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _parse(path: Path) -> list[Entry]:
    """The catalogue's live entries (obsolete `#~` entries are left out), header included."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = Entry()
        target: tuple[str, int] | None = None
        live = False
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := _KEYWORD_LINE.match(line):
                keyword, value = match.group(1), _unquote(match.group(2))
                live = True
                if keyword == "msgid":
                    entry.msgid, target = value, ("msgid", 0)
                elif keyword == "msgid_plural":
                    entry.msgid_plural, target = value, ("msgid_plural", 0)
                elif keyword.startswith("msgstr"):
                    entry.msgstrs.append(value)
                    target = ("msgstr", len(entry.msgstrs) - 1)
                else:
                    target = None
            elif line.startswith('"') and target is not None:
                name, index = target
                if name == "msgid":
                    entry.msgid += _unquote(line)
                elif name == "msgid_plural":
                    entry.msgid_plural = (entry.msgid_plural or "") + _unquote(line)
                else:
                    entry.msgstrs[index] += _unquote(line)
        if live:
            entries.append(entry)
    return entries


ENTRIES = _parse(PO_PATH)
MESSAGES = [e for e in ENTRIES if e.msgid]


def test_it_has_a_spanish_header_with_two_plural_forms():
    # Given the catalogue's header entry
    header = next(e for e in ENTRIES if e.msgid == "")
    # Then it declares Spanish, UTF-8 and Spanish plurals, and is not fuzzy
    assert "Language: es\n" in header.msgstrs[0]
    assert "charset=UTF-8" in header.msgstrs[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header.msgstrs[0]
    assert "fuzzy" not in header.flags


def test_it_holds_many_messages():
    assert len(MESSAGES) > 1000


def test_it_leaves_no_message_untranslated():
    untranslated = [e.msgid for e in MESSAGES if not all(e.msgstrs)]
    assert untranslated == []


def test_it_has_no_fuzzy_message():
    fuzzy = [e.msgid for e in MESSAGES if "fuzzy" in e.flags]
    assert fuzzy == []


def test_it_gives_every_plural_message_both_spanish_forms():
    wrong = [e.msgid for e in MESSAGES if e.msgid_plural is not None and len(e.msgstrs) != 2]
    assert wrong == []


_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
_TAG = re.compile(r"</?[a-z][^>]*>")


def test_it_keeps_every_placeholder_of_the_english_text():
    # Given each message and its translations
    wrong = []
    for e in MESSAGES:
        if e.msgid_plural is None:
            pairs = [(e.msgid, e.msgstrs[0])]
        else:
            # A singular may name its number in words ("one assessment"): checked loosely.
            pairs = [(e.msgid_plural, e.msgstrs[1])]
            singular = set(_PLACEHOLDER.findall(e.msgstrs[0]))
            if not singular <= set(_PLACEHOLDER.findall(e.msgid + e.msgid_plural)):
                wrong.append(e.msgid)
        for english, spanish in pairs:
            if sorted(_PLACEHOLDER.findall(english)) != sorted(_PLACEHOLDER.findall(spanish)):
                wrong.append(e.msgid)
    # Then no placeholder is lost, added or renamed
    assert wrong == []


def test_it_keeps_every_html_tag_of_the_english_text():
    wrong = [
        e.msgid
        for e in MESSAGES
        for english, spanish in zip([e.msgid, e.msgid_plural or e.msgid], e.msgstrs, strict=False)
        if sorted(_TAG.findall(english)) != sorted(_TAG.findall(spanish))
    ]
    assert wrong == []


MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
def test_it_passes_msgfmts_format_and_header_checks(tmp_path):
    # When GNU msgfmt compiles the catalogue with its checks on
    checks = ["--check-format", "--check-header", "--check-domain"]
    result = subprocess.run(  # noqa: S603  (gettext's msgfmt on our own catalogue)
        [MSGFMT, *checks, "-o", str(tmp_path / "django.mo"), str(PO_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    # Then it reports nothing
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_it_translates_plurals_with_the_spanish_rule():
    singular, plural = "%(counter)s employer", "%(counter)s employers"
    with translation.override("es"):
        assert translation.ngettext(singular, plural, 1) == "%(counter)s empleador"
        assert translation.ngettext(singular, plural, 0) == "%(counter)s empleadores"
        assert translation.ngettext(singular, plural, 2) == "%(counter)s empleadores"


def test_it_shows_the_sign_in_page_in_spanish_when_the_browser_asks_for_spanish(client):
    # When a browser that prefers Spanish opens the sign-in page
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es")
    # Then the page is in Spanish
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in content
    assert "<h1>Iniciar sesión</h1>" in content
    assert "Nombre de usuario" in content
    assert "Contraseña" in content
    assert "Sign in" not in content


def test_it_shows_the_sign_in_page_in_english_by_default(client):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "<h1>Sign in</h1>" in content


def test_it_keeps_spanish_once_chosen_with_the_language_form(client, coach):
    # Given a case manager whose browser asks for English
    client.force_login(coach)
    # When they choose Spanish with the language form
    choice = {"language": "es", "next": reverse("people:caseload")}
    response = client.post(reverse("set_language"), choice)
    assert response.status_code == 302
    # Then their caseload page is in Spanish, whatever the browser asks for
    response = client.get(reverse("people:caseload"), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in content
    assert "Mis casos" in content
    assert "Cerrar sesión" in content
    assert "My caseload" not in content


def test_it_shows_the_employer_list_in_spanish_when_the_language_cookie_is_spanish(client, coach):
    # Given a case manager with the Spanish language cookie
    client.force_login(coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    # When they open the employer list
    response = client.get(reverse("employers:list"))
    # Then it is in Spanish
    content = response.content.decode()
    assert response.status_code == 200
    assert "Empleadores" in content
    assert "Mis seguimientos" in content
    assert "Cerrar sesión" in content
