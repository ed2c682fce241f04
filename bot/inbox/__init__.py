"""The durable inbox: a platform event is stored before the platform is acknowledged, then
handled once, and its reply delivered after the handling committed.

    accepted = await inbox.accept(event_id, payload, lane=user)   # one durable write; then ack

A worker (`run`) claims stored entries under a lease and gives each to the platform's
`InboxHandler`: `handle` makes its changes inside the entry's `Unit` (its effects, its handled
mark and its reply commit together), then `deliver` sends the reply and the entry is marked
delivered. After a crash, unhandled entries are handled once and undelivered replies are
delivered; only a reply whose delivery was in flight can go out twice. Entries of one lane
(one user's conversation) are handled and answered in order; lanes run side by side.
"""

from __future__ import annotations

from bot.inbox.model import DeliveryResult, InboxHandler, InboxPolicy
from bot.inbox.unit import LeaseLost, Unit
from bot.inbox.worker import Inbox, lane_key
from bot.store.inbox import InboxEntry

__all__ = ["DeliveryResult", "Inbox", "InboxEntry", "InboxHandler", "InboxPolicy", "LeaseLost",
           "Unit", "lane_key"]
