"""Benchmarks, the workforce import and equity settings: validation, writes, audit, access."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.equity.report_data import workforce_world
from workbridge.accounts.models import AuditEvent
from workbridge.equity.models import Benchmark, BenchmarkShare, EquitySettings, WorkforceCount
from workbridge.equity.reference_data import equity_settings_update
from workbridge.equity.services import equity_settings_for

pytestmark = pytest.mark.django_db

BENCHMARK_POST = {
    "name": "Cook County labour force",
    "source": "ACS 2019-2023 5-year, table B23001",
    "year": "2023",
    "geography": "Cook County, IL",
    "eeo4_category": "",
    "race__white": "40",
    "race__black": "23.5",
    "race__hispanic": "26",
    "sex__female": "48",
    "sex__male": "52",
}


def test_it_creates_a_benchmark_with_its_shares(client, manager):
    # given
    client.force_login(manager)
    # when
    response = client.post(reverse("equity:benchmark_create"), BENCHMARK_POST)
    # then
    assert response.status_code == 302
    benchmark = Benchmark.objects.get()
    assert benchmark.organisation == manager.membership.organisation
    shares = {(s.characteristic, s.group): s.share for s in benchmark.shares.all()}
    assert shares == {
        ("race", "white"): Decimal("0.400000"),
        ("race", "black"): Decimal("0.235000"),
        ("race", "hispanic"): Decimal("0.260000"),
        ("sex", "female"): Decimal("0.480000"),
        ("sex", "male"): Decimal("0.520000"),
    }
    assert AuditEvent.objects.filter(action="create", object_type="equity.benchmark").count() == 1


def test_it_refuses_shares_over_100_percent(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("equity:benchmark_create"), {**BENCHMARK_POST, "race__asian": "20"}
    )
    assert response.status_code == 200
    assert "The race and ethnicity shares add up to 109.5%, more than 100%." in (
        response.content.decode()
    )
    assert not Benchmark.objects.exists()


def test_it_edits_a_benchmark_and_replaces_its_shares(client, admin_user, southside):
    benchmark = workforce_world(southside)
    client.force_login(admin_user)
    page = client.get(reverse("equity:benchmark_edit", args=[benchmark.pk]))
    assert 'value="40"' in page.content.decode()
    response = client.post(
        reverse("equity:benchmark_edit", args=[benchmark.pk]),
        {**BENCHMARK_POST, "name": "Renamed", "eeo4_category": "professionals"},
    )
    assert response.status_code == 302
    benchmark.refresh_from_db()
    assert benchmark.name == "Renamed"
    assert benchmark.shares.count() == 5
    assert BenchmarkShare.objects.get(benchmark=benchmark, group="black").share == Decimal("0.235")


def test_it_lets_an_analyst_read_but_not_change_benchmarks(client, analyst, southside):
    benchmark = workforce_world(southside)
    client.force_login(analyst)
    page = client.get(reverse("equity:benchmarks"))
    assert page.status_code == 200
    assert "Chicago professionals" in page.content.decode()
    assert "30.00" in page.content.decode()
    assert "Add a benchmark" not in page.content.decode()
    assert client.get(reverse("equity:benchmark_create")).status_code == 403
    response = client.post(
        reverse("equity:benchmark_edit", args=[benchmark.pk]), {**BENCHMARK_POST, "name": "X"}
    )
    assert response.status_code == 403
    benchmark.refresh_from_db()
    assert benchmark.name == "Chicago professionals"


def test_it_hides_another_organisations_benchmark(client, manager, northside):
    theirs = workforce_world(northside)
    client.force_login(manager)
    response = client.post(
        reverse("equity:benchmark_edit", args=[theirs.pk]), {**BENCHMARK_POST, "name": "X"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Chicago professionals"


def test_it_shows_an_empty_benchmark_list(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("equity:benchmarks"))
    assert "There are no benchmarks yet." in response.content.decode()


# The workforce import ---------------------------------------------------------------------

GOOD_CSV = (
    "as of,department,EEO-4 job category,salary band,race/ethnicity,sex,employees\n"
    "2025-06-30,Streets,professionals,7,White,Male,14\n"
    "2025-06-30,Streets,Professionals,$55.0–69.9K,black,female,3\n"
    "2025-06-30,Parks,technicians,,Hispanic or Latino,,2\n"
)


def _upload(text: str, name: str = "workforce.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_it_imports_a_workforce_table(client, manager):
    # given
    client.force_login(manager)
    csv = GOOD_CSV.replace(",,Hispanic", ",4,Hispanic")
    # when
    response = client.post(reverse("equity:workforce_import"), {"file": _upload(csv)})
    # then
    assert response.status_code == 302
    rows = sorted(
        WorkforceCount.objects.values_list(
            "as_of",
            "department",
            "eeo4_category",
            "salary_band",
            "eeo_category",
            "sex",
            "employees",
        )
    )
    assert rows == [
        (date(2025, 6, 30), "Parks", "technicians", 3, "hispanic", "", 2),
        (date(2025, 6, 30), "Streets", "professionals", 6, "black", "female", 3),
        (date(2025, 6, 30), "Streets", "professionals", 6, "white", "male", 14),
    ]
    assert AuditEvent.objects.filter(object_type="equity.workforcecount").count() == 1
    # importing it again changes nothing
    client.post(reverse("equity:workforce_import"), {"file": _upload(csv)})
    assert WorkforceCount.objects.count() == 3


def test_it_places_annual_salaries_in_bands_and_adds_them_up(client, manager):
    client.force_login(manager)
    csv = (
        "as_of,eeo4_category,annual_salary,race,sex,employees\n"
        '2025-06-30,service_maintenance,"$31,500",white,female,1\n'
        "2025-06-30,service_maintenance,32000,white,female,1\n"
        "2025-06-30,service_maintenance,80000,black,male,1\n"
    )
    response = client.post(reverse("equity:workforce_import"), {"file": _upload(csv)})
    assert response.status_code == 302
    assert sorted(WorkforceCount.objects.values_list("salary_band", "employees")) == [
        (3, 2),
        (7, 1),
    ]


def test_it_reports_every_problem_with_its_line_and_column_and_writes_nothing(
    client, manager, southside
):
    # given: a table already held
    workforce_world(southside)
    before = list(WorkforceCount.objects.order_by("pk").values_list("pk", "employees"))
    client.force_login(manager)
    csv = (
        "as of,department,EEO-4 job category,salary band,race/ethnicity,sex,employees\n"
        "2025-06-31,Streets,professionals,7,White,Male,14\n"
        "2025-06-30,Streets,pilots,7,White,Male,14\n"
        "2025-06-30,Streets,professionals,12,White,Male,-1\n"
        "2025-06-30,Streets,professionals,,White,Male,3\n"
        "2025-06-30,Streets,professionals,7,Martian,Male,3\n"
    )
    # when
    response = client.post(reverse("equity:workforce_import"), {"file": _upload(csv)})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file has 6 problems; nothing was imported." in html
    assert "“2025-06-31” is not a date" in html
    assert (
        "“pilots” is not one of the accepted values: Officials and administrators, "
        "Professionals, Technicians, Protective service workers, Paraprofessionals, "
        "Administrative support, Skilled craft workers, Service-maintenance." in html
    )
    assert "“12” is not a salary band (1 to 8, or a band label)." in html
    assert "“-1” cannot be below zero." in html
    assert "Give a salary band or an annual salary." in html
    assert (
        "“Martian” is not one of the accepted values: Hispanic or Latino, White, "
        "Black or African American, Native Hawaiian or Other Pacific Islander, Asian, "
        "American Indian or Alaska Native, Two or more races, Not disclosed." in html
    )
    assert list(WorkforceCount.objects.order_by("pk").values_list("pk", "employees")) == before
    assert not AuditEvent.objects.filter(object_type="equity.workforcecount").exists()


def test_it_refuses_a_file_that_is_not_a_table(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("equity:workforce_import"), {"file": _upload("x", name="notes.docx")}
    )
    assert "Upload a CSV or XLSX file." in response.content.decode()


def test_it_lets_an_analyst_read_the_workforce_table_but_not_import(client, analyst, southside):
    workforce_world(southside)
    client.force_login(analyst)
    page = client.get(reverse("equity:workforce"))
    assert page.status_code == 200
    assert '<th scope="row">Jun 30, 2025</th>' in page.content.decode()
    assert "47" in page.content.decode()
    response = client.post(reverse("equity:workforce_import"), {"file": _upload(GOOD_CSV)})
    assert response.status_code == 403
    assert WorkforceCount.objects.count() == 9


# Equity settings ---------------------------------------------------------------------------


def test_it_changes_the_equity_settings(client, admin_user, southside):
    client.force_login(admin_user)
    response = client.post(
        reverse("equity:settings_edit"),
        {
            "stages": "applied\nscreened\ninterviewed\noffered\nhired",
            "salary_bands": "0-30\n30-60\n60+",
            "small_cell_threshold": "5",
        },
    )
    assert response.status_code == 302
    row = EquitySettings.objects.get(organisation=southside)
    assert row.stages == ["applied", "screened", "interviewed", "offered", "hired"]
    assert row.salary_bands == [[0, 30], [30, 60], [60, None]]
    assert row.small_cell_threshold == 5
    page = client.get(reverse("equity:settings"))
    assert "$60.0K and over" in page.content.decode()
    assert AuditEvent.objects.filter(action="update", object_type="equity.equitysettings").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("stages", "applied", "Give at least two stages, each once, one a line."),
        ("stages", "applied\nhired\nApplied", "Give at least two stages, each once, one a line."),
        (
            "stages",
            "\n".join(f"stage {n}" for n in range(1, 12)),
            "Give at most 10 stages; this list has 11.",
        ),
        (
            "salary_bands",
            "0-30\n40-60",
            "Line 2: each band must start where the one before ends (30).",
        ),
        ("salary_bands", "0-30\n30+\n50-60", "Only the last band may be open-ended (70+)."),
        ("salary_bands", "30-20", "Line 1: the upper bound must be above the lower bound."),
        ("salary_bands", "lots", "Line 1: write a band as 25-33"),
        ("small_cell_threshold", "0", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_it_checks_the_settings(client, manager, southside, field, value, message):
    client.force_login(manager)
    before = equity_settings_for(southside)
    data = {
        "stages": "applied\nhired",
        "salary_bands": "0-30\n30+",
        "small_cell_threshold": "10",
        field: value,
    }
    response = client.post(reverse("equity:settings_edit"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    after = EquitySettings.objects.get(organisation=southside)
    assert (after.stages, after.salary_bands) == (before.stages, before.salary_bands)


def test_it_accepts_ten_stages(client, manager, southside):
    client.force_login(manager)
    ten = [f"stage {n}" for n in range(1, 11)]
    data = {"stages": "\n".join(ten), "salary_bands": "0-30\n30+", "small_cell_threshold": "10"}
    response = client.post(reverse("equity:settings_edit"), data)
    assert response.status_code == 302
    assert EquitySettings.objects.get(organisation=southside).stages == ten


@pytest.mark.parametrize(
    "stages",
    [
        [f"stage {n}" for n in range(1, 12)],  # more than the flow tables hold
        ["applied", "Applied"],
        ["applied", " "],
        ["applied"],
        ["applied, screened", "hired"],
    ],
)
def test_it_refuses_to_save_a_stage_list_the_flow_tables_cannot_hold(manager, southside, stages):
    # given
    before = equity_settings_for(southside).stages
    # when / then: however it is called, not only through the form
    with pytest.raises(ValueError):
        equity_settings_update(
            organisation=southside,
            stages=stages,
            salary_bands=[[0, None]],
            small_cell_threshold=10,
            by=manager,
        )
    assert EquitySettings.objects.get(organisation=southside).stages == before


def test_it_lets_an_analyst_read_but_not_change_settings(client, analyst, southside):
    client.force_login(analyst)
    assert client.get(reverse("equity:settings")).status_code == 200
    response = client.post(
        reverse("equity:settings_edit"),
        {"stages": "a\nb", "salary_bands": "0+", "small_cell_threshold": "3"},
    )
    assert response.status_code == 403
    assert equity_settings_for(southside).small_cell_threshold == 10


@pytest.mark.parametrize("persona", ["staff", "employer_user"])
def test_it_turns_away_people_without_equity_work(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for name in ("equity:benchmarks", "equity:workforce", "equity:settings"):
        assert client.get(reverse(name)).status_code == 403


def test_it_offers_a_sample_file_the_import_accepts(client, manager):
    # given
    client.force_login(manager)
    sample = client.get(reverse("equity:workforce_template"))
    assert sample.status_code == 200
    # when: the sample goes straight back in
    upload = SimpleUploadedFile("sample.csv", sample.content, content_type="text/csv")
    response = client.post(reverse("equity:workforce_import"), {"file": upload})
    # then
    assert response.status_code == 302
    assert sorted(
        WorkforceCount.objects.values_list("salary_band", "eeo_category", "employees")
    ) == [
        (5, "black", 1),
        (5, "hispanic", 12),
    ]


def test_it_deletes_a_benchmark(client, manager, southside):
    benchmark = workforce_world(southside)
    client.force_login(manager)
    response = client.post(reverse("equity:benchmark_delete", args=[benchmark.pk]))
    assert response.status_code == 302
    assert not Benchmark.objects.exists()
    assert not BenchmarkShare.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="equity.benchmark").count() == 1


def test_it_lets_only_editors_delete_a_benchmark(client, analyst, manager, southside, northside):
    ours = workforce_world(southside)
    theirs = workforce_world(northside)
    client.force_login(analyst)
    assert client.post(reverse("equity:benchmark_delete", args=[ours.pk])).status_code == 403
    client.force_login(manager)
    assert client.post(reverse("equity:benchmark_delete", args=[theirs.pk])).status_code == 404
    assert Benchmark.objects.count() == 2
    assert not AuditEvent.objects.filter(action="delete").exists()


def test_it_imports_a_workforce_table_from_xlsx(client, admin_user):
    # given: a workbook with a date cell and a number cell
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["As of", "Category", "Band", "Race", "Sex", "Headcount"])
    sheet.append([date(2025, 6, 30), "Technicians", 4, "Asian", "female", 7])
    out = io.BytesIO()
    book.save(out)
    client.force_login(admin_user)
    # when
    upload = SimpleUploadedFile("workforce.xlsx", out.getvalue())
    response = client.post(reverse("equity:workforce_import"), {"file": upload})
    # then
    assert response.status_code == 302
    assert list(
        WorkforceCount.objects.values_list("as_of", "eeo4_category", "salary_band", "employees")
    ) == [(date(2025, 6, 30), "technicians", 3, 7)]


def test_it_reads_english_headings_and_names_while_the_page_is_in_spanish(manager, southside):
    # given a file with English headings and English names, read while Spanish is active
    from django.utils import translation

    from workbridge.equity.reference_data import workforce_check, workforce_import

    csv = GOOD_CSV.replace(",,Hispanic", ",4,Hispanic")
    with translation.override("es"):
        # when
        plan = workforce_check(southside, io.BytesIO(csv.encode()), "workforce.csv")
        assert plan.problems == []
        written = workforce_import(
            organisation=southside, plan=plan, filename="workforce.csv", by=manager
        )
    # then every column and every name was recognised
    assert written == 3
    assert sorted(
        WorkforceCount.objects.values_list(
            "department", "eeo4_category", "salary_band", "eeo_category", "sex", "employees"
        )
    ) == [
        ("Parks", "technicians", 3, "hispanic", "", 2),
        ("Streets", "professionals", 6, "black", "female", 3),
        ("Streets", "professionals", 6, "white", "male", 14),
    ]


def test_it_refuses_a_workforce_table_with_a_repeated_heading_and_writes_nothing(client, manager):
    # given
    client.force_login(manager)
    csv = GOOD_CSV.replace("employees\n", "employees,Employees\n", 1)
    # when
    response = client.post(reverse("equity:workforce_import"), {"file": _upload(csv)})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "More than one column is headed employees." in html
    assert not WorkforceCount.objects.exists()
