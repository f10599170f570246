"""manage.py seed_demo: fictional participants, staff and demo logins for trying Workbridge."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workbridge.demo.employers import seed_employers
from workbridge.demo.people import SOUTHSIDE, demo_seed
from workbridge.people.models import Participant


class Command(BaseCommand):
    help = (
        "Create two demo organisations, the demo logins, case managers and N fictional "
        "Chicago participants with their records. The same seed gives the same people."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participants", type=int, default=2000, help="how many (default 2000)"
        )
        parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
        parser.add_argument(
            "--employers",
            type=int,
            default=60,
            help="employers per organisation, with contacts, openings and history (default 60)",
        )
        parser.add_argument(
            "--no-equity",
            action="store_true",
            help="skip the hiring-equity demo (requisitions, applicants, workforce, benchmark)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when any participant exists already",
        )

    def handle(
        self,
        *args,
        participants: int,
        seed: int,
        if_empty: bool,
        employers: int,
        no_equity: bool = False,
        **options,
    ) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo fills the database with fictional people and logins whose password "
                "everyone knows; it does not run with WORKBRIDGE_ENV=production."
            )
        if participants < 0:
            raise CommandError("--participants must be 0 or more")
        if if_empty and Participant.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("Participants exist already; no demo data added.")
            return
        result = demo_seed(participants=participants, seed=seed)
        if options["verbosity"] >= 1:
            rows = ", ".join(f"{name.replace('_', ' ')} {n:,}" for name, n in result.rows.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded {result.participants:,} participants (seed {seed}) for "
                    f"{result.staff:,} case managers in {result.seconds:.1f} s"
                )
            )
            if rows:
                self.stdout.write(f"Rows written: {rows}")
        if employers > 0:
            made = seed_employers(employers=employers, seed=seed)
            if options["verbosity"] >= 1:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Seeded {made['employers']:,} employers, {made['interactions']:,} "
                        f"interactions, {made['placements']:,} placements, "
                        f"{made['referrals']:,} referrals, {made['meetings']:,} review "
                        f"meetings and {made['bulk_sends']:,} bulk sends"
                    )
                )
        if not no_equity:
            from workbridge.accounts.models import Organisation
            from workbridge.demo.equity import seed_equity

            organisation = Organisation.objects.get(slug=SOUTHSIDE[0])
            equity = seed_equity(organisation, seed=seed)
            if options["verbosity"] >= 1:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Seeded hiring equity for {organisation}: {equity.requisitions:,} "
                        f"requisitions, {equity.applicants:,} applicants, "
                        f"{equity.job_fairs} job fairs"
                    )
                )
            from workbridge.demo.sourcing import seed_sourcing

            sourcing = seed_sourcing(organisation)
            if options["verbosity"] >= 1 and sourcing.partners:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Seeded sourcing: {sourcing.partners} partners, {sourcing.plans}"
                        f" sourcing plans, {sourcing.events} hiring event"
                    )
                )
            from workbridge.demo.workforce import seed_workforce

            workforce = seed_workforce(organisation, seed=seed)
            if options["verbosity"] >= 1 and workforce.snapshots:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Seeded workforce mobility: {workforce.snapshots} rosters, "
                        f"{workforce.employees:,} employee rows"
                    )
                )
        from workbridge.accounts.models import Organisation
        from workbridge.demo.surveys import seed_surveys

        surveys = seed_surveys(organisation=Organisation.objects.get(slug=SOUTHSIDE[0]), seed=seed)
        from workbridge.demo.impact import seed_impact

        impact = seed_impact(Organisation.objects.get(slug=SOUTHSIDE[0]))
        if options["verbosity"] >= 1 and impact.partner_employer:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Community impact: the employer login sees {impact.partner_employer}"
                )
            )
        if options["verbosity"] >= 1 and surveys.surveys:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded {surveys.surveys} surveys: {surveys.waves} waves, "
                    f"{surveys.invitations:,} invitations, {surveys.responses:,} responses"
                )
            )
        from workbridge.demo.incentives import seed_incentives

        seed_incentives(Organisation.objects.get(slug=SOUTHSIDE[0]))
        from workbridge.demo.plans import seed_plans

        plans = seed_plans(organisation=Organisation.objects.get(slug=SOUTHSIDE[0]))
        if options["verbosity"] >= 1 and plans.plans:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded the HR equity action plan: {plans.actions} actions, "
                    f"{plans.measures} measures, {plans.indicator_values:,} community "
                    "indicator values"
                )
            )
