from django.urls import path

from workbridge.workforce import views
from workbridge.workforce.views import crosswalk, programs, reports, rosters

app_name = "workforce"

urlpatterns = [
    path("", views.home, name="home"),
    path("rosters/new/", rosters.roster_new, name="roster_new"),
    path("rosters/<int:run_id>/", rosters.roster_run, name="roster_run"),
    path("rosters/<int:run_id>/columns/", rosters.roster_map, name="roster_map"),
    path("titles/", crosswalk.crosswalk, name="crosswalk"),
    path("committees/", programs.committees, name="committees"),
    path("succession/", programs.succession, name="succession"),
    path("learning/", programs.learning, name="learning"),
    path("programs/<slug:key>/export.<str:fmt>", programs.program_export, name="program_export"),
    path("reports/<slug:key>/", reports.report_page, name="report"),
    path("reports/<slug:key>/export.<str:fmt>", reports.report_export, name="report_export"),
]
