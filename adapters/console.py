"""The terminal chat: the whole coach with no Slack or Discord account.

Interactive use gets line editing and history (readline) and colour; piped input gets plain
text, no prompt and no colour, with output flushed after every reply. End of input exits
cleanly. Reading a line happens in a worker thread so the event loop stays free for the
scheduler.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from adapters.console_nudges import Simulation, nudge_block
from adapters.plain import Style, no_style, render_reply
from bot.coach import Coach
from bot.commands import command_word, is_answer_word
from bot.errors import UserError
from bot.models import UserKey
from bot.nudges.model import OutgoingNudge
from bot.nudges.scheduler import Scheduler
from bot.replies import Button, Reply
from bot.session import Incoming
from bot.syntax import Surface

log = logging.getLogger(__name__)

_COLOURS = {"title": "1", "dim": "2", "warning": "33", "success": "32", "info": "36"}
PROMPT = "you> "
MULTILINE_END = "."
LEAVE_WORDS = frozenset({"quit", "exit", "bye", "q"})
GOODBYE = ("Bye for now. Everything you've told me is saved (a form you were filling in "
           "too). Start the chat again with rebound chat (or ./dev chat in the project folder) "
           "to pick up where you left off; reminders that fall due meanwhile will be waiting.")


def ansi_style(text: str, role: str) -> str:
    """Colour for a terminal that shows it."""
    code = _COLOURS.get(role)
    return f"\x1b[{code}m{text}\x1b[0m" if code else text


class Screen:
    """The terminal the chat writes to: replies and nudges alike, and the quick replies
    shown last (a bare number picks one). Made before the chat and its nudge port, which
    both write here."""

    def __init__(self, stdout: TextIO, *, interactive: bool) -> None:
        self._stdout = stdout
        self._interactive = interactive
        self.style: Style = ansi_style if interactive else no_style
        self._buttons: tuple[Button, ...] = ()

    def print(self, text: str) -> None:
        self._stdout.write(text + "\n")
        self._stdout.flush()

    def show(self, reply: Reply) -> None:
        """Print a reply; its buttons become the quick replies."""
        self._buttons = reply.buttons
        self.print(render_reply(reply, style=self.style, numbered_buttons=True) + "\n")

    def show_nudge(self, nudge: OutgoingNudge) -> None:
        """Print a delivered nudge as its own block; its buttons become the quick replies."""
        self._buttons = nudge.reply.buttons
        block = nudge_block(nudge, self.style) + "\n"
        if self._interactive:
            block = "\r" + block
        self.print(block)

    def pick_button(self, text: str) -> str:
        """A bare number chooses one of the quick replies just shown."""
        choice = text.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(self._buttons):
            return self._buttons[int(choice) - 1].command
        return text


class ConsoleChat:
    """Reads lines, hands them to the coach, prints the replies on `screen`.

    With a `scheduler`, nudges are delivered while the chat is open: in real time, or, with
    a `simulation`, whenever the user moves its clock."""

    def __init__(self, coach: Coach, *, user: UserKey, stdin: TextIO, screen: Screen,
                 interactive: bool, timezone_hint: str | None = None,
                 history_file: Path | None = None, scheduler: Scheduler | None = None,
                 simulation: Simulation | None = None) -> None:
        self._scheduler = scheduler
        self._simulation = simulation
        self._coach = coach
        self._user = user
        self._stdin = stdin
        self._screen = screen
        self._interactive = interactive
        self._timezone_hint = timezone_hint
        self._history_file = history_file
        self._style: Style = screen.style
        self._read: Callable[[], str | None] = self._read_piped
        self._reader: threading.Thread | None = None
        self._reads: queue.SimpleQueue[
            tuple[asyncio.AbstractEventLoop, asyncio.Future[str | None]] | None
        ] = queue.SimpleQueue()

    async def run(self) -> int:
        """Chat until end of input; returns the process exit status."""
        if self._interactive:
            self._read = self._setup_readline()
            self._print(self._style("Rebound, your follow-up coach. Type help for commands, "
                                    "quit (or Ctrl-D) to leave.", "dim"))
        if self._simulation is not None:
            self._print(self._style(self._simulation.now_line() + " Type advance 14d (or 2w, "
                                    "6mo, 3h) to move time forward.", "dim"))
        await self._deliver_due()  # what fell due while the chat was closed
        resumed = await self._coach.resume(self._user)
        if resumed is not None:
            self._show(resumed)
        background = None
        if self._scheduler is not None and self._simulation is None:
            background = asyncio.create_task(self._scheduler.run(), name="nudge-scheduler")
        try:
            await self._loop()
        except (KeyboardInterrupt, asyncio.CancelledError):
            self._print("")
        finally:
            self._reads.put(None)  # the reading thread ends once it is back from a read
            self._save_history()
            if background is not None and self._scheduler is not None:
                self._scheduler.stop()
                await asyncio.wait({background}, timeout=5)
                background.cancel()
        if self._interactive:
            self._print("")
        return 0

    async def _loop(self) -> None:
        multiline = False
        while True:
            text = await self._next_message(multiline)
            if text is None:
                return
            text = self._screen.pick_button(text)
            if not multiline and text.strip().lower() in LEAVE_WORDS:
                self._print(GOODBYE + "\n")
                return
            if self._simulation is not None and command_word(text) == "advance":
                await self._advance(text.strip()[len("advance"):])
                multiline = False
                continue
            reply = await self._coach.handle(Incoming(self._user, text, self._timezone_hint,
                                                      surface=Surface.TERMINAL))
            self._show(reply)
            multiline = reply.expects_multiline
            if self._simulation is not None:
                await self._deliver_due()  # simulated time only moves on request

    async def _deliver_due(self) -> None:
        """Deliver the nudges due now; a database that refuses writes is one line, and the
        chat goes on (the nudges wait in the queue)."""
        if self._scheduler is None:
            return
        try:
            await self._scheduler.run_due()
        except UserError as problem:
            self._print(self._style(f"! {problem}", "warning") + "\n")

    async def _advance(self, args: str) -> None:
        assert self._simulation is not None
        try:
            line = await self._simulation.advance(args)
        except UserError as problem:
            self._print(self._style(f"! {problem}", "warning") + "\n")
            return
        self._print(self._style(line, "dim") + "\n")

    async def _read_line(self) -> str | None:
        """Read in a daemon thread, so Ctrl-C never waits for a blocked read to finish. One
        thread serves every line, started on the first (a thread per line cost more than
        the answer to many commands); it reads only when asked, so a prompt never shows
        before the reply it follows."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str | None] = loop.create_future()
        if self._reader is None:
            self._reader = threading.Thread(target=self._serve_reads, name="console-input",
                                            daemon=True)
            self._reader.start()
        self._reads.put((loop, future))
        return await future

    def _serve_reads(self) -> None:
        while True:
            request = self._reads.get()
            if request is None:  # the chat is over
                return
            loop, future = request
            try:
                result: str | None = self._read()
            except BaseException as exc:
                loop.call_soon_threadsafe(_settle, future, None, exc)
            else:
                loop.call_soon_threadsafe(_settle, future, result, None)

    async def _next_message(self, multiline: bool) -> str | None:
        """One line, or after a prompt for pasted text every line up to a lone `.`; a first
        line that is only an answer word (skip, cancel, ...) is taken at once."""
        first = await self._read_line()
        if first is None or not multiline or is_answer_word(first):
            return first
        lines = [first]
        while lines[-1].strip() != MULTILINE_END:
            line = await self._read_line()
            if line is None:
                break
            lines.append(line)
        if lines[-1].strip() == MULTILINE_END:
            lines.pop()
        return "\n".join(lines)

    def _show(self, reply: Reply) -> None:
        self._screen.show(reply)

    def _print(self, text: str) -> None:
        self._screen.print(text)

    def _read_piped(self) -> str | None:
        line = self._stdin.readline()
        return line.rstrip("\r\n") if line else None

    def _setup_readline(self) -> Callable[[], str | None]:
        try:
            import readline
        except ImportError:  # pragma: no cover - platforms without readline
            return self._read_piped
        if self._history_file is not None:
            with contextlib.suppress(OSError):
                readline.read_history_file(self._history_file)
            readline.set_history_length(1000)

        def read() -> str | None:
            try:
                return input(PROMPT)
            except EOFError:
                return None

        return read

    def _save_history(self) -> None:
        if not self._interactive or self._history_file is None:
            return
        try:
            import readline

            self._history_file.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(self._history_file)
            self._history_file.chmod(0o600)
        except (ImportError, OSError):
            log.debug("could not save the chat history")


def _settle(future: asyncio.Future[str | None], result: str | None,
            error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
