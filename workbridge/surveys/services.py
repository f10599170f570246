"""Writes for surveys: instruments and versions, waves and invitations, and responses."""

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.surveys.catalogue import TEMPLATES
from workbridge.surveys.models import (
    OPTION_KINDS,
    Answer,
    Invitation,
    InvitationStatus,
    Language,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseSource,
    Survey,
    SurveyVersion,
    VersionStatus,
    Wave,
)
from workbridge.surveys.tallies import tally_response

MAX_INVITATIONS_PER_UPLOAD = 100_000


class LinkRefused(Exception):
    """A link that cannot take a response: unknown, expired, not open yet, or used."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "unknown", "expired", "not_open", "used"


# Instruments and versions ------------------------------------------------------------------


@transaction.atomic
def survey_create_from_template(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    anonymous: bool,
    by: User,
    title_es: str = "",
) -> Survey:
    """A new survey of a kind, its first draft version filled from the kind's template."""
    template = TEMPLATES[kind]
    survey = Survey.objects.create(
        organisation=organisation,
        title=title or template.title_en,
        title_es=title_es or template.title_es,
        kind=kind,
        anonymous=anonymous,
        target_rate=template.target_rate,
        created_by=by,
    )
    version = SurveyVersion.objects.create(
        survey=survey, number=1, intro_en=template.intro_en, intro_es=template.intro_es
    )
    by_key: dict[str, Question] = {}
    for position, q in enumerate(template.questions, start=1):
        question = Question.objects.create(
            version=version,
            position=position,
            key=q.key,
            kind=q.kind,
            text_en=q.en,
            text_es=q.es,
            required=q.required,
            reverse_scored=q.reverse,
            scale_min=q.scale[0],
            scale_max=q.scale[1],
            favourable_from=q.favourable_from,
            show_if_question=by_key[q.show_if[0]] if q.show_if else None,
            show_if_value=q.show_if[1] if q.show_if else None,
        )
        Option.objects.bulk_create(
            Option(question=question, value=v, label_en=en, label_es=es) for v, en, es in q.options
        )
        by_key[q.key] = question
    audit_record(actor=by, action=AuditAction.CREATE, obj=survey, detail=f"from template {kind}")
    return survey


def _require_draft(version: SurveyVersion) -> None:
    if version.is_published:
        raise ValidationError(
            _("Version %(n)s is published and cannot change: make a new version to edit it.")
            % {"n": version.number},
            code="published",
        )


def parse_options(text: str, *, kind: str) -> list[tuple[int, str, str]]:
    """Option lines "English | Spanish", numbered from 1 (from 0 on a 0-4 scale)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    start = 0 if kind == QuestionKind.SCALE_0_4 else 1
    options = []
    for n, line in enumerate(lines, start=1):
        english, sep, spanish = line.partition("|")
        if not sep or not english.strip() or not spanish.strip():
            raise ValidationError(
                _("Option line %(n)s needs an English and a Spanish label: “English | Spanish”.")
                % {"n": n},
                code="option_line",
            )
        options.append((start + n - 1, english.strip()[:200], spanish.strip()[:200]))
    if kind in OPTION_KINDS and len(options) < 2:
        raise ValidationError(_("Give at least two options, one a line."), code="options")
    if kind == QuestionKind.SCALE_0_4 and len(options) != 5:
        raise ValidationError(_("A 0–4 scale has five labels, for 0 to 4."), code="options")
    if kind not in OPTION_KINDS and options:
        raise ValidationError(_("Only choice and scale questions have options."), code="options")
    return options


@transaction.atomic
def question_save(
    *,
    version: SurveyVersion,
    data: Mapping[str, Any],
    options: list[tuple[int, str, str]],
    by: User,
    question: Question | None = None,
) -> Question:
    """Add or change a question of a draft version, with its options and skip rule."""
    _require_draft(version)
    condition = data.get("show_if_question")
    if condition is not None:
        if condition.version_id != version.pk or condition.kind != QuestionKind.SINGLE:
            raise ValidationError(
                _("A question can depend only on a single-choice question of this version."),
                code="skip_rule",
            )
        if question is not None and condition.pk == question.pk:
            raise ValidationError(_("A question cannot depend on itself."), code="skip_rule")
        if data.get("show_if_value") not in {o.value for o in condition.options.all()}:
            raise ValidationError(
                _("Choose the number of one of that question's options."), code="skip_rule"
            )
    if data["kind"] == QuestionKind.RATING and data["scale_min"] >= data["scale_max"]:
        raise ValidationError(_("The highest rating must be above the lowest."), code="scale")
    fields = [
        "key",
        "kind",
        "text_en",
        "text_es",
        "required",
        "reverse_scored",
        "scale_min",
        "scale_max",
        "favourable_from",
        "show_if_question",
        "show_if_value",
    ]
    created = question is None
    if question is None:
        last = version.questions.order_by("-position").values_list("position", flat=True).first()
        question = Question(version=version, position=(last or 0) + 1)
    wanted = {name: data.get(name) for name in fields}
    if condition is None:
        wanted["show_if_value"] = None
    changed = [name for name in fields if getattr(question, name) != wanted[name]]
    for name in changed:
        setattr(question, name, wanted[name])
    if version.questions.filter(key=question.key).exclude(pk=question.pk).exists():
        raise ValidationError(_("Another question of this version has that key."), code="key")
    if created:
        question.save()
    elif changed:
        question.save(update_fields=changed)
    question.options.all().delete()
    Option.objects.bulk_create(
        Option(question=question, value=v, label_en=en, label_es=es) for v, en, es in options
    )
    audit_record(actor=by, action=AuditAction.UPDATE, obj=version.survey, detail=question.key)
    return question


@transaction.atomic
def question_delete(*, question: Question, by: User) -> None:
    """Remove a question from a draft version; questions shown depending on its answer are
    then always shown."""
    _require_draft(question.version)
    survey = question.version.survey
    key = question.key
    Question.objects.filter(show_if_question=question).update(
        show_if_question=None, show_if_value=None
    )
    question.delete()
    audit_record(actor=by, action=AuditAction.UPDATE, obj=survey, detail=f"removed {key}")


@transaction.atomic
def version_publish(*, version: SurveyVersion, by: User) -> SurveyVersion:
    """Freeze a draft: from now on its questions never change."""
    version = SurveyVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    if not version.questions.exists():
        raise ValidationError(_("Add a question before publishing."), code="empty")
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=version.survey,
        detail=f"published v{version.number}",
    )
    return version


@transaction.atomic
def version_new_draft(*, survey: Survey, by: User) -> SurveyVersion:
    """The next version, a draft copy of the newest one (which must be published)."""
    latest = survey.versions.select_for_update().order_by("-number").first()
    if latest is None or not latest.is_published:
        raise ValidationError(_("The newest version is still a draft: edit it."), code="draft")
    draft = SurveyVersion.objects.create(
        survey=survey,
        number=latest.number + 1,
        intro_en=latest.intro_en,
        intro_es=latest.intro_es,
    )
    copies: dict[int, Question] = {}
    for old in latest.questions.prefetch_related("options").order_by("position", "pk"):
        options = list(old.options.all())
        condition = copies.get(old.show_if_question_id) if old.show_if_question_id else None
        old_pk = old.pk
        old.pk = None
        old.id = None
        old.version = draft
        old.show_if_question = condition
        if condition is None:
            old.show_if_value = None
        old._state.adding = True
        old.save()
        Option.objects.bulk_create(
            Option(question=old, value=o.value, label_en=o.label_en, label_es=o.label_es)
            for o in options
        )
        copies[old_pk] = old
    audit_record(actor=by, action=AuditAction.CREATE, obj=survey, detail=f"v{draft.number}")
    return draft


@transaction.atomic
def survey_settings_save(*, survey: Survey, data: Mapping[str, Any], by: User) -> Survey:
    """Title, anonymity and target. Anonymity is fixed once a wave has been sent."""
    if bool(data["anonymous"]) != survey.anonymous and survey.waves.exists():
        raise ValidationError(
            _("Anonymity cannot change once a wave exists: start a new survey."), code="anonymous"
        )
    changed = [
        name
        for name in ("title", "title_es", "anonymous", "target_rate")
        if getattr(survey, name) != data[name]
    ]
    if not changed:
        return survey
    for name in changed:
        setattr(survey, name, data[name])
    survey.save(update_fields=changed)
    audit_record(actor=by, action=AuditAction.UPDATE, obj=survey, fields=changed)
    return survey


# Waves and invitations ---------------------------------------------------------------------


@transaction.atomic
def wave_create(
    *,
    survey: Survey,
    name: str,
    opens_on: date,
    closes_on: date,
    target_rate: int,
    by: User,
) -> Wave:
    """A wave of the newest published version."""
    version = survey.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
    if version is None:
        raise ValidationError(_("Publish a version before sending the survey."), code="draft")
    if closes_on < opens_on:
        raise ValidationError(_("The links must expire after the wave opens."), code="dates")
    wave = Wave.objects.create(
        organisation=survey.organisation,
        survey=survey,
        version=version,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        target_rate=target_rate,
        created_by=by,
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=wave)
    return wave


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str = ""
    language: str = Language.ENGLISH
    department: str = ""
    job_title: str = ""
    group: str = ""
    # The person's id in another system (an applicant id), to look them up; never stored.
    key: str = ""


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


class AddressListRefused(ValidationError):
    """An address list with bad rows: nothing was added; each problem names its row."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(
            [
                _("Row %(row)s, column “%(column)s”: %(message)s")
                % {"row": p.row, "column": p.column, "message": p.message}
                for p in problems
            ]
        )
        self.problems = problems


COLUMNS = ("email", "name", "language", "department", "job_title", "group")


def address_list_parse(content: bytes, *, key_column: str = "") -> list[Invitee]:
    """Read a CSV of addresses (email, name, language, department, job_title, group),
    checking every row; AddressListRefused names each bad row and column.

    With `key_column` (for example "applicant_id") that column is required in every row
    and kept on each invitee as its `key`; the invitees are in the file's row order.
    """
    columns = (*COLUMNS, key_column) if key_column else COLUMNS
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AddressListRefused([RowProblem(1, "", _("the file is not UTF-8 text"))]) from exc
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("email", key_column) if c and c not in headers]
    if missing:
        raise AddressListRefused(
            [RowProblem(1, c, _("there is no “%(c)s” column") % {"c": c}) for c in missing]
        )
    unknown = [h for h in headers if h not in columns]
    if unknown:
        raise AddressListRefused(
            [
                RowProblem(1, h, _("unknown column; use %(c)s") % {"c": ", ".join(columns)})
                for h in unknown
            ]
        )
    reader.fieldnames = headers
    problems: list[RowProblem] = []
    invitees: list[Invitee] = []
    seen: dict[str, int] = {}
    for row_number, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k}
        email = values.get("email", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(RowProblem(row_number, "email", _("not an e-mail address")))
        else:
            if email in seen:
                problems.append(
                    RowProblem(
                        row_number,
                        "email",
                        _("the same address as row %(row)s") % {"row": seen[email]},
                    )
                )
            seen.setdefault(email, row_number)
        key = values.get(key_column, "") if key_column else ""
        if key_column and not key:
            problems.append(RowProblem(row_number, key_column, _("empty")))
        language = (values.get("language") or "en").lower()
        if language not in Language.values:
            problems.append(RowProblem(row_number, "language", _("use en or es")))
        for column, limit in (
            ("name", 160),
            ("department", 120),
            ("job_title", 160),
            ("group", 60),
        ):
            if len(values.get(column, "")) > limit:
                problems.append(
                    RowProblem(row_number, column, _("longer than %(n)s characters") % {"n": limit})
                )
        invitees.append(
            Invitee(
                email=email,
                name=values.get("name", ""),
                language=language,
                department=values.get("department", ""),
                job_title=values.get("job_title", ""),
                group=values.get("group", ""),
                key=key,
            )
        )
        if len(invitees) > MAX_INVITATIONS_PER_UPLOAD:
            problems.append(RowProblem(row_number, "", _("too many rows")))
            break
    if not invitees and not problems:
        problems.append(RowProblem(2, "email", _("the list has no addresses")))
    if problems:
        raise AddressListRefused(problems)
    return invitees


@transaction.atomic
def invitations_add(*, wave: Wave, invitees: Iterable[Invitee], by: User) -> int:
    """Invite people to a wave (each address once a wave); returns how many were added."""
    existing = set(wave.invitations.values_list("email", flat=True))
    rows = []
    for person in invitees:
        if person.email in existing:
            continue
        existing.add(person.email)
        nonce = Invitation.new_nonce()
        rows.append(
            Invitation(
                wave=wave,
                nonce=nonce,
                digest=Invitation.digest_of(Invitation.token_for(nonce)),
                email=person.email,
                name=person.name,
                language=person.language,
                department=person.department,
                job_title=person.job_title,
                group=person.group,
            )
        )
    Invitation.objects.bulk_create(rows, batch_size=2000)
    audit_record(
        actor=by, action=AuditAction.CREATE, obj=wave, detail=f"{len(rows)} invitations added"
    )
    return len(rows)


def invitees_from_participants(organisation: Organisation) -> list[Invitee]:
    """The organisation's participants who have an e-mail address, in their language."""
    from workbridge.people.models import Participant

    rows = (
        Participant.objects.filter(organisation=organisation)
        .exclude(email="")
        .values_list("email", "first_name", "last_name", "preferred_language")
    )
    return [
        Invitee(
            email=email.lower(),
            name=f"{first} {last}".strip(),
            language=lang if lang in Language.values else "en",
        )
        for email, first, last, lang in rows
    ]


def invitees_from_contacts(organisation: Organisation) -> list[Invitee]:
    """Employer contacts with an e-mail address who have not opted out."""
    from workbridge.employers.models import Contact

    rows = (
        Contact.objects.filter(employer__organisation=organisation, email_opt_out=False)
        .exclude(email="")
        .values_list("email", "name", "preferred_language", "employer__name")
    )
    return [
        Invitee(
            email=email.lower(),
            name=name,
            language=lang if lang in Language.values else "en",
            department=employer[:120],
        )
        for email, name, lang, employer in rows
    ]


def invitation_link(invitation: Invitation, link_base: str) -> str:
    """The address of an invitation's one-time response page, under `link_base`."""
    return link_base.rstrip("/") + reverse("surveys:respond", args=[invitation.token])


def _message(invitation: Invitation, link_base: str, *, reminder: bool) -> EmailMessage:
    wave = invitation.wave
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "title": wave.survey.title_in(invitation.language),
            "link": invitation_link(invitation, link_base),
            "closes_on": wave.closes_on,
            "anonymous": wave.survey.anonymous,
            "reminder": reminder,
        }
        subject = (_("Reminder: %(title)s") if reminder else "%(title)s") % {
            "title": context["title"]
        }
        body = render_to_string("surveys/email/invitation.txt", context)
    return EmailMessage(subject=subject, body=body, to=[invitation.email])


def _send(invitations: list[Invitation], link_base: str, *, reminder: bool) -> None:
    mailers.default.send_messages([_message(i, link_base, reminder=reminder) for i in invitations])


def invitations_send(*, wave: Wave, link_base: str, by: User, limit: int = 5000) -> int:
    """E-mail every invitation of the wave not sent yet; returns how many were sent."""
    pending = list(
        wave.invitations.select_related("wave__survey")
        .filter(status=InvitationStatus.PENDING)
        .exclude(email="")
        .order_by("pk")[:limit]
    )
    if not pending:
        return 0
    _send(pending, link_base, reminder=False)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(
            pk__in=[i.pk for i in pending], status=InvitationStatus.PENDING
        ).update(status=InvitationStatus.SENT, sent_at=now)
        audit_record(
            actor=by, action=AuditAction.UPDATE, obj=wave, detail=f"{len(pending)} invitations sent"
        )
    return len(pending)


def invitations_remind(
    *,
    wave: Wave,
    link_base: str,
    by: User,
    limit: int = 5000,
    not_since: datetime | None = None,
) -> int:
    """E-mail a reminder to everyone sent a link who has not answered, while it is open.

    Nobody reminded at or after `not_since` (the start of this round of reminders) is
    reminded again, so a round sent in batches reaches each person once.
    """
    if wave.closes_on < timezone.localdate():
        raise ValidationError(_("The wave has closed: its links have expired."), code="closed")
    waiting = wave.invitations.select_related("wave__survey").filter(
        status__in=[InvitationStatus.SENT, InvitationStatus.STARTED]
    )
    if not_since is not None:
        waiting = waiting.filter(
            Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=not_since)
        )
    batch = list(waiting.exclude(email="").order_by("pk")[:limit])
    if not batch:
        return 0
    _send(batch, link_base, reminder=True)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(pk__in=[i.pk for i in batch]).exclude(
            status=InvitationStatus.RESPONDED
        ).update(reminders=F("reminders") + 1, last_reminded_at=now)
        audit_record(
            actor=by, action=AuditAction.UPDATE, obj=wave, detail=f"{len(batch)} reminders sent"
        )
    return len(batch)


# Responses ---------------------------------------------------------------------------------


def invitation_check(invitation: Invitation | None) -> Invitation:
    """The invitation if its link may still be answered; LinkRefused says why not."""
    if invitation is None:
        raise LinkRefused("unknown")
    if invitation.used:
        raise LinkRefused("used")
    today = timezone.localdate()
    if invitation.wave.closes_on < today:
        raise LinkRefused("expired")
    if invitation.wave.opens_on > today:
        raise LinkRefused("not_open")
    return invitation


def _answer_rows(response: Response, answers: Mapping[Question, Any]) -> list[Answer]:
    rows: list[Answer] = []
    for question, value in answers.items():
        if value is None or value == "" or value == []:
            continue
        if question.kind == QuestionKind.MULTIPLE:
            rows.extend(Answer(response=response, question=question, value=int(v)) for v in value)
        elif question.kind == QuestionKind.NUMBER:
            rows.append(Answer(response=response, question=question, number=Decimal(value)))
        elif question.kind == QuestionKind.TEXT:
            rows.append(Answer(response=response, question=question, text=str(value)))
        else:
            rows.append(Answer(response=response, question=question, value=int(value)))
    return rows


@transaction.atomic
def invitation_save_progress(*, invitation: Invitation, raw: Mapping[str, list[str]]) -> None:
    """Keep what the person has answered so far, to come back to through the same link."""
    locked = invitation_check(Invitation.objects.select_for_update().get(pk=invitation.pk))
    locked.partial = {k: v for k, v in raw.items() if k.startswith("q_")}
    locked.status = InvitationStatus.STARTED
    locked.save(update_fields=["partial", "status"])


@transaction.atomic
def response_submit(
    *, invitation: Invitation, answers: Mapping[Question, Any], language: str
) -> Response:
    """Record the one response a link allows. In an anonymous survey nothing on the
    response points back at the invitation, and no time of day is kept."""
    locked = invitation_check(
        Invitation.objects.select_related("wave", "wave__survey")
        .select_for_update()
        .get(pk=invitation.pk)
    )
    wave = locked.wave
    anonymous = wave.survey.anonymous
    response = Response.objects.create(
        wave=wave,
        version_id=wave.version_id,
        invitation=None if anonymous else locked,
        submitted_on=timezone.localdate(),
        department=locked.department,
        group=locked.group,
        language="" if anonymous else language,
        source=ResponseSource.LINK,
    )
    rows = Answer.objects.bulk_create(_answer_rows(response, answers))
    tally_response(response, rows)
    locked.status = InvitationStatus.RESPONDED
    locked.partial = {}
    locked.save(update_fields=["status", "partial"])
    return response


@transaction.atomic
def response_enter_paper(
    *,
    wave: Wave,
    answers: Mapping[Question, Any],
    language: str,
    department: str,
    group: str,
    by: User,
) -> Response:
    """A response given on paper, typed in by staff (never linked to a person)."""
    response = Response.objects.create(
        wave=wave,
        version_id=wave.version_id,
        submitted_on=timezone.localdate(),
        department=department,
        group=group,
        language="" if wave.survey.anonymous else language,
        source=ResponseSource.PAPER,
    )
    tally_response(response, Answer.objects.bulk_create(_answer_rows(response, answers)))
    # The audit names the wave, not the response: an anonymous response has no trail.
    audit_record(actor=by, action=AuditAction.CREATE, obj=wave, detail="paper response entered")
    return response
