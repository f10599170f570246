"""An employee satisfaction survey of Southside, published, with an open wave.

- analyst (Ana) made it from the template; the wave "Spring" runs from today for 21 days.
- `invite` adds people to the wave and returns each one's link token.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from workbridge.surveys.models import Invitation, Survey, SurveyKind, Wave
from workbridge.surveys.services import (
    Invitee,
    invitations_add,
    survey_create_from_template,
    version_publish,
    wave_create,
)


def make_survey(organisation, by, kind=SurveyKind.EMPLOYEE_SATISFACTION, anonymous=True) -> Survey:
    survey = survey_create_from_template(
        organisation=organisation, kind=kind, title="", anonymous=anonymous, by=by
    )
    version_publish(version=survey.versions.get(), by=by)
    return survey


def make_wave(survey, by, name="Spring", days=21) -> Wave:
    today = timezone.localdate()
    return wave_create(
        survey=survey,
        name=name,
        opens_on=today,
        closes_on=today + timedelta(days=days),
        target_rate=50,
        by=by,
    )


def invite(wave, by, people) -> dict[str, str]:
    """Invite (email, language, department) triples; returns each address's token."""
    invitations_add(
        wave=wave,
        invitees=[Invitee(email=e, language=lang, department=d) for e, lang, d in people],
        by=by,
    )
    return {i.email: i.token for i in Invitation.objects.filter(wave=wave)}


@pytest.fixture
def survey(southside, analyst):
    return make_survey(southside, analyst)


@pytest.fixture
def wave(survey, analyst):
    return make_wave(survey, analyst)


def question(wave, key):
    return wave.version.questions.get(key=key)
