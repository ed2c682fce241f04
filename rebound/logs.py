"""Logging for the long-running commands: human-readable or JSON lines, and never a secret.

Every record passes a redaction filter on the way out, so a token or an email address that
slips into a message or an exception (a library's error text, say) is masked in the log.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import TextIO

from bot.errors import UserError

FORMATS = ("human", "json")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

_SECRETS = (
    (re.compile(r"\bxox[a-z]-[A-Za-z0-9-]+"), "xox?-[redacted]"),      # Slack bot/user tokens
    (re.compile(r"\bxapp-[A-Za-z0-9-]+"), "xapp-[redacted]"),          # Slack app tokens
    (re.compile(r"\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"),
     "[discord token redacted]"),
    (re.compile(r"(?i)\b(bot|bearer)\s+[A-Za-z0-9._-]{20,}"), r"\1 [redacted]"),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[email]"),
)


def redact(text: str) -> str:
    """The text with tokens and email addresses masked."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Masks secrets in the final message and in any exception text of a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the traceback if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def print_fatal(message: str, *, fmt: str, exit_code: int, stream: TextIO | None = None) -> None:
    """The one line a process ends with when it can't start: `rebound: message`, or in the
    JSON format one object like every other log line (with the exit code), redacted."""
    out = stream or sys.stderr
    if fmt != "json":
        print(f"rebound: {redact(message)}", file=out)
        return
    record = logging.LogRecord("rebound", logging.CRITICAL, __file__, 0, redact(message),
                               None, None)
    entry = json.loads(JsonFormatter().format(record))
    entry["exit_code"] = exit_code
    print(json.dumps(entry, ensure_ascii=False), file=out)


def check_format(value: str, *, source: str) -> str:
    """A log format name, or UserError naming where the bad value came from."""
    normal = value.strip().lower()
    if normal not in FORMATS:
        raise UserError(f"{source} must be human or json, not {value!r}.")
    return normal


def check_level(value: str, *, source: str) -> str:
    normal = value.strip().upper()
    if normal not in LEVELS:
        raise UserError(f"{source} must be one of {', '.join(LEVELS)}, not {value!r}.")
    return normal


class _CurrentStderr(logging.StreamHandler[TextIO]):
    """Writes to whatever `sys.stderr` is at the time (it may be replaced after start-up, as
    test runners do), never to a stream that has since been closed."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure(*, level: str, fmt: str, stream: TextIO | None = None) -> None:
    """Send every log record to stderr (or `stream`), redacted, in the chosen format."""
    handler: logging.Handler = logging.StreamHandler(stream) if stream else _CurrentStderr()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
