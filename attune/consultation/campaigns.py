"""Survey campaigns: start, invite, answer anonymously, remind, and import paper responses.

An answer is saved with nothing that points to the person who gave it. The person's invitation is
marked as answered in the same transaction (so reminders skip them), but it keeps no time and the
answer has a random id, no time and no reference to the invitation. The answer first waits, encrypted,
in `WaitingAnswer`; answers join the campaign's responses together, shuffled, in one transaction, once
at least the minimum group size are waiting or the survey has closed (`answers_release`). So neither
the order rows were written in nor the transaction that wrote them (PostgreSQL's `xmin`) can be lined
up with the invitations: each points to a group of at least the minimum size.
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from attune.accounts.models import Membership, Role
from attune.consultation.instruments import Instrument, load_instrument, parse_instrument, read_responses
from attune.consultation.models import (
    Campaign,
    Source,
    SurveyComment,
    SurveyInvitation,
    SurveyResponse,
    WaitingAnswer,
)
from attune.core.content import ContentInvalid

PROFESSIONS = [
    ("", "Prefer not to say"),
    ("nursing", "Nursing"),
    ("midwifery", "Midwifery"),
    ("medical", "Medical"),
    ("allied_health", "Allied health or therapy"),
    ("social_work", "Social work"),
    ("psychology", "Psychology"),
    ("support", "Support or administrative"),
    ("other", "Other"),
]
BANDS = [("", "Prefer not to say"), *[(str(b), f"Band {b}") for b in range(2, 9)], ("medical", "Medical grades"),
         ("other", "Other")]  # fmt: skip
FIRST_REMINDER_AFTER = timedelta(days=3)
LAST_REMINDER_BEFORE_CLOSE = timedelta(days=2)


def minimum() -> int:
    """The smallest group any figure may describe: the setting, but never below 3."""
    return max(3, settings.ATTUNE_MIN_GROUP_SIZE)


def text_minimum() -> int:
    """Free text is more identifying than a number: comments are shown from ten people."""
    return max(10, minimum())


class SurveyUnavailable(Exception):
    """The link cannot be used; the message is for the person holding it."""


def instruments_dir() -> Path:
    return Path(settings.CONTENT_DIR) / "instruments"


def available_instruments() -> list[tuple[Path, Instrument]]:
    found = []
    for path in sorted(instruments_dir().glob("*.yaml")):
        try:
            found.append((path, load_instrument(path)))
        except ContentInvalid:
            # An invalid file is not offered; check_content names its errors.
            pass
    return found


def instrument_of(campaign: Campaign) -> Instrument:
    return parse_instrument(campaign.instrument_text, f"campaign {campaign.pk}")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def campaign_start(
    *, organisation, created_by, title: str, instrument_path: Path | None = None, teams, closes_at,
    ask_profession=False, ask_band=False, consultation=None, repeats: Campaign | None = None,
) -> Campaign:  # fmt: skip
    """Open a survey and invite everyone in the teams. A repeat asks exactly the questions of the survey
    it repeats, whatever has changed in the instrument files since, so that the change is comparable."""
    if repeats is not None:
        text, source = repeats.instrument_text, f"campaign {repeats.pk}"
    else:
        text, source = instrument_path.read_text(encoding="utf-8"), str(instrument_path)
    instrument = parse_instrument(text, source)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            organisation=organisation, created_by=created_by, title=title, instrument_id=instrument.id,
            instrument_text=text, closes_at=closes_at, ask_profession=ask_profession, ask_band=ask_band,
            consultation=consultation, repeats=repeats,
        )  # fmt: skip
        campaign.teams.set(teams)
        links = []
        people = Membership.objects.filter(team__in=teams, role__in=[Role.MEMBER, Role.TEAM_LEAD]).select_related(
            "user", "team"
        )
        seen = set()
        for membership in people:
            if membership.user_id in seen:
                continue
            seen.add(membership.user_id)
            token = secrets.token_urlsafe(24)
            SurveyInvitation.objects.create(
                campaign=campaign, person=membership.user, team=membership.team, token_hash=_hash(token), token=token
            )
            links.append((membership.user.email, membership.user.display_name, token))
        transaction.on_commit(lambda: _send_invitations(campaign, links))
    return campaign


def _link(token: str) -> str:
    return f"{settings.SITE_URL}/survey/{token}/"


def _send_invitations(campaign: Campaign, links) -> None:
    for email, name, token in links:
        send_mail(
            f"A short survey for your team: {campaign.title}",
            f"Hello {name},\n\nYour team has been asked how it feels to work together. It takes about five "
            f"minutes. Your answers are anonymous: Attune records that you have answered, so that you are "
            f"not reminded, but not which answers are yours, and results are shown only for groups of at "
            f"least {settings.ATTUNE_MIN_GROUP_SIZE} people.\n\nYour personal link (please do not share it):\n"
            f"{_link(token)}\n\nThe survey closes on {timezone.localtime(campaign.closes_at):%-d %B %Y}.\n\nAttune",
            None,
            [email],
        )


def invitation_for(token: str) -> SurveyInvitation:
    invitation = SurveyInvitation.objects.filter(token_hash=_hash(token)).select_related("campaign", "team").first()
    if invitation is None:
        raise SurveyUnavailable("This survey link is not recognised. Check that you copied all of it.")
    if invitation.answered:
        raise SurveyUnavailable("You have already answered this survey. Thank you.")
    if invitation.campaign.closes_at <= timezone.now():
        raise SurveyUnavailable("This survey has closed.")
    return invitation


def response_submit(*, token: str, answers: dict, profession="", band="", comments: dict | None = None) -> None:
    with transaction.atomic():
        invitation = invitation_for(token)
        # Lock the invitation so that two tabs cannot both answer.
        invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answered:
            raise SurveyUnavailable("You have already answered this survey. Thank you.")
        campaign = invitation.campaign
        comments = {question: text.strip() for question, text in (comments or {}).items() if text.strip()}
        payload = {
            "team": invitation.team_id, "answers": answers, "comments": comments,
            "profession": profession if campaign.ask_profession else "", "band": band if campaign.ask_band else "",
        }  # fmt: skip
        WaitingAnswer.objects.create(campaign=campaign, payload=json.dumps(payload))
        invitation.answered = True
        invitation.save(update_fields=["answered"])
        transaction.on_commit(lambda: answers_release(campaign.pk))


def answers_release(campaign_id: int, *, closing: bool = False) -> int:
    """Move waiting answers into the campaign's responses, once at least the minimum are waiting.

    They are written in shuffled order in one transaction. When the survey has closed (`closing`), the
    last few are released however many there are; if they are fewer than the minimum, every earlier
    response and comment is rewritten in the same transaction, so that this last transaction, too,
    points to a group of at least the minimum. Returns how many were released.
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None:
            return 0
        waiting = list(WaitingAnswer.objects.filter(campaign=campaign))
        if not waiting or (len(waiting) < minimum() and not closing):
            return 0
        shuffler = random.SystemRandom()
        shuffler.shuffle(waiting)
        responses, comments = [], []
        for answer in waiting:
            data = json.loads(answer.payload)
            responses.append(
                SurveyResponse(
                    campaign=campaign,
                    team_id=data["team"],
                    answers=data["answers"],
                    profession=data["profession"],
                    band=data["band"],
                )  # fmt: skip
            )
            comments += [
                SurveyComment(campaign=campaign, team_id=data["team"], question=question, text=text)
                for question, text in data["comments"].items()
            ]
        shuffler.shuffle(comments)
        if len(responses) < minimum():
            # Rewriting a row gives it a new physical place and this transaction's id, so the last few
            # answers share both with every earlier one.
            SurveyResponse.objects.filter(campaign=campaign).update(campaign=F("campaign"))
            SurveyComment.objects.filter(campaign=campaign).update(campaign=F("campaign"))
        SurveyResponse.objects.bulk_create(responses)
        SurveyComment.objects.bulk_create(comments)
        WaitingAnswer.objects.filter(pk__in=[a.pk for a in waiting]).delete()
    return len(responses)


def closed_campaigns_release(*, now=None) -> int:
    """Release the last waiting answers of every survey that has closed. Run it daily."""
    now = now or timezone.now()
    closed = Campaign.objects.filter(closes_at__lte=now, waiting__isnull=False).values_list("pk", flat=True)
    return sum(answers_release(pk, closing=True) for pk in set(closed))


def waiting_count(campaign: Campaign) -> int:
    return WaitingAnswer.objects.filter(campaign=campaign).count()


def reminders_send(*, now=None) -> int:
    """Remind people who have not answered: once after three days, once two days before the close.
    Run it daily."""
    now = now or timezone.now()
    sent = 0
    reminded: set[int] = set()
    for campaign in Campaign.objects.filter(closes_at__gt=now):
        due = []
        if now - campaign.created_at >= FIRST_REMINDER_AFTER:
            due.append(0)
        if campaign.closes_at - now <= LAST_REMINDER_BEFORE_CLOSE:
            due.append(1)
        for already in due:
            waiting = SurveyInvitation.objects.filter(campaign=campaign, answered=False, reminders_sent=already)
            for invitation in waiting.exclude(pk__in=reminded).select_related("person"):
                reminded.add(invitation.pk)
                # Claim the reminder first, so that two runs at once never send it twice.
                claimed = SurveyInvitation.objects.filter(
                    pk=invitation.pk, reminders_sent=already, answered=False
                ).update(reminders_sent=already + 1)
                if not claimed:
                    continue
                send_mail(
                    f"Reminder: {campaign.title}",
                    f"Hello {invitation.person.display_name},\n\nIf you have a few minutes, your team's survey is "
                    f"still open until {timezone.localtime(campaign.closes_at):%-d %B}. Your answers are anonymous."
                    f"\n\n{_link(invitation.token)}\n\nAttune",
                    None,
                    [invitation.person.email],
                )
                sent += 1
    return sent


def responses_import(*, campaign: Campaign, rows: list[dict[str, str]]) -> tuple[int, list[str]]:
    """Import paper or spreadsheet responses. Every bad row is reported with its number, and nothing
    is imported unless the whole file is clean."""
    instrument = instrument_of(campaign)
    answers, errors = read_responses(instrument, rows)
    campaign_teams = list(campaign.teams.all())
    teams = {t.name.lower(): t for t in campaign_teams} | {t.slug: t for t in campaign_teams}
    only = campaign_teams[0] if len(campaign_teams) == 1 else None
    messages = [str(e) for e in errors]
    for number, row in enumerate(rows, start=2):
        name = (row.get("team") or "").strip().lower()
        if only is None and name not in teams:
            messages.append(f"row {number}: team {(row.get('team') or '')!r} is not one of this survey's teams")
    if messages:
        return 0, sorted(messages, key=lambda m: int(m.split(":")[0].split()[1]))
    with transaction.atomic():
        for row, parsed in zip(rows, answers, strict=True):
            team = teams.get((row.get("team") or "").strip().lower(), only)
            SurveyResponse.objects.create(
                campaign=campaign,
                team=team,
                answers=parsed["answers"],
                source=Source.PAPER,
            )
            for question, text in parsed["comments"].items():
                if text:
                    SurveyComment.objects.create(campaign=campaign, team=team, question=question, text=text)
    return len(rows), []
