"""The campaign report: shown only from the minimum, with small teams suppressed, and change shown."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from attune.accounts.models import Team
from attune.consultation import campaigns
from attune.consultation.models import SurveyComment, SurveyResponse
from attune.consultation.reports import campaign_report

CLIMATE = settings.CONTENT_DIR / "instruments" / "relational-climate.yaml"


@pytest.fixture
def campaign(world):
    big = world.neonatal
    small = world.maternity
    third = Team.objects.create(organisation=world.trust, name="Paediatric Ward", slug="paediatric-ward")
    campaign = campaigns.campaign_start(
        organisation=world.trust, created_by=world.facilitator, title="Trust climate", instrument_path=CLIMATE,
        teams=[big, small, third], closes_at=timezone.now() + timedelta(days=10),
    )  # fmt: skip
    return campaign


def prepared(client, url, on_commit):
    """Ask for a file made in the background (inline in tests, once the request's transaction commits), then
    download it from its page."""
    with on_commit(execute=True):
        waiting = client.post(url)
    assert waiting.status_code == 302 and "/files/" in waiting.url
    page = client.get(waiting.url).content.decode()
    download = re.search(r'href="(/files/[0-9a-f-]+/download/)"', page)
    assert download, page[-1500:]
    return client.get(download.group(1))


def add(campaign, team, value, count):
    items = campaigns.instrument_of(campaign).items
    for _ in range(count):
        SurveyResponse.objects.create(campaign=campaign, team=team, answers={i.id: value for i in items})


def test_nothing_is_shown_below_the_minimum(world, campaign):
    add(campaign, world.neonatal, 4, 4)
    report = campaign_report(campaign)
    assert not report.shown and report.overall == {}


def test_a_small_team_is_suppressed_and_takes_the_next_smallest_with_it(world, campaign):
    add(campaign, world.neonatal, 4, 12)
    add(campaign, world.maternity, 2, 3)
    paediatrics = Team.objects.get(slug="paediatric-ward")
    add(campaign, paediatrics, 5, 6)
    report = campaign_report(campaign)
    teams = dict(report.teams)
    assert teams["Maternity"] is None and teams["Paediatric Ward"] is None
    assert teams["Neonatal Unit"]["dialogue"].mean == 4
    assert report.overall["dialogue"].n == 21


def test_scores_reliability_and_agreement(world, campaign):
    items = campaigns.instrument_of(campaign).items
    for n, value in enumerate([3, 4, 4, 5, 5, 4]):
        answers = {i.id: value for i in items}
        answers["dialogue_3"] = 3 + n % 2
        SurveyResponse.objects.create(campaign=campaign, team=world.neonatal, answers=answers)
    report = campaign_report(campaign)
    # trust_3 is reversed (6 - v), so each person's trust score is (v + v + 6 - v) / 3.
    values = [3, 4, 4, 5, 5, 4]
    assert report.overall["trust"].mean == pytest.approx(sum((v + 6) / 3 for v in values) / 6)
    assert report.reliability["dialogue"] is not None
    (_, cells), *_ = [t for t in report.teams if t[0] == "Neonatal Unit"]
    assert 0 <= cells["dialogue"].agreement <= 1


def test_comments_only_from_ten_and_change_since_the_repeated_survey(world, signed_in, campaign):
    add(campaign, world.neonatal, 2, 6)
    repeat = campaigns.campaign_start(
        organisation=world.trust, created_by=world.facilitator, title="Trust climate again", instrument_path=CLIMATE,
        teams=[world.neonatal], closes_at=timezone.now() + timedelta(days=10), repeats=campaign,
    )  # fmt: skip
    add(repeat, world.neonatal, 4, 6)
    for n in range(9):
        SurveyComment.objects.create(campaign=repeat, team=world.neonatal, question="comment", text=f"Comment {n}")
    report = campaign_report(repeat)
    assert report.themes is None
    assert report.change["dialogue"].difference == 2
    SurveyComment.objects.create(campaign=repeat, team=world.neonatal, question="comment", text="Comment 9")
    page = signed_in(world.facilitator).get(reverse("consultation:campaign_report", args=[repeat.pk])).content.decode()
    assert "Comment 9" in page and "Change since Trust climate" in page and "+2.00" in page


def test_a_team_lead_sees_only_their_own_teams_row(world, signed_in, campaign):
    add(campaign, world.neonatal, 4, 6)
    add(campaign, world.maternity, 3, 6)
    page = signed_in(world.lead).get(reverse("consultation:campaign_report", args=[campaign.pk])).content.decode()
    assert ">Neonatal Unit<" in page and ">Maternity<" not in page


def test_a_team_report_shows_the_team_beside_the_whole_survey(world, signed_in, campaign):
    add(campaign, world.neonatal, 4, 6)
    add(campaign, world.maternity, 2, 6)
    client = signed_in(world.lead)
    page = client.get(reverse("consultation:team_report", args=[campaign.pk, world.neonatal.pk])).content.decode()
    # The team's average is 4 for every subscale, the whole survey's is 3; every item was answered 4 ("Agree").
    assert "<h1>Neonatal Unit</h1>" in page and "6 people in this team answered, of 12" in page
    assert "4.00" in page and "3.00" in page and page.count("100%") >= 15
    # A team lead cannot open another team's report.
    other = client.get(reverse("consultation:team_report", args=[campaign.pk, world.maternity.pk]))
    assert other.status_code == 404
    assert (
        signed_in(world.facilitator)
        .get(reverse("consultation:team_report", args=[campaign.pk, world.maternity.pk]))
        .status_code
        == 200
    )


def test_a_team_report_is_withheld_when_the_rest_of_the_survey_could_be_worked_out(world, signed_in, campaign):
    """12 in Neonatal and 3 in Maternity: Neonatal's figures and the whole survey's would reveal Maternity's."""
    add(campaign, world.neonatal, 4, 12)
    add(campaign, world.maternity, 1, 3)
    from attune.consultation.reports import team_report

    report = team_report(campaign, world.neonatal)
    assert not report.shown and report.cells == {}
    paediatrics = Team.objects.get(slug="paediatric-ward")
    add(campaign, paediatrics, 3, 6)
    # Now Maternity (3) is hidden with the next smallest, Paediatrics (6): Neonatal can be shown.
    assert team_report(campaign, world.neonatal).shown
    assert not team_report(campaign, paediatrics).shown


def test_a_team_report_shows_the_teams_own_change(world, campaign):
    from attune.consultation.reports import team_report

    add(campaign, world.neonatal, 2, 6)
    add(campaign, world.maternity, 4, 6)
    repeat = campaigns.campaign_start(
        organisation=world.trust, created_by=world.facilitator, title="Again", instrument_path=CLIMATE,
        teams=[world.neonatal, world.maternity], closes_at=timezone.now() + timedelta(days=10), repeats=campaign,
    )  # fmt: skip
    add(repeat, world.neonatal, 3, 6)
    add(repeat, world.maternity, 3, 6)
    report = team_report(repeat, world.neonatal)
    assert report.change["dialogue"].difference == 1  # 2 -> 3 for Neonatal, whatever Maternity did
    assert report.survey["dialogue"].mean == 3


def test_the_pdf_has_the_same_figures_and_only_the_teams_the_reader_may_see(
    world, signed_in, campaign, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from pypdf import PdfReader

    add(campaign, world.neonatal, 4, 6)
    add(campaign, world.maternity, 2, 6)
    url = reverse("consultation:campaign_report_pdf", args=[campaign.pk])
    response = prepared(signed_in(world.lead), url, django_capture_on_commit_callbacks)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Trust climate" in text and "Neonatal Unit" in text and "Maternity" not in text
    assert "3.00" in text and "4.00" in text  # the whole survey, and Neonatal
    facilitator = prepared(signed_in(world.facilitator), url, django_capture_on_commit_callbacks)
    assert "Maternity" in " ".join(p.extract_text() for p in PdfReader(BytesIO(facilitator.content)).pages)


def test_no_pdf_below_the_minimum(world, signed_in, campaign, django_capture_on_commit_callbacks):
    add(campaign, world.neonatal, 4, 2)
    client = signed_in(world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.post(reverse("consultation:campaign_report_pdf", args=[campaign.pk]))
    page = client.get(waiting.url).content.decode()
    assert "could not be prepared" in page and "once at least 5 people have answered" in page


def test_the_report_shows_how_people_answered_and_a_team_against_everyone_else(world, signed_in, campaign):
    from attune.consultation.reports import team_report

    add(campaign, world.neonatal, 4, 6)
    add(campaign, world.maternity, 2, 3)
    add(campaign, world.maternity, 3, 3)
    report = campaign_report(campaign)
    # Every item answered 4 by six people, 2 by three and 3 by three: 50%, 25% and 25% of answers.
    assert report.distribution["dialogue"] == [0.0, 25.0, 25.0, 50.0, 0.0]
    versus = team_report(campaign, world.neonatal).versus_rest["dialogue"]
    # Neonatal (all 4) against Maternity (2, 2, 2, 3, 3, 3): +1.5.
    assert versus.difference == pytest.approx(1.5) and versus.hedges_g > 0
    page = signed_in(world.lead).get(reverse("consultation:team_report", args=[campaign.pk, world.neonatal.pk]))
    assert "+1.50" in page.content.decode()
