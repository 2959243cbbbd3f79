"""Accounts, personal survey links and pages for the load test, written to a plan file."""

import hashlib
import json
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from attune.accounts.models import Membership, Organisation, Role
from attune.consultation.models import Campaign, SurveyInvitation
from attune.core.scale import SCALE_PASSWORD, SLUG


class Command(BaseCommand):
    help = "Prepare a load test on the scale organisation (run seed_scale first): write var/load/plan.json."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--plan", type=Path, default=settings.BASE_DIR / "var" / "load" / "plan.json")

    def handle(self, *args, users, plan, **options):
        organisation = Organisation.objects.filter(slug=SLUG).first()
        if organisation is None:
            raise CommandError("Run `manage.py seed_scale` first.")
        leads = list(Membership.objects.filter(organisation=organisation, role=Role.TEAM_LEAD)
                     .select_related("user", "team").order_by("team__slug")[: max(1, users // 10)])  # fmt: skip
        members = list(Membership.objects.filter(organisation=organisation, role=Role.MEMBER)
                       .select_related("user", "team").order_by("user__email")[: users * 4])  # fmt: skip
        teams = {m.team for m in leads + members}
        text = (settings.CONTENT_DIR / "instruments" / "wellbeing-check.yaml").read_text(encoding="utf-8")
        with transaction.atomic():
            campaign = Campaign.objects.create(
                organisation=organisation, title="Load test survey", instrument_id="wellbeing-check",
                instrument_text=text, closes_at=timezone.now() + timedelta(days=7),
            )  # fmt: skip
            campaign.teams.set(teams)
            tokens = []
            for membership in members:
                token = secrets.token_urlsafe(24)
                digest = hashlib.sha256(token.encode()).hexdigest()
                SurveyInvitation.objects.create(
                    campaign=campaign, person=membership.user, team=membership.team, token_hash=digest, token=token
                )
                tokens.append(token)
        # The report a lead reads: the latest closed quarter, in which their team answered.
        report = (
            Campaign.objects.filter(organisation=organisation, closes_at__lt=timezone.now())
            .order_by("-closes_at")
            .first()
        )
        plan.parent.mkdir(parents=True, exist_ok=True)
        plan.write_text(json.dumps({
            "password": SCALE_PASSWORD,
            "members": [m.user.email for m in members],
            "leads": [{"email": m.user.email, "team": m.team.pk} for m in leads],
            "survey_tokens": tokens,
            "report_campaign": report.pk,
            "module": "giving-difficult-news",
            "scenario": "first-conversation",
        }, indent=1))  # fmt: skip
        self.stdout.write(f"Plan for {users} users written to {plan}: {len(tokens)} survey links.")
