"""The journal: encrypted at rest, private to its author, shared only on purpose, warned of identifiers."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from attune.reflection import services
from attune.reflection.models import JournalEntry

SECRET = "The mother cried when I said the word sepsis, and I froze."


@pytest.fixture
def entry(world):
    return services.entry_create(
        author=world.learner,
        structure="gibbs",
        title="A hard morning",
        parts={"description": SECRET, "feelings": "Ashamed, then determined."},
        tags=["sepsis", "night shift"],
    )


def raw_row(entry):
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, content FROM reflection_journalentry WHERE id = %s", [entry.pk])
        return cursor.fetchone()


def test_the_database_row_holds_no_plain_text(entry):
    title, content = raw_row(entry)
    for secret in ("A hard morning", "sepsis", "froze", "Ashamed", "night shift", "description"):
        assert secret not in title and secret not in content
    reloaded = JournalEntry.objects.get(pk=entry.pk)
    assert reloaded.title == "A hard morning" and reloaded.parts["description"] == SECRET


def test_keys_can_be_rotated_and_the_old_key_retired(entry, settings):
    old = settings.ATTUNE_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    before = raw_row(entry)
    settings.ATTUNE_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert raw_row(entry) != before
    settings.ATTUNE_ENCRYPTION_KEYS = [new]
    assert JournalEntry.objects.get(pk=entry.pk).parts["description"] == SECRET
    settings.ATTUNE_ENCRYPTION_KEYS = [old]
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        JournalEntry.objects.get(pk=entry.pk).title  # noqa: B018


def test_writing_an_entry_warns_of_identifiers_and_the_author_decides(world, signed_in):
    client = signed_in(world.learner)
    data = {
        "structure": "driscoll",
        "title": "Ward round",
        "part_what": "Baby Jones, NHS number 943 476 5919, DOB 12/03/2026.",
    }
    response = client.post(reverse("reflection:new"), data)
    page = response.content.decode()
    assert "This may identify someone" in page and "943 476 5919" in page and "Remove the NHS number" in page
    assert not JournalEntry.objects.exists()
    response = client.post(reverse("reflection:new"), data | {"save_anyway": "1"})
    entry = JournalEntry.objects.get()
    assert response.url == reverse("reflection:entry", args=[entry.pk])


def test_an_anonymised_entry_saves_straight_away(world, signed_in):
    client = signed_in(world.learner)
    client.post(
        reverse("reflection:new"),
        {"structure": "nmc", "title": "Feedback", "part_event": "A parent thanked the team.",
         "part_learning": "Small explanations matter.", "nmc_themes": ["prioritise_people"],
         "tags": "Feedback, thanks"},
    )  # fmt: skip
    entry = JournalEntry.objects.get()
    assert entry.tags == ["feedback", "thanks"] and entry.data["nmc_themes"] == ["prioritise_people"]


def test_an_empty_entry_is_refused(world, signed_in):
    response = signed_in(world.learner).post(reverse("reflection:new"), {"structure": "free", "title": "Empty"})
    assert response.status_code == 400 and "Write something in at least one part" in response.content.decode()


ALL_PAGES = ["entry", "edit", "delete"]


@pytest.mark.parametrize("persona", ["lead", "facilitator", "supervisor", "admin", "outsider"])
def test_nobody_but_the_author_reads_an_entry_that_is_not_shared(world, signed_in, entry, persona):
    client = signed_in(getattr(world, persona))
    for name in ALL_PAGES:
        assert client.get(reverse(f"reflection:{name}", args=[entry.pk])).status_code == 404
    assert client.get(reverse("reflection:shared_entry", args=[entry.pk])).status_code == 404
    assert "A hard morning" not in client.get(reverse("reflection:journal")).content.decode()


def test_a_supervisor_reads_a_shared_entry_until_the_share_is_withdrawn(world, signed_in, client, entry):
    signed_in(world.learner)
    client.post(reverse("reflection:share", args=[entry.pk]), {"supervisor": world.supervisor.pk})
    signed_in(world.supervisor)
    page = client.get(reverse("reflection:shared_entry", args=[entry.pk])).content.decode()
    assert "The mother cried when I said the word sepsis" in page
    assert client.get(reverse("reflection:edit", args=[entry.pk])).status_code == 404  # read-only
    # The facilitator, team lead and admin still cannot read it.
    for persona in ("facilitator", "lead", "admin"):
        signed_in(getattr(world, persona))
        assert client.get(reverse("reflection:shared_entry", args=[entry.pk])).status_code == 404
    signed_in(world.learner)
    client.post(reverse("reflection:unshare", args=[entry.pk, world.supervisor.pk]))
    signed_in(world.supervisor)
    assert client.get(reverse("reflection:shared_entry", args=[entry.pk])).status_code == 404


def test_only_supervisors_in_the_authors_organisation_can_be_chosen(world, signed_in, client, entry):
    signed_in(world.learner)
    client.post(reverse("reflection:share", args=[entry.pk]), {"supervisor": world.outsider.pk})
    assert not entry.shares.exists()


def test_the_author_exports_and_erases_their_journal(world, entry):
    from attune.accounts import personal_data

    exported = personal_data.export_for(world.learner)["sections"]["journal"]
    assert exported["journal"][0]["parts"]["Description"] == SECRET
    for section in personal_data.sections():
        if section.name == "journal":
            section.erase(world.learner)
    assert not JournalEntry.objects.exists()


def test_a_practice_debrief_starts_a_reflection_linked_to_it(world, signed_in, client):
    from attune.rehearsal import services as practice
    from attune.rehearsal.library import get_entry_or_404

    conversation = practice.conversation_start(
        learner=world.learner, entry=get_entry_or_404(world.learner, "first-conversation"), level="standard", seed=1
    )
    practice.conversation_take_turn(conversation=conversation, text="How are you doing?", expected_number=1)
    practice.conversation_end(conversation=conversation)
    signed_in(world.learner)
    page = client.get(reverse("reflection:new"), {"conversation": conversation.pk}).content.decode()
    assert "How are you doing?" in page
    client.post(
        reverse("reflection:new"),
        {
            "structure": "free",
            "conversation": conversation.pk,
            "title": "Practice",
            "part_text": "I rushed.",
            "about": f"conversation:{conversation.pk}",
        },
    )
    assert JournalEntry.objects.get().conversation == conversation
    signed_in(world.outsider)
    assert client.get(reverse("reflection:new"), {"conversation": conversation.pk}).status_code == 404


def test_an_entry_can_be_linked_to_the_authors_own_things_only(world, signed_in, client):
    from datetime import timedelta

    from django.utils import timezone

    from attune.learning.models import Booking, TrainingSession

    now = timezone.now()
    session = TrainingSession.objects.create(
        organisation=world.trust, facilitator=world.facilitator, title="Speaking up hour", description="-",
        mode="online", meeting_link="https://meet.example/x", starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=1), capacity=5, booking_deadline=now - timedelta(days=3),
        cpd_hours=1,
    )  # fmt: skip
    other = TrainingSession.objects.create(
        organisation=world.trust, facilitator=world.facilitator, title="Not booked", description="-",
        mode="online", meeting_link="https://meet.example/y", starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=1), capacity=5, booking_deadline=now - timedelta(days=3),
        cpd_hours=1,
    )  # fmt: skip
    Booking.objects.create(session=session, learner=world.learner, status="confirmed", attended=True)
    signed_in(world.learner)
    page = client.get(reverse("reflection:new"), {"structure": "free"}).content.decode()
    assert "Speaking up hour" in page and "Not booked" not in page
    client.post(
        reverse("reflection:new"),
        {
            "structure": "free",
            "title": "After the hour",
            "part_text": "I will say it plainly.",
            "about": f"session:{session.pk}",
        },
    )
    entry = JournalEntry.objects.get()
    assert entry.session == session
    assert "About the live training" in client.get(reverse("reflection:entry", args=[entry.pk])).content.decode()
    # A forged link to something that is not the author's is refused by the choices.
    response = client.post(
        reverse("reflection:edit", args=[entry.pk]),
        {"title": "After the hour", "part_text": "x", "about": f"session:{other.pk}"},
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.session == session


def test_a_supervisor_who_leaves_the_organisation_can_no_longer_read_a_share(world, signed_in, client, entry):
    from attune.accounts.models import Membership

    services.entry_share(entry=entry, supervisor=world.supervisor)
    Membership.objects.filter(user=world.supervisor).delete()
    signed_in(world.supervisor)
    assert client.get(reverse("reflection:shared_entry", args=[entry.pk])).status_code == 404
    assert "A hard morning" not in client.get(reverse("reflection:shared_with_me")).content.decode()


def test_journal_pages_are_never_cached_and_titles_give_nothing_away(world, signed_in, entry):
    client = signed_in(world.learner)
    response = client.get(reverse("reflection:entry", args=[entry.pk]))
    assert "no-store" in response["Cache-Control"]
    assert "<title>Journal entry" in response.content.decode()


def test_a_supervisor_reading_a_share_is_recorded_in_the_shared_organisation_only(world, signed_in, client, entry):
    from attune.audit.models import AuditEvent

    services.entry_share(entry=entry, supervisor=world.supervisor)
    signed_in(world.supervisor)
    client.get(reverse("reflection:shared_entry", args=[entry.pk]))
    events = AuditEvent.objects.filter(object_type="journalentry")
    assert {e.organisation_id for e in events} == {world.trust.pk}
    assert events.filter(action="viewed", actor_id=world.supervisor.pk).exists()
