from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "workbridge.web"
    verbose_name = "Web"
