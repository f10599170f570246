"""Instruments: ready templates for every kind, bilingual text, frozen versions, skip rules."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.surveys.conftest import make_survey, make_wave
from workbridge.accounts.models import AuditEvent
from workbridge.surveys.models import (
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
    SurveyVersion,
    VersionStatus,
)
from workbridge.surveys.services import (
    parse_options,
    question_save,
    survey_create_from_template,
    version_new_draft,
    version_publish,
)


@pytest.mark.parametrize("kind", SurveyKind.values)
def test_it_makes_every_kind_from_a_bilingual_template(kind, southside, manager):
    survey = survey_create_from_template(
        organisation=southside, kind=kind, title="", anonymous=True, by=manager
    )
    version = survey.versions.get()
    questions = list(version.questions.prefetch_related("options"))
    assert version.status == VersionStatus.DRAFT
    assert survey.title and survey.title_es and version.intro_en and version.intro_es
    assert questions
    for q in questions:
        assert q.text_en and q.text_es
        for o in q.options.all():
            assert o.label_en and o.label_es
    assert AuditEvent.objects.filter(object_type="surveys.survey", action="create").count() == 1


def test_it_offers_every_question_kind_across_the_templates(southside, manager):
    for kind in SurveyKind.values:
        survey_create_from_template(
            organisation=southside, kind=kind, title="", anonymous=True, by=manager
        )
    assert set(Question.objects.values_list("kind", flat=True)) == set(QuestionKind.values)


def test_it_freezes_a_published_version(client, analyst, southside):
    # given
    survey = make_survey(southside, analyst)
    q = survey.versions.get().questions.get(key="satisfied")
    client.force_login(analyst)
    # when
    response = client.post(
        reverse("surveys:question_edit", args=[survey.pk, q.pk]),
        {"key": "satisfied", "kind": "text", "text_en": "Changed", "text_es": "Cambiado"},
    )
    # then
    assert response.status_code == 200
    assert "cannot change" in response.text
    q.refresh_from_db()
    assert (q.kind, q.text_en) == ("likert", "Overall, I am satisfied with my job.")


def test_it_refuses_to_publish_twice(southside, analyst):
    survey = make_survey(southside, analyst)
    with pytest.raises(ValidationError):
        version_publish(version=survey.versions.get(), by=analyst)


def test_it_makes_a_new_draft_version_with_the_questions_and_skip_rule(southside, analyst):
    # given a published candidate-exam survey, whose follow-up depends on a yes
    survey = make_survey(southside, analyst, kind=SurveyKind.CANDIDATE_EXAM)
    first = survey.versions.get()
    wave = make_wave(survey, analyst)
    # when
    draft = version_new_draft(survey=survey, by=analyst)
    # then
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert list(draft.questions.values_list("key", flat=True)) == list(
        first.questions.values_list("key", flat=True)
    )
    follow_up = draft.questions.get(key="accommodation_met")
    assert follow_up.show_if_question == draft.questions.get(key="accommodation")
    assert follow_up.show_if_value == 1
    assert wave.version == first
    # and the draft can change while the first stays as it was
    question_save(
        version=draft,
        data={
            "key": "clarity",
            "kind": QuestionKind.SCALE_0_4,
            "text_en": "The instructions were clear.",
            "text_es": "Las instrucciones eran claras.",
            "required": False,
            "reverse_scored": False,
            "scale_min": 1,
            "scale_max": 5,
            "favourable_from": 3,
            "show_if_question": None,
            "show_if_value": None,
        },
        options=parse_options(
            "No | No\nA little | Un poco\nSome | Algo\nMostly | Casi\nFully | Totalmente",
            kind=QuestionKind.SCALE_0_4,
        ),
        by=analyst,
    )
    assert draft.questions.count() == first.questions.count() + 1
    assert list(draft.questions.get(key="clarity").options.values_list("value", flat=True)) == [
        0,
        1,
        2,
        3,
        4,
    ]


def test_it_refuses_an_option_line_without_spanish():
    with pytest.raises(ValidationError) as raised:
        parse_options("Yes | Sí\nNo", kind=QuestionKind.SINGLE)
    assert "Option line 2" in raised.value.messages[0]


def test_it_refuses_a_skip_rule_on_a_question_that_is_not_single_choice(southside, analyst):
    survey = survey_create_from_template(
        organisation=southside, kind=SurveyKind.PILOT_FEEDBACK, title="", anonymous=True, by=analyst
    )
    version = survey.versions.get()
    likert = version.questions.get(key="worked")
    with pytest.raises(ValidationError):
        question_save(
            version=version,
            data={
                "key": "why",
                "kind": QuestionKind.TEXT,
                "text_en": "Why?",
                "text_es": "¿Por qué?",
                "required": False,
                "reverse_scored": False,
                "scale_min": 1,
                "scale_max": 5,
                "favourable_from": None,
                "show_if_question": likert,
                "show_if_value": 1,
            },
            options=[],
            by=analyst,
        )
    assert not version.questions.filter(key="why").exists()


def test_it_creates_a_survey_from_the_page(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("surveys:create"), {"kind": "training", "title": "Bias training", "anonymous": "on"}
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert (survey.title, survey.kind, survey.anonymous, survey.target_rate) == (
        "Bias training",
        "training",
        True,
        60,
    )
    assert SurveyVersion.objects.filter(survey=survey).count() == 1


def test_it_does_not_offer_staff_the_hr_kinds(client, coach):
    client.force_login(coach)
    response = client.post(reverse("surveys:create"), {"kind": "employee", "title": "X"})
    assert response.status_code == 200
    assert Survey.objects.count() == 0
    page = client.get(reverse("surveys:create"))
    assert 'value="participant"' in page.text
    assert 'value="employee"' not in page.text


def test_it_skips_a_question_whose_rule_is_not_met(client, southside, analyst):
    # given
    from tests.surveys.conftest import invite
    from workbridge.surveys.models import Answer

    survey = make_survey(southside, analyst, kind=SurveyKind.CANDIDATE_EXAM)
    wave = make_wave(survey, analyst)
    token = invite(wave, analyst, [("a@example.org", "en", "")])["a@example.org"]
    qs = {q.key: q for q in wave.version.questions.all()}
    # when they answer "No" to the accommodation question but also the follow-up
    client.post(
        reverse("surveys:respond", args=[token]),
        {
            f"q_{qs['prepared'].pk}": "4",
            f"q_{qs['accommodation'].pk}": "2",
            f"q_{qs['accommodation_met'].pk}": "5",
            "action": "submit",
        },
    )
    # then the follow-up answer is dropped
    assert sorted(Answer.objects.values_list("question__key", "value")) == [
        ("accommodation", 2),
        ("prepared", 4),
    ]
