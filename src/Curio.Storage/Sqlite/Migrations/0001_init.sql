-- Curio embedded schema, version 1. Times are Unix milliseconds (UTC); UUIDs are 16-byte big-endian blobs,
-- so version-7 UUIDs sort by creation time and their indexes grow at the end.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    uuid          BLOB    NOT NULL UNIQUE,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    uuid         BLOB    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    token_hash   BLOB    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);

CREATE TABLE integrations (
    id         INTEGER PRIMARY KEY,
    uuid       BLOB    NOT NULL UNIQUE,
    name       TEXT    NOT NULL UNIQUE,
    provider   TEXT    NOT NULL,
    settings   TEXT    NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE folders (
    id              INTEGER PRIMARY KEY,
    uuid            BLOB    NOT NULL UNIQUE,
    parent_id       INTEGER REFERENCES folders (id),
    -- NULL parents are all distinct to a UNIQUE constraint, so root folders unique on 0 instead.
    parent_key      INTEGER GENERATED ALWAYS AS (coalesce(parent_id, 0)) VIRTUAL,
    name            TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    client_metadata TEXT,
    owner_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    last_edited_at  INTEGER NOT NULL,
    UNIQUE (parent_key, name)
);

CREATE TABLE jobs (
    id                 INTEGER PRIMARY KEY,
    uuid               BLOB    NOT NULL UNIQUE,
    folder_id          INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    integration_id     INTEGER NOT NULL REFERENCES integrations (id),
    -- DRAFT while the spec is being read; never shown. Then PENDING until DONE, ERROR or CANCELLED.
    status             TEXT    NOT NULL,
    ignore_errors      INTEGER NOT NULL,
    skip_duplicate_urls INTEGER NOT NULL,
    upsert_metadata    INTEGER NOT NULL,
    file_name          TEXT,
    format             TEXT    NOT NULL,
    units_total        INTEGER NOT NULL DEFAULT 0,
    units_done         INTEGER NOT NULL DEFAULT 0,
    units_error        INTEGER NOT NULL DEFAULT 0,
    units_cancelled    INTEGER NOT NULL DEFAULT 0,
    units_skipped      INTEGER NOT NULL DEFAULT 0,
    units_updated      INTEGER NOT NULL DEFAULT 0,
    items_created      INTEGER NOT NULL DEFAULT 0,
    chunks_total       INTEGER NOT NULL DEFAULT 0,
    chunks_finished    INTEGER NOT NULL DEFAULT 0,
    cancel_requested   INTEGER NOT NULL DEFAULT 0,
    -- Items the job registered under pending_job_id become visible together, by setting this (one row, not n).
    items_visible      INTEGER NOT NULL DEFAULT 0,
    errors             TEXT    NOT NULL DEFAULT '[]',
    -- Problems the upload file had that did not refuse it, as the API shows them (JSON array).
    warnings           TEXT    NOT NULL DEFAULT '[]',
    created_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at         INTEGER NOT NULL,
    started_at         INTEGER,
    finished_at        INTEGER,
    updated_at         INTEGER NOT NULL
);

CREATE INDEX ix_jobs_recent ON jobs (created_at DESC, id DESC);

-- A job's validated units wait in chunks; a chunk is claimed with a lease and committed in the same
-- transaction as the items it registers, so a crash never registers a chunk twice.
CREATE TABLE job_chunks (
    job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    chunk_no    INTEGER NOT NULL,
    first_unit  INTEGER NOT NULL,
    unit_count  INTEGER NOT NULL,
    -- 0 pending, 1 leased, 2 done, 3 cancelled
    status      INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until INTEGER,
    -- Where the chunk's encoded units are in the job's file beside the database (chunks/<job>.units).
    payload_offset INTEGER NOT NULL,
    payload_length INTEGER NOT NULL,
    PRIMARY KEY (job_id, chunk_no)
) WITHOUT ROWID;

CREATE INDEX ix_job_chunks_open ON job_chunks (status, job_id, chunk_no) WHERE status IN (0, 1);

CREATE TABLE job_unit_errors (
    id           INTEGER PRIMARY KEY,
    job_id       INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    unit_index   INTEGER NOT NULL,
    item_type    TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    object_urls  TEXT    NOT NULL,
    error        TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    subtask_uuid BLOB    NOT NULL
);

CREATE INDEX ix_job_unit_errors_job ON job_unit_errors (job_id, id);

CREATE TABLE items (
    id                 INTEGER PRIMARY KEY,
    uuid               BLOB    NOT NULL UNIQUE,
    folder_id          INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    parent_item_id     INTEGER REFERENCES items (id) ON DELETE CASCADE,
    position           INTEGER,
    item_type          TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    description        TEXT    NOT NULL DEFAULT '',
    url                TEXT,
    dedup_key          BLOB,
    integration_id     INTEGER REFERENCES integrations (id) ON DELETE SET NULL,
    job_id             INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    -- Set when the item was registered by a job that had not yet shown its items (a draft whose file is still
    -- being read, or an all-or-nothing job): the item is visible once that job's items_visible is set.
    pending_job_id     INTEGER,
    client_metadata    TEXT    NOT NULL DEFAULT '{}',
    media_metadata     TEXT,
    file_size          INTEGER,
    mime_type          TEXT,
    width              INTEGER,
    height             INTEGER,
    duration           REAL,
    fps                REAL,
    frame_count        INTEGER,
    num_pages          INTEGER,
    audio_sample_rate  INTEGER,
    audio_bit_depth    INTEGER,
    audio_codec        TEXT,
    audio_num_channels INTEGER,
    dicom_instance_uid TEXT,
    dicom_study_uid    TEXT,
    dicom_series_uid   TEXT,
    child_count        INTEGER NOT NULL DEFAULT 0,
    owner_id           INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at         INTEGER NOT NULL,
    last_edited_at     INTEGER NOT NULL
);

CREATE INDEX ix_items_folder ON items (folder_id, id) WHERE parent_item_id IS NULL;
CREATE INDEX ix_items_dedup ON items (folder_id, dedup_key) WHERE parent_item_id IS NULL;
CREATE INDEX ix_items_children ON items (parent_item_id, position) WHERE parent_item_id IS NOT NULL;
CREATE INDEX ix_items_job ON items (job_id, id) WHERE job_id IS NOT NULL;

-- upsert_metadata replacements of an all-or-nothing job, applied when it ends DONE.
CREATE TABLE job_pending_updates (
    job_id          INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    item_id         INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    client_metadata TEXT    NOT NULL,
    PRIMARY KEY (job_id, item_id)
) WITHOUT ROWID;
