from django.urls import path

from workbridge.api.api import api

urlpatterns = [path("", api.urls)]
