"""A fingerprint of how this release words the steps' nudges.

A step's message is composed when its nudge is planned, often months before it goes out (the
stay-in-touch email comes six to nine months after the rejection), and stored with it. A
release that rewords a step must not leave the old words in the messages already stored, so
each one is stored with the fingerprint of the wording it was composed under, and delivery
uses it only while that is this release's (otherwise it composes the message afresh). The
fingerprint hashes what `planned_message` gives for a few sample rejections, so any change to
a step's words changes it, with no version to remember to bump.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import UTC, date, datetime

from bot.models import Rejection
from bot.nudges.composer import planned_message
from bot.nudges.model import NudgeKind

_INTERVIEWERS = ("Dr. Jane Smith", "Maria Lopez and Raj Patel", "the hiring team")
_SAMPLE_DUE = datetime(2026, 9, 7, 7, 30, tzinfo=UTC)


@functools.cache
def wording() -> str:
    """This release's fingerprint: 16 hex digits of a hash of every step's sample message."""
    digest = hashlib.sha256()
    for number, interviewer in enumerate(_INTERVIEWERS, start=1):
        sample = Rejection(
            id=number, user_id=1, company="Acme", role="Product Designer",
            interviewer=interviewer, rejected_on=date(2026, 1, 5),
            memory="the whiteboard session", interviewer_email=None, linkedin_url=None,
            compliment=None, created_at=datetime(2026, 1, 5, tzinfo=UTC))
        for kind in NudgeKind:
            message = planned_message(kind, sample, payload={}, due_at=_SAMPLE_DUE,
                                      timezone="Europe/Berlin")
            digest.update(repr((kind.value, message)).encode())
    return digest.hexdigest()[:16]
