"""manage.py demo_logins: the demo usernames, their password, role and what each can do."""

from django.core.management.base import BaseCommand

from workbridge.accounts.models import Membership
from workbridge.demo.people import DEMO_LOGINS, demo_password


class Command(BaseCommand):
    help = "Print the demo logins (made by seed_demo): username, password, role, organisation."

    def handle(self, *args, **options) -> None:
        memberships = {
            m.user.username: m
            for m in Membership.objects.select_related("user", "organisation").filter(
                user__username__in=[login.username for login in DEMO_LOGINS]
            )
        }
        password = demo_password()
        header = ("username", "password", "role", "organisation")
        rows = []
        for login in DEMO_LOGINS:
            m = memberships.get(login.username)
            if m is None:
                continue
            rows.append(
                (login.username, password, str(m.get_role_display()), m.organisation.name, login)
            )
        if not rows:
            self.stdout.write("No demo logins yet: run `manage.py seed_demo` first.")
            return
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

        def line(cells) -> str:
            return "  ".join(str(cell).ljust(w) for cell, w in zip(cells, widths, strict=True))

        self.stdout.write("Demo logins:")
        self.stdout.write(line(header))
        self.stdout.write(line("-" * w for w in widths))
        for *cells, _login in rows:
            self.stdout.write(line(cells))
        self.stdout.write("")
        for *_cells, login in rows:
            self.stdout.write(f"{login.username}: {login.can}")
        self.stdout.write(
            "Passwords come from DEMO_PASSWORD when seed_demo first ran (default "
            "workbridge-demo); logins made earlier keep the password they had."
        )
