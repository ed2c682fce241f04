"""Logs: human or JSON lines, and never a token or an email address."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from rebound.logs import configure, redact

SLACK = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
DISCORD = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789"


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_tokens_and_emails_are_masked() -> None:
    text = (f"bot {SLACK} app xapp-1-A0-123-abc discord {DISCORD} header Bot {DISCORD} "
            "mail jane.smith+jobs@acme.co.uk")
    cleaned = redact(text)
    for secret in (SLACK, "xapp-1-A0-123-abc", DISCORD, "jane.smith+jobs@acme.co.uk"):
        assert secret not in cleaned
    assert "[email]" in cleaned and "xox?-[redacted]" in cleaned


def test_json_lines_hold_the_record_redacted_with_its_traceback(restore_root: None) -> None:
    stream = io.StringIO()
    configure(level="INFO", fmt="json", stream=stream)
    log = logging.getLogger("rebound.test")
    log.debug("hidden at INFO")
    log.warning("sending to %s failed", "jane@acme.com")
    try:
        raise RuntimeError(f"refused token {SLACK}")
    except RuntimeError:
        log.exception("the messenger failed")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["level"] == "WARNING" and first["logger"] == "rebound.test"
    assert first["message"] == "sending to [email] failed"
    assert second["message"] == "the messenger failed"
    assert "RuntimeError" in second["exception"] and SLACK not in second["exception"]


def test_human_lines_are_redacted_too(restore_root: None) -> None:
    stream = io.StringIO()
    configure(level="DEBUG", fmt="human", stream=stream)
    logging.getLogger("rebound.test").info("token %s", SLACK)
    [line] = stream.getvalue().splitlines()
    assert " INFO rebound.test: token xox?-[redacted]" in line
