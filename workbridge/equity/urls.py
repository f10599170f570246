from django.urls import path

from workbridge.equity import views
from workbridge.equity.views import impact, imports, process, reference
from workbridge.equity.views import reports as report_views

app_name = "equity"

urlpatterns = [
    path("", views.home, name="home"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/new/", imports.import_new, name="import_new"),
    path("imports/<int:run_id>/", imports.import_run, name="import_run"),
    path("imports/<int:run_id>/columns/", imports.import_map, name="import_map"),
    path("imports/<int:run_id>/values/", imports.import_values, name="import_values"),
    path(
        "imports/<int:run_id>/values/status/",
        imports.import_values_status,
        name="import_values_status",
    ),
    path("imports/<int:run_id>/status/", imports.import_status, name="import_status"),
    path("imports/<int:run_id>/retry/", imports.import_retry, name="import_retry"),
    path("impact/", impact.impact, name="impact"),
    path("impact/chart.svg", impact.impact_chart, name="impact_chart"),
    path("impact/analysis.xlsx", impact.impact_xlsx, name="impact_xlsx"),
    path("impact/analysis.pdf", impact.impact_pdf, name="impact_pdf"),
    path("impact/report/", impact.impact_overview, name="impact_overview"),
    path("reports/<slug:report>/", report_views.report_page, name="report"),
    path(
        "reports/<slug:report>/export.<str:fmt>",
        report_views.report_export,
        name="report_export",
    ),
    path("process/sessions/import/", process.sessions_import, name="process_sessions_import"),
    path(
        "process/sessions/template.csv",
        process.sessions_template,
        name="process_sessions_template",
    ),
    path("process/steps/import/", process.steps_import, name="process_steps_import"),
    path("process/steps/template.csv", process.steps_template, name="process_steps_template"),
    path("benchmarks/", reference.benchmark_list, name="benchmarks"),
    path("benchmarks/new/", reference.benchmark_create, name="benchmark_create"),
    path("benchmarks/<int:benchmark_id>/", reference.benchmark_edit, name="benchmark_edit"),
    path(
        "benchmarks/<int:benchmark_id>/delete/",
        reference.benchmark_remove,
        name="benchmark_delete",
    ),
    path("workforce/", reference.workforce_list, name="workforce"),
    path("workforce/import/", reference.workforce_upload, name="workforce_import"),
    path("workforce/template.csv", reference.workforce_template, name="workforce_template"),
    path("settings/", reference.settings_page, name="settings"),
    path("settings/edit/", reference.settings_edit, name="settings_edit"),
]
