from django.contrib import admin
from django.urls import include, path

from workbridge.accounts.urls import auth_urlpatterns

urlpatterns = [
    *auth_urlpatterns,
    path("", include("workbridge.web.urls")),
    path("accounts/", include("workbridge.accounts.urls")),
    path("participants/", include("workbridge.people.urls")),
    path("employers/", include("workbridge.employers.urls")),
    path("openings/", include("workbridge.jobs.urls")),
    path("matching/", include("workbridge.matching.urls")),
    path("cliff/", include("workbridge.cliff.urls")),
    path("placements/", include("workbridge.placements.urls")),
    path("equity/", include("workbridge.equity.urls")),
    path("equity/candidates/", include("workbridge.equity.candidates.urls")),
    path("workforce/", include("workbridge.workforce.urls")),
    path("sourcing/", include("workbridge.sourcing.urls")),
    path("interviews/", include("workbridge.interviews.urls")),
    path("surveys/", include("workbridge.surveys.urls")),
    path("plans/", include("workbridge.plans.urls")),
    path("api/", include("workbridge.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
