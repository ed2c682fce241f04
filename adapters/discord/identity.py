"""Who a Discord user is to the coach: one key wherever they talk to the bot."""

from __future__ import annotations

import discord

from bot.models import UserKey

PLATFORM = "discord"
WORKSPACE = "global"


def user_key(user: discord.abc.User) -> UserKey:
    """A Discord user's coach data follows them across servers and DMs."""
    return UserKey(PLATFORM, WORKSPACE, str(user.id))
