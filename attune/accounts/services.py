"""Every change to people, organisations, teams and roles goes through these functions."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from attune.accounts import personal_data
from attune.accounts.models import (
    ORGANISATION_ROLES,
    TEAM_ROLES,
    Invitation,
    Membership,
    Organisation,
    Role,
    Team,
    User,
    normalise_email,
)
from attune.audit.models import AuditAction
from attune.audit.services import audit_record


class InvitationUnusable(Exception):
    """The invitation link is expired, used or withdrawn. The message says which, in plain words."""


# What a person is told when an invitation link cannot be used, by the invitation's status.
UNUSABLE_REASONS = {
    "accepted": "This invitation has already been used. If it was you, sign in with your email address.",
    "revoked": "This invitation was withdrawn. Ask the person who invited you for a new one.",
    "expired": "This invitation has expired. Ask the person who invited you to send a new one.",
}


def _check_role_placement(*, organisation: Organisation, team: Team | None, role: str) -> None:
    if role in TEAM_ROLES and team is None:
        raise ValidationError({"team": "Choose the team this person will join."})
    if role in ORGANISATION_ROLES and team is not None:
        raise ValidationError({"team": "This role covers the whole organisation: leave the team empty."})
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "That team belongs to another organisation."})


def team_create(*, organisation: Organisation, name: str, actor: User) -> Team:
    name = name.strip()
    if Team.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": f"{organisation.name} already has a team called {name}."})
    base = slugify(name)[:70] or "team"
    slug, n = base, 2
    while Team.objects.filter(organisation=organisation, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    try:
        with transaction.atomic():
            team = Team.objects.create(organisation=organisation, name=name, slug=slug)
            audit_record(
                actor=actor, action=AuditAction.CREATED, obj=team, organisation=organisation, detail="team created"
            )
    except IntegrityError:
        # The same team sent twice at once: the second request loses the race and says why.
        raise ValidationError({"name": f"{organisation.name} already has a team called {name}."}) from None
    return team


def team_rename(*, team: Team, name: str, actor: User) -> Team:
    name = name.strip()
    clash = Team.objects.filter(organisation=team.organisation, name__iexact=name).exclude(pk=team.pk)
    if clash.exists():
        raise ValidationError({"name": f"{team.organisation.name} already has a team called {name}."})
    with transaction.atomic():
        team.name = name
        team.save(update_fields=["name"])
        audit_record(
            actor=actor, action=AuditAction.CHANGED, obj=team, organisation=team.organisation, detail="team renamed"
        )
    return team


def membership_grant(
    *, user: User, organisation: Organisation, role: str, team: Team | None = None, actor: User | None
) -> Membership:
    """Give a person a role. Granting a role they already hold changes nothing and returns it."""
    _check_role_placement(organisation=organisation, team=team, role=role)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, team=team, role=role
        )
        if created:
            audit_record(
                actor=actor,
                action=AuditAction.CREATED,
                obj=membership,
                organisation=organisation,
                detail=f"{role} granted",
            )
    return membership


def membership_revoke(*, membership: Membership, actor: User) -> None:
    """Take a role away. An organisation always keeps at least one admin."""
    with transaction.atomic():
        # Lock the organisation's admin rows so that two admins removing each other at the same moment
        # cannot both succeed and leave the organisation with none.
        admins = list(
            Membership.objects.select_for_update()
            .filter(organisation_id=membership.organisation_id, role=Role.ORG_ADMIN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if membership.role == Role.ORG_ADMIN and admins == [membership.pk]:
            raise ValidationError(
                f"{membership.user} is the only admin of {membership.organisation}. Make someone else an admin first."
            )
        audit_record(
            actor=actor,
            action=AuditAction.DELETED,
            obj=membership,
            organisation=membership.organisation,
            detail=f"{membership.role} removed",
        )
        membership.delete()


def invitation_create(
    *, organisation: Organisation, email: str, role: str, team: Team | None, invited_by: User
) -> tuple[Invitation, str]:
    """Create an invitation and email its link once the transaction commits. Returns it and the token."""
    email = normalise_email(email)
    _check_role_placement(organisation=organisation, team=team, role=role)
    existing = User.objects.filter(email=email).first()
    if existing and Membership.objects.filter(user=existing, organisation=organisation, team=team, role=role).exists():
        raise ValidationError({"email": f"{email} already has this role here."})
    if Invitation.objects.pending().filter(organisation=organisation, email=email, team=team, role=role).exists():
        raise ValidationError({"email": f"{email} already has an invitation for this role waiting to be accepted."})
    token, token_hash = Invitation.new_token()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            team=team,
            role=role,
            email=email,
            token_hash=token_hash,
            invited_by=invited_by,
            expires_at=Invitation.default_expiry(),
        )
        audit_record(
            actor=invited_by,
            action=AuditAction.CREATED,
            obj=invitation,
            organisation=organisation,
            detail="invitation sent",
        )
        transaction.on_commit(lambda: _send_invitation_email(invitation, token, has_account=existing is not None))
    return invitation, token


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])


def _send_invitation_email(invitation: Invitation, token: str, *, has_account: bool) -> None:
    context = {"invitation": invitation, "url": invitation_url(token), "has_account": has_account}
    send_mail(
        subject=f"You are invited to join {invitation.organisation.name} on Attune",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            raise ValidationError(f"This invitation is already {invitation.status}.")
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGED,
            obj=invitation,
            organisation=invitation.organisation,
            detail="invitation withdrawn",
        )


def _claim_invitation(token: str) -> Invitation:
    """Lock the invitation row and check it can still be used; raise InvitationUnusable if not."""
    found = Invitation.objects.find_by_token(token)
    if found is None:
        raise InvitationUnusable("This invitation link is not valid. Check you copied the whole link.")
    # Lock only the invitation row: PostgreSQL cannot lock the nullable side of the team join.
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("organisation", "team").get(pk=found.pk)
    )
    if invitation.status in UNUSABLE_REASONS:
        raise InvitationUnusable(UNUSABLE_REASONS[invitation.status])
    return invitation


def _complete_invitation(invitation: Invitation, user: User) -> Membership:
    membership = membership_grant(
        user=user, organisation=invitation.organisation, role=invitation.role, team=invitation.team, actor=None
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        action=AuditAction.CHANGED,
        obj=invitation,
        organisation=invitation.organisation,
        detail="invitation accepted",
    )
    return membership


def invitation_accept_new_account(*, token: str, display_name: str, profession: str, password: str) -> User:
    """Create the invited person's account with the password they chose, and their membership."""
    with transaction.atomic():
        invitation = _claim_invitation(token)
        if User.objects.filter(email=invitation.email).exists():
            raise InvitationUnusable("An account with this email address already exists. Sign in to accept.")
        try:
            user = User.objects.create_user(
                invitation.email, password, display_name=display_name.strip(), profession=profession
            )
        except IntegrityError:
            raise InvitationUnusable("An account with this email address already exists. Sign in to accept.") from None
        _complete_invitation(invitation, user)
    return user


def invitation_accept_existing_account(*, token: str, user: User) -> Membership:
    """Add a role to an account that already exists; the invitation must be addressed to that account."""
    with transaction.atomic():
        invitation = _claim_invitation(token)
        if invitation.email != user.email:
            raise InvitationUnusable(
                "This invitation was sent to a different email address from the one you are signed in with."
            )
        return _complete_invitation(invitation, user)


class OutsideAuthority(ValidationError):
    pass


def two_factor_reset(*, user: User, organisation: Organisation, actor: User) -> int:
    """Remove a person's authenticator apps (for example after a lost phone). They set up a new one
    the next time they sign in, if their role needs it. Returns how many devices were removed.

    An authenticator protects the whole account, so one organisation's admin may reset it only for a
    person who belongs to that organisation alone; otherwise another organisation's protection would
    be lifted without its knowledge.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if user.is_superuser or Membership.objects.filter(user=user).exclude(organisation=organisation).exists():
        raise OutsideAuthority(
            f"{user.display_name} also works with another organisation in Attune, so their two-factor sign-in "
            "cannot be reset from here. Ask your Attune system administrator."
        )
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if removed:
            audit_record(
                actor=actor, action=AuditAction.DELETED, obj=user, organisation=organisation, detail="two-factor reset"
            )
    return removed


def profile_update(*, user: User, display_name: str, profession: str) -> User:
    user.display_name = display_name.strip()
    user.profession = profession
    user.save(update_fields=["display_name", "profession"])
    return user


@dataclass
class SoleAdminError(Exception):
    organisations: list[Organisation]

    def __str__(self):
        names = ", ".join(o.name for o in self.organisations)
        return f"You are the only admin of {names}. Make someone else an admin before you delete your account."


def account_delete(*, user: User) -> None:
    """Delete a person's account and everything they wrote.

    Each capability erases or detaches its own records through the personal-data registry; records
    that feed aggregates (for example anonymous survey answers) are kept without any link to the person.
    """
    with transaction.atomic():
        # Lock the admin rows of every organisation this person administers, as membership_revoke does,
        # so that two admins leaving at the same moment cannot leave an organisation with none.
        administered = Membership.objects.filter(user=user, role=Role.ORG_ADMIN).values("organisation_id")
        list(
            Membership.objects.select_for_update()
            .filter(organisation_id__in=administered, role=Role.ORG_ADMIN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        sole = [
            m.organisation
            for m in Membership.objects.select_related("organisation").filter(user=user, role=Role.ORG_ADMIN)
            if not Membership.objects.filter(organisation=m.organisation, role=Role.ORG_ADMIN)
            .exclude(user=user)
            .exists()
        ]
        if sole:
            raise SoleAdminError(sole)
        for organisation in Organisation.objects.filter(memberships__user=user).distinct():
            audit_record(
                actor=user, action=AuditAction.DELETED, obj=user, organisation=organisation, detail="account deleted"
            )
        personal_data.erase_for(user)
        user.delete()
