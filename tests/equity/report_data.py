"""Hand-made equity data for the report tests: every figure in the tests is worked out from here."""

from datetime import date
from decimal import Decimal
from itertools import count

from workbridge.equity.models import (
    Applicant,
    Benchmark,
    BenchmarkShare,
    JobFair,
    JobFairInterest,
    Requisition,
    WorkforceCount,
)
from workbridge.equity.services import equity_settings_for, flow_counts_refresh

_ids = count(1)
HIRED = 5  # the last of the default six stages
OFFERED = 4
INTERVIEWED = 3


def requisition(org, *, year, department="Streets", job_title="Laborer", **extra):
    return Requisition.objects.create(
        organisation=org,
        external_id=f"R{next(_ids)}",
        year=year,
        department=department,
        job_title=job_title,
        **extra,
    )


def applicants(org, req, eeo, sex, reached, n, *, heard_about="", withdrew=False, job_fair=None):
    """n applicants of one group who got as far as `reached`."""
    made = [
        Applicant(
            organisation=org,
            requisition=req,
            external_id=f"A{next(_ids)}",
            eeo_category=eeo,
            sex=sex,
            reached=reached,
            withdrew=withdrew,
            heard_about=heard_about,
            job_fair=job_fair,
        )
        for _ in range(n)
    ]
    return Applicant.objects.bulk_create(made)


def hires_world(org):
    """2024: 3 White women, 2 Black men, 5 Hispanic women hired (10).
    2025: 4 White women, 4 Black men, 2 Hispanic women, 2 Asian men hired (12); also 3
    White men who stopped at the interview, and one Black woman who withdrew at the hire.
    2025 in Parks: 1 White man hired (left out by the department filter)."""
    r24 = requisition(org, year=2024)
    r25 = requisition(org, year=2025)
    parks = requisition(org, year=2025, department="Parks", job_title="Gardener")
    applicants(org, r24, "white", "female", HIRED, 3)
    applicants(org, r24, "black", "male", HIRED, 2)
    applicants(org, r24, "hispanic", "female", HIRED, 5)
    applicants(org, r25, "white", "female", HIRED, 4)
    applicants(org, r25, "black", "male", HIRED, 4)
    applicants(org, r25, "hispanic", "female", HIRED, 2)
    applicants(org, r25, "asian", "male", HIRED, 2)
    applicants(org, r25, "white", "male", INTERVIEWED, 3)
    applicants(org, r25, "black", "female", HIRED, 1, withdrew=True)
    applicants(org, parks, "white", "male", HIRED, 1)
    flow_counts_refresh(organisation=org)


def yield_world(org):
    """2025 applicants by channel:
    Referral: 10 White (4 reached interview, 1 hired), 5 Black (5 applied only)
    Job board: 20 Black (10 interviewed, 3 of those hired), 2 White (both hired)
    (blank): 4 Hispanic (stopped at screening)."""
    req = requisition(org, year=2025)
    applicants(org, req, "white", "female", HIRED, 1, heard_about="Referral")
    applicants(org, req, "white", "female", INTERVIEWED, 3, heard_about="Referral")
    applicants(org, req, "white", "male", 0, 6, heard_about="Referral")
    applicants(org, req, "black", "male", 0, 5, heard_about="Referral")
    applicants(org, req, "black", "female", HIRED, 3, heard_about="Job board")
    applicants(org, req, "black", "female", INTERVIEWED, 7, heard_about="Job board")
    applicants(org, req, "black", "male", 1, 10, heard_about="Job board")
    applicants(org, req, "white", "male", HIRED, 1, heard_about=" Job board ")
    applicants(org, req, "white", "male", HIRED, 1, heard_about="Job board")
    applicants(org, req, "hispanic", "female", 2, 4, heard_about="")


def job_fair_world(org):
    """Two fairs in 2025 (Austin and Pilsen) and one in 2024.
    Austin fair: 6 interested (4 Black, 2 White); 3 of the Black ones applied (linked),
    one of them offered; plus 2 White applicants marked as coming from the fair, one
    offered and one also linked from an interest (counted once).
    Pilsen fair: 3 Hispanic interested, nobody applied."""
    from workbridge.people.models import CommunityArea

    austin, _ = CommunityArea.objects.get_or_create(number=25, defaults={"name": "Austin"})
    pilsen, _ = CommunityArea.objects.get_or_create(number=31, defaults={"name": "Lower West Side"})
    fair_a = JobFair.objects.create(
        organisation=org, name="Austin fair", date=date(2025, 3, 1), community_area=austin
    )
    fair_p = JobFair.objects.create(
        organisation=org, name="Pilsen fair", date=date(2025, 5, 1), community_area=pilsen
    )
    JobFair.objects.create(organisation=org, name="Old fair", date=date(2024, 5, 1))
    req = requisition(org, year=2025)
    linked = applicants(org, req, "black", "female", 1, 2) + applicants(
        org, req, "black", "female", OFFERED, 1
    )
    for person in linked:
        JobFairInterest.objects.create(
            job_fair=fair_a, eeo_category="black", sex="female", applicant=person
        )
    JobFairInterest.objects.create(job_fair=fair_a, eeo_category="black", sex="male")
    white_direct = applicants(org, req, "white", "male", HIRED, 1, job_fair=fair_a) + applicants(
        org, req, "white", "male", 0, 1, job_fair=fair_a
    )
    JobFairInterest.objects.create(
        job_fair=fair_a, eeo_category="white", sex="male", applicant=white_direct[1]
    )
    JobFairInterest.objects.create(job_fair=fair_a, eeo_category="white", sex="female")
    for _ in range(3):
        JobFairInterest.objects.create(job_fair=fair_p, eeo_category="hispanic", sex="female")
    return fair_a, fair_p


def workforce_world(org, as_of=date(2025, 6, 30)):
    """Professionals on 30 June 2025: 40 employees with a known race, 2 not disclosed.
    White 24 (band 6: 14 men, 6 women; band 7: 4 men), Black 6 (band 5: 3 women, 3 men),
    Hispanic 10 (band 5: 7 women; band 6: 3 men), not disclosed 2 (band 6, men).
    Technicians: 5 White men (band 4).
    Benchmark for professionals: White 40%, Black 30%, Hispanic 25%."""
    rows = [
        ("professionals", 6, "white", "male", 14),
        ("professionals", 6, "white", "female", 6),
        ("professionals", 7, "white", "male", 4),
        ("professionals", 5, "black", "female", 3),
        ("professionals", 5, "black", "male", 3),
        ("professionals", 5, "hispanic", "female", 7),
        ("professionals", 6, "hispanic", "male", 3),
        ("professionals", 6, "not_disclosed", "male", 2),
        ("technicians", 4, "white", "male", 5),
    ]
    WorkforceCount.objects.bulk_create(
        WorkforceCount(
            organisation=org,
            as_of=as_of,
            department="Streets",
            eeo4_category=category,
            salary_band=band,
            eeo_category=eeo,
            sex=sex,
            employees=n,
        )
        for category, band, eeo, sex, n in rows
    )
    benchmark = Benchmark.objects.create(
        organisation=org,
        name="Chicago professionals",
        source="ACS 2019-2023 EEO tabulation",
        year=2023,
        eeo4_category="professionals",
    )
    for group, value in (("white", "0.40"), ("black", "0.30"), ("hispanic", "0.25")):
        BenchmarkShare.objects.create(
            benchmark=benchmark, characteristic="race", group=group, share=Decimal(value)
        )
    for group, value in (("female", "0.5"), ("male", "0.5")):
        BenchmarkShare.objects.create(
            benchmark=benchmark, characteristic="sex", group=group, share=Decimal(value)
        )
    return benchmark


def set_threshold(org, n):
    settings_row = equity_settings_for(org)
    settings_row.small_cell_threshold = n
    settings_row.save(update_fields=["small_cell_threshold"])
