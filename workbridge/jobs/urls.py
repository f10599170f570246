from django.urls import path

from workbridge.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.opening_list_view, name="list"),
    path("new", views.opening_create_view, name="create"),
    path("<int:pk>/", views.opening_detail, name="detail"),
    path("<int:pk>/edit", views.opening_update_view, name="edit"),
    path("living-wage/", views.living_wage_table, name="living_wage"),
]
