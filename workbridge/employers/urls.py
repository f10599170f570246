from django.urls import path

from workbridge.employers.views import (
    cadence,
    call,
    communications,
    contacts,
    development,
    employers,
    impact_program,
    impact_reports,
    impact_reviews,
    imports,
    interactions,
    meetings,
    partner,
    pipeline,
    queue,
)

app_name = "employers"

urlpatterns = [
    # employers.py: the list and its exports, one employer's page, adding and editing
    path("", employers.employer_list_view, name="list"),
    path("export.<str:fmt>", employers.employer_export, name="export"),
    path("new", employers.employer_create_view, name="create"),
    path("<int:pk>/", employers.employer_detail, name="detail"),
    # development.py: the job-development profile and other relationships
    path("<int:pk>/development", development.development_profile, name="development"),
    path("<int:pk>/relationships/new", development.relationship_add, name="relationship_add"),
    path("counterparts/", development.counterparts, name="counterparts"),
    path("<int:pk>/edit", employers.employer_update_view, name="edit"),
    path("<int:pk>/move", employers.employer_move_view, name="move"),
    path("<int:pk>/locations/new", employers.location_add_view, name="location_add"),
    # contacts.py: the people at an employer
    path("<int:pk>/contacts/new", contacts.contact_add_view, name="contact_add"),
    path(
        "<int:pk>/contacts/<int:contact_id>/edit",
        contacts.contact_update_view,
        name="contact_edit",
    ),
    # pipeline.py: the board and its chart
    path("pipeline/", pipeline.pipeline_board, name="pipeline"),
    path("pipeline/chart.svg", pipeline.pipeline_chart, name="pipeline_chart"),
    # interactions.py: one note about one or several employers
    path("interactions/new", interactions.interaction_log_view, name="interaction_log"),
    # queue.py: "my follow-ups" and action items
    path("follow-ups/", queue.follow_up_queue_view, name="queue"),
    path("action-items/<int:item_id>/done", queue.action_item_done, name="action_item_done"),
    # imports.py: employers, contacts and openings from a spreadsheet
    path("import/", imports.import_start, name="import"),
    path("import/<int:run_id>/columns", imports.import_map, name="import_map"),
    path("import/<int:run_id>/", imports.import_run, name="import_run"),
    path("import/<int:run_id>/status", imports.import_status, name="import_status"),
    path("import/<int:run_id>/load", imports.import_load, name="import_load"),
    path("import/<int:run_id>/retry", imports.import_retry, name="import_retry"),
    # cadence.py: the follow-up rules (program directors and administrators)
    path("cadence/", cadence.cadence_rules, name="cadence"),
    # call.py: talking points for a community-focused call
    path("<int:pk>/call", call.call_screen, name="call"),
    # impact_reports.py: an employer's community impact report, kept and sent
    path("<int:pk>/impact/", impact_reports.impact_report, name="impact_report"),
    path("<int:pk>/impact/report.pdf", impact_reports.impact_report_pdf, name="impact_report_pdf"),
    path("<int:pk>/impact/report.csv", impact_reports.impact_report_csv, name="impact_report_csv"),
    path("<int:pk>/impact/send", impact_reports.impact_report_send_view, name="impact_report_send"),
    path("<int:pk>/impact/schedule", impact_reports.impact_plan, name="impact_plan"),
    path(
        "<int:pk>/impact/kept/<int:snapshot_id>/",
        impact_reports.impact_snapshot,
        name="impact_snapshot",
    ),
    path(
        "<int:pk>/impact/kept/<int:snapshot_id>/report.pdf",
        impact_reports.impact_snapshot_pdf,
        name="impact_snapshot_pdf",
    ),
    path("impact/settings", impact_reports.impact_settings, name="impact_settings"),
    path("impact/benchmark", impact_reports.impact_benchmark, name="impact_benchmark"),
    # impact_program.py: the program across all employers
    path("impact/", impact_program.impact_program, name="impact_program"),
    path("impact/program.xlsx", impact_program.impact_program_xlsx, name="impact_program_xlsx"),
    path("impact/program.pdf", impact_program.impact_program_pdf, name="impact_program_pdf"),
    # partner.py: what an employer partner's own login sees
    path("partner/", partner.partner_home, name="partner_home"),
    path("partner/reports/<int:snapshot_id>/", partner.partner_snapshot, name="partner_snapshot"),
    path(
        "partner/reports/<int:snapshot_id>/report.pdf",
        partner.partner_snapshot_pdf,
        name="partner_snapshot_pdf",
    ),
    # meetings.py: community impact review meetings
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new", meetings.meeting_schedule_view, name="meeting_schedule"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path(
        "meetings/<int:meeting_id>/invitation.ics",
        meetings.meeting_ics_download,
        name="meeting_ics",
    ),
    path("meetings/<int:meeting_id>/invite", meetings.meeting_invite, name="meeting_invite"),
    path(
        "meetings/<int:meeting_id>/review-packet.pdf",
        impact_reviews.meeting_packet,
        name="meeting_packet",
    ),
    path("meetings/<int:meeting_id>/minutes", meetings.meeting_minutes, name="meeting_minutes"),
    path(
        "meetings/<int:meeting_id>/action-items",
        meetings.meeting_action_item_add,
        name="meeting_action_item_add",
    ),
    # communications.py: message templates, previews, sends and bulk sends
    path("messages/", communications.template_list, name="templates"),
    path("messages/new", communications.template_create, name="template_create"),
    path("messages/<int:template_id>/edit", communications.template_edit, name="template_edit"),
    path(
        "messages/<int:template_id>/preview",
        communications.template_preview,
        name="template_preview",
    ),
    path("messages/<int:template_id>/send", communications.message_send_view, name="message_send"),
    path("messages/bulk/", communications.bulk_send_view, name="bulk_send"),
    path(
        "messages/bulk/<int:bulk_id>/",
        communications.bulk_send_progress,
        name="bulk_send_progress",
    ),
    path(
        "messages/bulk/<int:bulk_id>/status",
        communications.bulk_send_status,
        name="bulk_send_status",
    ),
]
