"""Two analysts changing different settings of one survey at once both keep their change."""

from workbridge.surveys.models import Survey
from workbridge.surveys.services import survey_settings_save

SETTINGS = ("title", "title_es", "anonymous", "target_rate")


def test_it_keeps_both_analysts_changes_of_a_surveys_settings(survey, analyst, manager):
    first = Survey.objects.get(pk=survey.pk)
    second = Survey.objects.get(pk=survey.pk)

    survey_settings_save(
        survey=first,
        data={**{n: getattr(first, n) for n in SETTINGS}, "title": "Staff survey 2026"},
        by=analyst,
    )
    survey_settings_save(
        survey=second,
        data={**{n: getattr(second, n) for n in SETTINGS}, "target_rate": 70},
        by=manager,
    )

    survey.refresh_from_db()
    assert (survey.title, survey.target_rate) == ("Staff survey 2026", 70)
