from django.urls import path

from workbridge.matching import views

app_name = "matching"

urlpatterns = [
    path("participants/<int:pk>/", views.participant_suggestions, name="participant"),
    path("openings/<int:pk>/", views.opening_candidates, name="opening"),
    path("suggestions/", views.capacity_suggestions, name="suggestions"),
    path("weights/", views.weights_edit, name="weights"),
]
