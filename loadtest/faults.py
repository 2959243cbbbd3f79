"""Fault checks against the running production stack (`make faults` starts it and runs these):

1. A web worker killed in the middle of a practice turn: afterwards the conversation holds each turn
   once, and sending the turn again either saves it (if the killed request had not) or is refused as
   already taken; never a gap or a duplicate.
2. PostgreSQL restarted under load: requests during the restart fail cleanly (an error page, not a
   hang), and the service recovers by itself, without restarting the web workers.
3. Redis stopped: pages keep working, an email requested meanwhile waits in the outbox, and it goes
   out once Redis is back.

Prints what happened in each, and exits non-zero if any check fails.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

PORT = int(os.environ.get("PORT", "8000"))
COUNTERPART_PORT = int(os.environ.get("COUNTERPART_PORT", "8765"))
ROOT = Path("var/production")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DEMO_EMAIL, DEMO_PASSWORD = "sam.nurse@demo.attune.example", "listen-first-2026"
results: list[tuple[str, bool, str]] = []


class SlowCounterpart(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that takes four seconds to answer: the window in which to kill."""

    def do_POST(self):  # noqa: N802 - the standard library's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(4)
        body = json.dumps({"choices": [{"message": {"content": "I see. Go on."}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Browser:
    """A signed-in person: cookies and CSRF tokens over plain HTTP on loopback."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method, path, data=None, headers=None, timeout=30):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
        body = urllib.parse.urlencode(data) if data is not None else None
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), text

    def form(self, path, data, page=None):
        status, _, text = self.request("GET", page or path)
        token = CSRF.search(text)
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token.group(1) if token else ""})

    def sign_in(self, email, password):
        status, headers, _ = self.form("/sign-in/", {"username": email, "password": password})
        assert status == 302, f"sign-in answered {status}"


def django():
    import django as framework

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attune.settings")
    framework.setup()


def record(name, ok, detail):
    results.append((name, ok, detail))
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)


def gunicorn_workers() -> list[int]:
    found = subprocess.run(["pgrep", "-f", "gunicorn attune.wsgi"], capture_output=True, text=True)  # noqa: S607
    out = found.stdout.split()
    pids = [int(p) for p in out]
    parents = {}
    for pid in pids:
        try:
            parents[pid] = int(Path(f"/proc/{pid}/stat").read_text().split()[3])
        except (FileNotFoundError, ValueError):
            continue
    return [pid for pid, parent in parents.items() if parent in parents]  # children of the master


def check_worker_killed_mid_turn():
    from attune.rehearsal.models import Conversation

    person = Browser()
    person.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
    status, headers, _ = person.form("/practise/scenarios/first-conversation/", {"level": "standard",
                                                                                "coaching": "on"})  # fmt: skip
    conversation_id = re.search(r"/practise/conversations/([0-9a-f-]+)/", headers.get("Location", "")).group(1)
    turn_url = f"/practise/conversations/{conversation_id}/turn/"
    page = f"/practise/conversations/{conversation_id}/"
    status, _, _ = person.form(turn_url, {"text": "Hello, I'm Sam, one of the nurses.", "expected": 1}, page=page)
    outcome = {}

    def second_turn():
        try:
            outcome["status"] = person.form(turn_url, {"text": "How are you doing?", "expected": 2}, page=page)[0]
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            outcome["status"] = type(error).__name__

    sender = threading.Thread(target=second_turn)
    sender.start()
    time.sleep(2.0)  # the request is now waiting for the slow counterpart
    killed = gunicorn_workers()
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    sender.join(30)
    time.sleep(3)  # the master starts new workers
    after_kill = list(Conversation.objects.get(pk=conversation_id).turns.values_list("number", flat=True))
    again = person.form(turn_url, {"text": "How are you doing?", "expected": 2}, page=page)[0]
    final = sorted(Conversation.objects.get(pk=conversation_id).turns.values_list("number", flat=True))
    # Turn 0 is the person's opening line; the learner's first turn is 1.
    ok = final == [0, 1, 2] and sorted(after_kill) in ([0, 1], [0, 1, 2])
    record("web worker killed mid-turn", ok,
           f"killed {len(killed)} worker(s); the request ended with {outcome.get('status')}; turns after the kill "
           f"{sorted(after_kill)}; sending again answered {again}; turns now {final}")  # fmt: skip


def hammer(stop: threading.Event, log: list, person: Browser):
    while not stop.is_set():
        began = time.monotonic()
        try:
            status = person.request("GET", "/", timeout=15)[0]
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            status = type(error).__name__
        log.append((began, time.monotonic() - began, status))


def check_postgres_restart():
    people = [Browser() for _ in range(6)]
    for person in people:
        person.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
    stop, log = threading.Event(), []
    threads = [threading.Thread(target=hammer, args=(stop, log, p)) for p in people]
    for thread in threads:
        thread.start()
    time.sleep(3)
    restart_began = time.monotonic()
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    command = [str(pg_bin / "pg_ctl"), "-D", str(ROOT / "pg"), "-m", "fast", "-w", "restart",
               "-l", str(ROOT / "pg" / "postgres.log")]  # fmt: skip
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - a fixed command
    restarted = time.monotonic()
    time.sleep(8)
    stop.set()
    for thread in threads:
        thread.join()
    during = [s for began, _, s in log if restart_began <= began < restarted + 2]
    later = [s for began, _, s in log if began >= restarted + 2]
    slowest = max(d for _, d, _ in log)
    failed_during = [s for s in during if s != 200]
    ok = later and all(s == 200 for s in later) and slowest < 15
    record("PostgreSQL restarted under load", bool(ok),
           f"{len(log)} requests; restart took {restarted - restart_began:.1f} s; {len(failed_during)} of "
           f"{len(during)} during it failed ({sorted(set(map(str, failed_during)))}); all {len(later)} after it "
           f"succeeded: {all(s == 200 for s in later)}; slowest {slowest:.1f} s")  # fmt: skip


def redis_pid() -> int | None:
    found = subprocess.run(["pgrep", "-f", "redis-server 127.0.0.1"], capture_output=True, text=True)  # noqa: S607
    out = found.stdout.split()
    return int(out[0]) if out else None


def check_redis_stopped():
    from attune.core.models import EmailStatus, OutboundEmail

    pid = redis_pid()
    # Redis renames its process, so it is started again the way the stack starts it.
    command = ["redis-server", "--port", os.environ.get("REDIS_PORT", "63790"), "--bind", "127.0.0.1",
               "--dir", str(ROOT.resolve()), "--save", "60 1", "--appendonly", "no"]  # fmt: skip
    os.kill(pid, signal.SIGTERM)
    time.sleep(2)
    person = Browser()
    person.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
    pages = [person.request("GET", path)[0] for path in ("/", "/learn/", "/practise/", "/reflect/")]
    before = OutboundEmail.objects.count()
    anonymous = Browser()
    status = anonymous.form("/password-reset/", {"email": DEMO_EMAIL})[0]
    waiting = OutboundEmail.objects.filter(pk__gt=0).order_by("-pk").first()
    queued = OutboundEmail.objects.count() == before + 1 and waiting.status == EmailStatus.WAITING
    health = json.loads(person.request("GET", "/health/")[2])
    restarted = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603, S607
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        waiting.refresh_from_db()
        if waiting.status == EmailStatus.SENT:
            break
        time.sleep(3)
    took = 150 - (deadline - time.monotonic())
    restarted.terminate()  # the stack stops its own processes; this Redis is this check's
    ok = all(p == 200 for p in pages) and status == 302 and queued and waiting.status == EmailStatus.SENT
    record("Redis stopped", ok,
           f"pages answered {pages}; password reset answered {status}; the email waited in the outbox: {queued}; "
           f"health said {health['status']} (cache {health['cache']}); after Redis came back the email was "
           f"{waiting.status} within {took:.0f} s")  # fmt: skip


def main() -> int:
    django()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", COUNTERPART_PORT), SlowCounterpart)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from django.db import connections

    for check in (check_worker_killed_mid_turn, check_postgres_restart, check_redis_stopped):
        # This script's own database connection does not survive the restart either.
        connections.close_all()
        try:
            check()
        except Exception as error:  # noqa: BLE001 - report and go on to the next check
            record(check.__name__, False, f"{type(error).__name__}: {error}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
