"""Demo employers: the same seed gives the same employers, and their records agree."""

from django.core.management import call_command
from django.db.models import Max

from workbridge.demo.employers import employers_seed
from workbridge.employers.models import Employer
from workbridge.placements.models import Placement


def test_each_organisation_gets_employers_whose_records_agree(db):
    call_command("seed_demo", participants=60, seed=3, employers=12, verbosity=0)

    employers = Employer.objects.all()
    assert employers.count() == 24  # two demo organisations
    for employer in employers:
        location = employer.locations.get()
        assert location.community_area_id is not None
        latest = employer.interactions.aggregate(m=Max("occurred_on"))["m"]
        assert employer.last_contact_on == latest
        if employer.stage in ("prospect", "active"):
            assert employer.next_follow_up_on is not None
    hires = Placement.objects.all()
    assert hires.exists()
    assert all(p.employer.stage == "active" for p in hires)
    assert all(p.checks.count() == 4 for p in hires)


def test_the_same_seed_gives_the_same_employers(coach, other_coach):
    def names(user) -> list[tuple]:
        organisation = user.membership.organisation
        employers_seed(
            organisation=organisation, owners=[user], employers=15, interactions=100, seed=9
        )
        return list(
            Employer.objects.filter(organisation=organisation)
            .order_by("external_id")
            .values_list("name", "stage", "naics_code")
        )

    assert names(coach) == names(other_coach)
