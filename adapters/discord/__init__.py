"""Rebound on Discord (discord.py 2.x): `/coach` slash commands, a DM chat, and DM nudges."""
