"""The fixed lists participants' records use, with translatable labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.core import demographics as d


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    POLISH = "pl", _("Polish")
    CHINESE = "zh", _("Chinese")
    ARABIC = "ar", _("Arabic")
    OTHER = "other", _("Other")


class RaceEthnicity(models.TextChoices):
    """OMB SPD 15 (2024) minimum categories."""

    AIAN = d.AIAN, _("American Indian or Alaska Native")
    ASIAN = d.ASIAN, _("Asian")
    BLACK = d.BLACK, _("Black or African American")
    HISPANIC = d.HISPANIC, _("Hispanic or Latino")
    MENA = d.MENA, _("Middle Eastern or North African")
    NHPI = d.NHPI, _("Native Hawaiian or Pacific Islander")
    WHITE = d.WHITE, _("White")


class EeoCategory(models.TextChoices):
    HISPANIC = d.EEO_HISPANIC, _("Hispanic or Latino")
    WHITE = d.EEO_WHITE, _("White")
    BLACK = d.EEO_BLACK, _("Black or African American")
    NHPI = d.EEO_NHPI, _("Native Hawaiian or Other Pacific Islander")
    ASIAN = d.EEO_ASIAN, _("Asian")
    AIAN = d.EEO_AIAN, _("American Indian or Alaska Native")
    TWO_OR_MORE = d.EEO_TWO_OR_MORE, _("Two or more races")
    NOT_DISCLOSED = d.EEO_NOT_DISCLOSED, _("Not disclosed")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    ANOTHER = "another", _("Another sex or gender")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class YesNoPreferNot(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    A18_24 = "18_24", _("18–24")
    A25_34 = "25_34", _("25–34")
    A35_44 = "35_44", _("35–44")
    A45_54 = "45_54", _("45–54")
    A55_64 = "55_64", _("55–64")
    A65_PLUS = "65_plus", _("65 or older")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Benefit(models.TextChoices):
    SNAP = "snap", _("SNAP (food assistance)")
    MEDICAID = "medicaid", _("Medicaid")
    TANF = "tanf", _("TANF (cash assistance)")
    CCAP = "ccap", _("Child Care Assistance Program")
    HOUSING = "housing", _("Housing assistance")
    SSI = "ssi", _("SSI")
    SSDI = "ssdi", _("SSDI")
    WIC = "wic", _("WIC")
    LIHEAP = "liheap", _("Energy assistance (LIHEAP)")
    UI = "ui", _("Unemployment insurance")


class Day(models.IntegerChoices):
    MON = 0, _("Monday")
    TUE = 1, _("Tuesday")
    WED = 2, _("Wednesday")
    THU = 3, _("Thursday")
    FRI = 4, _("Friday")
    SAT = 5, _("Saturday")
    SUN = 6, _("Sunday")


class Shift(models.IntegerChoices):
    MORNING = 0, _("Morning (6am–10am)")
    DAY = 1, _("Day (10am–4pm)")
    EVENING = 2, _("Evening (4pm–10pm)")
    NIGHT = 3, _("Night (10pm–6am)")


class PhysicalLimit(models.TextChoices):
    LIFTING = "lifting", _("Cannot lift more than 25 lb")
    STANDING = "standing", _("Cannot stand for long periods")
    DRIVING = "driving", _("Cannot drive")
    CLIMBING = "climbing", _("Cannot climb ladders or stairs")
    REPETITIVE = "repetitive", _("Limited repetitive hand motion")
    OUTDOOR = "outdoor", _("Cannot work outdoors or in extreme temperatures")


# The same keys seen from the job's side: what an opening asks of whoever takes it.
PHYSICAL_DEMANDS = (
    (PhysicalLimit.LIFTING.value, _("Lifting more than 25 lb")),
    (PhysicalLimit.STANDING.value, _("Standing for long periods")),
    (PhysicalLimit.DRIVING.value, _("Driving")),
    (PhysicalLimit.CLIMBING.value, _("Climbing ladders or stairs")),
    (PhysicalLimit.REPETITIVE.value, _("Repetitive hand motion")),
    (PhysicalLimit.OUTDOOR.value, _("Working outdoors or in extreme temperatures")),
)


class TransportMode(models.TextChoices):
    TRANSIT = "transit", _("Public transit")
    WALK = "walk", _("Walking")
    BIKE = "bike", _("Bicycle")
    CAR = "car", _("Own car")
    RIDE = "ride", _("Rides from others")


class ChildcareNeed(models.TextChoices):
    NONE = "none", _("No childcare needed")
    DAYTIME = "daytime", _("Needs daytime childcare")
    EVENINGS = "evenings", _("Needs evening or night childcare")
    ARRANGED = "arranged", _("Has childcare arranged")


class WorkEnvironment(models.TextChoices):
    """Where the work happens: on an opening, and the settings a participant prefers."""

    OFFICE = "office", _("Office")
    RETAIL = "retail", _("Store or customer floor")
    KITCHEN = "kitchen", _("Kitchen")
    WAREHOUSE = "warehouse", _("Warehouse or plant")
    HEALTHCARE = "healthcare", _("Care setting")
    OUTDOOR = "outdoor", _("Outdoors")
    CONSTRUCTION = "construction", _("Construction site")
    VEHICLE = "vehicle", _("On the road")


class ExitOutcome(models.TextChoices):
    """How a participant left the program, for judging what predicts a good exit."""

    PLACED = "placed", _("Placed in a job")
    RETAINED_90 = "retained_90", _("Placed and still working 90 days later")
    OTHER = "other", _("Other exit")


class SupportKind(models.TextChoices):
    COMPUTER = "computer", _("Computer access")
    CLOTHING = "clothing", _("Interview clothing")
    PAID_SEARCH = "paid_search", _("Paid job-search time")
    PEER_GROUP = "peer_group", _("Peer group")
    ALUMNI_PANEL = "alumni_panel", _("Alumni panel")
    MOCK_INTERVIEW = "mock_interview", _("Mock interview")
    LMI_BRIEFING = "lmi_briefing", _("Labour-market briefing")
    INTERVIEW_WORKSHOP = "interview_workshop", _("Interview-preparation workshop")
    SEARCH_WORKSHOP = "search_workshop", _("Job-search workshop")
    ONLINE_INTERVIEW = "online_interview", _("Online-interview coaching")
    HIRING_EVENT = "hiring_event", _("Hiring event")
    OTHER = "other", _("Other")


class JobLossFactor(models.TextChoices):
    ATTENDANCE = "attendance", _("Attendance")
    TRANSPORTATION = "transportation", _("Transportation")
    CHILDCARE = "childcare", _("Childcare")
    HEALTH = "health", _("Health")
    CONFLICT = "conflict", _("Conflict")
    SKILLS = "skills", _("Skills")
    OTHER = "other", _("Other")


class JobEndReason(models.TextChoices):
    CURRENT = "current", _("Still working there")
    QUIT = "quit", _("Left voluntarily")
    LAID_OFF = "laid_off", _("Laid off")
    LET_GO = "let_go", _("Let go")
    ENDED = "ended", _("Temporary or transitional job ended")
    OTHER = "other", _("Other")


class ContactMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    VIDEO = "video", _("Video call")


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    TEXT = "text", _("Text message")


# The supports a group workshop gives each attendee.
WORKSHOP_KINDS = (
    SupportKind.INTERVIEW_WORKSHOP,
    SupportKind.SEARCH_WORKSHOP,
    SupportKind.ONLINE_INTERVIEW,
)


class Attendance(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Did not attend")


class ApplicationOutcome(models.TextChoices):
    """Where an application the participant made on their own stands."""

    APPLIED = "applied", _("Applied, no answer yet")
    INTERVIEW = "interview", _("Invited to interview")
    OFFER = "offer", _("Offered the job")
    HIRED = "hired", _("Hired")
    NOT_SELECTED = "not_selected", _("Not selected")
    NO_ANSWER = "no_answer", _("Never answered")
    WITHDRAWN = "withdrawn", _("Withdrew")


class BondingBarrier(models.TextChoices):
    """Backgrounds the Federal Bonding Program names (a conviction record comes from the
    felony dates and the fair-chance answer, public assistance from the benefits)."""

    RECOVERY = "recovery", _("In recovery from substance use")
    CREDIT = "credit", _("Poor credit or a bankruptcy")
    DISCHARGE = "discharge", _("Dishonourable military discharge")
    NO_WORK_HISTORY = "no_work_history", _("Little or no work history")
