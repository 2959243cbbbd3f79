"""Consultations: asking for help, the facilitator's formulation kept to facilitators, plans and actions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from attune.consultation.models import Action, Consultation


@pytest.fixture
def requested(world, signed_in, client, django_capture_on_commit_callbacks, mailoutbox):
    signed_in(world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("consultation:new"),
            {"team": world.neonatal.pk, "challenge": "Handovers have become tense since the unit expanded."},
        )
    return Consultation.objects.get()


def test_a_team_lead_asks_and_the_facilitators_are_told_without_the_content(world, requested, mailoutbox):
    assert requested.team == world.neonatal and requested.status == "requested"
    (email,) = mailoutbox
    assert email.to == [world.facilitator.email] and "Handovers" not in email.body


def test_anyone_can_ask_through_the_organisations_form_without_an_account(client, world, mailoutbox):
    url = reverse("consultation:get_in_touch", args=[world.trust.slug])
    response = client.post(
        url,
        {"contact_name": "Pat", "contact_email": "pat@trust.example", "team_description": "Day surgery",
         "challenge": "We keep arguing about the rota."},
    )  # fmt: skip
    assert "Request sent" in response.content.decode()
    consultation = Consultation.objects.get()
    assert consultation.requested_by is None and consultation.team_description == "Day surgery"
    # A form filled in by a robot (the hidden field) is thanked but not stored.
    client.post(url, {"contact_name": "x", "contact_email": "x@x.example", "team_description": "x",
                      "challenge": "spam", "website": "http://spam.example"})  # fmt: skip
    assert Consultation.objects.count() == 1


def test_the_formulation_is_the_facilitators_and_the_plan_is_shared(world, signed_in, client, requested):
    signed_in(world.facilitator)
    client.post(reverse("consultation:respond", args=[requested.pk]), {"accept": "1"})
    client.post(
        reverse("consultation:save", args=[requested.pk, "formulation"]),
        {"patterns": "Blame travels down the hierarchy.", "maintaining": "No time to debrief.", "hypotheses": "Fear."},
    )
    client.post(
        reverse("consultation:save", args=[requested.pk, "plan"]),
        {"plan": "A climate survey, then a reflective group.", "tools": ["survey", "group"], "participants": "All"},
    )
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    client.post(
        reverse("consultation:save", args=[requested.pk, "action"]),
        {"description": "Protected handover time", "owner": "Ward manager", "due_on": due},
    )
    page = client.get(reverse("consultation:detail", args=[requested.pk])).content.decode()
    assert "Blame travels down the hierarchy." in page

    signed_in(world.lead)
    page = client.get(reverse("consultation:detail", args=[requested.pk])).content.decode()
    assert "A climate survey, then a reflective group." in page and "Protected handover time" in page
    assert "Blame travels" not in page and "No time to debrief" not in page
    action = Action.objects.get()
    client.post(reverse("consultation:action_status", args=[requested.pk, action.pk]), {"status": "doing"})
    assert Action.objects.get().status == "doing"
    assert client.post(reverse("consultation:save", args=[requested.pk, "plan"]), {"plan": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["learner", "supervisor", "admin", "outsider"])
def test_nobody_else_sees_a_consultation(world, signed_in, requested, persona):
    client = signed_in(getattr(world, persona))
    assert client.get(reverse("consultation:detail", args=[requested.pk])).status_code == 404


def test_the_challenge_and_formulation_are_encrypted_at_rest(world, requested):
    requested.patterns = "Blame travels down the hierarchy."
    requested.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT challenge, patterns FROM consultation_consultation")
        challenge, patterns = cursor.fetchone()
    assert "Handovers" not in challenge and "Blame" not in patterns


def test_only_team_leads_use_the_signed_in_request_form(world, signed_in):
    assert signed_in(world.learner).get(reverse("consultation:new")).status_code == 404


def test_the_requester_sees_the_request_and_status_only_and_not_after_leaving(world, signed_in, client, requested):
    from attune.accounts.models import Membership

    requested.status = "accepted"
    requested.plan = "A confidential plan."
    requested.requested_by = world.learner  # someone who asked but does not lead the team
    requested.save()
    signed_in(world.learner)
    page = client.get(reverse("consultation:detail", args=[requested.pk])).content.decode()
    assert "Handovers have become tense" in page and "A confidential plan." not in page
    Membership.objects.filter(user=world.learner).delete()
    assert client.get(reverse("consultation:detail", args=[requested.pk])).status_code == 404


def test_a_survey_run_for_a_consultation_and_its_repeat_show_the_change_beside_the_agreed_actions(
    world, signed_in, client, requested, mailoutbox, settings
):
    from attune.consultation.models import Campaign, SurveyResponse

    settings.ATTUNE_MIN_GROUP_SIZE = 3
    requested.status = "accepted"
    requested.save()
    Action.objects.create(consultation=requested, description="Protected handover time", owner="Ward manager",
                          due_on=timezone.localdate(), status="done")  # fmt: skip
    signed_in(world.facilitator)
    assert "Run a team survey" in client.get(reverse("consultation:detail", args=[requested.pk])).content.decode()
    closes = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("consultation:campaign_new") + f"?consultation={requested.pk}",
        {"title": "Before", "instrument": "relational-climate.yaml", "teams": [world.neonatal.pk], "closes_at": closes},
    )
    first = Campaign.objects.get(title="Before")
    assert response.status_code == 302 and first.consultation == requested
    form = client.get(reverse("consultation:campaign_new") + f"?repeats={first.pk}").content.decode()
    assert "Repeat a survey" in form and 'name="instrument"' not in form and "Before (repeat)" in form
    response = client.post(
        reverse("consultation:campaign_new") + f"?repeats={first.pk}",
        {"title": "After", "teams": [world.neonatal.pk], "closes_at": closes},
    )
    after = Campaign.objects.get(title="After")
    assert after.repeats == first and after.consultation == requested
    assert after.instrument_text == first.instrument_text
    from attune.consultation.campaigns import instrument_of

    items = [item.id for item in instrument_of(first).items]
    for campaign, value in ((first, 2), (after, 4)):
        SurveyResponse.objects.bulk_create(
            [SurveyResponse(campaign=campaign, team=world.neonatal, answers=dict.fromkeys(items, value))
             for _ in range(3)]
        )  # fmt: skip
    page = client.get(reverse("consultation:campaign_report", args=[after.pk])).content.decode()
    assert "Change since Before" in page and "+2.00" in page
    assert "Protected handover time" in page and "Done" in page
    # The consultation lists both surveys, the repeat saying what it repeats.
    assert "After</a> (closes" in client.get(reverse("consultation:detail", args=[requested.pk])).content.decode()
    assert "repeats Before" in client.get(reverse("consultation:detail", args=[requested.pk])).content.decode()


def test_the_public_form_is_rate_limited_per_address_and_keeps_what_was_typed(client, world, settings):
    settings.ATTUNE_PUBLIC_FORM_RATE = "2/h"
    url = reverse("consultation:get_in_touch", args=[world.trust.slug])
    data = {"contact_name": "Pat", "contact_email": "pat@trust.example", "team_description": "Day surgery",
            "challenge": "We keep arguing about the rota."}  # fmt: skip
    assert client.post(url, data).status_code == 200
    assert client.post(url, data).status_code == 200
    limited = client.post(url, data | {"challenge": "A third, typed carefully."})
    assert limited.status_code == 429 and "try again in an hour" in limited.content.decode()
    assert "A third, typed carefully." in limited.content.decode()
    assert Consultation.objects.count() == 2
    # Another address is not held back.
    assert client.post(url, data, REMOTE_ADDR="192.0.2.7").status_code == 200
    assert Consultation.objects.count() == 3
