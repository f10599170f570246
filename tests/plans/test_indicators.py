"""Community indicators from CSV, and the demo's indicators from the public files."""

import io

import pytest
from django.urls import reverse

from workbridge.demo.plans import indicators_from_files, shared_data
from workbridge.plans.indicators import indicators_csv_load, indicators_csv_read
from workbridge.plans.models import CommunityIndicator, IndicatorValue

pytestmark = pytest.mark.django_db
HEAD = "indicator,name,unit,area,year,value,source\n"


def read(text):
    return indicators_csv_read(io.BytesIO(text.encode()), "indicators.csv")


def test_it_loads_city_and_community_area_values_with_source_and_year():
    rows, problems = read(
        HEAD
        + "unemployment,Unemployment rate,percent,city,2017,9.1,ACS\n"
        + "unemployment,Unemployment rate,percent,14,2017,7.05,ACS\n"
    )
    assert problems == []
    assert indicators_csv_load(rows) == 2
    # loading again replaces rather than repeats
    indicators_csv_load(rows)
    assert IndicatorValue.objects.count() == 2
    city = IndicatorValue.objects.get(community_area=None)
    assert (city.year, city.value, city.source) == (2017, 9.1, "ACS")


def test_it_names_each_bad_row_and_column_and_loads_nothing(client, analyst):
    text = (
        HEAD
        + "unemployment,Unemployment rate,percent,99,2017,9.1,ACS\n"
        + "unemployment,Unemployment rate,percent,city,2017,lots,ACS\n"
        + "unemployment,Unemployment rate,percent,Loop,2017,3,ACS\n"
    )
    _rows, problems = read(text)
    assert [(p.row, p.column) for p in problems] == [(2, "area"), (3, "value"), (4, "area")]
    client.force_login(analyst)
    upload = io.BytesIO(text.encode())
    upload.name = "indicators.csv"
    response = client.post(reverse("plans:indicators"), {"file": upload})
    assert response.status_code == 200
    assert "There is no community area 99." in response.content.decode()
    assert not CommunityIndicator.objects.exists()


@pytest.mark.skipif(
    not (shared_data() / "demographics").is_dir(), reason="the public files are not here"
)
def test_the_demo_loads_the_indicators_of_the_public_files():
    assert indicators_from_files() > 400
    # Albany Park (14), ACS 2013–2017: 2,060 unemployed of a labour force of 29,224 = 7.05%
    albany = IndicatorValue.objects.get(
        indicator__key="unemployment", community_area_id=14, year=2017
    )
    assert albany.value == 7.05
    assert IndicatorValue.objects.filter(indicator__key="low_income", year=2023).count() == 78
