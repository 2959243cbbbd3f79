"""Supervision: agreements, session records with shared and private notes, actions, and reminders."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from attune.accounts.models import Membership, Role, User
from attune.reflection.models import (
    AgreementStatus,
    PrivateNote,
    SupervisionAction,
    SupervisionAgreement,
    SupervisionSession,
)

DEFAULT_CONFIDENTIALITY = (
    "What we discuss stays between us, with these limits: if either of us is worried that someone is at "
    "risk of serious harm, or about fitness to practise, we will say so and agree together who needs to "
    "know, unless waiting would put someone at risk."
)
DEFAULT_RECORD_KEEPING = (
    "We record the date of each session, brief shared notes and the actions we agree. Each of us may keep "
    "private notes that the other does not see. Records are kept in Attune and can be exported by either of us."
)
NEXT_SESSION_NOTICE = timedelta(days=2)


# Access: an agreement, its sessions and actions belong to its two people only.


def agreements_for(user):
    """Agreements the person is party to, while both people still belong to its organisation."""
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return (
        SupervisionAgreement.objects.filter(Q(supervisor=user) | Q(supervisee=user), organisation_id__in=organisations)
        .filter(supervisor__memberships__organisation=models.F("organisation"))
        .filter(supervisee__memberships__organisation=models.F("organisation"))
        .distinct()
        .select_related("supervisor", "supervisee")
    )


def get_agreement_or_404(user, pk) -> SupervisionAgreement:
    agreement = agreements_for(user).filter(pk=pk).first()
    if agreement is None:
        raise Http404("No such agreement")
    return agreement


def sessions_for(user):
    return SupervisionSession.objects.filter(Q(agreement__supervisor=user) | Q(agreement__supervisee=user))


def get_session_or_404(user, pk) -> SupervisionSession:
    session = (
        SupervisionSession.objects.filter(pk=pk, agreement__in=agreements_for(user))
        .select_related("agreement__supervisor", "agreement__supervisee")
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def supervisee_choices(supervisor):
    """People a supervisor can offer an agreement to: anyone in an organisation where they supervise."""
    organisations = Membership.objects.filter(user=supervisor, role=Role.SUPERVISOR).values("organisation_id")
    return User.objects.filter(memberships__organisation_id__in=organisations).exclude(pk=supervisor.pk).distinct()


# Writes.


def agreement_propose(*, supervisor, supervisee, **terms) -> SupervisionAgreement:
    membership = Membership.objects.filter(
        user=supervisor,
        role=Role.SUPERVISOR,
        organisation__memberships__user=supervisee,
    ).first()
    if membership is None:
        raise ValueError("the supervisor does not supervise in the supervisee's organisation")
    return SupervisionAgreement.objects.create(
        organisation_id=membership.organisation_id, supervisor=supervisor, supervisee=supervisee, **terms
    )


def agreement_accept(*, agreement: SupervisionAgreement, supervisee) -> None:
    if supervisee.pk != agreement.supervisee_id or agreement.status != AgreementStatus.PROPOSED:
        raise Http404("Nothing to agree")
    agreement.status = AgreementStatus.AGREED
    agreement.agreed_at = timezone.now()
    agreement.save(update_fields=["status", "agreed_at"])


def session_record(
    *, agreement: SupervisionAgreement, by, held_on, shared_notes: str, private_note: str, next_on, actions
) -> SupervisionSession:
    """Record a session; `actions` is a list of (description, owner, due_on)."""
    with transaction.atomic():
        session = SupervisionSession.objects.create(
            agreement=agreement, held_on=held_on, shared_notes=shared_notes, next_on=next_on
        )
        if private_note.strip():
            PrivateNote.objects.create(session=session, author=by, text=private_note.strip())
        for description, owner, due_on in actions:
            SupervisionAction.objects.create(session=session, description=description, owner=owner, due_on=due_on)
    return session


def private_note_save(*, session: SupervisionSession, author, text: str) -> None:
    if text.strip():
        PrivateNote.objects.update_or_create(session=session, author=author, defaults={"text": text.strip()})
    else:
        PrivateNote.objects.filter(session=session, author=author).delete()


def action_done(*, action: SupervisionAction) -> None:
    action.done_at = timezone.now()
    action.save(update_fields=["done_at"])


def reminders_send(*, today=None) -> int:
    """Remind both people of a session due within two days, and owners of overdue actions, once each.

    Run it daily (cron, or the worker's schedule once there is one)."""
    today = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    upcoming = SupervisionSession.objects.filter(
        next_reminded_at=None,
        next_on__gte=today,
        next_on__lte=today + NEXT_SESSION_NOTICE,
        agreement__status=AgreementStatus.AGREED,
    ).select_related("agreement__supervisor", "agreement__supervisee")
    for session in upcoming:
        if not SupervisionSession.objects.filter(pk=session.pk, next_reminded_at=None).update(next_reminded_at=now):
            continue  # another run claimed it
        for person in (session.agreement.supervisor, session.agreement.supervisee):
            send_mail(
                "Supervision coming up",
                f"Hello {person.display_name},\n\nYour next supervision session is on {session.next_on:%A %-d %B}."
                f"\n\n{settings.SITE_URL}/reflect/supervision/{session.agreement_id}/\n\nAttune",
                None,
                [person.email],
            )
            sent += 1
    overdue = SupervisionAction.objects.filter(
        done_at=None, overdue_reminded_at=None, due_on__lt=today, session__agreement__status=AgreementStatus.AGREED
    ).select_related("owner", "session")
    for action in overdue:
        if not SupervisionAction.objects.filter(pk=action.pk, overdue_reminded_at=None).update(overdue_reminded_at=now):
            continue
        # The email names no content: the action itself is read in Attune.
        send_mail(
            "A supervision action is overdue",
            f"Hello {action.owner.display_name},\n\nAn action you agreed in supervision was due on "
            f"{action.due_on:%-d %B}.\n\n{settings.SITE_URL}/reflect/supervision/{action.session.agreement_id}/"
            "\n\nAttune",
            None,
            [action.owner.email],
        )
        sent += 1
    return sent
