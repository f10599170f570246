from django.urls import path

from workbridge.employers.views import (
    cadence,
    contacts,
    employers,
    imports,
    interactions,
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
    path("import/columns", imports.import_map, name="import_map"),
    # cadence.py: the follow-up rules (program directors and administrators)
    path("cadence/", cadence.cadence_rules, name="cadence"),
]
