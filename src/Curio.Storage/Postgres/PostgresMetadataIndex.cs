using Curio.Core.Metadata;
using Curio.Storage.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Curio.Storage.Postgres;

/// <summary>
/// Writes items' typed index rows (and their non-conforming values) from their client metadata, inside the caller's
/// transaction. Unlike SQLite, each statement is a round trip to the server, so changes are buffered and written by
/// <see cref="FlushAsync"/> a few statements at a time, whatever the number of items: one DELETE per table for the
/// items rewritten whole, one for single entries, and one INSERT .. SELECT FROM unnest(..) per table. The buffer keeps
/// the last state of each (table, key, item), so the order of the calls is kept although the statements are grouped.
/// </summary>
internal sealed class PostgresMetadataIndex
{
    public static readonly string[] Tables = ["meta_boolean", "meta_number", "meta_datetime", "meta_uuid", "meta_varchar", "meta_text", "meta_enum"];

    private static readonly NpgsqlDbType[] ValueTypes =
    [
        NpgsqlDbType.Boolean, NpgsqlDbType.Double, NpgsqlDbType.Bigint, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
    ];

    private static readonly string[] SqlTypes = ["boolean", "double precision", "bigint", "uuid", "text", "text", "text"];

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly Dictionary<string, long> _keys;
    private readonly (long From, long Until) _unchecked;

    // The last state of each entry: a value to write, or null for an entry to delete.
    private readonly Dictionary<(IndexKind Kind, string Key, long Item), object?> _entries = [];
    private readonly Dictionary<(long Item, string Key), MetadataProblem?> _problems = [];

    // Items whose rows (and problems) are deleted whole before the entries above are written.
    private readonly HashSet<long> _cleared = [];

    private PostgresMetadataIndex(NpgsqlConnection connection, NpgsqlTransaction transaction, MetadataSchema schema, Dictionary<string, long> keys, (long, long) @unchecked)
    {
        _connection = connection;
        _transaction = transaction;
        Schema = schema;
        _keys = keys;
        _unchecked = @unchecked;
    }

    public MetadataSchema Schema { get; }

    public static async Task<PostgresMetadataIndex> OpenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // A key-share lock until commit: a schema edit (FOR UPDATE) waits for the writes indexed under the schema read
        // here, so its re-check, bounded by the items that exist when it runs, covers them; and a write that starts
        // during an edit waits for it and indexes under the new schema.
        var schema = await ReadSchemaAsync(connection, transaction, " FOR KEY SHARE", cancellationToken);
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var read = connection.Command("SELECT name, id FROM metadata_keys", transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        // Items whose rows may still follow an older schema: those the last change found, not yet re-checked.
        (long, long) @unchecked;
        await using (var read = connection.Command("""
            SELECT CASE WHEN reindexed_version = version THEN reindexed_to ELSE 0 END, reindex_until FROM metadata_schema WHERE id = 1
            """, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            @unchecked = (reader.GetInt64(0), reader.GetInt64(1));
        }

        return new PostgresMetadataIndex(connection, transaction, schema.Schema, keys, @unchecked);
    }

    internal static Task<SchemaRecord> ReadSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken, bool forUpdate = false) =>
        ReadSchemaAsync(connection, transaction, forUpdate ? " FOR UPDATE" : "", cancellationToken);

    private static async Task<SchemaRecord> ReadSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string lockClause, CancellationToken cancellationToken)
    {
        await using var read = connection.Command("SELECT document::text, version, updated_at FROM metadata_schema WHERE id = 1" + lockClause, transaction);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidDataException("The metadata_schema row is missing; the database was not migrated.");
        }

        return new SchemaRecord(SchemaJson.Read(reader.GetString(0)), reader.GetInt64(1), reader.GetTime(2));
    }

    /// <summary>Indexes a new item (nothing to clear first). Does nothing when the schema is empty: the common import.</summary>
    public void Add(long itemId, string? metadata)
    {
        if (Schema.Count == 0 || metadata is null or "{}")
        {
            return;
        }

        Write(itemId, metadata);
    }

    /// <summary>Rewrites an existing item's rows after its metadata changed (or the schema did).</summary>
    public void Replace(long itemId, string metadata)
    {
        Clear(itemId);
        if (Schema.Count > 0 && metadata != "{}")
        {
            Write(itemId, metadata);
        }
    }

    /// <summary>
    /// Rewrites an existing item's rows after its metadata changed from <paramref name="previous"/>, writing only the
    /// entries that changed (<see cref="MetadataChanges"/>). Items the re-check after a schema change has not reached
    /// yet may have rows of the old schema, so theirs are rewritten whole.
    /// </summary>
    public void Update(long itemId, string previous, string metadata)
    {
        if (itemId > _unchecked.From && itemId <= _unchecked.Until)
        {
            Replace(itemId, metadata);
            return;
        }

        foreach (var change in MetadataChanges.Between(Schema, previous, metadata))
        {
            if (change.Before is { } before && change.After?.Kind != before.Kind)
            {
                _entries[(before.Kind, before.Key, itemId)] = null;
            }

            if (change.BeforeProblem is not null && change.AfterProblem is null)
            {
                _problems[(itemId, change.Key)] = null;
            }

            if (change.After is { } after)
            {
                _entries[(after.Kind, after.Key, itemId)] = Value(after);
            }

            if (change.AfterProblem is { } problem)
            {
                _problems[(itemId, problem.Key)] = problem;
            }
        }
    }

    /// <summary>Writes what was buffered; call it before anything reads the index in this transaction, and before commit.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_cleared.Count == 0 && _entries.Count == 0 && _problems.Count == 0)
        {
            return;
        }

        await AddKeysAsync(cancellationToken);
        var batch = new NpgsqlBatch(_connection, _transaction);
        if (_cleared.Count > 0)
        {
            var items = _cleared.ToArray();
            foreach (var table in Tables.Append("metadata_nonconforming"))
            {
                batch.BatchCommands.Add(Command($"DELETE FROM {table} WHERE item_id = ANY(@items)", ("items", items, NpgsqlDbType.Array | NpgsqlDbType.Bigint)));
            }
        }

        foreach (var group in _entries.GroupBy(e => e.Key.Kind))
        {
            var table = Tables[(int)group.Key];
            var deleted = group.Where(e => e.Value is null).ToList();
            if (deleted.Count > 0)
            {
                batch.BatchCommands.Add(Command(
                    $"DELETE FROM {table} t USING unnest(@keys, @items) AS d (key_id, item_id) WHERE t.key_id = d.key_id AND t.item_id = d.item_id",
                    ("keys", deleted.Select(e => KeyId(e.Key.Key)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint),
                    ("items", deleted.Select(e => e.Key.Item).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint)));
            }

            var written = group.Where(e => e.Value is not null).ToList();
            if (written.Count > 0)
            {
                batch.BatchCommands.Add(Command(
                    $"""
                    INSERT INTO {table} (key_id, item_id, value) SELECT * FROM unnest(@keys, @items, @values::{SqlTypes[(int)group.Key]}[])
                    ON CONFLICT (key_id, item_id) DO UPDATE SET value = excluded.value
                    """,
                    ("keys", written.Select(e => KeyId(e.Key.Key)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint),
                    ("items", written.Select(e => e.Key.Item).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint),
                    ("values", Values(group.Key, written.Select(e => e.Value!)), NpgsqlDbType.Array | ValueTypes[(int)group.Key])));
            }
        }

        var gone = _problems.Where(p => p.Value is null).ToList();
        if (gone.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                "DELETE FROM metadata_nonconforming t USING unnest(@items, @keys) AS d (item_id, key) WHERE t.item_id = d.item_id AND t.key = d.key",
                ("items", gone.Select(p => p.Key.Item).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint),
                ("keys", gone.Select(p => p.Key.Key).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)));
        }

        var found = _problems.Where(p => p.Value is not null).ToList();
        if (found.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO metadata_nonconforming (item_id, key, expected, value) SELECT * FROM unnest(@items, @keys, @expected, @values)
                ON CONFLICT (item_id, key) DO UPDATE SET expected = excluded.expected, value = excluded.value
                """,
                ("items", found.Select(p => p.Key.Item).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint),
                ("keys", found.Select(p => p.Key.Key).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("expected", found.Select(p => p.Value!.Expected).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("values", found.Select(p => p.Value!.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)));
        }

        await using (batch)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        _cleared.Clear();
        _entries.Clear();
        _problems.Clear();
    }

    private void Clear(long itemId)
    {
        _cleared.Add(itemId);
        foreach (var entry in _entries.Keys.Where(k => k.Item == itemId).ToList())
        {
            _entries.Remove(entry);
        }

        foreach (var problem in _problems.Keys.Where(k => k.Item == itemId).ToList())
        {
            _problems.Remove(problem);
        }
    }

    private void Write(long itemId, string metadata)
    {
        var (indexed, problems) = MetadataValues.Check(Schema, metadata);
        foreach (var value in indexed)
        {
            _entries[(value.Kind, value.Key, itemId)] = Value(value);
        }

        foreach (var problem in problems)
        {
            _problems[(itemId, problem.Key)] = problem;
        }
    }

    private static object Value(IndexedValue value) => value.Kind switch
    {
        IndexKind.Boolean => value.Whole != 0,
        IndexKind.Datetime => value.Whole,
        IndexKind.Number => value.Number,
        IndexKind.Uuid => value.Uuid,
        _ => value.Text!,
    };

    private static Array Values(IndexKind kind, IEnumerable<object> values) => kind switch
    {
        IndexKind.Boolean => values.Cast<bool>().ToArray(),
        IndexKind.Datetime => values.Cast<long>().ToArray(),
        IndexKind.Number => values.Cast<double>().ToArray(),
        IndexKind.Uuid => values.Cast<Guid>().ToArray(),
        _ => values.Cast<string>().ToArray(),
    };

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value, NpgsqlDbType Type)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        }

        return command;
    }

    private long KeyId(string key) => _keys[key];

    /// <summary>
    /// Adds the keys the buffer names that the database did not have when this index was opened. Concurrent writers may
    /// add the same key: the upsert returns its one id, and sorted names keep two writers from locking them crosswise.
    /// </summary>
    private async Task AddKeysAsync(CancellationToken cancellationToken)
    {
        var names = _entries.Keys.Select(e => e.Key).Where(k => !_keys.ContainsKey(k)).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
        {
            return;
        }

        await using var add = _connection.Command("""
            INSERT INTO metadata_keys (name) SELECT unnest(@names) ORDER BY 1
            ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING name, id
            """, _transaction);
        add.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = names });
        await using var reader = await add.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            _keys[reader.GetString(0)] = reader.GetInt64(1);
        }
    }
}
