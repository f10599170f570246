from django.urls import path

from workbridge.plans import indicator_views, report_views, views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.plan_new, name="create"),
    path("reminders/", views.reminders, name="reminders"),
    path("indicators/", indicator_views.indicators, name="indicators"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/goal-areas/new/", views.goal_add, name="goal_add"),
    path("<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/import/", views.plan_import, name="import"),
    path("<int:pk>/plan.xlsx", views.plan_export, name="export"),
    path("<int:pk>/report/", report_views.report, name="report"),
    path("<int:pk>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("<int:pk>/report.xlsx", report_views.report_xlsx, name="report_xlsx"),
    path("goal-areas/<int:goal_id>/strategies/new/", views.strategy_new, name="strategy_add"),
    path("strategies/<int:strategy_id>/actions/new/", views.action_new, name="action_add"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("actions/<int:action_id>/measures/new/", views.measure_new, name="measure_add"),
    path("steps/<int:pk>/done/", views.step_toggle, name="step_toggle"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/values/", views.value_add, name="value_add"),
    path("measures/<int:pk>/story/", views.story, name="story"),
]
