from django.urls import path

from workbridge.people.views import (
    caseload,
    exit_readiness,
    participant,
    plan,
    portfolio,
    program,
    records,
    workshops,
)

app_name = "people"

urlpatterns = [
    # caseload.py: the staff home page and its exports
    path("", caseload.caseload, name="caseload"),
    path("export.<str:fmt>", caseload.caseload_export, name="export"),
    # participant.py: intake, profile, demographics
    path("new", participant.participant_create, name="create"),
    path("<int:pk>/", participant.participant_detail, name="detail"),
    path("<int:pk>/edit", participant.participant_edit, name="edit"),
    path("<int:pk>/demographics", participant.demographics_edit, name="demographics"),
    path("<int:pk>/delete", participant.participant_delete_view, name="delete"),
    # portfolio.py: the resume (page and PDF) and the readiness chart
    path("<int:pk>/resume", portfolio.resume, name="resume"),
    path("<int:pk>/resume.pdf", portfolio.resume_pdf, name="resume_pdf"),
    path("<int:pk>/readiness.svg", portfolio.readiness_chart, name="readiness_chart"),
    # plan.py: the participant's own plan (page, PDF) and their reminder choices
    path("<int:pk>/plan", plan.plan_page, name="plan"),
    path("<int:pk>/plan.pdf", plan.plan_pdf, name="plan_pdf"),
    # records.py: what staff record about a participant over time
    path("<int:pk>/assessments/new", records.assessment_new, name="assessment_new"),
    path(
        "<int:pk>/assessments/<int:assessment_id>/",
        records.assessment_detail,
        name="assessment",
    ),
    path("<int:pk>/milestones/<int:milestone_id>", records.milestone_update, name="milestone"),
    path("<int:pk>/notes/new", records.case_note_new, name="note_new"),
    path("<int:pk>/supports/new", records.support_new, name="support_new"),
    path("<int:pk>/goals/new", records.goal_new, name="goal_new"),
    path("<int:pk>/history/new", records.history_new, name="history_new"),
    path("<int:pk>/skills/new", records.skill_new, name="skill_new"),
    path("<int:pk>/certifications/new", records.certification_new, name="certification_new"),
    path("<int:pk>/applications/new", records.application_new, name="application_new"),
    path(
        "<int:pk>/applications/<int:application_id>",
        records.application_edit,
        name="application_edit",
    ),
    path("<int:pk>/<str:kind>/<int:row_id>/delete", records.record_delete, name="record_delete"),
    # workshops.py: group workshops, their rosters and attendance
    path("workshops/", workshops.workshop_list, name="workshops"),
    path("workshops/new", workshops.workshop_new, name="workshop_new"),
    path("workshops/<int:workshop_id>/", workshops.workshop_detail, name="workshop"),
    path(
        "workshops/<int:workshop_id>/seats", workshops.workshop_seat_add, name="workshop_seat_add"
    ),
    path(
        "workshops/<int:workshop_id>/attendance",
        workshops.workshop_attendance,
        name="workshop_attendance",
    ),
    # program.py: what a manager sets up for the organisation
    path("settings/", program.program_settings, name="settings"),
    # exit_readiness.py: readiness against exit outcomes, for program directors
    path("exits/readiness/", exit_readiness.exit_readiness_page, name="exit_readiness"),
    path("exits/readiness.svg", exit_readiness.exit_readiness_chart, name="exit_readiness_chart"),
    path(
        "exits/readiness/export.<str:fmt>",
        exit_readiness.exit_readiness_export,
        name="exit_readiness_export",
    ),
    path("settings/readiness", program.instrument_edit, name="instrument"),
    path("settings/milestones", program.milestone_template_edit, name="milestone_template"),
]
