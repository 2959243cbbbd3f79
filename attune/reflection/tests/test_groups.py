"""Reflective groups: series, anonymous check-ins and evaluations, the register, and the report."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.accounts.models import Membership, Role
from attune.reflection import groups
from attune.reflection.models import AnswerReceipt, AnswerTally, GroupSeries
from conftest import make_user


@pytest.fixture
def series(world):
    return groups.series_create(
        facilitator=world.facilitator, team=world.neonatal, kind="reflective_practice",
        title="Neonatal reflective space", first_starts_at=timezone.now() - timedelta(hours=1), count=3, every_days=28,
    )  # fmt: skip


@pytest.fixture
def team(world):
    people = [world.learner, world.lead]
    for n in range(4):
        person = make_user(f"nurse{n}@trust.example", f"Nurse {n}")
        Membership.objects.create(user=person, organisation=world.trust, team=world.neonatal, role=Role.MEMBER)
        people.append(person)
    return people


def close_window(session):
    session.starts_at = timezone.now() - timedelta(days=2)
    session.save(update_fields=["starts_at"])


def reopen_window(session):
    session.starts_at = timezone.now() - timedelta(hours=1)
    session.save(update_fields=["starts_at"])


def test_answers_are_taken_only_around_the_session_and_results_only_shown_after(world, series):
    session = series.sessions.first()
    close_window(session)
    with pytest.raises(groups.NotOpen):
        groups.answer_submit(session=session, person=world.learner, measure="check_in", answers={"arriving": 5})
    later = series.sessions.last()  # weeks away
    with pytest.raises(groups.NotOpen):
        groups.answer_submit(session=later, person=world.learner, measure="check_in", answers={"arriving": 5})
    assert groups.session_results(later) is None


def test_a_facilitator_who_has_left_keeps_no_access(world, signed_in, series):
    from attune.accounts.models import Membership

    Membership.objects.filter(user=world.facilitator).delete()
    client = signed_in(world.facilitator)
    assert client.get(reverse("reflection:series", args=[series.pk])).status_code == 404
    assert client.get(reverse("reflection:group_session", args=[series.sessions.first().pk])).status_code == 404


def test_a_facilitator_sets_up_a_series_for_a_team(world, signed_in):
    client = signed_in(world.facilitator)
    first = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("reflection:series_new"),
        {"team": world.neonatal.pk, "kind": "schwartz", "title": "Rounds", "first_starts_at": first, "count": 4,
         "every_days": 14},
    )  # fmt: skip
    series = GroupSeries.objects.get()
    assert series.sessions.count() == 4 and series.facilitator == world.facilitator
    assert signed_in(world.learner).get(reverse("reflection:series_new")).status_code == 404


def test_a_member_checks_in_once_and_the_answer_is_only_counted(world, signed_in, series):
    session = series.sessions.first()
    client = signed_in(world.learner)
    client.post(reverse("reflection:group_answer", args=[session.pk, "check_in"]), {"check_in-arriving": 4})
    client.post(reverse("reflection:group_answer", args=[session.pk, "check_in"]), {"check_in-arriving": 9})
    assert AnswerTally.objects.get(session=session, question="arriving", score=4).count == 1
    assert AnswerTally.objects.get(session=session, question="arriving", score=9).count == 0
    assert AnswerReceipt.objects.filter(session=session, person=world.learner).count() == 1


def test_nothing_links_an_answer_to_the_person_who_gave_it(world, series):
    """Receipts say who answered but not what; counts say what but not who. The count rows exist
    before anyone answers and carry no time or order, so not even the database can join them."""
    receipt_columns = {f.column for f in AnswerReceipt._meta.concrete_fields}
    tally_columns = {f.column for f in AnswerTally._meta.concrete_fields}
    assert receipt_columns == {"id", "session_id", "person_id", "measure"}
    assert tally_columns == {"id", "session_id", "question", "score", "count"}
    session = series.sessions.first()
    before = list(AnswerTally.objects.filter(session=session).order_by("pk").values_list("pk", "question", "score"))
    groups.answer_submit(session=session, person=world.learner, measure="check_in", answers={"arriving": 7})
    after = list(AnswerTally.objects.filter(session=session).order_by("pk").values_list("pk", "question", "score"))
    assert before == after  # answering created no row


def test_the_report_hides_averages_below_the_minimum_group_size(world, signed_in, series, team, settings):
    settings.ATTUNE_MIN_GROUP_SIZE = 5
    session = series.sessions.first()
    for n, person in enumerate(team[:4]):
        groups.answer_submit(session=session, person=person, measure="check_in", answers={"arriving": 4 + n})
        groups.answer_submit(session=session, person=person, measure="check_out", answers={"leaving": 6 + n})
    assert groups.session_results(session) is None  # nothing while answers are still coming in
    close_window(session)
    results = groups.session_results(session)
    assert results["check_in"] == {"n": 4, "mean": None} and results["shift"] is None
    reopen_window(session)
    groups.answer_submit(session=session, person=team[4], measure="check_in", answers={"arriving": 10})
    groups.answer_submit(session=session, person=team[4], measure="check_out", answers={"leaving": 10})
    close_window(session)
    results = groups.session_results(session)
    assert results["check_in"] == {"n": 5, "mean": 6.4} and results["check_out"]["mean"] == 8.0
    assert results["shift"] == 1.6
    page = signed_in(world.facilitator).get(reverse("reflection:series", args=[series.pk])).content.decode()
    assert "+1.6" in page and "<svg" in page


def test_the_register_and_theme_notes_warn_of_names(world, signed_in, series, team):
    session = series.sessions.first()
    client = signed_in(world.facilitator)
    url = reverse("reflection:group_run", args=[session.pk])
    page = client.post(url, {"attended": [team[0].pk, team[2].pk], "theme_notes": "Sarah Jones felt blamed."})
    assert "These notes may identify someone" in page.content.decode()
    client.post(url, {"attended": [team[0].pk, team[2].pk], "theme_notes": "Feeling blamed after incidents."})
    session.refresh_from_db()
    assert set(session.attendees.all()) == {team[0], team[2]}
    assert session.theme_notes == "Feeling blamed after incidents."


@pytest.mark.parametrize("persona", ["outsider", "supervisor", "admin"])
def test_people_outside_the_team_do_not_see_the_group(world, signed_in, series, persona):
    client = signed_in(getattr(world, persona))
    assert client.get(reverse("reflection:series", args=[series.pk])).status_code == 404
    assert client.get(reverse("reflection:group_session", args=[series.sessions.first().pk])).status_code == 404


def test_members_answer_but_only_the_facilitator_and_team_lead_see_the_report(world, signed_in, series):
    member_page = signed_in(world.learner).get(reverse("reflection:series", args=[series.pk])).content.decode()
    assert "Series report" not in member_page
    assert "Series report" in signed_in(world.lead).get(reverse("reflection:series", args=[series.pk])).content.decode()
    assert (
        signed_in(world.learner)
        .post(reverse("reflection:group_run", args=[series.sessions.first().pk]), {"theme_notes": "x"})
        .status_code
        == 404
    )
