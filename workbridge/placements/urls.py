from django.urls import path

from workbridge.placements.views import (
    cover_letters,
    outcomes,
    placements,
    queue,
    referrals,
    retention,
    targets,
)

app_name = "placements"

urlpatterns = [
    # referrals.py: a participant's referrals, one referral's steps, slates to employers
    path("participants/<int:pk>/", referrals.participant_referrals, name="participant"),
    path("referrals/<int:referral_id>/", referrals.referral_detail, name="referral"),
    path("referrals/<int:referral_id>/move", referrals.referral_move_view, name="referral_move"),
    path("openings/<int:opening_id>/slate", referrals.slate_view, name="slate"),
    # cover_letters.py: a participant's cover letter for one opening, and its PDF
    path(
        "participants/<int:pk>/openings/<int:opening_id>/cover-letter",
        cover_letters.cover_letter,
        name="cover_letter",
    ),
    path(
        "participants/<int:pk>/openings/<int:opening_id>/cover-letter.pdf",
        cover_letters.cover_letter_pdf,
        name="cover_letter_pdf",
    ),
    # placements.py: a hire recorded directly, a placement's checks, supports and end
    path("participants/<int:pk>/new", placements.placement_create, name="create"),
    path("<int:placement_id>/", placements.placement_detail, name="detail"),
    path(
        "<int:placement_id>/checks/<int:check_id>",
        placements.check_record,
        name="check_record",
    ),
    path("<int:placement_id>/end", placements.placement_end_view, name="end"),
    path("<int:placement_id>/supports/new", placements.support_add, name="support_add"),
    # retention.py: the retention plan drafted at hire, and supports against retention
    path("<int:placement_id>/retention-plan", retention.retention_plan, name="retention_plan"),
    path("outcomes/supports/", retention.supports_report, name="supports_report"),
    # targets.py: the program's target industries and positions against openings and hires
    path("targets/", targets.targets, name="targets"),
    # queue.py: the retention checks due for a staff member
    path("retention-checks/", queue.retention_queue, name="queue"),
    # outcomes.py: outcomes for program directors, the chart and the export
    path("outcomes/", outcomes.outcomes_page, name="outcomes"),
    path("outcomes/retention.svg", outcomes.outcomes_chart, name="outcomes_chart"),
    path("outcomes/export.<str:fmt>", outcomes.outcomes_export, name="outcomes_export"),
]
