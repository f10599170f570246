from django.urls import path

from workbridge.cliff import views

app_name = "cliff"

urlpatterns = [
    path("<int:pk>/", views.cliff_page, name="page"),
    path("<int:pk>/runs/<int:run_id>/", views.cliff_run, name="run"),
    path("<int:pk>/runs/<int:run_id>/chart.svg", views.cliff_chart, name="chart"),
    path("<int:pk>/runs/<int:run_id>/sheet-<str:language>.pdf", views.cliff_sheet, name="sheet"),
]
