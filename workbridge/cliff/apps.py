from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CliffConfig(AppConfig):
    name = "workbridge.cliff"
    verbose_name = _("Benefits cliff")
