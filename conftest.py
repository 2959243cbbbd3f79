"""Shared test fixtures: a small world of named people in two organisations.

- learner: a nurse in the Neonatal Unit of the trust
- lead: the Neonatal Unit's team lead
- facilitator: a psychologist facilitating in the trust
- supervisor: a supervisor in the trust
- admin: the trust's organisation admin
- outsider: a social worker in another organisation (the council)
"""

from dataclasses import dataclass

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from attune.accounts.models import Membership, Organisation, Profession, Role, Team, User

PASSWORD = "a-long-test-password-9"


@dataclass
class World:
    trust: Organisation
    council: Organisation
    neonatal: Team
    maternity: Team
    family: Team
    learner: User
    lead: User
    facilitator: User
    supervisor: User
    admin: User
    outsider: User


def make_user(email, name, profession=Profession.NURSE):
    return User.objects.create_user(email, PASSWORD, display_name=name, profession=profession)


@pytest.fixture
def world(db):
    trust = Organisation.objects.create(name="Test NHS Trust", slug="test-trust")
    council = Organisation.objects.create(name="Test Council", slug="test-council")
    neonatal = Team.objects.create(organisation=trust, name="Neonatal Unit", slug="neonatal-unit")
    maternity = Team.objects.create(organisation=trust, name="Maternity", slug="maternity")
    family = Team.objects.create(organisation=council, name="Family Assessment", slug="family-assessment")
    learner = make_user("alice@trust.example", "Alice Learner")
    lead = make_user("lena@trust.example", "Lena Lead")
    facilitator = make_user("fran@consult.example", "Fran Facilitator", Profession.PSYCHOLOGIST)
    supervisor = make_user("sue@trust.example", "Sue Supervisor", Profession.PSYCHOLOGIST)
    admin = make_user("adam@trust.example", "Adam Admin", Profession.OTHER)
    outsider = make_user("olly@council.example", "Olly Outsider", Profession.SOCIAL_WORKER)
    Membership.objects.create(user=learner, organisation=trust, team=neonatal, role=Role.MEMBER)
    Membership.objects.create(user=lead, organisation=trust, team=neonatal, role=Role.TEAM_LEAD)
    Membership.objects.create(user=facilitator, organisation=trust, role=Role.FACILITATOR)
    Membership.objects.create(user=supervisor, organisation=trust, role=Role.SUPERVISOR)
    Membership.objects.create(user=admin, organisation=trust, role=Role.ORG_ADMIN)
    Membership.objects.create(user=outsider, organisation=council, team=family, role=Role.MEMBER)
    return World(trust, council, neonatal, maternity, family, learner, lead, facilitator, supervisor, admin, outsider)


def sign_in(client, user):
    """Sign a person in as if they had completed every step, second factor included where they have one."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and _needs_device(user):
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _needs_device(user):
    from attune.accounts.access import requires_two_factor

    return requires_two_factor(user)


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> a test client with that person signed in."""

    def _sign_in(user):
        client.logout()
        return sign_in(client, user)

    return _sign_in


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached report figures live in the cache: every test starts without them."""
    from django.core.cache import cache

    cache.clear()
