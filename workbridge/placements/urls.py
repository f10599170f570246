from django.urls import path

from workbridge.placements.views import (
    business_case,
    cover_letters,
    incentives,
    labour_market,
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
    # incentives.py: the tax-credit pre-screening and bonding; a placement's credit and bond
    path("participants/<int:pk>/incentives", incentives.incentives, name="incentives"),
    path(
        "participants/<int:pk>/incentives/record",
        incentives.incentives_record,
        name="incentives_record",
    ),
    path(
        "participants/<int:pk>/incentives/<int:screening_id>.pdf",
        incentives.screening_pdf,
        name="screening_pdf",
    ),
    path(
        "<int:placement_id>/incentives",
        incentives.placement_incentives,
        name="placement_incentives",
    ),
    # business_case.py: the one-page case for an employer, its PDF and its e-mail
    path(
        "participants/<int:pk>/business-case/new",
        business_case.business_case_new,
        name="business_case_new",
    ),
    path("business-cases/<int:case_id>/", business_case.business_case_detail, name="business_case"),
    path(
        "business-cases/<int:case_id>.pdf",
        business_case.business_case_pdf,
        name="business_case_pdf",
    ),
    path(
        "business-cases/<int:case_id>/send",
        business_case.business_case_send_view,
        name="business_case_send",
    ),
    # labour_market.py: who is hiring, for what and at what pay; a participant's career goal
    path("labour-market/", labour_market.labour_market, name="labour_market"),
    path("participants/<int:pk>/career", labour_market.career, name="career"),
    # targets.py: the program's target industries and positions against openings and hires
    path("targets/", targets.targets, name="targets"),
    # queue.py: the retention checks due for a staff member
    path("retention-checks/", queue.retention_queue, name="queue"),
    # outcomes.py: outcomes for program directors, the chart and the export
    path("outcomes/", outcomes.outcomes_page, name="outcomes"),
    path("outcomes/retention.svg", outcomes.outcomes_chart, name="outcomes_chart"),
    path("outcomes/export.<str:fmt>", outcomes.outcomes_export, name="outcomes_export"),
]
