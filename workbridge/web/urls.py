from django.urls import path

from workbridge.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("about/", views.about, name="about"),
]
