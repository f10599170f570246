"""The project's addresses plus one that fails, to see the error page people get."""

from django.urls import path

from workbridge.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("a fault in the code")


urlpatterns = [*project_urlpatterns, path("fails/", fails)]
