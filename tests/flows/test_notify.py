"""Issue 6: failed runs and emerging pain points reach a webhook (local HTTP server)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from suara.flows.config import NotifyConfig
from suara.flows.notify import notify_degraded, notify_emerging, notify_failure


@pytest.fixture
def webhook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()


def test_degraded_run_is_posted_with_its_reasons(webhook, monkeypatch):
    url, received = webhook
    monkeypatch.setenv("SUARA_WEBHOOK_URL", url)
    assert not notify_degraded(NotifyConfig(), "run7", [])  # a clean run sends nothing
    assert notify_degraded(NotifyConfig(), "run7", ["app_reviews: no file matches exports/*.csv"])
    assert received[0]["event"] == "run_degraded" and "app_reviews" in received[0]["text"]


def test_failure_is_posted(webhook, monkeypatch):
    url, received = webhook
    monkeypatch.setenv("SUARA_WEBHOOK_URL", url)
    assert notify_failure(NotifyConfig(), "run42", ValueError("disk full"))
    assert received[0]["event"] == "run_failed"
    assert received[0]["run_id"] == "run42"
    assert "disk full" in received[0]["text"]


def test_emerging_posted_only_when_any(webhook):
    url, received = webhook
    cfg = NotifyConfig(webhook_url=url)
    assert not notify_emerging(cfg, "r1", [])
    items = [{"theme_id": "T0003", "label": "gagal bayar / payment failed", "touchpoint": "checkout_payment"}]
    assert notify_emerging(cfg, "r1", items)
    assert len(received) == 1
    assert received[0]["items"][0]["touchpoint"] == "checkout_payment"
    assert "payment failed" in received[0]["text"]


def test_unreachable_webhook_does_not_raise(monkeypatch):
    cfg = NotifyConfig(webhook_url="http://127.0.0.1:9/nothing-listens")
    monkeypatch.setattr("time.sleep", lambda s: None)
    assert notify_failure(cfg, "r2", RuntimeError("x")) is False


def test_disabled_sends_nothing(webhook):
    url, received = webhook
    assert not notify_failure(NotifyConfig(webhook_url=url, on_failure=False), "r3", RuntimeError("x"))
    assert received == []
