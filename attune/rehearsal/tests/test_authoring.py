"""Facilitators write, check, preview and publish their own scenarios."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attune.accounts.models import Membership, Role
from attune.rehearsal.models import Conversation, CustomScenario
from attune.rehearsal.tests.conftest import SMALL


def create(client, world, **data):
    return client.post(reverse("rehearsal:authoring_create"), {"organisation": world.trust.pk, **data})


@pytest.mark.parametrize("persona", ["learner", "lead", "supervisor", "outsider"])
def test_only_facilitators_write_scenarios(world, signed_in, persona):
    client = signed_in(getattr(world, persona))
    assert client.get(reverse("rehearsal:authoring_list")).status_code == 404
    assert client.get(reverse("rehearsal:authoring_create")).status_code == 404


def test_a_broken_scenario_gets_precise_errors_and_nothing_is_saved(world, signed_in):
    client = signed_in(world.facilitator)
    broken = SMALL.replace("{act: [open_question]}", "{act: [open_quest]}").replace("minutes: 5\n", "")
    response = create(client, world, text=broken)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "the scenario text:34: stages[0].done_when[0].act[0]: Input should be" in page
    assert "the scenario text:1: minutes: this field is required but missing" in page
    assert not CustomScenario.objects.exists()


def test_an_uploaded_file_is_named_in_its_errors(world, signed_in):
    client = signed_in(world.facilitator)
    upload = SimpleUploadedFile("ward-round.yaml", b"title: [\n", content_type="application/x-yaml")
    page = create(client, world, upload=upload).content.decode()
    assert "ward-round.yaml:2: not valid YAML" in page
    not_text = SimpleUploadedFile("photo.yaml", b"\xff\xfe\x00binary", content_type="application/x-yaml")
    assert "not UTF-8 text" in create(client, world, upload=not_text).content.decode()


def test_a_draft_is_invisible_to_learners_until_published_to_their_team(world, signed_in, client):
    signed_in(world.facilitator)
    upload = SimpleUploadedFile("small.yaml", SMALL.encode(), content_type="application/x-yaml")
    response = create(client, world, upload=upload)
    custom = CustomScenario.objects.get()
    assert response.url == reverse("rehearsal:authoring_edit", args=[custom.pk])

    signed_in(world.learner)
    assert "A small scenario" not in client.get(reverse("rehearsal:catalogue")).content.decode()
    assert client.get(reverse("rehearsal:brief", args=[custom.key])).status_code == 404

    signed_in(world.facilitator)
    client.post(reverse("rehearsal:authoring_publish", args=[custom.pk]), {"teams": [world.maternity.pk]})
    signed_in(world.learner)  # in the neonatal team
    assert "A small scenario" not in client.get(reverse("rehearsal:catalogue")).content.decode()

    signed_in(world.facilitator)
    client.post(reverse("rehearsal:authoring_publish", args=[custom.pk]), {"teams": [world.neonatal.pk]})
    signed_in(world.learner)
    assert "A small scenario" in client.get(reverse("rehearsal:catalogue")).content.decode()
    assert client.get(reverse("rehearsal:brief", args=[custom.key])).status_code == 200
    signed_in(world.outsider)
    assert client.get(reverse("rehearsal:brief", args=[custom.key])).status_code == 404


def test_a_facilitator_for_two_organisations_publishes_to_both(world, signed_in, client):
    Membership.objects.create(user=world.facilitator, organisation=world.council, role=Role.FACILITATOR)
    signed_in(world.facilitator)
    create(client, world, text=SMALL)
    custom = CustomScenario.objects.get()
    response = client.post(reverse("rehearsal:authoring_publish", args=[custom.pk]), {})
    assert response.status_code == 400
    assert "Choose at least one organisation or team" in response.content.decode()
    client.post(
        reverse("rehearsal:authoring_publish", args=[custom.pk]), {"organisations": [world.trust.pk, world.council.pk]}
    )
    for person in (world.learner, world.outsider):
        signed_in(person)
        assert client.get(reverse("rehearsal:brief", args=[custom.key])).status_code == 200


def test_a_facilitator_cannot_publish_where_they_are_not_a_facilitator(world, signed_in, client):
    signed_in(world.facilitator)
    create(client, world, text=SMALL)
    custom = CustomScenario.objects.get()
    response = client.post(
        reverse("rehearsal:authoring_publish", args=[custom.pk]), {"organisations": [world.council.pk]}
    )
    assert response.status_code == 400
    assert not custom.organisations.exists()


def test_a_built_in_scenario_can_be_copied_as_a_starting_point(world, signed_in):
    client = signed_in(world.facilitator)
    page = client.get(reverse("rehearsal:authoring_create"), {"copy": "first-conversation"}).content.decode()
    assert "Grace Mensah" in page


def test_previewing_plays_the_draft_outside_history(world, signed_in, client):
    signed_in(world.facilitator)
    create(client, world, text=SMALL)
    custom = CustomScenario.objects.get()
    response = client.post(reverse("rehearsal:authoring_preview", args=[custom.pk]))
    conversation = Conversation.objects.get()
    assert conversation.preview and response.url == reverse("rehearsal:conversation", args=[conversation.pk])
    assert "A small scenario" not in client.get(reverse("rehearsal:history")).content.decode()


def test_editing_keeps_conversations_on_the_version_they_started_with(world, signed_in, client):
    signed_in(world.facilitator)
    create(client, world, text=SMALL)
    custom = CustomScenario.objects.get()
    client.post(reverse("rehearsal:authoring_preview", args=[custom.pk]))
    started = Conversation.objects.get()
    edited = SMALL.replace("title: A small scenario", "title: A smaller scenario")
    client.post(reverse("rehearsal:authoring_edit", args=[custom.pk]), {"organisation": world.trust.pk, "text": edited})
    custom.refresh_from_db()
    assert custom.title == "A smaller scenario"
    started.refresh_from_db()
    assert "title: A small scenario" in started.source.text


def test_a_facilitator_cannot_edit_another_organisations_scenario(world, signed_in, client):
    signed_in(world.facilitator)
    create(client, world, text=SMALL)
    custom = CustomScenario.objects.get()
    custom.organisation = world.council
    custom.save()
    assert client.get(reverse("rehearsal:authoring_edit", args=[custom.pk])).status_code == 404
