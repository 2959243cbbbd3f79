"""The generative counterpart, against a small real HTTP server that each test starts."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from attune.rehearsal.engine import engine
from attune.rehearsal.engine.counterpart import CounterpartError, Generative, persona_prompt


class FakeEndpoint:
    """An OpenAI-compatible /chat/completions on loopback that answers as told."""

    def __init__(self, respond):
        self.requests = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                endpoint.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                status, payload = respond(body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def reply_with(text):
    return lambda body: (200, {"choices": [{"message": {"role": "assistant", "content": text}}]})


@pytest.fixture
def opening(small):
    return engine.start(small, level="challenging", seed=1)


def test_it_voices_the_chosen_line_through_the_endpoint(small, opening):
    state, reply = opening
    with FakeEndpoint(reply_with("  Look, just tell me.  ")) as fake:
        backend = Generative(base_url=fake.url, model="local-model", api_key="secret")
        text = backend.voice(small, state, reply, [("person", "Hello."), ("learner", "Hi, I'm Sam.")])
    assert text == "Look, just tell me."
    (request,) = fake.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer secret"
    messages = request["body"]["messages"]
    assert messages[0]["role"] == "system" and "You are Jo, a patient" in messages[0]["content"]
    assert "Curt." in messages[0]["content"]  # the challenging demeanour
    assert [m["role"] for m in messages[1:3]] == ["assistant", "user"]
    assert reply.text in messages[-1]["content"]


@pytest.mark.parametrize(
    "respond",
    [
        lambda body: (500, {"error": "overloaded"}),
        lambda body: (200, b"not json"),
        lambda body: (200, {"choices": []}),
        lambda body: (200, {"choices": [{"message": {"content": "   "}}]}),
    ],
    ids=["server-error", "not-json", "no-choices", "empty"],
)
def test_it_raises_a_counterpart_error_on_a_bad_answer(small, opening, respond):
    state, reply = opening
    with FakeEndpoint(respond) as fake, pytest.raises(CounterpartError):
        Generative(base_url=fake.url, model="m").voice(small, state, reply, [])


def test_it_gives_up_after_its_timeout(small, opening):
    state, reply = opening

    def slow(body):
        time.sleep(1.5)
        return 200, {"choices": [{"message": {"content": "Too late."}}]}

    with FakeEndpoint(slow) as fake, pytest.raises(CounterpartError):
        Generative(base_url=fake.url, model="m", timeout=0.3).voice(small, state, reply, [])


def test_it_cannot_reach_a_closed_port(small, opening):
    state, reply = opening
    with pytest.raises(CounterpartError):
        Generative(base_url="http://127.0.0.1:9/v1", model="m", timeout=1).voice(small, state, reply, [])


def test_the_persona_prompt_carries_state_and_level(small, opening):
    state, _ = opening
    prompt = persona_prompt(small, state)
    assert "trust: 4 out of 10" in prompt.lower()
    assert "never mention that this is a simulation" in prompt.lower()
