from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "workbridge.employers"
    verbose_name = _("Employers")

    def ready(self) -> None:
        # Registers the list's export, so that the task worker can build it too.
        import workbridge.employers.views.employers  # noqa: F401
