"""The `/coach` command group: one subcommand per command of the shared command language.

Each subcommand hands the coach a typed command (`CommandRef`) built from its options, named
as the core names its arguments: no option is ever written out as command text to be read
again, so whatever a user types into one (colons, semicolons, quotes, mentions) arrives as it
was typed.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

import discord
from discord import app_commands

from adapters.discord.frontend import frontend_of
from adapters.discord.identity import user_key
from adapters.discord.modals import FormPage, ReviewBox, form_modal, review_modal
from bot.commands import COMMANDS, lookup
from bot.models import DraftKind, ReplyKind
from bot.replies import Notice, Reply, Tone
from bot.syntax import cmd

Interaction = discord.Interaction[Any]
MAX_CHOICES = 25

_KIND_CHOICES = [app_commands.Choice(name=kind.label, value=kind.value) for kind in DraftKind]
_REPLY_CHOICES = [
    app_commands.Choice(name="A brief, polite reply", value=ReplyKind.BRIEF.value),
    app_commands.Choice(name="They opened a conversation", value=ReplyKind.CONVERSATION.value),
    app_commands.Choice(name="No reply", value=ReplyKind.NONE.value),
]
# Help on everything but help itself, greetings, leaving, and the LinkedIn limit (settings
# covers it): Discord offers at most 25 choices.
_HELP_CHOICES = [app_commands.Choice(name=c.name, value=c.name) for c in COMMANDS
                 if c.name not in ("help", "hello", "quit", "linkedin-limit")][:MAX_CHOICES]
_LIMIT_CHOICES = [app_commands.Choice(name="200 characters (free account)", value=200),
                  app_commands.Choice(name="300 characters (Premium)", value=300)]
_DATE_ORDER_CHOICES = [
    app_commands.Choice(name="Day first: 27/02/2026", value="dmy"),
    app_commands.Choice(name="Month first: 02/27/2026", value="mdy"),
    app_commands.Choice(name="Year first: 2026/02/27", value="ymd"),
    app_commands.Choice(name="From my time zone", value="auto"),
]
_ZONES = sorted(available_timezones())


def _summary(name: str) -> str:
    command = lookup(name)
    assert command is not None, name
    return command.summary[:100]


def _given(**options: str | None) -> dict[str, str]:
    """The options the user filled in, each exactly as typed (a blank one counts as left
    out)."""
    return {name: value for name, value in options.items() if value and value.strip()}


async def company_complete(interaction: Interaction, current: str
                           ) -> list[app_commands.Choice[str]]:
    """The user's own companies, newest first, matching what they typed so far."""
    names = await frontend_of(interaction).coach.companies(user_key(interaction.user))
    wanted = current.casefold().strip()
    return [app_commands.Choice(name=name[:100], value=name[:100]) for name in names
            if wanted in name.casefold()][:MAX_CHOICES]


async def zone_complete(interaction: Interaction, current: str
                        ) -> list[app_commands.Choice[str]]:
    """IANA zones containing what was typed (`berl` -> Europe/Berlin)."""
    wanted = current.strip().replace(" ", "_").casefold()
    starts = [z for z in _ZONES if z.casefold().rsplit("/", 1)[-1].startswith(wanted)]
    contains = [z for z in _ZONES if wanted in z.casefold() and z not in starts]
    return [app_commands.Choice(name=z, value=z) for z in (starts + contains)[:MAX_CHOICES]]


class CoachGroup(app_commands.Group):
    """`/coach …`: usable in servers, in the bot's DM and in group chats, for server and
    user installs."""

    def __init__(self) -> None:
        super().__init__(
            name="coach", description="Rebound, your coach for following up after a rejection",
            allowed_installs=app_commands.AppInstallationType(guild=True, user=True),
            allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True,
                                                            private_channel=True))

    async def _run(self, interaction: Interaction, command: str, /,
                   **options: str | None) -> None:
        """Run `command` with the options given."""
        await frontend_of(interaction).call(interaction, cmd(command, **_given(**options)))

    async def _refuse(self, interaction: Interaction, message: str) -> None:
        await frontend_of(interaction).show(interaction, Reply(parts=(Notice(message,
                                                                             Tone.WARNING),)))

    @app_commands.command(name="log", description=_summary("log"))
    @app_commands.describe(
        company="Which company turned you down (leave everything empty for a form)",
        role="The role you interviewed for", interviewer="The interviewer's full name",
        rejected="When: today, yesterday, 3 days ago or 2026-03-14",
        memory="One specific moment from the interview",
        email="The interviewer's email (optional)",
        linkedin="The interviewer's LinkedIn link (optional)",
        compliment="A genuine compliment for them or the team (optional)")
    @app_commands.autocomplete(company=company_complete)
    async def log(self, interaction: Interaction, company: str | None = None,
                  role: str | None = None, interviewer: str | None = None,
                  rejected: str | None = None, memory: str | None = None,
                  email: str | None = None, linkedin: str | None = None,
                  compliment: str | None = None) -> None:
        given = {"company": company, "role": role, "interviewer": interviewer,
                 "rejected": rejected, "memory": memory, "email": email,
                 "linkedin": linkedin, "compliment": compliment}
        values = {k: v for k, v in given.items() if v is not None and v.strip()}
        frontend = frontend_of(interaction)
        if not values:
            await frontend.open_modal(interaction, form_modal(FormPage()))
            return
        await frontend.submit_form(interaction, values, page=FormPage())

    @app_commands.command(name="edit", description=_summary("edit"))
    @app_commands.describe(
        company="Which rejection to correct", role="The role", interviewer="The interviewer",
        email="Their email (none clears it)", linkedin="Their LinkedIn link (none clears it)",
        rejected="When it arrived: yesterday, 27 Feb, 2026-03-14",
        memory="The moment from the interview", compliment="The compliment (none clears it)",
        new_company="The company's name, spelled right")
    @app_commands.autocomplete(company=company_complete)
    async def edit(self, interaction: Interaction, company: str, role: str | None = None,
                   interviewer: str | None = None, email: str | None = None,
                   linkedin: str | None = None, rejected: str | None = None,
                   memory: str | None = None, compliment: str | None = None,
                   new_company: str | None = None) -> None:
        await self._run(interaction, "edit", company=company, role=role,
                        interviewer=interviewer, email=email, linkedin=linkedin,
                        rejected=rejected, memory=memory, compliment=compliment,
                        new_company=new_company)

    @app_commands.command(name="list", description=_summary("list"))
    @app_commands.describe(which="Leave empty for the 20 most recent; all shows every one")
    @app_commands.choices(which=[app_commands.Choice(name="all", value="all")])
    async def list_(self, interaction: Interaction,
                    which: app_commands.Choice[str] | None = None) -> None:
        await self._run(interaction, "list", which=which.value if which else None)

    @app_commands.command(name="plan", description=_summary("plan"))
    @app_commands.describe(company="Which rejection (leave empty if you have only one)")
    @app_commands.autocomplete(company=company_complete)
    async def plan(self, interaction: Interaction, company: str | None = None) -> None:
        await self._run(interaction, "plan", company=company)

    @app_commands.command(name="draft", description=_summary("draft"))
    @app_commands.describe(kind="Which message", company="Which rejection",
                           details="For alternate-roles: roles you'd like; for stay-in-touch: "
                                   "what you did since")
    @app_commands.choices(kind=_KIND_CHOICES)
    @app_commands.autocomplete(company=company_complete)
    async def draft(self, interaction: Interaction, kind: app_commands.Choice[str],
                    company: str | None = None, details: str | None = None) -> None:
        await self._run(interaction, "draft", kind=kind.value, company=company, details=details)

    @app_commands.command(name="sent", description=_summary("sent"))
    @app_commands.describe(company="Which rejection")
    @app_commands.autocomplete(company=company_complete)
    async def sent(self, interaction: Interaction, company: str | None = None) -> None:
        await self._run(interaction, "sent", company=company)

    @app_commands.command(name="replied", description=_summary("replied"))
    @app_commands.describe(how="How they answered", company="Which rejection",
                           message="What they wrote (optional): the reply draft picks up on it")
    @app_commands.choices(how=_REPLY_CHOICES)
    @app_commands.autocomplete(company=company_complete)
    async def replied(self, interaction: Interaction, how: app_commands.Choice[str],
                      company: str | None = None, message: str | None = None) -> None:
        await self._run(interaction, "replied", company=company, how=how.value, message=message)

    @app_commands.command(name="feedback", description=_summary("feedback"))
    @app_commands.describe(text="What they told you", company="Which rejection")
    @app_commands.autocomplete(company=company_complete)
    async def feedback(self, interaction: Interaction, text: str,
                       company: str | None = None) -> None:
        await self._run(interaction, "feedback", company=company, text=text)

    @app_commands.command(name="skill", description=_summary("skill"))
    @app_commands.describe(text="What you learned, built or achieved")
    async def skill(self, interaction: Interaction, text: str) -> None:
        await self._run(interaction, "skill", text=text)

    @app_commands.command(name="snooze", description=_summary("snooze"))
    @app_commands.describe(duration="How long (3d, 1w, 1mo) or until when (until next tuesday)",
                           company="Which rejection")
    @app_commands.autocomplete(company=company_complete)
    async def snooze(self, interaction: Interaction, duration: str,
                     company: str | None = None) -> None:
        await self._run(interaction, "snooze", company=company, duration=duration)

    @app_commands.command(name="unsnooze", description=_summary("unsnooze"))
    @app_commands.describe(company="Which rejection")
    @app_commands.autocomplete(company=company_complete)
    async def unsnooze(self, interaction: Interaction, company: str | None = None) -> None:
        await self._run(interaction, "unsnooze", company=company)

    @app_commands.command(name="undo", description=_summary("undo"))
    @app_commands.describe(company="Which rejection (leave empty for your latest change)")
    @app_commands.autocomplete(company=company_complete)
    async def undo(self, interaction: Interaction, company: str | None = None) -> None:
        await self._run(interaction, "undo", company=company)

    @app_commands.command(name="review", description=_summary("review"))
    @app_commands.describe(kind="Check it as this kind of message (optional)",
                           company="The rejection it is for (optional)")
    @app_commands.choices(kind=_KIND_CHOICES)
    @app_commands.autocomplete(company=company_complete)
    async def review(self, interaction: Interaction,
                     kind: app_commands.Choice[str] | None = None,
                     company: str | None = None) -> None:
        box = ReviewBox(kind.value if kind else "", company or "")
        await frontend_of(interaction).open_modal(interaction, review_modal(box))

    @app_commands.command(name="reminders", description=_summary("reminders"))
    async def reminders(self, interaction: Interaction) -> None:
        await self._run(interaction, "reminders")

    @app_commands.command(name="stop", description=_summary("stop"))
    @app_commands.describe(company="Which rejection, or check-ins for the monthly check-ins")
    @app_commands.autocomplete(company=company_complete)
    async def stop(self, interaction: Interaction, company: str | None = None) -> None:
        await self._run(interaction, "stop", company=company)

    @app_commands.command(name="resume", description=_summary("resume"))
    @app_commands.describe(company="Which rejection, or check-ins for the monthly check-ins")
    @app_commands.autocomplete(company=company_complete)
    async def resume(self, interaction: Interaction, company: str | None = None) -> None:
        await self._run(interaction, "resume", company=company)

    @app_commands.command(name="timezone", description=_summary("timezone"))
    @app_commands.describe(zone="Start typing your city, e.g. Berlin")
    @app_commands.autocomplete(zone=zone_complete)
    async def timezone(self, interaction: Interaction, zone: str) -> None:
        await self._run(interaction, "timezone", zone=zone)

    @app_commands.command(name="hours", description=_summary("hours"))
    @app_commands.describe(time="Your local time, like 09:30")
    async def hours(self, interaction: Interaction, time: str) -> None:
        await self._run(interaction, "hours", time=time)

    @app_commands.command(name="quiet", description=_summary("quiet"))
    @app_commands.describe(start="From, like 20:00", end="Until, like 08:00")
    async def quiet(self, interaction: Interaction, start: str, end: str) -> None:
        await self._run(interaction, "quiet", start=start, end=end)

    @app_commands.command(name="settings", description=_summary("settings"))
    @app_commands.describe(linkedin_limit="Change the LinkedIn note length (optional)",
                           date_order="How I read dates written in numbers (optional)")
    @app_commands.choices(linkedin_limit=_LIMIT_CHOICES)
    @app_commands.choices(date_order=_DATE_ORDER_CHOICES)
    async def settings(self, interaction: Interaction,
                       linkedin_limit: app_commands.Choice[int] | None = None,
                       date_order: app_commands.Choice[str] | None = None) -> None:
        if linkedin_limit and date_order:
            await self._refuse(interaction, "Change one setting at a time, please: the "
                               "LinkedIn limit or the date order.")
            return
        if date_order:
            await self._run(interaction, "dates", date_order=date_order.value)
        elif linkedin_limit:
            await self._run(interaction, "linkedin-limit",
                            linkedin_limit=str(linkedin_limit.value))
        else:
            await self._run(interaction, "settings")

    @app_commands.command(name="stats", description=_summary("stats"))
    async def stats(self, interaction: Interaction) -> None:
        await self._run(interaction, "stats")

    @app_commands.command(name="export", description=_summary("export"))
    async def export(self, interaction: Interaction) -> None:
        await self._run(interaction, "export")

    @app_commands.command(name="forget", description=_summary("forget"))
    @app_commands.describe(company="The rejection to delete, or type me for everything")
    @app_commands.autocomplete(company=company_complete)
    async def forget(self, interaction: Interaction, company: str) -> None:
        await self._run(interaction, "forget", company=company)

    @app_commands.command(name="profile", description=_summary("profile"))
    @app_commands.describe(name="Your name, to sign drafts (none clears it)",
                           email="Your email, for the feedback request (none clears it)",
                           phone="Your phone number (none clears it)")
    async def profile(self, interaction: Interaction, name: str | None = None,
                      email: str | None = None, phone: str | None = None) -> None:
        await self._run(interaction, "profile", name=name, email=email, phone=phone)

    @app_commands.command(name="help", description=_summary("help"))
    @app_commands.describe(command="One command to explain in detail (optional)")
    @app_commands.choices(command=_HELP_CHOICES)
    async def help(self, interaction: Interaction,
                   command: app_commands.Choice[str] | None = None) -> None:
        await self._run(interaction, "help", command=command.value if command else None)
