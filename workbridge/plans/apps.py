from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "workbridge.plans"
    verbose_name = _("Equity action plans")

    def ready(self) -> None:
        from workbridge.plans import freshness

        freshness.watch_metric_sources()
