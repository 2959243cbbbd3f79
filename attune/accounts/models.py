"""People, organisations, teams and the roles that join them."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone


def normalise_email(email: str) -> str:
    """Email addresses are compared without regard to case, so they are stored in lower case."""
    return (email or "").strip().lower()


class Profession(models.TextChoices):
    NURSE = "nurse", "Nurse"
    MIDWIFE = "midwife", "Midwife"
    DOCTOR = "doctor", "Doctor"
    AHP = "ahp", "Allied health professional"
    PSYCHOLOGIST = "psychologist", "Psychologist"
    SOCIAL_WORKER = "social_worker", "Social worker"
    STUDENT = "student", "Student"
    OTHER = "other", "Other"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email=normalise_email(email))

    def create_user(self, email, password=None, **extra):
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("display_name", "Administrator")
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("Email address", max_length=254, unique=True)
    display_name = models.CharField("Name", max_length=120)
    profession = models.CharField(max_length=20, choices=Profession.choices, default=Profession.OTHER)
    is_active = models.BooleanField(default=True)
    # Staff status only opens Django's admin, which is further limited to superusers.
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name


class OrganisationKind(models.TextChoices):
    NHS_TRUST = "nhs_trust", "NHS trust"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    OTHER = "other", "Other"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="team_slug_unique_in_org"),
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_org"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    TEAM_LEAD = "team_lead", "Team lead"
    FACILITATOR = "facilitator", "Facilitator"
    SUPERVISOR = "supervisor", "Supervisor"
    ORG_ADMIN = "org_admin", "Organisation admin"


# Members and team leads belong to a team; facilitators, supervisors and admins are granted a role
# across one organisation (a consultant facilitator holds one such membership per organisation).
TEAM_ROLES = (Role.MEMBER, Role.TEAM_LEAD)
ORGANISATION_ROLES = (Role.FACILITATOR, Role.SUPERVISOR, Role.ORG_ADMIN)


class MembershipQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def with_role(self, *roles):
        return self.filter(role__in=roles)


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "team__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=TEAM_ROLES, team__isnull=False) | Q(role__in=ORGANISATION_ROLES, team__isnull=True)
                ),
                name="membership_team_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "team", "role"], condition=Q(team__isnull=False), name="membership_unique_team_role"
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(team__isnull=True),
                name="membership_unique_org_role",
            ),
        ]
        indexes = [
            # The access layer asks "which roles does this person hold in this organisation?" on every page.
            models.Index(fields=["user", "organisation"], name="membership_user_org"),
        ]

    def __str__(self):
        where = self.team.name if self.team_id else self.organisation.name
        return f"{self.user} — {self.get_role_display()} — {where}"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def find_by_token(self, token: str):
        return self.filter(token_hash=_hash_token(token)).select_related("organisation", "team").first()


class Invitation(models.Model):
    """A single-use, expiring invitation to join an organisation in a role.

    Only a hash of the token is stored, so a copy of the database cannot be used to accept invitations.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    role = models.CharField(max_length=20, choices=Role.choices)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @staticmethod
    def default_expiry():
        return timezone.now() + timedelta(days=settings.ATTUNE_INVITATION_DAYS)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def where(self) -> str:
        return f"{self.team.name}, {self.organisation.name}" if self.team_id else self.organisation.name
