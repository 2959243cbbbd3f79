"""How long a large survey takes to analyse, and one team's report to render.

    python -m attune.consultation.bench [--responses 100000] [--teams 500] [--repeat 3]

Sets up a throwaway SQLite database (or uses DATABASE_URL), seeds one organisation with the given
number of teams and one relational climate survey with the given number of responses (teams differ,
people within a team agree more than chance, some answers are missing), then prints, as medians:

- reading the responses from the database into arrays;
- analysing them: every subscale overall, reliability, the team heatmap with agreement, profession
  and band breakdowns, with suppression;
- the whole report page and one team's report page, rendered through Django (the team report's first
  view, which computes the whole survey's figures, and later ones, which find them in the cache);
- grouping 200 comments into themes with the on-device embeddings.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from attune.core.bench import database_url, django_ready


def _seed(responses: int, teams: int):
    import numpy as np
    from django.conf import settings
    from django.utils import timezone

    from attune.accounts.models import Membership, Organisation, Role, Team, User
    from attune.consultation.campaigns import BANDS, PROFESSIONS, instrument_of
    from attune.consultation.models import Campaign, SurveyComment, SurveyResponse

    organisation = Organisation.objects.create(name="Large Trust", slug=f"large-{time.time_ns()}")
    team_rows = Team.objects.bulk_create(
        [Team(organisation=organisation, name=f"Team {n:03d}", slug=f"team-{n:03d}") for n in range(teams)]
    )
    lead = User.objects.create_user(f"lead-{time.time_ns()}@bench.example", "bench-password-1", display_name="Lead")
    Membership.objects.create(user=lead, organisation=organisation, team=team_rows[0], role=Role.TEAM_LEAD)
    text = (settings.CONTENT_DIR / "instruments" / "relational-climate.yaml").read_text(encoding="utf-8")
    campaign = Campaign.objects.create(
        organisation=organisation, created_by=lead, title="Trust-wide climate", instrument_id="relational-climate",
        instrument_text=text, closes_at=timezone.now(), ask_profession=True, ask_band=True,
    )  # fmt: skip
    campaign.teams.set(team_rows)
    instrument = instrument_of(campaign)
    rng = np.random.default_rng(0)
    team_of = rng.integers(0, teams, size=responses)
    centre = rng.normal(3.4, 0.5, size=teams)[team_of]
    values = np.clip(np.rint(centre[:, None] + rng.normal(0, 0.8, size=(responses, len(instrument.items)))), 1, 5)
    missing = rng.random(values.shape) < 0.03
    professions = [p for p, _ in PROFESSIONS]
    bands = [b for b, _ in BANDS]
    ids = [i.id for i in instrument.items]
    batch = []
    for row in range(responses):
        answers = {item: (None if missing[row, n] else int(values[row, n])) for n, item in enumerate(ids)}
        batch.append(
            SurveyResponse(
                campaign=campaign,
                team_id=team_rows[team_of[row]].pk,
                answers=answers,
                profession=professions[row % len(professions)],
                band=bands[row % len(bands)],
            )  # fmt: skip
        )
        if len(batch) == 5000:
            SurveyResponse.objects.bulk_create(batch)
            batch = []
    SurveyResponse.objects.bulk_create(batch)
    topics = [
        "We are short of staff on nights and the rota is always changing.",
        "People here are kind and look out for each other after a hard shift.",
        "Managers do not listen when we raise concerns about safety.",
        "There is never time to debrief after a difficult death.",
    ]
    SurveyComment.objects.bulk_create(
        [
            SurveyComment(campaign=campaign, team=team_rows[0], question="comment", text=f"{topics[n % 4]} ({n})")
            for n in range(200)
        ]
    )
    return campaign, team_rows[0], lead


def _time(function, repeat: int) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    django_ready(database_url())
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from attune.consultation.campaigns import instrument_of
    from attune.consultation.reports import Responses, analyse
    from attune.consultation.themes import group_into_themes

    start = time.perf_counter()
    campaign, team, lead = _seed(args.responses, args.teams)
    print(f"Seeded {args.responses:,} responses across {args.teams} teams on {connection.vendor} "
          f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
    instrument = instrument_of(campaign)
    load, data = _time(lambda: Responses.load(campaign, instrument), args.repeat)
    work, report = _time(lambda: analyse(campaign, instrument, data, with_comments=False), args.repeat)
    shown = sum(cells is not None for _, cells in report.teams)
    print(f"Read from the database into arrays:  {load * 1000:7.0f} ms")
    print(f"Analyse (overall, alpha, {shown} teams with rwg, profession, band): {work * 1000:7.0f} ms")
    print(f"Both together:                       {(load + work) * 1000:7.0f} ms   (target 2,000 ms)")

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(lead)
    page = reverse("consultation:team_report", args=[campaign.pk, team.pk])

    def team_page(*, cold: bool):
        if cold:
            cache.clear()
        response = client.get(page)
        assert response.status_code == 200 and b"How the team answered" in response.content, response.status_code
        return response

    cold, _ = _time(lambda: team_page(cold=True), args.repeat)
    warm, _ = _time(lambda: team_page(cold=False), max(args.repeat, 5))
    whole, _ = _time(lambda: client.get(reverse("consultation:campaign_report", args=[campaign.pk])), args.repeat)
    print(f"One team's report, first view:       {cold * 1000:7.0f} ms   (computes the whole survey's figures)")
    print(f"One team's report, later views:      {warm * 1000:7.0f} ms   (target 300 ms)")
    print(f"The whole report page (lead's view): {whole * 1000:7.0f} ms")
    texts = [c.text for c in campaign.comments.all()]
    from attune.consultation.themes import shared_embedder

    shared_embedder().clear_cache()  # the team report embedded these already; time them from scratch
    themes_time, themes = _time(lambda: group_into_themes(texts), 1)
    print(f"Themes for {len(texts)} comments (embedding included): {themes_time * 1000:5.0f} ms, {len(themes)} themes")
    print(f"Peak memory (resident): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
