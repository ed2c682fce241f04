"""The name a process holds leases under, and telling whether another holder has died.

A name is `host/pid/nonce`. After a crash the restarted process sees leases held under a name
from its own machine whose process is gone (or that carries its own pid, which a container
hands out again: pid 1), and takes them back at once instead of waiting for them to expire.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessOwner:
    """This process, as a lease owner."""

    host: str
    pid: int
    nonce: str

    @classmethod
    def current(cls, nonce: str | None = None) -> ProcessOwner:
        """This process; the nonce tells it apart from an earlier process with the same pid."""
        return cls(host=socket.gethostname(), pid=os.getpid(),
                   nonce=nonce or secrets.token_hex(4))

    def __str__(self) -> str:
        return f"{self.host}/{self.pid}/{self.nonce}"

    def outlived(self, owner: str) -> bool:
        """True if `owner` names a process on this machine that no longer runs.

        Owners on other machines, and processes that still run (or that this user may not
        signal), are presumed alive: their leases end when they expire.
        """
        host, _, rest = owner.partition("/")
        pid_text, _, _nonce = rest.partition("/")
        if host != self.host or owner == str(self) or not pid_text.isdigit():
            return False
        pid = int(pid_text)
        if pid == self.pid:
            return True  # an earlier process that had our pid: it is gone
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        return False
