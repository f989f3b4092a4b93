-- Curio on PostgreSQL, version 1: the embedded schema's tables (Sqlite/Migrations 0001 to 0004) in PostgreSQL's types.
-- Times are timestamptz; UUIDs are uuid; JSON documents are jsonb (custom metadata is queried as jsonb, as in Encord).
-- Ids are bigint identities: pages and the typed index tables follow them, as on SQLite.

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid          uuid        NOT NULL UNIQUE,
    name          text        NOT NULL UNIQUE,
    password_hash text,
    is_admin      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL
);

CREATE TABLE api_tokens (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid       uuid        NOT NULL UNIQUE,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    token_hash bytea       NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE TABLE integrations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid       uuid        NOT NULL UNIQUE,
    name       text        NOT NULL UNIQUE,
    provider   text        NOT NULL,
    settings   jsonb       NOT NULL,
    -- Credentials, encrypted by the server before they reach the database (never plain text).
    secrets    text,
    created_by bigint      REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE folders (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid            uuid        NOT NULL UNIQUE,
    parent_id       bigint      REFERENCES folders (id),
    name            text        NOT NULL,
    description     text        NOT NULL DEFAULT '',
    client_metadata jsonb,
    owner_id        bigint      REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL,
    last_edited_at  timestamptz NOT NULL
);

-- NULL parents are all distinct to a unique index, so root folders are unique on 0 instead.
CREATE UNIQUE INDEX ux_folders_name ON folders ((coalesce(parent_id, 0)), name);

CREATE TABLE jobs (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid                uuid        NOT NULL UNIQUE,
    folder_id           bigint      NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    integration_id      bigint      NOT NULL REFERENCES integrations (id),
    -- DRAFT while the spec is being read; never shown. Then PENDING until DONE, ERROR or CANCELLED.
    status              text        NOT NULL,
    ignore_errors       boolean     NOT NULL,
    skip_duplicate_urls boolean     NOT NULL,
    upsert_metadata     boolean     NOT NULL,
    file_name           text,
    format              text        NOT NULL,
    units_total         integer     NOT NULL DEFAULT 0,
    units_done          integer     NOT NULL DEFAULT 0,
    units_error         integer     NOT NULL DEFAULT 0,
    units_cancelled     integer     NOT NULL DEFAULT 0,
    units_skipped       integer     NOT NULL DEFAULT 0,
    units_updated       integer     NOT NULL DEFAULT 0,
    items_created       integer     NOT NULL DEFAULT 0,
    chunks_total        integer     NOT NULL DEFAULT 0,
    chunks_finished     integer     NOT NULL DEFAULT 0,
    cancel_requested    boolean     NOT NULL DEFAULT false,
    -- Items the job registered under pending_job_id become visible together, by setting this (one row, not n).
    items_visible       boolean     NOT NULL DEFAULT false,
    errors              jsonb       NOT NULL DEFAULT '[]',
    -- Problems the upload file had that did not refuse it, as the API shows them.
    warnings            jsonb       NOT NULL DEFAULT '[]',
    created_by          bigint      REFERENCES users (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL,
    started_at          timestamptz,
    finished_at         timestamptz,
    updated_at          timestamptz NOT NULL
);

CREATE INDEX ix_jobs_recent ON jobs (created_at DESC, id DESC);
CREATE INDEX ix_jobs_folder ON jobs (folder_id, created_at DESC, id DESC);

-- A job's validated units wait in chunks; a worker of any server process claims one with FOR UPDATE SKIP LOCKED and
-- a lease it renews, and commits it in the same transaction as the items it registers, so a crash never registers a
-- chunk twice. The encoded units live in the row, so every process can read them.
CREATE TABLE job_chunks (
    job_id      bigint      NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    chunk_no    integer     NOT NULL,
    first_unit  integer     NOT NULL,
    unit_count  integer     NOT NULL,
    -- 0 pending, 1 leased, 2 done, 3 cancelled
    status      smallint    NOT NULL DEFAULT 0,
    lease_owner text,
    lease_until timestamptz,
    payload     bytea,
    PRIMARY KEY (job_id, chunk_no)
);

CREATE INDEX ix_job_chunks_open ON job_chunks (status, job_id, chunk_no) WHERE status IN (0, 1);

-- Payloads are written once, read once and dropped: compressing them (TOAST's default for bytea) only costs CPU.
ALTER TABLE job_chunks ALTER COLUMN payload SET STORAGE EXTERNAL;

CREATE TABLE job_unit_errors (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id       bigint  NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    unit_index   integer NOT NULL,
    item_type    text    NOT NULL,
    title        text    NOT NULL,
    object_urls  jsonb   NOT NULL,
    error        text    NOT NULL,
    action       text    NOT NULL,
    subtask_uuid uuid    NOT NULL
);

CREATE INDEX ix_job_unit_errors_job ON job_unit_errors (job_id, id);

-- Ids are taken by the commit that writes a chunk (nextval for every row, then COPY): a session caches a thousand at a
-- time rather than taking the sequence's lock and logging it every 32. Ids stay unique; across sessions they are not in
-- commit order, which nothing relies on (pages follow ids, and rows committed later may sort before them anyway).
CREATE TABLE items (
    id                 bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1000) PRIMARY KEY,
    uuid               uuid        NOT NULL UNIQUE,
    folder_id          bigint      NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    parent_item_id     bigint      REFERENCES items (id) ON DELETE CASCADE,
    position           integer,
    item_type          text        NOT NULL,
    name               text        NOT NULL,
    description        text        NOT NULL DEFAULT '',
    url                text,
    dedup_key          bytea,
    integration_id     bigint      REFERENCES integrations (id) ON DELETE SET NULL,
    job_id             bigint      REFERENCES jobs (id) ON DELETE SET NULL,
    -- Set when the item was registered by a job that had not yet shown its items (a draft whose file is still being
    -- read, or an all-or-nothing job): the item is visible once that job's items_visible is set.
    pending_job_id     bigint,
    client_metadata    jsonb       NOT NULL DEFAULT '{}',
    media_metadata     jsonb,
    technical_metadata jsonb,
    file_size          bigint,
    mime_type          text,
    width              integer,
    height             integer,
    duration           double precision,
    fps                double precision,
    frame_count        bigint,
    num_pages          integer,
    audio_sample_rate  integer,
    audio_bit_depth    integer,
    audio_codec        text,
    audio_num_channels integer,
    dicom_instance_uid text,
    dicom_study_uid    text,
    dicom_series_uid   text,
    child_count        integer     NOT NULL DEFAULT 0,
    owner_id           bigint      REFERENCES users (id) ON DELETE SET NULL,
    created_at         timestamptz NOT NULL,
    last_edited_at     timestamptz NOT NULL
);

CREATE INDEX ix_items_folder ON items (folder_id, id) WHERE parent_item_id IS NULL;
CREATE INDEX ix_items_dedup ON items (folder_id, dedup_key) WHERE parent_item_id IS NULL;
CREATE INDEX ix_items_children ON items (parent_item_id, position) WHERE parent_item_id IS NOT NULL;
CREATE INDEX ix_items_job ON items (job_id, id) WHERE job_id IS NOT NULL;
CREATE INDEX ix_items_pending ON items (pending_job_id) WHERE pending_job_id IS NOT NULL;

-- upsert_metadata replacements of an all-or-nothing job, applied when it ends DONE.
CREATE TABLE job_pending_updates (
    job_id          bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    item_id         bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    client_metadata jsonb  NOT NULL,
    PRIMARY KEY (job_id, item_id)
);

-- The organisation's metadata schema (Encord's v2 document), versioned; see Sqlite/Migrations/0004 for the re-check.
CREATE TABLE metadata_schema (
    id                integer     PRIMARY KEY CHECK (id = 1),
    document          jsonb       NOT NULL,
    version           bigint      NOT NULL,
    updated_at        timestamptz NOT NULL,
    reindexed_version bigint      NOT NULL,
    reindexed_to      bigint      NOT NULL,
    reindex_until     bigint      NOT NULL
);
INSERT INTO metadata_schema (id, document, version, updated_at, reindexed_version, reindexed_to, reindex_until)
VALUES (1, '{}', 0, 'epoch', 0, 0, 0);

CREATE TABLE metadata_keys (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

-- Typed index tables: one row per item and schema key whose value conforms, with B-tree indexes for the ways a filter
-- reads them: (key, item) for an item's value, (key, value, item) for equality, ranges, prefixes and sorts, (item)
-- for rewrites and the delete cascade. Datetimes are microseconds since the Unix epoch, as the filter binds them.
CREATE TABLE meta_boolean (key_id bigint NOT NULL, item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE, value boolean NOT NULL, PRIMARY KEY (key_id, item_id));
CREATE TABLE meta_number (key_id bigint NOT NULL, item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE, value double precision NOT NULL, PRIMARY KEY (key_id, item_id));
CREATE TABLE meta_datetime (key_id bigint NOT NULL, item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE, value bigint NOT NULL, PRIMARY KEY (key_id, item_id));
CREATE TABLE meta_uuid (key_id bigint NOT NULL, item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE, value uuid NOT NULL, PRIMARY KEY (key_id, item_id));
-- COLLATE "C": prefixes and sorts compare code points, as on SQLite, and a prefix is a plain index range.
CREATE TABLE meta_varchar (key_id bigint NOT NULL, item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE, value text COLLATE "C" NOT NULL, PRIMARY KEY (key_id, item_id));
CREATE TABLE meta_text (key_id bigint NOT NULL, item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE, value text COLLATE "C" NOT NULL, PRIMARY KEY (key_id, item_id));
CREATE TABLE meta_enum (key_id bigint NOT NULL, item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE, value text COLLATE "C" NOT NULL, PRIMARY KEY (key_id, item_id));
CREATE INDEX ix_meta_boolean_value ON meta_boolean (key_id, value, item_id);
CREATE INDEX ix_meta_number_value ON meta_number (key_id, value, item_id);
CREATE INDEX ix_meta_datetime_value ON meta_datetime (key_id, value, item_id);
CREATE INDEX ix_meta_uuid_value ON meta_uuid (key_id, value, item_id);
-- Strings can be longer than a B-tree entry may be (about 2,700 bytes; a varchar holds up to 8,192 characters), so
-- their indexes hold the first 256 characters (PostgresFilterSql.Indexed): equality and prefixes find candidates by
-- those and re-check the whole value, and sorts order by them, then by the whole value.
CREATE INDEX ix_meta_varchar_value ON meta_varchar (key_id, left(value, 256), item_id);
CREATE INDEX ix_meta_text_value ON meta_text (key_id, left(value, 256), item_id);
CREATE INDEX ix_meta_enum_value ON meta_enum (key_id, value, item_id);
CREATE INDEX ix_meta_boolean_item ON meta_boolean (item_id);
CREATE INDEX ix_meta_number_item ON meta_number (item_id);
CREATE INDEX ix_meta_datetime_item ON meta_datetime (item_id);
CREATE INDEX ix_meta_uuid_item ON meta_uuid (item_id);
CREATE INDEX ix_meta_varchar_item ON meta_varchar (item_id);
CREATE INDEX ix_meta_text_item ON meta_text (item_id);
CREATE INDEX ix_meta_enum_item ON meta_enum (item_id);

-- Stored values that do not conform to the current schema: kept in client_metadata, out of the index, listed here.
CREATE TABLE metadata_nonconforming (
    item_id  bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    key      text   NOT NULL,
    expected text   NOT NULL,
    value    text   NOT NULL,
    PRIMARY KEY (item_id, key)
);

-- The key ring ASP.NET Data Protection encrypts integration secrets with: every server process must read the same one.
CREATE TABLE data_protection_keys (
    name text PRIMARY KEY,
    xml  text NOT NULL
);
