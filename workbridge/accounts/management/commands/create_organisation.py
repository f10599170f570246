"""manage.py create_organisation: a new organisation and its first administrator."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from workbridge.accounts.services import organisation_start


class Command(BaseCommand):
    help = (
        "Start an organisation on this Workbridge: the organisation and its first "
        "administrator, who is e-mailed a one-time link to choose a password. The "
        "administrator then adds everyone else under Administration → Users."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The organisation's name, as its people know it.")
        parser.add_argument("--slug", default="", help="A short name (default: from the name).")
        parser.add_argument("--admin", required=True, help="The administrator's username.")
        parser.add_argument("--email", required=True, help="The administrator's e-mail address.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--language", default="en", choices=[code for code, _ in settings.LANGUAGES]
        )
        parser.add_argument(
            "--site-url",
            required=True,
            help="The address people use to reach Workbridge, e.g. https://workbridge.example.org",
        )

    def handle(self, *args, **options):
        if not options["site_url"].startswith(("https://", "http://")):
            raise CommandError("--site-url must start with https:// (or http:// on a trial).")
        try:
            organisation, user = organisation_start(
                name=options["name"],
                slug=options["slug"] or slugify(options["name"])[:60],
                admin_username=options["admin"],
                admin_email=options["email"],
                admin_first_name=options["first_name"],
                admin_last_name=options["last_name"],
                admin_language=options["language"],
                link_base=options["site_url"],
            )
        except ValidationError as error:
            problems = [
                f"{field}: {' '.join(messages)}"
                for field, messages in getattr(error, "message_dict", {"": error.messages}).items()
            ]
            raise CommandError("Nothing was created. " + "; ".join(problems)) from None
        if options["verbosity"]:
            self.stdout.write(
                f"Organisation “{organisation.name}” ({organisation.slug}) started. "
                f"{user.username} is its administrator; a link to choose a password was "
                f"e-mailed to {user.email}."
            )
