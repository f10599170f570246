from django.urls import path

from workbridge.surveys.views import instruments, respond, results, training, waves

app_name = "surveys"

urlpatterns = [
    # instruments.py: surveys, questions and versions
    path("", instruments.home, name="home"),
    path("new/", instruments.survey_create, name="create"),
    path("<int:pk>/", instruments.survey_detail, name="detail"),
    path("<int:pk>/preview/", instruments.preview, name="preview"),
    path("<int:pk>/questions/new/", instruments.question_add, name="question_add"),
    path("<int:pk>/questions/<int:question_id>/", instruments.question_edit, name="question_edit"),
    path(
        "<int:pk>/questions/<int:question_id>/remove/",
        instruments.question_remove,
        name="question_remove",
    ),
    path("<int:pk>/publish/", instruments.publish, name="publish"),
    path("<int:pk>/versions/new/", instruments.new_version, name="new_version"),
    path("<int:pk>/trends/", results.trends, name="trends"),
    path("<int:pk>/exit-reasons/", results.exit_reasons, name="exit_reasons"),
    path(
        "<int:pk>/exit-reasons.<str:fmt>",
        results.exit_reasons_export,
        name="exit_reasons_export",
    ),
    # waves.py: sending, reminders and paper responses
    path("<int:pk>/waves/new/", waves.wave_new, name="wave_create"),
    path("waves/<int:wave_id>/", waves.wave_detail, name="wave"),
    path("waves/<int:wave_id>/invite/", waves.invite_upload, name="invite_upload"),
    path("waves/<int:wave_id>/invite/people/", waves.invite_people, name="invite_people"),
    path(
        "waves/<int:wave_id>/invite/applicants/",
        waves.invite_applicants,
        name="invite_applicants",
    ),
    path("waves/<int:wave_id>/send/", waves.send, name="send"),
    path("waves/<int:wave_id>/remind/", waves.remind, name="remind"),
    path("waves/<int:wave_id>/sending/", waves.send_status, name="send_status"),
    path("waves/<int:wave_id>/paper/", waves.paper, name="paper"),
    # results.py: figures, chart and exports
    path("waves/<int:wave_id>/results/", results.results, name="results"),
    path(
        "waves/<int:wave_id>/results/chart/<int:question_id>.svg",
        results.results_chart,
        name="results_chart",
    ),
    path(
        "waves/<int:wave_id>/results/export.<str:fmt>",
        results.results_export,
        name="results_export",
    ),
    # training.py: courses, sessions and rosters
    path("training/", training.courses, name="courses"),
    path("training/<int:pk>/", training.course_detail, name="course"),
    path("training/<int:pk>/sessions/<int:session_id>/roster/", training.roster, name="roster"),
    path(
        "training/<int:pk>/sessions/<int:session_id>/roster/import/",
        training.roster_upload,
        name="roster_upload",
    ),
    # respond.py: the one-time link, no sign-in
    path("r/<str:token>/", respond.respond, name="respond"),
]
