"""Turn round-trip latency with the scripted counterpart, through a real server on loopback.

    python -m attune.rehearsal.bench [--learners 20] [--turns 12] [--think 1.0] [--workers 2]

Sets up a throwaway SQLite database (or uses DATABASE_URL), starts gunicorn on 127.0.0.1 with the
given number of worker processes, signs in simulated learners, and has each play a scenario: every
turn is an htmx POST, timed from send to the last byte of the answer. Learners pause for a random
think time around `--think` seconds between turns, as people do while they type; `--think 0` sends
turns back to back. Prints p50 and p95 for one learner alone, then for all learners at once.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from attune.core.bench import database_url as throwaway_or_configured_database
from attune.core.bench import django_ready

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "first-conversation"
TURNS = [
    "Hello, my name's Sam, I'm one of the nurses. Is it all right if I sit with you?",
    "How are you doing, waiting here?",
    "It sounds like it's been a long day, and you've been carrying it on your own.",
    "What's going through your mind while you wait?",
    "That sounds like a heavy thing to carry.",
    "What else is on your mind?",
    "You noticed when he went quiet, and you brought him in.",
    "Is his mum on her way?",
    "The theatre team will ring us when he is in recovery.",
    "Would it help if I came and found you when they call?",
    "So you've been on your own with this since last night.",
    "Is there anyone I can call for you?",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Learner:
    """One simulated learner with their own session cookie, talking HTTP/1.1 to the server."""

    def __init__(self, port: int, session_key: str):
        self.port = port
        self.cookies = {"sessionid": session_key}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(form) if form is not None else None
        all_headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Host": f"127.0.0.1:{self.port}",
            **({"Content-Type": "application/x-www-form-urlencoded"} if form is not None else {}),
            **(headers or {}),
        }
        if form is not None and "csrftoken" in self.cookies:
            all_headers["X-CSRFToken"] = self.cookies["csrftoken"]
            all_headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        self.connection.request(method, path, body=body, headers=all_headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, data.decode()

    def start(self) -> str:
        status, _, page = self.request("GET", f"/practise/scenarios/{SCENARIO}/")
        assert status == 200, status
        status, headers, _ = self.request(
            "POST", f"/practise/scenarios/{SCENARIO}/", {"level": "standard", "coaching": "on"}
        )
        assert status == 302, status
        return headers["Location"].rstrip("/").rsplit("/", 1)[-1]

    def turn(self, conversation: str, number: int, text: str) -> tuple[float, int]:
        began = time.perf_counter()
        status, _, _ = self.request(
            "POST",
            f"/practise/conversations/{conversation}/turn/",
            {"text": text, "expected": number},
            {"HX-Request": "true"},
        )
        return time.perf_counter() - began, status


def prepare(database_url: str, learners: int) -> list[str]:
    """Migrate, and create learners with signed-in sessions. Returns their session keys."""
    django_ready(database_url)
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from attune.accounts.models import User

    keys = []
    for number in range(learners):
        user, _ = User.objects.get_or_create(
            email=f"bench{number}@bench.example", defaults={"display_name": f"Bench learner {number}"}
        )
        user.set_unusable_password()
        user.save()
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


OPENERS = ["", "Okay. ", "Right, ", "I see. ", "Thank you. ", "Mm. ", "Sure. ", "Yes. ", "Sorry, ", "Gosh. "]
ENDINGS = ["", " Grace.", " love.", " Take your time.", " I'm here.", " No rush.", " Go on.", " I'm listening."]


def typed(rng: random.Random, number: int) -> str:
    """A turn as a person might type it: varied, so the coder's cache of recent texts cannot help."""
    return rng.choice(OPENERS) + TURNS[(number - 1) % len(TURNS)] + rng.choice(ENDINGS)


def play(learner: Learner, turns: int, think: float, rng: random.Random, out: list, errors: list) -> None:
    conversation = learner.start()
    for number in range(1, turns + 1):
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))
        seconds, status = learner.turn(conversation, number, typed(rng, number))
        (out if status == 200 else errors).append(seconds if status == 200 else status)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attune.rehearsal.bench")
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)

    database_url = throwaway_or_configured_database()
    keys = prepare(database_url, args.learners + 1)
    port = free_port()
    # Persistent database connections, as a production deployment runs them.
    env = {"DB_CONN_MAX_AGE": "60", **os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "attune.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
            "--worker-class", "gthread", "--threads", str(args.threads), "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        # Warm every worker: each loads the skill coder on its first turn.
        for _ in range(args.workers * 3):
            warm = Learner(port, keys[-1])
            conversation = warm.start()
            warm.turn(conversation, 1, "Hello.")

        print(f"Turn round trip, scripted counterpart, gunicorn {args.workers} workers x {args.threads} threads")
        print(f"database: {'PostgreSQL' if database_url.startswith('postgres') else 'SQLite'}")
        alone, errors = [], []
        play(Learner(port, keys[0]), args.turns * 2, 0.0, random.Random(101), alone, errors)
        print(
            f"1 learner, back to back: p50 {statistics.median(alone) * 1000:.0f} ms,"
            f" p95 {percentile(alone, 0.95) * 1000:.0f} ms ({len(alone)} turns)"
        )
        together, errors = [], []
        threads = [
            threading.Thread(
                target=play, args=(Learner(port, keys[i]), args.turns, args.think, random.Random(i), together, errors)
            )
            for i in range(args.learners)
        ]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        print(
            f"{args.learners} learners at once, think time ~{args.think:g} s:"
            f" p50 {statistics.median(together) * 1000:.0f} ms,"
            f" p95 {percentile(together, 0.95) * 1000:.0f} ms ({len(together)} turns,"
            f" {len(together) / elapsed:.1f} turns/s, {len(errors)} errors) target p95 <= 150 ms"
        )
        return 1 if errors else 0
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
