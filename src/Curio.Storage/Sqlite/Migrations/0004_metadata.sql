-- The organisation's metadata schema (Encord's v2 document). Each change bumps the version; a background pass
-- then re-checks the stored values of the items that existed then (ids up to reindex_until), item by item, up to
-- reindexed_to. Items written after the change were indexed under the new version already.
CREATE TABLE metadata_schema (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    document          TEXT    NOT NULL,
    version           INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    reindexed_version INTEGER NOT NULL,
    reindexed_to      INTEGER NOT NULL,
    reindex_until     INTEGER NOT NULL
);
INSERT INTO metadata_schema (id, document, version, updated_at, reindexed_version, reindexed_to, reindex_until) VALUES (1, '{}', 0, 0, 0, 0, 0);

CREATE TABLE metadata_keys (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
);

-- Typed index tables: one row per item and schema key whose value conforms. Three B-trees each, for the three ways a
-- filter reads them (SqliteFilterPlan):
--   the table, (key, item): a key's rows in item order, so a page in id order walks one key and tests each value
--     where it lies, and an item's value is one seek;
--   (key, value), which holds (key, value, item): equality in item order, ranges, prefixes and sorts by value;
--   (item), which holds (item, key): an item's rows, for rewrites and the delete cascade.
CREATE TABLE meta_boolean (key_id INTEGER NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, value INTEGER NOT NULL, PRIMARY KEY (key_id, item_id)) WITHOUT ROWID;
CREATE TABLE meta_number (key_id INTEGER NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, value REAL NOT NULL, PRIMARY KEY (key_id, item_id)) WITHOUT ROWID;
CREATE TABLE meta_datetime (key_id INTEGER NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, value INTEGER NOT NULL, PRIMARY KEY (key_id, item_id)) WITHOUT ROWID;
CREATE TABLE meta_uuid (key_id INTEGER NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, value BLOB NOT NULL, PRIMARY KEY (key_id, item_id)) WITHOUT ROWID;
CREATE TABLE meta_varchar (key_id INTEGER NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, value TEXT NOT NULL, PRIMARY KEY (key_id, item_id)) WITHOUT ROWID;
CREATE TABLE meta_text (key_id INTEGER NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, value TEXT NOT NULL, PRIMARY KEY (key_id, item_id)) WITHOUT ROWID;
CREATE TABLE meta_enum (key_id INTEGER NOT NULL, item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, value TEXT NOT NULL, PRIMARY KEY (key_id, item_id)) WITHOUT ROWID;
CREATE INDEX ix_meta_boolean_value ON meta_boolean (key_id, value);
CREATE INDEX ix_meta_number_value ON meta_number (key_id, value);
CREATE INDEX ix_meta_datetime_value ON meta_datetime (key_id, value);
CREATE INDEX ix_meta_uuid_value ON meta_uuid (key_id, value);
CREATE INDEX ix_meta_varchar_value ON meta_varchar (key_id, value);
CREATE INDEX ix_meta_text_value ON meta_text (key_id, value);
CREATE INDEX ix_meta_enum_value ON meta_enum (key_id, value);
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
