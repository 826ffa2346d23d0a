/**
 * Numbered schema migrations, applied in order on open inside one transaction each.
 * `PRAGMA user_version` records the last one applied. Never edit a shipped migration: add one.
 */
import type Database from 'better-sqlite3';

export const migrations: ReadonlyArray<{ id: number; sql: string }> = [
  {
    id: 1,
    sql: `
      CREATE TABLE forms (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL
      ) STRICT;

      CREATE TABLE form_versions (
        form_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
        revision INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (form_id, version)
      ) STRICT;
      -- A form has at most one draft.
      CREATE UNIQUE INDEX form_versions_one_draft ON form_versions (form_id) WHERE status = 'draft';

      CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        form_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
        child_id TEXT,
        created_by TEXT NOT NULL,
        submitted_by TEXT,
        team TEXT,
        created_at TEXT NOT NULL,
        revision INTEGER NOT NULL,
        submit_seq INTEGER UNIQUE,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX submissions_form ON submissions (form_id, version, status);
      CREATE INDEX submissions_child ON submissions (child_id);
      CREATE INDEX submissions_created_by ON submissions (created_by);
      CREATE INDEX submissions_team ON submissions (team);

      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        submission_id TEXT NOT NULL
      ) STRICT;

      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO counters (name, value) VALUES ('submit_seq', 0);

      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_entity ON events (entity_id, id);
      CREATE INDEX events_actor ON events (actor, id);

      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        submission_id TEXT NOT NULL,
        connector TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'leased', 'delivered', 'dead')),
        next_attempt_at TEXT NOT NULL,
        lease_until TEXT,
        lease_token TEXT,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (state, seq);
      CREATE INDEX outbox_partition ON outbox (connector, partition_key, seq);
      CREATE INDEX outbox_submission ON outbox (submission_id);
    `,
  },
  {
    id: 2,
    sql: `
      -- Who can sign in. The username is unique and never changes.
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        revision INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;

      -- Personal API tokens, by the SHA-256 of the token. created_at is in the one ISO form.
      CREATE TABLE api_tokens (
        hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX api_tokens_account ON api_tokens (account_id, created_at);

      -- Browser sessions, by the SHA-256 of the cookie value.
      CREATE TABLE sessions (
        hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sessions_account ON sessions (account_id);
    `,
  },
  {
    id: 3,
    sql: `
      -- ICS sync connectors (where records go).
      CREATE TABLE connectors (
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;

      -- How a form's records become ICS fields for one connector, from a version on.
      CREATE TABLE mappings (
        connector TEXT NOT NULL,
        form_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (connector, form_id, version)
      ) STRICT;
      CREATE INDEX mappings_form ON mappings (form_id, connector, version);

      -- When each entry was made, in the one ISO form (for the age of a queue), and what the
      -- figures per connector and state, a child's deliveries and pages of the outbox (in
      -- seq, id order) are read by.
      ALTER TABLE outbox ADD COLUMN created_at TEXT;
      UPDATE outbox SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(doc, '$.createdAt'));
      CREATE INDEX outbox_counts ON outbox (connector, state, created_at);
      CREATE INDEX outbox_partition_order ON outbox (partition_key, seq, id);
      CREATE INDEX outbox_order ON outbox (seq, id);
    `,
  },
  {
    id: 4,
    sql: `
      -- The submission list in either order (newest first for the home page): every filter a
      -- reader's scope and the API combine has an index ending in id, so a page is read from the
      -- index in id order, either way, and never sorted after. These replace the one-column ones.
      DROP INDEX submissions_form;
      DROP INDEX submissions_child;
      DROP INDEX submissions_created_by;
      DROP INDEX submissions_team;
      CREATE INDEX submissions_form ON submissions (form_id, version, status, id);
      CREATE INDEX submissions_form_id ON submissions (form_id, id);
      CREATE INDEX submissions_status ON submissions (status, id);
      CREATE INDEX submissions_child ON submissions (child_id, id);
      CREATE INDEX submissions_created_by ON submissions (created_by, id);
      CREATE INDEX submissions_created_by_status ON submissions (created_by, status, id);
      CREATE INDEX submissions_submitted_by ON submissions (submitted_by, id);
      CREATE INDEX submissions_team ON submissions (team, id);
      CREATE INDEX submissions_team_status ON submissions (team, status, id);
    `,
  },
  {
    id: 5,
    sql: `
      -- Shared option lists: every version an immutable snapshot; the key decides who saved a
      -- version first.
      CREATE TABLE option_list_versions (
        list_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        doc TEXT NOT NULL,
        PRIMARY KEY (list_id, version)
      ) STRICT;
    `,
  },
  {
    id: 6,
    sql: `
      -- Record references (SUP-2026-000123): the last number given per prefix and year, moved on
      -- in the transaction that inserts the record, and the reference itself, unique. Records
      -- stored before have none (NULL, which a unique index allows any number of).
      CREATE TABLE reference_counters (
        series TEXT PRIMARY KEY,
        value INTEGER NOT NULL CHECK (value >= 1)
      ) STRICT;
      ALTER TABLE submissions ADD COLUMN reference TEXT;
      CREATE UNIQUE INDEX submissions_reference ON submissions (reference);
    `,
  },
  {
    id: 7,
    sql: `
      -- The directory (children, workers and teams from the ICS), changed only by whole batches
      -- (engine/store/sqlite/directory.ts). \`doc\` is the row as kept (keys in one order, without
      -- updatedAt), so an unchanged row is recognised by its text; the other columns are what
      -- searches and lists are read by, each with its index ending in (name, id), their order.
      CREATE TABLE directory_children (
        id TEXT PRIMARY KEY,
        id_key TEXT NOT NULL,
        name TEXT NOT NULL,
        date_of_birth TEXT,
        allocated_worker_id TEXT,
        team TEXT,
        restricted INTEGER NOT NULL CHECK (restricted IN (0, 1)),
        merged_into TEXT,
        updated_at TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX directory_children_id_key ON directory_children (id_key);
      CREATE INDEX directory_children_name ON directory_children (name, id);
      CREATE INDEX directory_children_birth ON directory_children (date_of_birth, name, id);
      CREATE INDEX directory_children_worker ON directory_children (allocated_worker_id, name, id);
      CREATE INDEX directory_children_team ON directory_children (team, name, id);
      CREATE INDEX directory_children_restricted ON directory_children (name, id) WHERE restricted = 1;
      CREATE INDEX directory_children_merged ON directory_children (merged_into, name, id);

      -- Each word of each child's name (lower case, accents off), for "starts a word" searches.
      CREATE TABLE directory_child_words (
        word TEXT NOT NULL,
        child_id TEXT NOT NULL,
        PRIMARY KEY (word, child_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE directory_workers (
        id TEXT PRIMARY KEY,
        email_key TEXT,
        name TEXT NOT NULL,
        team TEXT,
        manager_id TEXT,
        updated_at TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX directory_workers_email ON directory_workers (email_key);
      CREATE INDEX directory_workers_name ON directory_workers (name, id);
      CREATE INDEX directory_workers_team ON directory_workers (team, name, id);
      CREATE INDEX directory_workers_manager ON directory_workers (manager_id, name, id);

      CREATE TABLE directory_teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX directory_teams_name ON directory_teams (name, id);

      -- The batch log: one row per applied batch, kept for good; the key applies a batch once.
      CREATE TABLE directory_batches (
        seq INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX directory_batches_kind ON directory_batches (kind, seq);
    `,
  },
  {
    id: 8,
    sql: `
      -- Review stages (issue 14). review_state is the record's review.state (NULL: no stages);
      -- review_due its review.dueOn while it waits or is returned, '~' (after every date) when it
      -- has none, so "soonest due first, none last, then id" is the order of these indexes. Each
      -- review queue filter has its own, ending in (review_due, id); partial, so records without
      -- stages take no room in them. Records stored before have no review: nothing to fill in.
      ALTER TABLE submissions ADD COLUMN review_state TEXT CHECK (review_state IN ('waiting', 'returned', 'complete'));
      ALTER TABLE submissions ADD COLUMN review_due TEXT;
      CREATE INDEX submissions_review ON submissions (review_state, review_due, id) WHERE review_state IS NOT NULL;
      CREATE INDEX submissions_review_team ON submissions (review_state, team, review_due, id) WHERE review_state IS NOT NULL;
      CREATE INDEX submissions_review_author ON submissions (review_state, created_by, review_due, id) WHERE review_state IS NOT NULL;
      CREATE INDEX submissions_review_form ON submissions (review_state, form_id, review_due, id) WHERE review_state IS NOT NULL;

      -- Who may act on a record waiting at a stage: one row per work-list key (engine/review/keys.ts),
      -- written with the record every time it is, and only while it waits. "Waiting for any of my
      -- keys" is one ordered range of review_keys_key per key, merged.
      CREATE TABLE review_keys (
        submission_id TEXT NOT NULL,
        key TEXT NOT NULL,
        due TEXT NOT NULL,
        PRIMARY KEY (submission_id, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX review_keys_key ON review_keys (key, due, submission_id);

      -- Tracked actions a completed record raised (engine/actions). Every list filter is an
      -- equality followed by status, so each index ends in (status, due_on, id): a list is read in
      -- due order straight from one index (several, merged, for "owned by my account or my worker
      -- id" or "any status"). actions_owner_counts holds all a team's per-owner figures need.
      CREATE TABLE actions (
        id TEXT PRIMARY KEY,
        submission_id TEXT NOT NULL,
        child_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
        owner_account_id TEXT,
        owner_worker_id TEXT,
        team TEXT,
        due_on TEXT NOT NULL,
        revision INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX actions_status ON actions (status, due_on, id);
      CREATE INDEX actions_submission ON actions (submission_id, status, due_on, id);
      CREATE INDEX actions_child ON actions (child_id, status, due_on, id);
      CREATE INDEX actions_owner_account ON actions (owner_account_id, status, due_on, id);
      CREATE INDEX actions_owner_worker ON actions (owner_worker_id, status, due_on, id);
      CREATE INDEX actions_team ON actions (team, status, due_on, id);
      CREATE INDEX actions_owner_counts ON actions (team, status, owner_worker_id, owner_account_id, due_on);
    `,
  },
  {
    id: 9,
    sql: `
      -- The dashboards' counts (issue 15, engine/store/sqlite/tally.ts), each read from one index
      -- alone (tests/store/sqlite-tally-plans.test.ts). The JSON paths are written exactly as the
      -- tally writes them: SQLite uses an expression index only for the same expression.
      -- Completed records of a form by day done (supervision since a cutoff, per child).
      CREATE INDEX submissions_done ON submissions (form_id, json_extract(doc, '$.timeliness.doneOn'), child_id);
      -- A form's records by state and month done (trends), and a team's (a manager's dashboards).
      CREATE INDEX submissions_month ON submissions (form_id, status, json_extract(doc, '$.timeliness.month'));
      CREATE INDEX submissions_team_month ON submissions (form_id, team, json_extract(doc, '$.timeliness.month'));
      -- Records by when they were started, with their form and state (drafts started vs
      -- submitted, per month: one range each, of every form or one).
      CREATE INDEX submissions_created ON submissions (created_at, form_id, status);
      -- Actions by state then team (open and overdue per team), and days to close per team.
      CREATE INDEX actions_status_team ON actions (status, team, due_on);
      CREATE INDEX actions_days_to_close ON actions (status, team, json_extract(doc, '$.daysToClose'));
      -- Children of a team in id order (children by team, page by page).
      CREATE INDEX directory_children_team_id ON directory_children (team, id);
    `,
  },
  {
    id: 10,
    sql: `
      -- The audit programme (issue 15, engine/audits). Every list is an equality and status, then
      -- due order: each index ends in (status, due_on, id). The dashboards count by form_id, team,
      -- status and the JSON's dueMonth / doneOn (audit_assignments_form).
      CREATE TABLE audit_assignments (
        id TEXT PRIMARY KEY,
        form_id TEXT NOT NULL,
        child_id TEXT NOT NULL,
        team TEXT,
        auditor_account_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
        due_on TEXT NOT NULL,
        revision INTEGER NOT NULL,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_assignments_auditor ON audit_assignments (auditor_account_id, status, due_on, id);
      CREATE INDEX audit_assignments_team ON audit_assignments (team, status, due_on, id);
      CREATE INDEX audit_assignments_child ON audit_assignments (child_id, form_id, status, due_on, id);
      CREATE INDEX audit_assignments_form ON audit_assignments (form_id, status, due_on, id);
      CREATE INDEX audit_assignments_status ON audit_assignments (status, due_on, id);

      -- Samples as drawn (rule, seed, who, when, what was chosen and why others were not), newest first by id.
      CREATE TABLE audit_samples (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 11,
    sql: `
      -- Email notifications (engine/notifications). Ids are deterministic (what the notification
      -- is about), so the primary key is what makes producing twice harmless. The sender claims
      -- from notifications_due (pending, soonest due) and notifications_lease (expired leases).
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'leased', 'sent', 'dead', 'held', 'digested', 'skipped')),
        next_attempt_at TEXT NOT NULL,
        lease_until TEXT,
        lease_token TEXT,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX notifications_due ON notifications (state, next_attempt_at);
      CREATE INDEX notifications_lease ON notifications (state, lease_until);
      CREATE INDEX notifications_account ON notifications (account_id, state, id);
      CREATE INDEX notifications_state ON notifications (state, id);

      -- How far the producer has read the event log, and when the daily reminders last ran.
      CREATE TABLE notification_cursors (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- Each person's choice (no row: the default, each email as it happens).
      CREATE TABLE notification_choices (
        account_id TEXT PRIMARY KEY,
        choice TEXT NOT NULL CHECK (choice IN ('immediate', 'digest', 'off'))
      ) STRICT;
    `,
  },
  {
    id: 12,
    sql: `
      -- The dashboards at scale (issue 15). A completed record's timeliness stamp, with the
      -- answers its form measures (Timeliness.measures), in a small column of its own as JSONB,
      -- and the worker a staff record is about, so that every count reads a few bytes from an
      -- index and never the record (engine/store/sqlite/tally.ts: \`timeliness.*\` from stamp,
      -- \`subject.workerId\` from worker_id). The stamps already there are copied; their measures
      -- are filled in from the records' answers by Store.fillMeasures, which the dashboards call
      -- for each measured form before they first count it (engine/dashboards/published.ts).
      ALTER TABLE submissions ADD COLUMN stamp BLOB;
      ALTER TABLE submissions ADD COLUMN worker_id TEXT;
      UPDATE submissions SET stamp = jsonb(doc -> '$.timeliness'), worker_id = doc ->> '$.subject.workerId'
        WHERE doc -> '$.timeliness' IS NOT NULL OR doc -> '$.subject.workerId' IS NOT NULL;
      -- SQLite reads a value from an index only for a column of it (an indexed expression serves a
      -- condition, not a group or a result), so the indexes that groups by stamp fields are read
      -- from carry the stamp itself. The JSON paths are written exactly as the tally writes them.
      -- A form's completed records by day done, with child, worker, team and stamp: supervision
      -- since a cutoff per child or worker, trends by month, grades and agreement, held on time;
      -- for every team, some teams or a list of children or workers.
      DROP INDEX submissions_done;
      CREATE INDEX submissions_done ON submissions (form_id, json_extract(stamp, '$.doneOn'), child_id, worker_id, team, stamp);
      DROP INDEX submissions_month;
      CREATE INDEX submissions_month ON submissions (form_id, status, json_extract(stamp, '$.month'));
      DROP INDEX submissions_team_month;
      CREATE INDEX submissions_team_month ON submissions (form_id, team, json_extract(stamp, '$.month'));
      -- Records of every form done in a range (days to complete per form), of every team or some.
      CREATE INDEX submissions_done_forms ON submissions (json_extract(stamp, '$.doneOn'), form_id, stamp);
      CREATE INDEX submissions_team_done ON submissions (team, json_extract(stamp, '$.doneOn'), form_id, stamp);
      -- Some teams' records started in a range, with form and state (drafts started vs submitted).
      CREATE INDEX submissions_team_created ON submissions (team, created_at, form_id, status);
    `,
  },
  {
    id: 13,
    sql: `
      -- Uploaded files (issue 16). The bytes are files in the data folder's files/ (see
      -- engine/store/sqlite/files.ts for why not BLOBs); a row here, written with its event once
      -- every byte is on disk, is what makes a file exist. kept_at is set when its record is
      -- submitted with it; files never kept are swept a day after upload.
      CREATE TABLE files (
        id TEXT PRIMARY KEY,
        submission_id TEXT NOT NULL,
        scan TEXT NOT NULL,
        uploaded_at TEXT NOT NULL,
        kept_at TEXT,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX files_submission ON files (submission_id, uploaded_at, id);
      CREATE INDEX files_unscanned ON files (scan, uploaded_at, id) WHERE scan = 'unscanned';
      CREATE INDEX files_unkept ON files (uploaded_at) WHERE kept_at IS NULL;
    `,
  },
  {
    id: 14,
    sql: `
      -- Issue 17: delivered outbox entries are archived by age, oldest delivered first. (The event
      -- log's queries the engine makes, a record's events and the notifications' cursor, are served
      -- by events_entity and the primary key.)
      CREATE INDEX outbox_delivered ON outbox (state, json_extract(doc, '$.deliveredAt'));
    `,
  },
  {
    // Hits against a limit (failed sign-ins) that every process sharing the file counts.
    id: 15,
    sql: `
      CREATE TABLE limit_hits (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX limit_hits_key ON limit_hits (key, expires_at);
      CREATE INDEX limit_hits_expiry ON limit_hits (expires_at);
    `,
  },
  {
    // Issue 17: each record's child's team (the kept child's, through at most 5 merges; as
    // directory/access.ts reads it), kept right by every record write and every children batch,
    // so a manager's team's children are one index range: child_id in the index, so whether a
    // record's child is in the reader's reach is answered without reading the row.
    id: 16,
    sql: `
      ALTER TABLE submissions ADD COLUMN child_team TEXT;
      UPDATE submissions SET child_team = (
        SELECT CASE WHEN c0.merged_into IS NULL THEN c0.team WHEN c1.merged_into IS NULL THEN c1.team WHEN c2.merged_into IS NULL THEN c2.team WHEN c3.merged_into IS NULL THEN c3.team WHEN c4.merged_into IS NULL THEN c4.team WHEN c5.merged_into IS NULL THEN c5.team END
          FROM directory_children AS c0
             LEFT JOIN directory_children AS c1 ON c1.id = c0.merged_into
             LEFT JOIN directory_children AS c2 ON c2.id = c1.merged_into
             LEFT JOIN directory_children AS c3 ON c3.id = c2.merged_into
             LEFT JOIN directory_children AS c4 ON c4.id = c3.merged_into
             LEFT JOIN directory_children AS c5 ON c5.id = c4.merged_into
          WHERE c0.id = submissions.child_id)
        WHERE child_id IS NOT NULL;
      CREATE INDEX submissions_child_team ON submissions (child_team, id, child_id);
    `,
  },
];

export function migrate(db: Database.Database): void {
  const latest = migrations.at(-1)!.id;
  for (const m of migrations) {
    // Re-read inside the write lock: another process may be migrating the same file right now.
    db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current > latest) {
        throw new Error(`The data file was written by a newer Caseforms (schema ${current}; this one knows up to ${latest}).`);
      }
      if (m.id <= current) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.id}`);
    }).immediate();
  }
}
