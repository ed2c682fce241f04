"""Gateway events for `tests.fake_discord`: a slash command, a button press, a modal
submission and a DM, shaped as Discord sends them to a bot."""

from __future__ import annotations

import itertools
from typing import Any

from tests.fake_discord import APP_ID, dm_channel_id

_ids = itertools.count(7 * 10**17)
BOT_DM = 1


def user(user_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": f"user{user_id[-4:]}", "discriminator": "0",
            "avatar": None, "global_name": None, "bot": False, "flags": 0}


def _interaction(kind: int, user_id: str, data: dict[str, Any],
                 **extra: Any) -> dict[str, Any]:
    """An interaction in the user's DM with the bot (a user install)."""
    interaction_id = str(next(_ids))
    channel = dm_channel_id(user_id)
    return {"id": interaction_id, "application_id": APP_ID, "type": kind, "data": data,
            "channel_id": channel, "channel": {"id": channel, "type": 1},
            "user": user(user_id), "token": f"token-{interaction_id}", "version": 1,
            "locale": "en-US", "app_permissions": "0", "entitlements": [],
            "authorizing_integration_owners": {"1": user_id}, "context": BOT_DM,
            "attachment_size_limit": 10 * 2**20, **extra}


def slash(user_id: str, subcommand: str, **options: str) -> dict[str, Any]:
    """`/coach <subcommand> option:value ...`."""
    given = [{"name": name, "type": 3, "value": value} for name, value in options.items()]
    return _interaction(2, user_id, {
        "id": "1", "name": "coach", "type": 1,
        "options": [{"name": subcommand, "type": 1, "options": given}]})


def button(user_id: str, custom_id: str) -> dict[str, Any]:
    """A press of a persistent button on a message in the user's DM."""
    channel = dm_channel_id(user_id)
    message = {"id": str(next(_ids)), "channel_id": channel, "type": 0, "content": "",
               "author": user(APP_ID), "timestamp": "2026-03-02T10:00:00+00:00",
               "edited_timestamp": None, "tts": False, "mention_everyone": False,
               "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
               "pinned": False, "flags": 0, "components": [{"type": 1, "components": [
                   {"type": 2, "style": 2, "label": "Go", "custom_id": custom_id}]}]}
    return _interaction(3, user_id, {"custom_id": custom_id, "component_type": 2},
                        message=message)


def modal_submit(user_id: str, custom_id: str, values: dict[str, str]) -> dict[str, Any]:
    """A submitted modal: one text input per action row, as Discord sends them."""
    rows = [{"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()]
    return _interaction(5, user_id, {"custom_id": custom_id, "components": rows})


def direct_message(user_id: str, content: str) -> dict[str, Any]:
    """A DM from the user to the bot (MESSAGE_CREATE)."""
    return {"id": str(next(_ids)), "channel_id": dm_channel_id(user_id), "type": 0,
            "content": content, "author": user(user_id),
            "timestamp": "2026-03-02T10:00:00+00:00", "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "flags": 0}
