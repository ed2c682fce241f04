"""Slack views: the log-a-rejection modal and the App Home tab.

The modal has one input per question of the chat's guided form, so both ask the same things
and the core checks both the same way; problems come back next to their field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from adapters.slack.blocks import Block, reply_blocks
from bot.log_form import QUESTIONS
from bot.replies import Reply

LOG_CALLBACK = "rebound_log"
HOME_BLOCK_LIMIT = 100
_ACTION = "value"


def log_modal(*, origin: Mapping[str, str],
              values: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The log modal, filled in with `values` ({field: text}, what the user gave already).
    `origin` (where it was opened: channel, response URL) rides along in `private_metadata`,
    so the answer goes back to the same place."""
    blocks: list[Block] = [{"type": "context", "elements": [{
        "type": "plain_text", "emoji": True,
        "text": "I'll pace your follow-up from this: a cool-down first, then each message "
                "drafted when its time comes. Only you see this."}]}]
    for question in QUESTIONS:
        element: Block = {"type": "plain_text_input", "action_id": _ACTION,
                          "max_length": question.max_length,
                          "multiline": question.max_length > 150}
        if question.placeholder:
            element["placeholder"] = {"type": "plain_text", "text": question.placeholder[:150]}
        given = (values or {}).get(question.field, "")
        if given:
            element["initial_value"] = given[:question.max_length]
        blocks.append({"type": "input", "block_id": question.field, "optional": question.optional,
                       "label": {"type": "plain_text", "text": question.label[:2000]},
                       "element": element})
    return {"type": "modal", "callback_id": LOG_CALLBACK,
            "title": {"type": "plain_text", "text": "Log a rejection"},
            "submit": {"type": "plain_text", "text": "Save"},
            "close": {"type": "plain_text", "text": "Cancel"},
            "private_metadata": json.dumps(dict(origin)), "blocks": blocks}


def submitted_fields(view: Mapping[str, Any]) -> dict[str, str]:
    """The text of each field in a submitted log modal, keyed by field name."""
    values = view.get("state", {}).get("values", {})
    fields: dict[str, str] = {}
    for question in QUESTIONS:
        entry = values.get(question.field, {}).get(_ACTION, {})
        fields[question.field] = str(entry.get("value") or "")
    return fields


def modal_origin(view: Mapping[str, Any]) -> dict[str, str]:
    """What `log_modal` stored about where the modal was opened."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def home_view(overview: Reply) -> dict[str, Any]:
    """The App Home tab: the user's pipeline and settings, with a few quick actions."""
    intro: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Your follow-up plan"}},
        {"type": "context", "elements": [{"type": "plain_text", "emoji": True, "text":
            "Updated whenever something changes. Message me in the Messages tab, or use "
            "/coach from any channel."}]},
    ]
    body = reply_blocks(overview, limit=HOME_BLOCK_LIMIT - len(intro))
    return {"type": "home", "blocks": intro + body}
