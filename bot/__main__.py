"""`python -m bot`: the same as the `rebound` command.

This launcher is the one file in `bot/` that reaches outside the core: it hands over to the
application's composition root, which knows both the core and the adapters.
"""

from __future__ import annotations

import sys

from rebound.cli import main

if __name__ == "__main__":
    sys.exit(main())
