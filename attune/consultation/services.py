"""Every write to consultations: requests, acceptance, formulation, plan, meetings and actions."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from attune.accounts.models import Membership, Role
from attune.audit.models import AuditAction
from attune.audit.services import audit_record
from attune.consultation.models import Action, Consultation, Meeting, Status


def consultation_request(*, organisation, challenge: str, team=None, requested_by=None, **contact) -> Consultation:
    with transaction.atomic():
        consultation = Consultation.objects.create(
            organisation=organisation, team=team, requested_by=requested_by, challenge=challenge, **contact
        )
        audit_record(actor=requested_by, action=AuditAction.CREATED, obj=consultation, organisation=organisation)
        transaction.on_commit(lambda: _tell_facilitators(consultation.pk))
    return consultation


def _tell_facilitators(consultation_id: int) -> None:
    consultation = Consultation.objects.select_related("organisation").get(pk=consultation_id)
    emails = list(
        Membership.objects.filter(organisation=consultation.organisation, role=Role.FACILITATOR)
        .values_list("user__email", flat=True)
        .distinct()
    )
    if emails:
        # The email says only that there is a request: its content is read in Attune.
        send_mail(
            "A team has asked for help",
            f"A new consultation request has arrived for {consultation.organisation.name}.\n\n"
            f"{settings.SITE_URL}/consult/{consultation.pk}/\n\nAttune",
            None,
            emails,
        )


def consultation_respond(*, consultation: Consultation, facilitator, accept: bool) -> None:
    consultation.status = Status.ACCEPTED if accept else Status.DECLINED
    consultation.facilitator = facilitator if accept else None
    consultation.save(update_fields=["status", "facilitator", "updated_at"])
    audit_record(
        actor=facilitator, action=AuditAction.CHANGED, obj=consultation, organisation=consultation.organisation,
        detail="accepted" if accept else "declined",
    )  # fmt: skip


def consultation_update(*, consultation: Consultation, actor, **fields) -> None:
    for name, value in fields.items():
        setattr(consultation, name, value)
    consultation.save()
    audit_record(actor=actor, action=AuditAction.CHANGED, obj=consultation, organisation=consultation.organisation)


def meeting_add(*, consultation: Consultation, starts_at, place: str) -> Meeting:
    return Meeting.objects.create(consultation=consultation, starts_at=starts_at, place=place)


def action_add(*, consultation: Consultation, description: str, owner: str, due_on) -> Action:
    return Action.objects.create(consultation=consultation, description=description, owner=owner, due_on=due_on)


def action_set_status(*, action: Action, status: str) -> None:
    action.status = status
    action.save(update_fields=["status"])
