from django.core.management.base import BaseCommand

from attune.accounts.demo import DEMO_PASSWORD, demo_totp_secret, seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo organisations, teams and people (safe to run again)."

    def handle(self, *args, **options):
        from attune.consultation.demo import seed_consultation
        from attune.evidence.demo import seed_programme
        from attune.learning.demo import seed_sessions
        from attune.reflection.demo import seed_journal, seed_supervision_and_groups
        from attune.rehearsal.demo import seed_practice

        sign_ins = seed_demo()
        practised = seed_practice()
        sessions = seed_sessions()
        seed_journal()
        seed_supervision_and_groups()
        seed_consultation()
        seed_programme()
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(sign_ins)} people, {practised} new practice conversations,"
                f" {sessions} new training sessions."
            )
        )
        out.write(f"Every demo account's password: {DEMO_PASSWORD}")
        width = max(len(s["email"]) for s in sign_ins)
        for s in sign_ins:
            marker = " *" if s["two_factor"] else ""
            out.write(f"  {s['email']:<{width}}  {s['name']}: {s['roles']}{marker}")
        out.write(
            "* Two-factor sign-in: add this key to an authenticator app, "
            f"or run `python manage.py demo_code` for the current code: {demo_totp_secret()}"
        )
