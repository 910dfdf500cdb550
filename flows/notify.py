"""Webhook notifications: a failed run, or pain points flagged emerging."""

from __future__ import annotations

import json
import logging
import os
import urllib.request

from suara.flows.config import NotifyConfig

_log = logging.getLogger("suara.notify")


def webhook_url(cfg: NotifyConfig) -> str | None:
    """The configured webhook URL: the environment variable first, then the config value."""
    return os.environ.get(cfg.webhook_url_env) or cfg.webhook_url


def post_json(url: str, payload: dict, *, timeout: float = 10.0, attempts: int = 3) -> bool:
    """POST ``payload`` as JSON, retrying with back-off; returns whether it was delivered.

    A notification must never fail the run, so errors are logged, not raised.
    """
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    delay = 1.0
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (URL from config)
                if 200 <= response.status < 300:
                    return True
        except OSError as exc:
            _log.warning("webhook attempt %d failed: %s", attempt, exc)
        if attempt < attempts:
            import time

            time.sleep(delay)
            delay *= 2
    return False


def notify_failure(cfg: NotifyConfig, run_id: str, error: BaseException) -> bool:
    """Tell the webhook that run ``run_id`` failed and why."""
    url = webhook_url(cfg)
    if not (url and cfg.on_failure):
        return False
    text = f"Suara nightly run {run_id} failed: {type(error).__name__}: {error}"
    return post_json(url, {"event": "run_failed", "run_id": run_id, "error": str(error), "text": text})


def notify_degraded(cfg: NotifyConfig, run_id: str, reasons: list[str]) -> bool:
    """Tell the webhook that run ``run_id`` finished ``degraded`` (e.g. a source loaded nothing) and why."""
    url = webhook_url(cfg)
    if not (url and cfg.on_failure and reasons):
        return False
    text = f"Suara nightly run {run_id} degraded: " + "; ".join(reasons)
    return post_json(url, {"event": "run_degraded", "run_id": run_id, "reasons": reasons, "text": text})


def notify_emerging(cfg: NotifyConfig, run_id: str, emerging: list[dict]) -> bool:
    """Tell the webhook about pain points flagged emerging in this run (nothing sent when none)."""
    url = webhook_url(cfg)
    if not (url and cfg.on_emerging and emerging):
        return False
    names = ", ".join(f"{e.get('label') or e.get('theme_id')} @ {e.get('touchpoint')}" for e in emerging[:5])
    text = f"Suara: {len(emerging)} emerging pain point(s): {names}"
    return post_json(url, {"event": "emerging_pain_points", "run_id": run_id, "items": emerging, "text": text})
