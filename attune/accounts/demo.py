"""The demo organisations and people. Running it again leaves the same state; nothing is duplicated.

Everyone here is fictional. Demo accounts share one password, and those whose role needs two-factor
sign-in share one published authenticator key: both are fine for a demo and useless anywhere else,
because the addresses use the reserved .example domain.
"""

from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from attune.accounts.access import requires_two_factor
from attune.accounts.models import Membership, Organisation, OrganisationKind, Profession, Role, Team, User

DEMO_DOMAIN = "demo.attune.example"
DEMO_PASSWORD = "listen-first-2026"
# 20 bytes, hex: the authenticator key every demo account with two-factor sign-in shares.
DEMO_TOTP_KEY = b"Attune demo secret12".hex()

ORGANISATIONS = {
    "demo-nhs-trust": ("Demo NHS Trust", OrganisationKind.NHS_TRUST, ["Neonatal Unit", "Maternity", "Paediatric Ward"]),
    "demo-childrens-services": (
        "Demo Children's Services",
        OrganisationKind.LOCAL_AUTHORITY,
        ["Family Assessment Team"],
    ),
}


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    profession: str
    # (organisation slug, team name or None, role)
    roles: tuple[tuple[str, str | None, str], ...]

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


TRUST, COUNCIL = "demo-nhs-trust", "demo-childrens-services"
PEOPLE = [
    Person(
        "priya.facilitator",
        "Dr Priya Anand",
        Profession.PSYCHOLOGIST,
        ((TRUST, None, Role.FACILITATOR), (COUNCIL, None, Role.FACILITATOR)),
    ),
    Person("tom.supervisor", "Tom Okafor", Profession.PSYCHOLOGIST, ((TRUST, None, Role.SUPERVISOR),)),
    Person("helen.admin", "Helen Marsh", Profession.OTHER, ((TRUST, None, Role.ORG_ADMIN),)),
    Person("kwame.admin", "Kwame Mensah", Profession.OTHER, ((COUNCIL, None, Role.ORG_ADMIN),)),
    Person("grace.lead", "Grace Whitfield", Profession.NURSE, ((TRUST, "Neonatal Unit", Role.TEAM_LEAD),)),
    Person("amara.lead", "Amara Osei", Profession.MIDWIFE, ((TRUST, "Maternity", Role.TEAM_LEAD),)),
    Person("dan.lead", "Dan Hughes", Profession.NURSE, ((TRUST, "Paediatric Ward", Role.TEAM_LEAD),)),
    Person(
        "fiona.lead", "Fiona Campbell", Profession.SOCIAL_WORKER, ((COUNCIL, "Family Assessment Team", Role.TEAM_LEAD),)
    ),
    Person("sam.nurse", "Sam Patel", Profession.NURSE, ((TRUST, "Neonatal Unit", Role.MEMBER),)),
    Person("lucy.nurse", "Lucy Brennan", Profession.NURSE, ((TRUST, "Neonatal Unit", Role.MEMBER),)),
    Person("omar.doctor", "Dr Omar Haddad", Profession.DOCTOR, ((TRUST, "Neonatal Unit", Role.MEMBER),)),
    Person("ellie.ahp", "Ellie Morgan", Profession.AHP, ((TRUST, "Neonatal Unit", Role.MEMBER),)),
    Person("rosa.midwife", "Rosa Delgado", Profession.MIDWIFE, ((TRUST, "Maternity", Role.MEMBER),)),
    Person("bethan.midwife", "Bethan Price", Profession.MIDWIFE, ((TRUST, "Maternity", Role.MEMBER),)),
    Person("james.doctor", "Dr James Liu", Profession.DOCTOR, ((TRUST, "Maternity", Role.MEMBER),)),
    Person("nadia.student", "Nadia Rahman", Profession.STUDENT, ((TRUST, "Maternity", Role.MEMBER),)),
    Person("chris.nurse", "Chris Adeyemi", Profession.NURSE, ((TRUST, "Paediatric Ward", Role.MEMBER),)),
    Person("mei.doctor", "Dr Mei Chen", Profession.DOCTOR, ((TRUST, "Paediatric Ward", Role.MEMBER),)),
    Person("jo.ahp", "Jo Turner", Profession.AHP, ((TRUST, "Paediatric Ward", Role.MEMBER),)),
    Person("aisha.sw", "Aisha Khan", Profession.SOCIAL_WORKER, ((COUNCIL, "Family Assessment Team", Role.MEMBER),)),
    Person("mark.sw", "Mark Doyle", Profession.SOCIAL_WORKER, ((COUNCIL, "Family Assessment Team", Role.MEMBER),)),
    Person("zoe.student", "Zoe Fletcher", Profession.STUDENT, ((COUNCIL, "Family Assessment Team", Role.MEMBER),)),
    Person("ruth.other", "Ruth Green", Profession.OTHER, ((COUNCIL, "Family Assessment Team", Role.MEMBER),)),
]


@transaction.atomic
def seed_demo() -> list[dict]:
    """Create or refresh the demo data. Returns one line of sign-in details per person."""
    organisations, teams = {}, {}
    for slug, (name, kind, team_names) in ORGANISATIONS.items():
        organisation, _ = Organisation.objects.update_or_create(slug=slug, defaults={"name": name, "kind": kind})
        organisations[slug] = organisation
        for team_name in team_names:
            team, _ = Team.objects.get_or_create(
                organisation=organisation, name=team_name, defaults={"slug": team_name.lower().replace(" ", "-")}
            )
            teams[(slug, team_name)] = team

    sign_ins = []
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(person.email, DEMO_PASSWORD, display_name=person.name)
        user.display_name, user.profession = person.name, person.profession
        user.set_password(DEMO_PASSWORD)
        user.save()
        for org_slug, team_name, role in person.roles:
            Membership.objects.get_or_create(
                user=user,
                organisation=organisations[org_slug],
                team=teams[(org_slug, team_name)] if team_name else None,
                role=role,
            )
        two_factor = requires_two_factor(user)
        if two_factor:
            TOTPDevice.objects.update_or_create(
                user=user, name="Demo authenticator", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
            )
        sign_ins.append(
            {
                "email": person.email,
                "name": person.name,
                "roles": "; ".join(
                    f"{Role(role).label}{f', {team}' if team else ''} ({organisations[org].name})"
                    for org, team, role in person.roles
                ),
                "two_factor": two_factor,
            }
        )
    return sign_ins


def demo_totp_secret() -> str:
    """The demo key as an authenticator app asks for it."""
    return b32encode(unhexlify(DEMO_TOTP_KEY)).decode()
