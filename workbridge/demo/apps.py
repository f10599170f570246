from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "workbridge.demo"
    verbose_name = "Demo data"
