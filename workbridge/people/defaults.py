"""What a new organisation starts with; each organisation can edit its own copy.

The milestone titles are marked for translation so that a participant's plan shows them in
the participant's language; a title an organisation types itself is shown as typed.
"""

from django.utils.translation import gettext_noop

INSTRUMENT_NAME = "Work readiness check-in"

# (question, question in Spanish, reverse scored)
INSTRUMENT_ITEMS: list[tuple[str, str, bool]] = [
    (
        "How connected do you feel to staff here?",
        "¿Qué tan conectado/a se siente con el personal de aquí?",
        False,
    ),
    (
        "I'm fearful that I won't be able to succeed in another job outside of this organization",
        "Tengo miedo de no poder tener éxito en otro trabajo fuera de esta organización",
        True,
    ),
    ("I arrive on time and ready to work", "Llego a tiempo y listo/a para trabajar", False),
    ("I know what kind of job I want next", "Sé qué tipo de trabajo quiero después", False),
    (
        "I have reliable transportation to a job",
        "Tengo transporte confiable para ir a un trabajo",
        False,
    ),
    (
        "I have childcare or family support arranged for work hours",
        "Tengo cuidado infantil o apoyo familiar para las horas de trabajo",
        False,
    ),
    (
        "I feel confident in a job interview",
        "Me siento seguro/a en una entrevista de trabajo",
        False,
    ),
    (
        "I can handle conflict at work calmly",
        "Puedo manejar los conflictos en el trabajo con calma",
        False,
    ),
]

MILESTONE_TEMPLATE_NAME = "Transition to permanent work"

# (milestone, days before the planned exit)
MILESTONE_STEPS: list[tuple[str, int]] = [
    (gettext_noop("Career goal set and first readiness assessment done"), 120),
    (gettext_noop("Resume drafted"), 90),
    (gettext_noop("Labour-market briefing attended"), 75),
    (gettext_noop("Mock interview completed"), 60),
    (gettext_noop("First applications submitted"), 45),
    (gettext_noop("Interviews scheduled"), 30),
    (gettext_noop("Supports for the first weeks of work confirmed"), 14),
    (gettext_noop("Started permanent job"), 0),
]
