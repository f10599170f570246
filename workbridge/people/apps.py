from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "workbridge.people"
    verbose_name = _("Participants")

    def ready(self) -> None:
        # Registers the list's export, so that the task worker can build it too.
        import workbridge.people.views.caseload  # noqa: F401
