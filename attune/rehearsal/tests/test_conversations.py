"""Playing a conversation through the pages and services: turns, resume, conflicts, debrief, retry."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from attune.rehearsal import services
from attune.rehearsal.library import get_entry_or_404, scenario_for_source
from attune.rehearsal.models import Conversation, Status, Turn

SCENARIO = "first-conversation"


@pytest.fixture
def conversation(world):
    entry = get_entry_or_404(world.learner, SCENARIO)
    return services.conversation_start(learner=world.learner, entry=entry, level="standard", seed=5)


def say(client, conversation, text, **headers):
    conversation.refresh_from_db()
    return client.post(
        reverse("rehearsal:turn", args=[conversation.pk]),
        {"text": text, "expected": conversation.turn_count + 1},
        **headers,
    )


def test_it_lists_scenarios_and_filters_them(world, signed_in):
    client = signed_in(world.learner)
    page = client.get(reverse("rehearsal:catalogue"))
    assert "A first conversation: a grandmother waiting for news" in page.content.decode()
    filtered = client.get(reverse("rehearsal:catalogue"), {"setting": "colleagues", "difficulty": "gentle"})
    assert "A first conversation" not in filtered.content.decode()
    assert "No scenario matches those filters" in filtered.content.decode() or filtered.context["entries"]


def test_starting_from_the_brief_opens_the_conversation_with_the_persons_first_line(world, signed_in):
    client = signed_in(world.learner)
    brief = client.get(reverse("rehearsal:brief", args=[SCENARIO]))
    assert "Grace Mensah" in brief.content.decode()
    response = client.post(reverse("rehearsal:brief", args=[SCENARIO]), {"level": "gentle", "coaching": "on"})
    conversation = Conversation.objects.get(learner=world.learner)
    assert response.url == reverse("rehearsal:conversation", args=[conversation.pk])
    assert conversation.level == "gentle"
    page = client.get(response.url)
    assert escape(conversation.turns.get(number=0).reply_text) in page.content.decode()


def test_a_turn_without_javascript_is_coded_saved_and_answered(world, signed_in, conversation):
    client = signed_in(world.learner)
    response = say(client, conversation, "How are you doing, waiting here for Kai?")
    assert response.status_code == 302
    turn = conversation.turns.get(number=1)
    assert turn.learner_text == "How are you doing, waiting here for Kai?"
    assert turn.coding["act"] == "open_question"
    page = client.get(reverse("rehearsal:conversation", args=[conversation.pk])).content.decode()
    assert escape(turn.reply_text) in page
    assert "Coaching:" in page


def test_a_turn_with_htmx_returns_the_updated_conversation(world, signed_in, conversation):
    client = signed_in(world.learner)
    response = say(client, conversation, "How are you doing?", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="conversation"' in response.content.decode()
    assert conversation.turns.count() == 2


def test_an_empty_turn_gets_a_clear_error_and_changes_nothing(world, signed_in, conversation):
    client = signed_in(world.learner)
    response = say(client, conversation, "   ")
    assert response.status_code == 400
    assert "Type what you would say before sending" in response.content.decode()
    assert conversation.turns.count() == 1


def test_an_oversized_turn_is_refused(world, signed_in, conversation):
    client = signed_in(world.learner)
    response = say(client, conversation, "word " * 500)
    assert response.status_code == 400
    assert "Keep a turn under 2000 characters" in response.content.decode()
    assert conversation.turns.count() == 1


def test_a_second_tab_cannot_fork_the_conversation(world, signed_in, conversation):
    client = signed_in(world.learner)
    url = reverse("rehearsal:turn", args=[conversation.pk])
    client.post(url, {"text": "Hello, I'm Sam, one of the nurses.", "expected": 1})
    stale = client.post(url, {"text": "How are you?", "expected": 1}, follow=True)
    assert "moved on in another window" in stale.content.decode()
    assert list(conversation.turns.values_list("number", "learner_text")) == [
        (0, ""),
        (1, "Hello, I'm Sam, one of the nurses."),
    ]


def test_a_conflict_found_at_save_time_loses_nothing(world, conversation):
    stale = Conversation.objects.get(pk=conversation.pk)
    services.conversation_take_turn(conversation=conversation, text="Hello.", expected_number=1)
    with pytest.raises(services.TurnConflict):
        # The stale copy still thinks the conversation is at turn 0.
        services.conversation_take_turn(conversation=stale, text="Hi again.", expected_number=1)
    assert conversation.turns.count() == 2


def test_a_crash_mid_turn_loses_only_that_turn_and_the_conversation_resumes(world, conversation, monkeypatch):
    services.conversation_take_turn(conversation=conversation, text="How are you doing?", expected_number=1)
    saved_state = Conversation.objects.get(pk=conversation.pk).state

    def crash(*args, **kwargs):
        raise RuntimeError("the process died while saving")

    monkeypatch.setattr(Turn.objects, "create", crash)
    with pytest.raises(RuntimeError):
        services.conversation_take_turn(conversation=conversation, text="That sounds hard.", expected_number=2)
    monkeypatch.undo()

    resumed = Conversation.objects.get(pk=conversation.pk)
    assert resumed.turn_count == 1 and resumed.state == saved_state
    services.conversation_take_turn(conversation=resumed, text="That sounds hard.", expected_number=2)
    assert list(resumed.turns.values_list("number", flat=True)) == [0, 1, 2]


def test_ending_shows_a_debrief_that_quotes_exactly_what_was_typed(world, signed_in, conversation):
    client = signed_in(world.learner)
    typed = "Don't worry, he'll be fine <honestly> & it's routine"
    say(client, conversation, typed)
    client.post(reverse("rehearsal:end", args=[conversation.pk]))
    conversation.refresh_from_db()
    assert conversation.status == Status.ENDED and conversation.outcome == "ended_by_learner"
    page = client.get(reverse("rehearsal:debrief", args=[conversation.pk])).content.decode()
    assert "Don&#x27;t worry, he&#x27;ll be fine &lt;honestly&gt; &amp; it&#x27;s routine" in page
    assert "Premature reassurance" in page
    assert "Hear the worry before reassuring" in page
    assert "Thinking:" in page  # inner thoughts are revealed in the debrief
    # Ended conversations take no more turns.
    assert say(client, conversation, "Hello?").status_code == 302
    assert conversation.turns.count() == 2


def test_the_inner_thoughts_stay_hidden_during_the_conversation(world, signed_in, conversation):
    client = signed_in(world.learner)
    say(client, conversation, "How are you doing?")
    page = client.get(reverse("rehearsal:conversation", args=[conversation.pk])).content.decode()
    for turn in conversation.turns.all():
        assert escape(turn.thought) not in page


def test_try_again_from_a_turn_keeps_the_turns_before_it(world, signed_in, conversation):
    client = signed_in(world.learner)
    say(client, conversation, "Hello, I'm Sam.")
    say(client, conversation, "Don't worry, he'll be fine.")
    client.post(reverse("rehearsal:end", args=[conversation.pk]))
    response = client.post(reverse("rehearsal:retry", args=[conversation.pk, 2]))
    retry = Conversation.objects.exclude(pk=conversation.pk).get()
    assert response.url == reverse("rehearsal:conversation", args=[retry.pk])
    assert retry.parent == conversation and retry.retried_from_turn == 2
    assert list(retry.turns.values_list("number", "learner_text")) == [(0, ""), (1, "Hello, I'm Sam.")]
    assert retry.state == conversation.turns.get(number=1).state
    say(client, retry, "How are you doing, sitting here?")
    assert retry.turns.get(number=2).coding["act"] == "open_question"


def test_a_finished_attempt_is_compared_with_earlier_ones(world, signed_in):
    client = signed_in(world.learner)
    entry = get_entry_or_404(world.learner, SCENARIO)
    for text in ("Are you okay?", "How are you doing, waiting for Kai?"):
        conversation = services.conversation_start(learner=world.learner, entry=entry, level="standard", seed=1)
        services.conversation_take_turn(conversation=conversation, text=text, expected_number=1)
        services.conversation_end(conversation=conversation)
    page = client.get(reverse("rehearsal:debrief", args=[conversation.pk])).content.decode()
    assert "Your attempts" in page and "(this one)" in page
    assert page.count("<rect") == 2


def test_the_debrief_offers_to_turn_it_into_a_reflection(world, signed_in, conversation, client):
    signed_in(world.learner)
    say(client, conversation, "How are you doing, sitting here waiting?")
    client.post(reverse("rehearsal:end", args=[conversation.pk]))
    page = client.get(reverse("rehearsal:debrief", args=[conversation.pk])).content.decode()
    assert f"{reverse('reflection:new')}?conversation={conversation.pk}" in page


def test_history_lists_only_the_learners_own_practice(world, signed_in, conversation):
    client = signed_in(world.learner)
    assert conversation.scenario_title in client.get(reverse("rehearsal:history")).content.decode()
    client = signed_in(world.lead)
    assert conversation.scenario_title not in client.get(reverse("rehearsal:history")).content.decode()


def test_the_home_page_offers_to_carry_on(world, signed_in, conversation):
    client = signed_in(world.learner)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("rehearsal:conversation", args=[conversation.pk]) in page


def test_the_generative_backend_words_the_reply_when_configured(world, conversation, settings):
    from attune.rehearsal.tests.test_counterpart import FakeEndpoint, reply_with

    with FakeEndpoint(reply_with("Oh love, I've been sat here that long.")) as fake:
        settings.ATTUNE_COUNTERPART = "generative"
        settings.ATTUNE_COUNTERPART_URL = fake.url
        settings.ATTUNE_COUNTERPART_MODEL = "local"
        turn = services.conversation_take_turn(conversation=conversation, text="How are you doing?", expected_number=1)
    assert turn.reply_text == "Oh love, I've been sat here that long."
    assert turn.voiced_by == "generative"
    # The engine still chose the line: its thought and cue come from the scenario.
    assert turn.reply_line and turn.thought


def test_a_failing_generative_backend_falls_back_to_the_authored_line_and_logs_it(
    world, conversation, settings, caplog
):
    from attune.rehearsal.tests.test_counterpart import FakeEndpoint

    with FakeEndpoint(lambda body: (503, {"error": "down"})) as fake:
        settings.ATTUNE_COUNTERPART = "generative"
        settings.ATTUNE_COUNTERPART_URL = fake.url
        with caplog.at_level("WARNING", logger="attune.rehearsal"):
            turn = services.conversation_take_turn(
                conversation=conversation, text="How are you doing?", expected_number=1
            )
    assert turn.voiced_by == "scripted (fallback)"
    assert turn.reply_text in scenario_for_source(conversation.source).line(turn.reply_line).say
    assert "fell back to the scripted line" in caplog.text
    assert "How are you doing?" not in caplog.text  # logs carry ids, never what people typed


def test_turns_faster_than_anyone_types_are_refused_and_keep_the_text(world, signed_in, conversation, settings):
    settings.ATTUNE_PRACTICE_RATE = "2/m"
    client = signed_in(world.learner)
    assert say(client, conversation, "Hello, I'm Sam, one of the nurses.").status_code == 302
    assert say(client, conversation, "How are you doing?").status_code == 302
    third = say(client, conversation, "What has the doctor told you so far?")
    assert third.status_code == 429 and "faster than anyone types" in third.content.decode()
    assert "What has the doctor told you so far?" in third.content.decode()
    conversation.refresh_from_db()
    assert conversation.turn_count == 2
