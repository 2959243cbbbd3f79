"""Module pages: open to anyone; progress, resume, time and completion for signed-in learners."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.learning.models import CheckAttempt, ModuleProgress

pytestmark = pytest.mark.usefixtures("content_with_module")

RIGHT = {"one": 0, "two": 0, "three": 0}
WRONG = {"one": 1, "two": 1, "three": 0}


def test_anyone_can_read_a_module_and_try_its_check(client, db):
    assert "A small module" in client.get(reverse("learning:catalogue")).content.decode()
    page = client.get(reverse("learning:section", args=["small", 1])).content.decode()
    assert "<strong>ideas</strong>" in page and "<script>alert" not in page
    result = client.post(reverse("learning:check", args=["small"]), RIGHT).content.decode()
    assert "You got 3 of 3" in result and "You passed." in result
    assert not ModuleProgress.objects.exists() and not CheckAttempt.objects.exists()


def test_sections_record_progress_and_resume_where_the_learner_left_off(world, signed_in):
    client = signed_in(world.learner)
    client.get(reverse("learning:section", args=["small", 2]))
    progress = ModuleProgress.objects.get(learner=world.learner, module="small")
    assert progress.sections_seen == [2] and progress.last_section == 2
    overview = client.get(reverse("learning:module", args=["small"])).content.decode()
    assert reverse("learning:section", args=["small", 2]) in overview and "Carry on" in overview


def test_time_counts_the_gaps_between_pages_but_not_a_tab_left_open(world, signed_in):
    client = signed_in(world.learner)
    client.get(reverse("learning:section", args=["small", 1]))
    ModuleProgress.objects.update(last_seen_at=timezone.now() - timedelta(minutes=2))
    client.get(reverse("learning:section", args=["small", 2]))
    assert 115 <= ModuleProgress.objects.get().seconds_spent <= 125
    ModuleProgress.objects.update(last_seen_at=timezone.now() - timedelta(hours=3))
    client.get(reverse("learning:section", args=["small", 1]))
    assert 415 <= ModuleProgress.objects.get().seconds_spent <= 425  # capped at five minutes


def test_a_module_is_complete_once_read_and_passed(world, signed_in):
    client = signed_in(world.learner)
    client.get(reverse("learning:section", args=["small", 1]))
    failed = client.post(reverse("learning:check", args=["small"]), WRONG).content.decode()
    assert "You got 1 of 3" in failed and "Not passed yet" in failed
    assert "Not B." in failed and "Not D." in failed and "Yes, E." in failed  # feedback on every answer
    client.post(reverse("learning:check", args=["small"]), RIGHT)
    assert ModuleProgress.objects.get().completed_at is None  # part 2 not read yet
    client.get(reverse("learning:section", args=["small", 2]))
    assert ModuleProgress.objects.get().completed_at is not None
    assert list(CheckAttempt.objects.values_list("score", "passed")) == [(3, True), (1, False)]
    record = client.get(reverse("learning:my_learning")).content.decode()
    assert "A small module" in record and "3 of 3" in record


def test_an_unanswered_question_gets_a_clear_error_and_records_nothing(world, signed_in):
    client = signed_in(world.learner)
    response = client.post(reverse("learning:check", args=["small"]), {"one": 0, "two": 0})
    assert response.status_code == 400
    assert "Choose an answer to question 3" in response.content.decode()
    assert not CheckAttempt.objects.exists()


def test_a_section_that_does_not_exist_is_not_found(client, db):
    assert client.get(reverse("learning:section", args=["small", 9])).status_code == 404
    assert client.get(reverse("learning:module", args=["nope"])).status_code == 404


def test_the_check_result_offers_a_reflection_with_the_prompt(world, signed_in, client):
    signed_in(world.learner)
    result = client.post(reverse("learning:check", args=["small"]), RIGHT).content.decode()
    assert f"{reverse('reflection:new')}?module=small" in result
    page = client.get(reverse("reflection:new"), {"module": "small", "structure": "gibbs"}).content.decode()
    assert "Think about it." in page and "Reflection on “A small module”" in page


def test_progress_is_in_the_data_export(world, signed_in):
    from attune.accounts import personal_data

    client = signed_in(world.learner)
    client.get(reverse("learning:section", args=["small", 1]))
    exported = personal_data.export_for(world.learner)["sections"]["learning"]
    assert exported["modules"][0]["module"] == "small"
