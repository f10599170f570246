"""Employer feedback logged with a referral step reached the employer: say so on the contact.

Feedback was logged without an outcome, so relationship health counted each as a call or
e-mail that reached nobody.
"""

from django.db import migrations


def mark_reached(apps, schema_editor):
    ReferralStep = apps.get_model("placements", "ReferralStep")
    Interaction = apps.get_model("employers", "Interaction")
    feedback = ReferralStep.objects.exclude(interaction=None).values("interaction_id")
    Interaction.objects.filter(pk__in=feedback, outcome="").update(outcome="reached")


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_employer_search_indexes"),
        ("placements", "0002_referrals_and_retention"),
    ]

    operations = [migrations.RunPython(mark_reached, migrations.RunPython.noop)]
