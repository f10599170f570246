"""One design system for every page: USWDS and htmx from npm, served and applied everywhere."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from workbridge.web.forms import Form
from workbridge.web.static_packages import PackageFinder

BASE_DIR = Path(settings.BASE_DIR)


def test_it_pins_the_design_system_and_htmx_in_a_lockfile():
    # Given the front-end packages the project asks for
    wanted = json.loads((BASE_DIR / "package.json").read_text())["dependencies"]
    lock = json.loads((BASE_DIR / "package-lock.json").read_text())
    # Then the lockfile pins each to one version with its integrity hash
    assert set(wanted) == {"@uswds/uswds", "htmx.org"}
    for name in wanted:
        entry = lock["packages"][f"node_modules/{name}"]
        assert re.fullmatch(r"\d+\.\d+\.\d+", entry["version"])
        assert entry["integrity"].startswith("sha512-")
    # And what is installed is what the lockfile says
    for name in wanted:
        installed = json.loads((BASE_DIR / "node_modules" / name / "package.json").read_text())
        assert installed["version"] == lock["packages"][f"node_modules/{name}"]["version"]


def test_it_finds_the_stylesheet_scripts_and_every_file_the_stylesheet_names():
    # Given the design system's compiled stylesheet
    sheet = finders.find("uswds/css/uswds.min.css")
    assert sheet is not None
    refs = {
        ref
        for ref in re.findall(r"url\(['\"]?([^'\")?#]+)", Path(sheet).read_text())
        if not ref.startswith("data:")
    }
    assert any(ref.startswith("../fonts/") for ref in refs)
    # Then every font and image it names is found under the same prefix, and the scripts too
    missing = [ref for ref in refs if finders.find(f"uswds/{ref.removeprefix('../')}") is None]
    assert missing == []
    for script in ("uswds/js/uswds.min.js", "uswds/js/uswds-init.min.js", "htmx/htmx.min.js"):
        assert finders.find(script) is not None


def test_it_serves_only_what_the_pages_use_not_the_whole_package():
    # Given everything the package finder offers for collection
    listed = [f"{storage.prefix}/{name}" for name, storage in PackageFinder().list([])]
    # Then the Sass sources, the unused icons and the unminified scripts stay behind
    assert finders.find("uswds/scss/packages/_uswds.scss") is None
    assert finders.find("uswds/js/uswds.js") is None
    assert finders.find("htmx/htmx.js") is None
    assert not any(name.startswith("uswds/scss/") for name in listed)
    assert len(listed) < 120
    # And what a stylesheet names is never left out because of the ignore patterns
    ignored = [f"{s.prefix}/{n}" for n, s in PackageFinder().list(["uswds/fonts/*"])]
    assert not any(name.startswith("uswds/fonts/") for name in ignored)
    assert "uswds/css/uswds.min.css" in ignored


def test_every_page_loads_the_design_system_before_its_own_styles_and_htmx(client):
    # Given the page every visitor sees first
    page = client.get(reverse("login")).content.decode()
    # Then USWDS comes first, the project's stylesheet after it, and htmx from npm
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert sheets == ["/static/uswds/css/uswds.min.css", "/static/css/workbridge.css"]
    assert '<script src="/static/htmx/htmx.min.js" defer></script>' in page
    assert '<script src="/static/uswds/js/uswds.min.js"></script>' in page
    # And htmx is told not to add inline styles, which the content security policy refuses
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in page


def test_every_form_field_is_drawn_with_the_design_systems_classes():
    # Given a form of each kind of field, sent with nothing filled in
    class Sample(Form):
        name = forms.CharField(label="Name")
        when = forms.DateField(label="When", widget=forms.DateInput(attrs={"type": "date"}))
        kind = forms.ChoiceField(label="Kind", choices=[("a", "A")])
        notes = forms.CharField(label="Notes", widget=forms.Textarea)
        agree = forms.BooleanField(label="Agree")
        days = forms.MultipleChoiceField(
            label="Days", choices=[("mon", "Mon")], widget=forms.CheckboxSelectMultiple
        )

    html = Sample({}).as_div()
    # Then text, date, choice and long-text fields carry USWDS's classes and error state
    assert re.search(r'<input type="text" name="name"[^>]*class="usa-input usa-input--error"', html)
    assert re.search(r'<input type="date" name="when"[^>]*class="usa-input usa-input--error"', html)
    assert re.search(r'<select name="kind"[^>]*class="usa-select usa-input--error"', html)
    assert re.search(r'<textarea name="notes"[^>]*class="usa-textarea usa-input--error"', html)
    assert '<label class="usa-label" for="id_name">' in html
    # And check boxes keep the browser's own drawing, with their label beside them
    assert re.search(r'<input type="checkbox" name="agree"(?![^>]*usa-)[^>]*>', html)
    assert '<label for="id_agree">' in html


def test_make_setup_says_what_to_install_when_npm_is_missing(tmp_path):
    # Given a machine where npm cannot be found
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    make = subprocess.run(  # noqa: S603  (make from PATH, our own Makefile)
        [shutil.which("make") or "make", "-B", "--no-print-directory", "node_modules/.installed"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # Then setup stops and says what is missing and how to get it
    assert make.returncode != 0
    assert "npm was not found" in make.stderr
    assert "Install Node.js 20 or newer" in make.stderr
    assert os.path.isdir(BASE_DIR / "node_modules")  # nothing was removed
