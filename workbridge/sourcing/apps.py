from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcingConfig(AppConfig):
    name = "workbridge.sourcing"
    verbose_name = _("Sourcing partners and hiring events")

    def ready(self) -> None:
        # The partner and fair reports join the hiring-equity reports (page, chart, downloads).
        from workbridge.sourcing import reports

        reports.register()
