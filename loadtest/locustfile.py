"""The main journeys, for `make load`: sign in, home, a module, practice turns, a survey answer, a team
report, and a static file served by the same stack for comparison. Reads var/load/plan.json."""

import itertools
import json
import os
import re
import threading
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

from attune.rehearsal.bench import TURNS

# Figures are kept from this many seconds after the last user has started: the steady state of all users
# at once, not the first minute of everyone signing in together.
WARMUP_SECONDS = float(os.environ.get("ATTUNE_LOAD_WARMUP", "20"))
PLAN = json.loads(Path(os.environ.get("ATTUNE_LOAD_PLAN", "var/load/plan.json")).read_text())
_members = itertools.cycle(PLAN["members"])
_leads = itertools.cycle(PLAN["leads"])
_tokens = iter(PLAN["survey_tokens"])
_lock = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.init.add_listener
def _forget_the_warmup(environment, **kwargs):
    @environment.events.spawning_complete.add_listener
    def reset_after_warmup(user_count, **kwargs):
        gevent.spawn_later(WARMUP_SECONDS, environment.runner.stats.reset_all)


def csrf(response) -> str:
    found = CSRF.search(response.text)
    return found.group(1) if found else ""


class Staff(HttpUser):
    """A member of staff: home, a module, practice, and a survey answer now and then."""

    weight = 9
    wait_time = between(1, 3)

    def on_start(self):
        with _lock:
            self.email = next(_members)
        self.sign_in(self.email)
        self.conversation = None
        self.turn = 0

    def sign_in(self, email):
        page = self.client.get("/sign-in/", name="sign in (form)")
        self.client.post("/sign-in/", {"username": email, "password": PLAN["password"],
                                       "csrfmiddlewaretoken": csrf(page)}, name="sign in")  # fmt: skip

    @task(4)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def sign_out_and_in(self):
        page = self.client.get("/account/", name="account")
        self.client.post("/sign-out/", {"csrfmiddlewaretoken": csrf(page)}, name="sign out")
        self.sign_in(self.email)
        # Signing in gives a new CSRF token: the next practice starts a fresh conversation with it.
        self.conversation = None

    @task(3)
    def module(self):
        self.client.get(f"/learn/modules/{PLAN['module']}/1/", name="module section")

    @task(6)
    def practise(self):
        if self.conversation is None or self.turn >= len(TURNS):
            brief = self.client.get(f"/practise/scenarios/{PLAN['scenario']}/", name="practice brief")
            started = self.client.post(f"/practise/scenarios/{PLAN['scenario']}/",
                                       {"level": "standard", "coaching": "on", "csrfmiddlewaretoken": csrf(brief)},
                                       name="practice start")  # fmt: skip
            found = re.search(r"/practise/conversations/([0-9a-f-]+)/", started.url or "")
            if not found:
                return
            self.conversation, self.turn, self.token = found.group(1), 0, csrf(started)
        self.turn += 1
        self.client.post(f"/practise/conversations/{self.conversation}/turn/",
                         {"text": TURNS[self.turn - 1], "expected": self.turn, "csrfmiddlewaretoken": self.token},
                         headers={"HX-Request": "true"}, name="practice turn")  # fmt: skip

    @task(1)
    def survey(self):
        with _lock:
            token = next(_tokens, None)
        if token is None:
            return
        page = self.client.get(f"/survey/{token}/", name="survey (form)")
        self.client.post(f"/survey/{token}/", {"coping": 4, "energy": 3, "rest": 4, "connected": 5, "worn_out": 2,
                                               "csrfmiddlewaretoken": csrf(page)}, name="survey answer")  # fmt: skip

    @task(2)
    def static(self):
        self.client.get("/static/attune.css", name="static file")


class Lead(HttpUser):
    """A team lead reading their team's survey report."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        with _lock:
            lead = next(_leads)
        self.team = lead["team"]
        page = self.client.get("/sign-in/", name="sign in (form)")
        self.client.post("/sign-in/", {"username": lead["email"], "password": PLAN["password"],
                                       "csrfmiddlewaretoken": csrf(page)}, name="sign in")  # fmt: skip

    @task
    def team_report(self):
        self.client.get(f"/consult/surveys/{PLAN['report_campaign']}/teams/{self.team}/", name="team report")

    @task
    def home(self):
        self.client.get("/", name="home")
