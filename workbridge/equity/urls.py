from django.urls import path

from workbridge.equity import views

app_name = "equity"

urlpatterns = [
    path("", views.home, name="home"),
]
