"""The database schema as an ordered list of versioned migrations.

Each migration runs once, in its own write transaction, and is never edited after release:
change the schema by appending a new version. The runners live in `bot.store.db` (SQLite)
and `bot.store.postgres.migrate` (PostgreSQL).

Both databases get the same versions with the same meaning. A migration's `apply` is what
SQLite runs; `postgres` is what PostgreSQL runs instead where the two write a schema
differently (identity columns for AUTOINCREMENT, DOUBLE PRECISION for REAL, plpgsql
functions for triggers); without it, PostgreSQL runs `apply` as it is. PostgreSQL's text
is a tuple of statements (a function's body holds semicolons). Instants stay ISO-8601 UTC
text on both (`bot.store.codec`): fixed width, so text order is time order, and one codec
and one set of queries serve both databases; the text columns PostgreSQL compares by range
(`rejections.company`) use the "C" collation, byte order as on SQLite.

Every migration is frozen: literal SQL (or a function using only literals), never built from
live code such as the defaults in `bot.models`. A database migrated today and one migrated
after a constant changes must end up with the same schema; a change of default is a new
migration. `tests/test_architecture.py` checks this module imports nothing of ours at run time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class MigrationTx(Protocol):
    """What a migration written in Python gets: a write transaction's `execute` (both
    databases' transactions have it; named here so this module imports nothing of ours)."""

    async def execute(self, sql: str, params: Sequence[Any] = ..., /) -> int: ...


@dataclass(frozen=True)
class Migration:
    """One schema step: SQL (one or more `;`-separated statements) or an async callable;
    `postgres`, PostgreSQL's own statements where its SQL differs (see the module
    docstring)."""

    version: int
    description: str
    apply: str | Callable[[MigrationTx], Awaitable[None]]
    postgres: tuple[str, ...] | None = None


V1_SQL = """
CREATE TABLE users (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    platform    TEXT NOT NULL,
    workspace   TEXT NOT NULL,
    external_id TEXT NOT NULL,
    name        TEXT,
    email       TEXT,
    phone       TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (platform, workspace, external_id)
);

CREATE TABLE rejections (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company           TEXT NOT NULL,
    role              TEXT NOT NULL,
    interviewer       TEXT NOT NULL,
    rejected_on       TEXT NOT NULL,
    memory            TEXT NOT NULL,
    interviewer_email TEXT,
    linkedin_url      TEXT,
    compliment        TEXT,
    created_at        TEXT NOT NULL
);
CREATE INDEX rejections_by_user ON rejections (user_id, rejected_on, id);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    rejection_id INTEGER NOT NULL REFERENCES rejections (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    at           TEXT NOT NULL,
    data         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_by_rejection ON events (rejection_id, at, id);
"""

V2_SQL = """
ALTER TABLE users ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE users ADD COLUMN nudge_time TEXT NOT NULL
    DEFAULT '09:30';
ALTER TABLE users ADD COLUMN quiet_start TEXT NOT NULL
    DEFAULT '20:00';
ALTER TABLE users ADD COLUMN quiet_end TEXT NOT NULL
    DEFAULT '08:00';
ALTER TABLE users ADD COLUMN linkedin_limit INTEGER NOT NULL DEFAULT 200;

CREATE TABLE skills (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text    TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX skills_by_user ON skills (user_id, at, id);

CREATE TABLE conversations (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    state      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

V3_SQL = """
ALTER TABLE users ADD COLUMN checkins INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN unreachable TEXT;

CREATE TABLE nudges (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key  TEXT NOT NULL UNIQUE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rejection_id     INTEGER REFERENCES rejections (id) ON DELETE SET NULL,
    kind             TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    timezone         TEXT NOT NULL,
    run_at           TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                         ('pending', 'claimed', 'sent', 'dead', 'expired', 'cancelled')),
    lease_owner      TEXT,
    lease_expires_at TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    late             INTEGER NOT NULL DEFAULT 0,
    payload          TEXT NOT NULL DEFAULT '{}',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    sent_at          TEXT
);
CREATE INDEX nudges_pending ON nudges (run_at, id) WHERE status = 'pending';
CREATE INDEX nudges_claimed ON nudges (lease_expires_at) WHERE status = 'claimed';
CREATE INDEX nudges_pending_due ON nudges (due_at) WHERE status = 'pending';
CREATE INDEX nudges_by_user ON nudges (user_id);
"""

V4_SQL = """
CREATE TABLE handled_messages (
    platform   TEXT NOT NULL,
    message_id TEXT NOT NULL,
    handled_at TEXT NOT NULL,
    PRIMARY KEY (platform, message_id)
) WITHOUT ROWID;
CREATE INDEX handled_messages_age ON handled_messages (handled_at);
"""

USER_DATE_ORDER_SQL = """
ALTER TABLE users ADD COLUMN date_order TEXT
    CHECK (date_order IS NULL OR date_order IN ('dmy', 'mdy', 'ymd'));
"""
SHARED_SENDING_SQL = """
CREATE TABLE send_budget (
    key          TEXT PRIMARY KEY,
    next_slot    REAL NOT NULL DEFAULT 0,
    paused_until REAL NOT NULL DEFAULT 0
) WITHOUT ROWID;
ALTER TABLE nudges ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
"""
"""Send-rate budgets (`bot.store.send_budget`), in seconds on the machine's monotonic clock,
and each nudge's count of failed sends, apart from `attempts` (the lease fence, which also
counts claims handed back unsent)."""
INBOX_SQL = """
CREATE TABLE inbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    platform         TEXT NOT NULL,
    source_id        TEXT NOT NULL,
    lane             TEXT NOT NULL DEFAULT '',
    payload          TEXT NOT NULL DEFAULT '{}',
    received_at      TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'handled', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    deliveries       INTEGER NOT NULL DEFAULT 0,
    available_at     TEXT NOT NULL,
    lease_owner      TEXT,
    lease_expires_at TEXT,
    reply            TEXT,
    handled_at       TEXT,
    delivered_at     TEXT,
    last_error       TEXT,
    UNIQUE (platform, source_id)
);
CREATE INDEX inbox_open ON inbox (platform, id)
    WHERE status = 'pending' OR (status = 'handled' AND reply IS NOT NULL);
CREATE INDEX inbox_lanes ON inbox (platform, lane, id)
    WHERE status = 'pending' OR (status = 'handled' AND reply IS NOT NULL);
CREATE INDEX inbox_leases ON inbox (lease_owner) WHERE lease_owner IS NOT NULL;
CREATE INDEX inbox_done ON inbox (handled_at) WHERE status <> 'pending';
"""

KEPT_FORMS_SQL = """
CREATE TABLE kept_forms (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rejection_id INTEGER,
    answers      TEXT NOT NULL,
    kept_at      TEXT NOT NULL
);
CREATE INDEX kept_forms_by_user ON kept_forms (user_id);
CREATE INDEX kept_forms_age ON kept_forms (kept_at);
"""

HISTORY_INDEXES_SQL = """
CREATE INDEX nudges_by_rejection ON nudges (rejection_id) WHERE rejection_id IS NOT NULL;
CREATE INDEX nudges_unattached ON nudges (user_id) WHERE rejection_id IS NULL;
CREATE INDEX rejections_by_company ON rejections (user_id, lower(company));
CREATE INDEX nudges_pending_by_user ON nudges (user_id, due_at) WHERE status = 'pending';
"""

COMPOSED_NUDGES_SQL = """
ALTER TABLE rejections ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE TABLE nudge_messages (
    nudge_id      INTEGER PRIMARY KEY REFERENCES nudges (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    timezone      TEXT NOT NULL,
    composed_from INTEGER NOT NULL,
    wording       TEXT NOT NULL,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL
);
CREATE TRIGGER rejections_revised AFTER UPDATE ON rejections
    WHEN NEW.revision = OLD.revision
BEGIN
    UPDATE rejections SET revision = revision + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER rejections_outdated AFTER UPDATE OF revision ON rejections
BEGIN
    DELETE FROM nudge_messages
        WHERE nudge_id IN (SELECT id FROM nudges WHERE rejection_id = NEW.id);
END;
CREATE TRIGGER events_added AFTER INSERT ON events
BEGIN
    UPDATE rejections SET revision = revision + 1 WHERE id = NEW.rejection_id;
END;
CREATE TRIGGER events_changed AFTER UPDATE ON events
BEGIN
    UPDATE rejections SET revision = revision + 1
        WHERE id IN (OLD.rejection_id, NEW.rejection_id);
END;
CREATE TRIGGER events_removed AFTER DELETE ON events
BEGIN
    UPDATE rejections SET revision = revision + 1 WHERE id = OLD.rejection_id;
END;
CREATE TRIGGER rejections_forgotten BEFORE DELETE ON rejections
BEGIN
    DELETE FROM nudge_messages
        WHERE nudge_id IN (SELECT id FROM nudges WHERE rejection_id = OLD.id);
END;
"""
"""Nudge messages composed when they are planned (`bot.store.nudges`), each with what it was
composed for: the nudge's kind, moment and zone, the revision of its rejection, and the
release's wording (`bot.nudges.wording`). The
triggers move a rejection's revision on every change to it or its events, so a message whose
stamps all still match is what composing it now would give; the messages a change outdates
are removed with it (re-planning, in the same transaction, stores what is current), and so
are those of a rejection deleted: no old or forgotten wording stays behind here. Apart from
the nudges, whose rows every claim and outcome rewrite, so those stay small."""

SLACK_INSTALLS_SQL = """
CREATE TABLE slack_installations (
    team_id              TEXT NOT NULL PRIMARY KEY,
    enterprise_id        TEXT NOT NULL DEFAULT '',
    team_name            TEXT NOT NULL DEFAULT '',
    app_id               TEXT NOT NULL DEFAULT '',
    bot_token            TEXT NOT NULL,
    bot_id               TEXT NOT NULL DEFAULT '',
    bot_user_id          TEXT NOT NULL DEFAULT '',
    bot_scopes           TEXT NOT NULL DEFAULT '',
    bot_refresh_token    TEXT,
    bot_token_expires_at BIGINT,
    installer_user_id    TEXT NOT NULL DEFAULT '',
    installed_at         TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    removed_at           TEXT
);
CREATE INDEX slack_installations_removed ON slack_installations (removed_at)
    WHERE removed_at IS NOT NULL;
CREATE TABLE slack_oauth_states (
    state      TEXT NOT NULL PRIMARY KEY,
    expires_at TEXT NOT NULL
);
CREATE INDEX slack_oauth_states_expiry ON slack_oauth_states (expires_at);
"""
"""Slack workspaces that installed the app through OAuth (one row each: the latest bot
installation, its token and, with token rotation, its refresh token and expiry in Unix
seconds), and the single-use OAuth states of installs under way. `removed_at` is set when the
app is uninstalled or its token revoked; the workspace's data is deleted a grace period later
unless it installs again. Plain TEXT and integer columns (BIGINT for Unix seconds, past 2038
on PostgreSQL too) and natural keys, so the same SQL serves SQLite and PostgreSQL."""
# PostgreSQL's text of the migrations whose SQL differs there (see the module docstring).
V1_PG = (
    """CREATE TABLE users (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    platform    TEXT COLLATE "C" NOT NULL,
    workspace   TEXT COLLATE "C" NOT NULL,
    external_id TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C",
    email       TEXT COLLATE "C",
    phone       TEXT COLLATE "C",
    created_at  TEXT COLLATE "C" NOT NULL,
    UNIQUE (platform, workspace, external_id)
)""",
    """CREATE TABLE rejections (
    id                BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    user_id           BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company           TEXT COLLATE "C" NOT NULL,
    role              TEXT COLLATE "C" NOT NULL,
    interviewer       TEXT COLLATE "C" NOT NULL,
    rejected_on       TEXT COLLATE "C" NOT NULL,
    memory            TEXT COLLATE "C" NOT NULL,
    interviewer_email TEXT COLLATE "C",
    linkedin_url      TEXT COLLATE "C",
    compliment        TEXT COLLATE "C",
    created_at        TEXT COLLATE "C" NOT NULL
)""",
    'CREATE INDEX rejections_by_user ON rejections (user_id, rejected_on, id)',
    """CREATE TABLE events (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    rejection_id BIGINT NOT NULL REFERENCES rejections (id) ON DELETE CASCADE,
    kind         TEXT COLLATE "C" NOT NULL,
    at           TEXT COLLATE "C" NOT NULL,
    data         TEXT COLLATE "C" NOT NULL DEFAULT '{}'
)""",
    'CREATE INDEX events_by_rejection ON events (rejection_id, at, id)',
)
V2_PG = (
    'ALTER TABLE users ADD COLUMN timezone TEXT COLLATE "C" NOT NULL DEFAULT \'UTC\'',
    """ALTER TABLE users ADD COLUMN nudge_time TEXT COLLATE "C" NOT NULL
    DEFAULT '09:30'""",
    """ALTER TABLE users ADD COLUMN quiet_start TEXT COLLATE "C" NOT NULL
    DEFAULT '20:00'""",
    """ALTER TABLE users ADD COLUMN quiet_end TEXT COLLATE "C" NOT NULL
    DEFAULT '08:00'""",
    'ALTER TABLE users ADD COLUMN linkedin_limit INTEGER NOT NULL DEFAULT 200',
    """CREATE TABLE skills (
    id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text    TEXT COLLATE "C" NOT NULL,
    at      TEXT COLLATE "C" NOT NULL
)""",
    'CREATE INDEX skills_by_user ON skills (user_id, at, id)',
    """CREATE TABLE conversations (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    state      TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL
)""",
)
V3_PG = (
    'ALTER TABLE users ADD COLUMN checkins INTEGER NOT NULL DEFAULT 1',
    'ALTER TABLE users ADD COLUMN unreachable TEXT COLLATE "C"',
    """CREATE TABLE nudges (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    idempotency_key  TEXT COLLATE "C" NOT NULL UNIQUE,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rejection_id     BIGINT REFERENCES rejections (id) ON DELETE SET NULL,
    kind             TEXT COLLATE "C" NOT NULL,
    due_at           TEXT COLLATE "C" NOT NULL,
    timezone         TEXT COLLATE "C" NOT NULL,
    run_at           TEXT COLLATE "C" NOT NULL,
    status           TEXT COLLATE "C" NOT NULL DEFAULT 'pending' CHECK (status IN
                         ('pending', 'claimed', 'sent', 'dead', 'expired', 'cancelled')),
    lease_owner      TEXT COLLATE "C",
    lease_expires_at TEXT COLLATE "C",
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT COLLATE "C",
    late             INTEGER NOT NULL DEFAULT 0,
    payload          TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    created_at       TEXT COLLATE "C" NOT NULL,
    updated_at       TEXT COLLATE "C" NOT NULL,
    sent_at          TEXT COLLATE "C"
)""",
    "CREATE INDEX nudges_pending ON nudges (run_at, id) WHERE status = 'pending'",
    "CREATE INDEX nudges_claimed ON nudges (lease_expires_at) WHERE status = 'claimed'",
    "CREATE INDEX nudges_pending_due ON nudges (due_at) WHERE status = 'pending'",
    'CREATE INDEX nudges_by_user ON nudges (user_id)',
)
V4_PG = (
    """CREATE TABLE handled_messages (
    platform   TEXT COLLATE "C" NOT NULL,
    message_id TEXT COLLATE "C" NOT NULL,
    handled_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (platform, message_id)
)""",
    'CREATE INDEX handled_messages_age ON handled_messages (handled_at)',
)
USER_DATE_ORDER_PG = (
    """ALTER TABLE users ADD COLUMN date_order TEXT COLLATE "C"
    CHECK (date_order IS NULL OR date_order IN ('dmy', 'mdy', 'ymd'))""",
)
SHARED_SENDING_PG = (
    """CREATE TABLE send_budget (
    key          TEXT COLLATE "C" PRIMARY KEY,
    next_slot    DOUBLE PRECISION NOT NULL DEFAULT 0,
    paused_until DOUBLE PRECISION NOT NULL DEFAULT 0
)""",
    'ALTER TABLE nudges ADD COLUMN failures INTEGER NOT NULL DEFAULT 0',
)
INBOX_PG = (
    """CREATE TABLE inbox (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    platform         TEXT COLLATE "C" NOT NULL,
    source_id        TEXT COLLATE "C" NOT NULL,
    lane             TEXT COLLATE "C" NOT NULL DEFAULT '',
    payload          TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    received_at      TEXT COLLATE "C" NOT NULL,
    status           TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'handled', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    deliveries       INTEGER NOT NULL DEFAULT 0,
    available_at     TEXT COLLATE "C" NOT NULL,
    lease_owner      TEXT COLLATE "C",
    lease_expires_at TEXT COLLATE "C",
    reply            TEXT COLLATE "C",
    handled_at       TEXT COLLATE "C",
    delivered_at     TEXT COLLATE "C",
    last_error       TEXT COLLATE "C",
    UNIQUE (platform, source_id)
)""",
    """CREATE INDEX inbox_open ON inbox (platform, id)
    WHERE status = 'pending' OR (status = 'handled' AND reply IS NOT NULL)""",
    """CREATE INDEX inbox_lanes ON inbox (platform, lane, id)
    WHERE status = 'pending' OR (status = 'handled' AND reply IS NOT NULL)""",
    'CREATE INDEX inbox_leases ON inbox (lease_owner) WHERE lease_owner IS NOT NULL',
    "CREATE INDEX inbox_done ON inbox (handled_at) WHERE status <> 'pending'",
)
KEPT_FORMS_PG = (
    """CREATE TABLE kept_forms (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rejection_id BIGINT,
    answers      TEXT COLLATE "C" NOT NULL,
    kept_at      TEXT COLLATE "C" NOT NULL
)""",
    'CREATE INDEX kept_forms_by_user ON kept_forms (user_id)',
    'CREATE INDEX kept_forms_age ON kept_forms (kept_at)',
)
COMPOSED_NUDGES_PG = (
    'ALTER TABLE rejections ADD COLUMN revision INTEGER NOT NULL DEFAULT 0',
    """CREATE TABLE nudge_messages (
    nudge_id      BIGINT PRIMARY KEY REFERENCES nudges (id) ON DELETE CASCADE,
    kind          TEXT COLLATE "C" NOT NULL,
    due_at        TEXT COLLATE "C" NOT NULL,
    timezone      TEXT COLLATE "C" NOT NULL,
    composed_from INTEGER NOT NULL,
    wording       TEXT COLLATE "C" NOT NULL,
    title         TEXT COLLATE "C" NOT NULL,
    text          TEXT COLLATE "C" NOT NULL
)""",
    """CREATE FUNCTION rejections_revised() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rejections SET revision = revision + 1 WHERE id = NEW.id;
    RETURN NULL;
END $$""",
    """CREATE TRIGGER rejections_revised AFTER UPDATE ON rejections FOR EACH ROW
    WHEN (NEW.revision = OLD.revision) EXECUTE FUNCTION rejections_revised()""",
    """CREATE FUNCTION rejections_outdated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM nudge_messages
        WHERE nudge_id IN (SELECT id FROM nudges WHERE rejection_id = NEW.id);
    RETURN NULL;
END $$""",
    """CREATE TRIGGER rejections_outdated AFTER UPDATE OF revision ON rejections FOR EACH ROW
    EXECUTE FUNCTION rejections_outdated()""",
    """CREATE FUNCTION events_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rejections SET revision = revision + 1 WHERE id = NEW.rejection_id;
    RETURN NULL;
END $$""",
    """CREATE TRIGGER events_added AFTER INSERT ON events FOR EACH ROW
    EXECUTE FUNCTION events_added()""",
    """CREATE FUNCTION events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rejections SET revision = revision + 1
        WHERE id IN (OLD.rejection_id, NEW.rejection_id);
    RETURN NULL;
END $$""",
    """CREATE TRIGGER events_changed AFTER UPDATE ON events FOR EACH ROW
    EXECUTE FUNCTION events_changed()""",
    """CREATE FUNCTION events_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rejections SET revision = revision + 1 WHERE id = OLD.rejection_id;
    RETURN NULL;
END $$""",
    """CREATE TRIGGER events_removed AFTER DELETE ON events FOR EACH ROW
    EXECUTE FUNCTION events_removed()""",
    """CREATE FUNCTION rejections_forgotten() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM nudge_messages
        WHERE nudge_id IN (SELECT id FROM nudges WHERE rejection_id = OLD.id);
    RETURN OLD;
END $$""",
    """CREATE TRIGGER rejections_forgotten BEFORE DELETE ON rejections FOR EACH ROW
    EXECUTE FUNCTION rejections_forgotten()""",
)

SLACK_INSTALLS_PG = (
    """CREATE TABLE slack_installations (
    team_id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    enterprise_id        TEXT COLLATE "C" NOT NULL DEFAULT '',
    team_name            TEXT COLLATE "C" NOT NULL DEFAULT '',
    app_id               TEXT COLLATE "C" NOT NULL DEFAULT '',
    bot_token            TEXT COLLATE "C" NOT NULL,
    bot_id               TEXT COLLATE "C" NOT NULL DEFAULT '',
    bot_user_id          TEXT COLLATE "C" NOT NULL DEFAULT '',
    bot_scopes           TEXT COLLATE "C" NOT NULL DEFAULT '',
    bot_refresh_token    TEXT COLLATE "C",
    bot_token_expires_at BIGINT,
    installer_user_id    TEXT COLLATE "C" NOT NULL DEFAULT '',
    installed_at         TEXT COLLATE "C" NOT NULL,
    updated_at           TEXT COLLATE "C" NOT NULL,
    removed_at           TEXT COLLATE "C"
)""",
    """CREATE INDEX slack_installations_removed ON slack_installations (removed_at)
    WHERE removed_at IS NOT NULL""",
    """CREATE TABLE slack_oauth_states (
    state      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    expires_at TEXT COLLATE "C" NOT NULL
)""",
    'CREATE INDEX slack_oauth_states_expiry ON slack_oauth_states (expires_at)',
)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "users, rejections and their events", V1_SQL, V1_PG),
    Migration(2, "user preferences, skills and conversation state", V2_SQL, V2_PG),
    Migration(3, "durable nudges, check-in preference, unreachable users", V3_SQL,
              V3_PG),
    Migration(4, "platform message ids already handled, to drop redelivered events", V4_SQL,
              V4_PG),
    Migration(5, "how each user writes all-number dates (NULL: guessed from the zone)",
              USER_DATE_ORDER_SQL, USER_DATE_ORDER_PG),
    Migration(6, "send-rate budgets shared by every process on the database, and a count of "
              "each nudge's failed sends", SHARED_SENDING_SQL, SHARED_SENDING_PG),
    Migration(7, "the durable inbox of platform events and the outbox of their replies",
              INBOX_SQL, INBOX_PG),
    Migration(8, "a failed form's answers, kept for its Fix it button", KEPT_FORMS_SQL,
              KEPT_FORMS_PG),
    Migration(9, "indexes so that one message reads only the rows it needs, however long the "
              "user's history: nudges by rejection, a user's nudges of no rejection, their "
              "pending nudges by date, and rejections by company", HISTORY_INDEXES_SQL),
    Migration(10, "nudge messages composed when planned, and a revision per rejection that "
              "tells whether one is still current", COMPOSED_NUDGES_SQL,
              COMPOSED_NUDGES_PG),
    Migration(11, "Slack workspaces installed through OAuth, and the states of installs under "
              "way", SLACK_INSTALLS_SQL, SLACK_INSTALLS_PG),
)
"""Every migration, oldest first; versions are 1, 2, 3, ... with no gaps."""

LATEST_VERSION = MIGRATIONS[-1].version
