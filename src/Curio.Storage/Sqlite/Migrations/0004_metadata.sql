-- The organisation's metadata schema (Encord's v2 document). Each change bumps the version; a background pass
-- then re-checks stored values against it, item by item, up to reindexed_to.
CREATE TABLE metadata_schema (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    document          TEXT    NOT NULL,
    version           INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    reindexed_version INTEGER NOT NULL,
    reindexed_to      INTEGER NOT NULL
);
INSERT INTO metadata_schema (id, document, version, updated_at, reindexed_version, reindexed_to) VALUES (1, '{}', 0, 0, 0, 0);

CREATE TABLE metadata_keys (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
);

-- Typed index tables: one row per item and schema key whose value conforms. The primary key (key, value, item) is
-- the B-tree equality, range, prefix and sorted scans use; the item index serves rewrites and deletes.
CREATE TABLE meta_boolean (key_id INTEGER NOT NULL, value INTEGER NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, PRIMARY KEY (key_id, value, item_id)) WITHOUT ROWID;
CREATE TABLE meta_number (key_id INTEGER NOT NULL, value REAL NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, PRIMARY KEY (key_id, value, item_id)) WITHOUT ROWID;
CREATE TABLE meta_datetime (key_id INTEGER NOT NULL, value INTEGER NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, PRIMARY KEY (key_id, value, item_id)) WITHOUT ROWID;
CREATE TABLE meta_uuid (key_id INTEGER NOT NULL, value BLOB NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, PRIMARY KEY (key_id, value, item_id)) WITHOUT ROWID;
CREATE TABLE meta_varchar (key_id INTEGER NOT NULL, value TEXT NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, PRIMARY KEY (key_id, value, item_id)) WITHOUT ROWID;
CREATE TABLE meta_text (key_id INTEGER NOT NULL, value TEXT NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, PRIMARY KEY (key_id, value, item_id)) WITHOUT ROWID;
CREATE TABLE meta_enum (key_id INTEGER NOT NULL, value TEXT NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, PRIMARY KEY (key_id, value, item_id)) WITHOUT ROWID;
CREATE INDEX ix_meta_boolean_item ON meta_boolean (item_id);
CREATE INDEX ix_meta_number_item ON meta_number (item_id);
CREATE INDEX ix_meta_datetime_item ON meta_datetime (item_id);
CREATE INDEX ix_meta_uuid_item ON meta_uuid (item_id);
CREATE INDEX ix_meta_varchar_item ON meta_varchar (item_id);
CREATE INDEX ix_meta_text_item ON meta_text (item_id);
CREATE INDEX ix_meta_enum_item ON meta_enum (item_id);

-- Stored values that do not conform to the current schema: kept in client_metadata, out of the index, listed here.
CREATE TABLE metadata_nonconforming (
    item_id  INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    key      TEXT    NOT NULL,
    expected TEXT    NOT NULL,
    value    TEXT    NOT NULL,
    PRIMARY KEY (item_id, key)
) WITHOUT ROWID;
