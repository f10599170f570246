from django.urls import path

from workbridge.interviews.views import panels, procedures, reports, rubrics, scoring

app_name = "interviews"

urlpatterns = [
    # rubrics.py: the equity roles' overview and the rubrics
    path("", rubrics.home, name="home"),
    path("rubrics/new/", rubrics.rubric_create, name="rubric_create"),
    path("rubrics/<int:pk>/", rubrics.rubric_detail, name="rubric"),
    path("rubrics/<int:pk>/competencies/new/", rubrics.competency_add, name="competency_add"),
    path(
        "rubrics/<int:pk>/competencies/<int:competency_id>/",
        rubrics.competency_edit,
        name="competency_edit",
    ),
    # procedures.py: procedures and checklists, their versions and who read them
    path("procedures/", procedures.procedure_list, name="procedures"),
    path("procedures/new/", procedures.procedure_new, name="procedure_new"),
    path("procedures/<int:pk>/", procedures.procedure_detail, name="procedure"),
    path(
        "procedures/<int:pk>/acknowledge",
        procedures.procedure_acknowledge_view,
        name="procedure_acknowledge",
    ),
    path("procedures/<int:pk>/revise", procedures.procedure_revise_view, name="procedure_revise"),
    # panels.py: coordinators' panels and the consensus step
    path("panels/new/", panels.panel_new, name="panel_create"),
    path("panels/<int:pk>/", panels.panel_detail, name="panel"),
    path("panels/<int:pk>/members/", panels.member_add, name="member_add"),
    path("panels/<int:pk>/candidates/", panels.candidate_new, name="candidate_add"),
    path("panels/<int:pk>/close/", panels.close, name="panel_close"),
    path(
        "panels/<int:pk>/candidates/<int:candidate_id>/consensus/",
        panels.consensus,
        name="consensus",
    ),
    # scoring.py: panel members, whatever their role
    path("mine/", scoring.mine, name="mine"),
    path("profile/", scoring.profile, name="profile"),
    path("panels/<int:pk>/score/", scoring.score_list, name="score_list"),
    path("panels/<int:pk>/score/<int:candidate_id>/", scoring.score, name="score"),
    # reports.py: adverse impact of scores and decisions, and panel composition
    path("reports/impact/", reports.impact, name="impact"),
    path("reports/impact/chart.svg", reports.impact_chart, name="impact_chart"),
    path("reports/impact/export.<str:fmt>", reports.impact_export, name="impact_export"),
    path("reports/composition/", reports.composition, name="composition"),
    path("reports/consensus/", reports.consensus_effect, name="consensus_effect"),
    path("reports/composition/chart.svg", reports.composition_chart, name="composition_chart"),
    path(
        "reports/composition/export.<str:fmt>",
        reports.composition_export,
        name="composition_export",
    ),
]
