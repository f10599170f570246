"""A participant's household as the model needs it, from intake or their last cliff run."""

from dataclasses import asdict

from workbridge.core.cliff import Household, Job
from workbridge.jobs.models import HouseholdType, JobOpening
from workbridge.people.models import Participant

# Intake records how many people live in the household and the children's ages, not the
# adults' ages: an adult of unknown age is counted as 30, which no Illinois or federal
# rule the model applies to working-age adults tells apart from any other age under 60.
ADULT_AGE = 30


def household_from_intake(participant: Participant) -> Household:
    """The household intake recorded: its size, the children's ages, nothing else known."""
    children = tuple(sorted(int(a) for a in participant.children_ages if 0 <= int(a) <= 17))
    adults = max(participant.household_size - len(children), 1)
    return Household(adult_ages=(ADULT_AGE,) * min(adults, 2), child_ages=children)


def household_for(participant: Participant) -> tuple[Household, Job]:
    """The household and current job of the participant's latest cliff run, else intake's
    household and no job: what a net gain is measured against."""
    run = participant.cliff_runs.order_by("-created_at").first()
    if run is not None:
        return household_of(run.household), job_of(run.now_job)
    return household_from_intake(participant), Job(0.0, 0.0, False)


def household_of(data: dict) -> Household:
    return Household(
        **{
            **data,
            "adult_ages": tuple(data["adult_ages"]),
            "child_ages": tuple(data["child_ages"]),
        }
    )


def job_of(data: dict) -> Job:
    return Job(
        float(data["hourly_wage"]), float(data["hours_per_week"]), bool(data["employer_health"])
    )


def job_data(job: Job) -> dict:
    return asdict(job)


def opening_job(opening: JobOpening) -> Job:
    return Job(float(opening.hourly_wage), float(opening.hours_per_week), opening.health_insurance)


def household_type(household: Household) -> str:
    """The living-wage calculator's household type closest to this household."""
    adults = min(len(household.adult_ages), 2)
    children = min(len(household.child_ages), 3)
    if adults == 1:
        return f"1a{children}c"
    working = 2 if household.other_earnings_yearly > 0 else 1
    key = f"2a{working}w{children}c"
    return key if key in HouseholdType.values else HouseholdType.A1C0
