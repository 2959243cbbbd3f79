import pytest
from django.core.management import call_command

from attune.accounts.models import Membership, Team, User
from attune.consultation.models import SurveyResponse
from attune.core.scale import SCALE_PASSWORD, SLUG
from attune.reflection.models import JournalEntry
from attune.rehearsal.models import Conversation, Turn


@pytest.mark.django_db
def test_the_scale_seeder_makes_a_trust_of_the_right_shape_once():
    call_command("seed_scale", "--scale", "0.005")
    teams = Team.objects.filter(organisation__slug=SLUG)
    assert teams.count() == 4
    assert Membership.objects.filter(organisation__slug=SLUG, role="team_lead").count() == 4
    assert User.objects.filter(email__startswith="staff").count() == 100
    assert SurveyResponse.objects.filter(campaign__organisation__slug=SLUG).count() == 10 * 4 * 25
    assert Conversation.objects.filter(status="ended").count() == 250 and Turn.objects.count() >= 250 * 6
    entry = JournalEntry.objects.first()
    assert JournalEntry.objects.count() == 500 and entry.parts["text"].startswith("After a hard conversation")
    assert User.objects.get(email__startswith="staff00000").check_password(SCALE_PASSWORD)
    call_command("seed_scale", "--scale", "0.005")
    assert Team.objects.filter(organisation__slug=SLUG).count() == 4
