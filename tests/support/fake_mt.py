"""A fake OpenAI-compatible chat-completions server on 127.0.0.1 for machine-translation
tests: canned translations, recorded requests, and switchable failures."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CANNED = {
    "Frontier models must be evaluated for biological risk before release.": (
        "前沿模型在发布前必须接受生物风险评估。"
    ),
    "人工智能不应自主发动核攻击。": "AI should never autonomously launch a nuclear attack.",
}


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeBehaviour:
    """What the fake answers next; tests set one field before calling."""

    mode: str = "ok"  # ok | status | malformed | no_choices | empty_choice | sleep
    status: int = 500
    content: str | None = None  # overrides the canned translation
    finish_reason: str = "stop"
    sleep_seconds: float = 0.0
    requests: list[RecordedRequest] = field(default_factory=list)


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True
    # A handler asleep past the client's timeout must not hold up the teardown.
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FakeChatHandler)
        self.behaviour = FakeBehaviour()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/v1"


class FakeChatHandler(BaseHTTPRequestHandler):
    server: FakeServer

    def do_POST(self) -> None:
        behaviour = self.server.behaviour
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        body = json.loads(raw)
        behaviour.requests.append(
            RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        if self.path != "/v1/chat/completions":
            self._send(404, b'{"error": "not found"}')
            return
        if behaviour.mode == "sleep":
            time.sleep(behaviour.sleep_seconds)
        if behaviour.mode == "status":
            # Echo the Authorization header, as a careless proxy might, to check the
            # translator never quotes error bodies.
            echoed = json.dumps({"error": "boom", "auth": self.headers.get("Authorization")})
            self._send(behaviour.status, echoed.encode())
            return
        if behaviour.mode == "malformed":
            self._send(200, b'{"choices": [')
            return
        if behaviour.mode == "no_choices":
            self._send(200, json.dumps({"id": "x", "choices": []}).encode())
            return
        if behaviour.mode == "empty_choice":
            self._send(200, json.dumps({"choices": [{}]}).encode())
            return
        user_text = body["messages"][-1]["content"]
        content = behaviour.content if behaviour.content is not None else CANNED.get(user_text, "")
        reply = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": behaviour.finish_reason,
                }
            ],
        }
        self._send(200, json.dumps(reply, ensure_ascii=False).encode())

    def _send(self, status: int, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet


@contextmanager
def running_fake_server() -> Iterator[FakeServer]:
    fake = FakeServer()
    # A short poll interval keeps shutdown (and so each test's teardown) fast.
    thread = threading.Thread(target=fake.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.shutdown()
        fake.server_close()
        thread.join(timeout=5)
