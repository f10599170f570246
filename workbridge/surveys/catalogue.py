"""Ready instruments for each kind of survey, in English and Spanish.

Each template is a list of question definitions that `survey_create_from_template`
turns into the first (draft) version; the survey lead edits it before publishing.
Question and option texts are data in both languages, not interface messages.
"""

from dataclasses import dataclass, field

from workbridge.surveys.models import QuestionKind, SurveyKind

Scale = tuple[tuple[int, str, str], ...]

AGREE: Scale = (
    (1, "Strongly disagree", "Totalmente en desacuerdo"),
    (2, "Disagree", "En desacuerdo"),
    (3, "Neither agree nor disagree", "Ni de acuerdo ni en desacuerdo"),
    (4, "Agree", "De acuerdo"),
    (5, "Strongly agree", "Totalmente de acuerdo"),
)
SATISFIED: Scale = (
    (1, "Very dissatisfied", "Muy insatisfecho"),
    (2, "Dissatisfied", "Insatisfecho"),
    (3, "Neither satisfied nor dissatisfied", "Ni satisfecho ni insatisfecho"),
    (4, "Satisfied", "Satisfecho"),
    (5, "Very satisfied", "Muy satisfecho"),
)
EFFECTIVE: Scale = (
    (1, "Not effective", "Nada eficaz"),
    (2, "Somewhat effective", "Algo eficaz"),
    (3, "Effective", "Eficaz"),
    (4, "Highly effective", "Muy eficaz"),
)
# 0-4 like the readiness items: how far a statement holds.
EXTENT: Scale = (
    (0, "Not at all", "Para nada"),
    (1, "A little", "Un poco"),
    (2, "Somewhat", "Más o menos"),
    (3, "Mostly", "En gran parte"),
    (4, "Completely", "Totalmente"),
)
YES_NO: Scale = ((1, "Yes", "Sí"), (2, "No", "No"))


@dataclass(frozen=True)
class QuestionDef:
    key: str
    kind: str
    en: str
    es: str
    options: Scale = ()
    required: bool = False
    reverse: bool = False
    favourable_from: int | None = None
    scale: tuple[int, int] = (1, 5)
    show_if: tuple[str, int] | None = None  # (key of an earlier single-choice question, value)


@dataclass(frozen=True)
class Template:
    kind: str
    title_en: str
    title_es: str
    intro_en: str
    intro_es: str
    target_rate: int
    questions: tuple[QuestionDef, ...] = field(default_factory=tuple)


def _likert(key, en, es, scale=AGREE, **kw) -> QuestionDef:
    kw.setdefault("favourable_from", 4 if len(scale) == 5 else 3)
    return QuestionDef(key, QuestionKind.LIKERT, en, es, options=scale, **kw)


def _text(key, en, es, **kw) -> QuestionDef:
    return QuestionDef(key, QuestionKind.TEXT, en, es, **kw)


EXIT_REASONS: Scale = (
    (1, "Pay or benefits", "Salario o prestaciones"),
    (2, "Career growth", "Crecimiento profesional"),
    (3, "Supervisor or management", "Supervisor o gerencia"),
    (4, "Workload or schedule", "Carga de trabajo u horario"),
    (5, "Workplace culture or treatment", "Cultura laboral o trato"),
    (6, "Personal or family reasons", "Motivos personales o familiares"),
    (7, "Relocation", "Mudanza"),
    (8, "Retirement", "Jubilación"),
    (9, "Other", "Otro"),
)

TEMPLATES: dict[str, Template] = {
    SurveyKind.EMPLOYEE_SATISFACTION: Template(
        SurveyKind.EMPLOYEE_SATISFACTION,
        "Employee satisfaction survey",
        "Encuesta de satisfacción del personal",
        "This survey is anonymous. It takes about five minutes.",
        "Esta encuesta es anónima. Toma unos cinco minutos.",
        50,
        (
            _likert(
                "satisfied",
                "Overall, I am satisfied with my job.",
                "En general, estoy satisfecho con mi trabajo.",
                required=True,
            ),
            _likert(
                "respected",
                "I am treated with respect at work.",
                "Me tratan con respeto en el trabajo.",
            ),
            _likert(
                "growth",
                "I have fair opportunities to advance.",
                "Tengo oportunidades justas para avanzar.",
            ),
            _likert(
                "leave",
                "I am thinking about leaving in the next year.",
                "Estoy pensando en irme en el próximo año.",
                reverse=True,
            ),
            QuestionDef(
                "recommend",
                QuestionKind.RATING,
                "How likely are you to recommend the department as a place to work (0-10)?",
                "¿Qué tan probable es que recomiende el departamento como lugar de trabajo (0-10)?",
                scale=(0, 10),
                favourable_from=9,
            ),
            _text(
                "improve",
                "What one thing would make this a better place to work?",
                "¿Qué cosa haría de este un mejor lugar para trabajar?",
            ),
        ),
    ),
    SurveyKind.CANDIDATE_APPLICATION: Template(
        SurveyKind.CANDIDATE_APPLICATION,
        "Candidate experience: close of applications",
        "Experiencia del candidato: cierre de la convocatoria",
        "Tell us how applying went. Your answers do not affect your application.",
        "Cuéntenos cómo le fue al postularse. Sus respuestas no afectan su solicitud.",
        25,
        (
            _likert(
                "clear_posting",
                "The job posting described the job clearly.",
                "El anuncio describía el trabajo con claridad.",
                required=True,
            ),
            _likert(
                "easy_apply",
                "The application was easy to complete.",
                "La solicitud fue fácil de completar.",
            ),
            QuestionDef(
                "heard",
                QuestionKind.SINGLE,
                "How did you hear about the job?",
                "¿Cómo se enteró del trabajo?",
                options=(
                    (1, "City website", "Sitio web de la ciudad"),
                    (2, "Community organisation", "Organización comunitaria"),
                    (3, "Job fair", "Feria de empleo"),
                    (4, "Friend or family", "Amigo o familiar"),
                    (5, "Other", "Otro"),
                ),
            ),
            _text(
                "comments",
                "Anything else we should know?",
                "¿Algo más que debamos saber?",
            ),
        ),
    ),
    SurveyKind.CANDIDATE_EXAM: Template(
        SurveyKind.CANDIDATE_EXAM,
        "Candidate experience: after the written exam",
        "Experiencia del candidato: después del examen escrito",
        "Tell us about the written exam. Your answers do not affect your score.",
        "Cuéntenos sobre el examen escrito. Sus respuestas no afectan su puntaje.",
        25,
        (
            _likert(
                "prepared",
                "I knew what to expect from the exam.",
                "Sabía qué esperar del examen.",
                required=True,
            ),
            _likert(
                "relevant",
                "The exam questions related to the job.",
                "Las preguntas del examen tenían relación con el trabajo.",
            ),
            QuestionDef(
                "accommodation",
                QuestionKind.SINGLE,
                "Did you ask for an accommodation?",
                "¿Pidió alguna adaptación?",
                options=YES_NO,
            ),
            _likert(
                "accommodation_met",
                "My accommodation was provided.",
                "Me dieron la adaptación que pedí.",
                show_if=("accommodation", 1),
            ),
            _text("comments", "Anything else we should know?", "¿Algo más que debamos saber?"),
        ),
    ),
    SurveyKind.EXIT_INTERVIEW: Template(
        SurveyKind.EXIT_INTERVIEW,
        "Exit interview",
        "Entrevista de salida",
        "Thank you for your service. Your answers help us keep good people.",
        "Gracias por su servicio. Sus respuestas nos ayudan a retener a buenas personas.",
        50,
        (
            QuestionDef(
                "main_reason",
                QuestionKind.SINGLE,
                "What is the main reason you are leaving?",
                "¿Cuál es el motivo principal por el que se va?",
                options=EXIT_REASONS,
                required=True,
            ),
            QuestionDef(
                "other_reasons",
                QuestionKind.MULTIPLE,
                "Did any of these also play a part?",
                "¿Influyó también alguno de estos motivos?",
                options=EXIT_REASONS,
            ),
            _likert(
                "supported",
                "My supervisor supported me.",
                "Mi supervisor me apoyó.",
            ),
            _likert(
                "return",
                "I would consider working here again.",
                "Consideraría volver a trabajar aquí.",
            ),
            _text(
                "change",
                "What could we have done to keep you?",
                "¿Qué pudimos haber hecho para que se quedara?",
            ),
        ),
    ),
    SurveyKind.TRAINING_EVALUATION: Template(
        SurveyKind.TRAINING_EVALUATION,
        "Training evaluation",
        "Evaluación de la capacitación",
        "Tell us how useful the training was.",
        "Cuéntenos qué tan útil fue la capacitación.",
        60,
        (
            _likert(
                "effective",
                "How effective was the training?",
                "¿Qué tan eficaz fue la capacitación?",
                scale=EFFECTIVE,
                required=True,
            ),
            QuestionDef(
                "confidence",
                QuestionKind.SCALE_0_4,
                "I can apply what I learned in my next interview panel.",
                "Puedo aplicar lo que aprendí en mi próximo panel de entrevistas.",
                options=EXTENT,
                favourable_from=3,
            ),
            _text("improve", "How could the training improve?", "¿Cómo podría mejorar?"),
        ),
    ),
    SurveyKind.PILOT_FEEDBACK: Template(
        SurveyKind.PILOT_FEEDBACK,
        "Pilot feedback",
        "Opiniones sobre el piloto",
        "You took part in a pilot. Tell us what worked.",
        "Usted participó en un piloto. Cuéntenos qué funcionó.",
        25,
        (
            _likert(
                "worked",
                "The pilot worked well for me.",
                "El piloto funcionó bien para mí.",
                required=True,
            ),
            _likert(
                "continue",
                "The pilot should continue.",
                "El piloto debería continuar.",
            ),
            _text("comments", "What should change?", "¿Qué debería cambiar?"),
        ),
    ),
    SurveyKind.PARTICIPANT_SATISFACTION: Template(
        SurveyKind.PARTICIPANT_SATISFACTION,
        "Participant satisfaction",
        "Satisfacción de los participantes",
        "Tell us about your time in the program.",
        "Cuéntenos sobre su experiencia en el programa.",
        50,
        (
            _likert(
                "overall",
                "How satisfied are you with the program?",
                "¿Qué tan satisfecho está con el programa?",
                scale=SATISFIED,
                required=True,
            ),
            QuestionDef(
                "ready",
                QuestionKind.SCALE_0_4,
                "I feel ready for a permanent job.",
                "Me siento listo para un trabajo permanente.",
                options=EXTENT,
                favourable_from=3,
            ),
            _likert(
                "coach",
                "My case manager helped me reach my goals.",
                "Mi administrador de casos me ayudó a alcanzar mis metas.",
            ),
            _text(
                "improve",
                "What would make the program better?",
                "¿Qué haría mejor al programa?",
            ),
        ),
    ),
    SurveyKind.EMPLOYER_SATISFACTION: Template(
        SurveyKind.EMPLOYER_SATISFACTION,
        "Employer partner satisfaction",
        "Satisfacción de los empleadores aliados",
        "Tell us how the partnership is going.",
        "Cuéntenos cómo va la colaboración.",
        50,
        (
            _likert(
                "overall",
                "How satisfied are you with the partnership?",
                "¿Qué tan satisfecho está con la colaboración?",
                scale=SATISFIED,
                required=True,
            ),
            _likert(
                "candidates",
                "The candidates referred to us were well prepared.",
                "Los candidatos que nos enviaron estaban bien preparados.",
            ),
            QuestionDef(
                "hires",
                QuestionKind.NUMBER,
                "How many people from the program did you hire this year?",
                "¿Cuántas personas del programa contrató este año?",
            ),
            _text(
                "improve",
                "How could we serve you better?",
                "¿Cómo podríamos atenderle mejor?",
            ),
        ),
    ),
}
