"""manage.py create_operator: a platform operator for Django's admin site, in no organisation."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workbridge.accounts.services import operator_create


class Command(BaseCommand):
    help = (
        "Create a platform operator: a superuser of the admin site at /admin/ who belongs "
        "to no organisation. The password is read from OPERATOR_PASSWORD, else asked for. "
        "Organisation administrators are made in the app, never with this command."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username: str, email: str, **options):
        password = os.environ.get("OPERATOR_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        try:
            user = operator_create(username=username, email=email, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["verbosity"]:
            self.stdout.write(f"Operator {user.username} created; sign in at /admin/.")
