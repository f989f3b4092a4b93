using Curio.Core.Metadata;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

/// <summary>
/// Writes an item's typed index rows (and its non-conforming values) from its client metadata, inside the caller's
/// transaction. Commands are prepared once per use; key ids are read once and added as new keys appear.
/// </summary>
internal sealed class SqliteMetadataIndex : IAsyncDisposable
{
    public static readonly string[] Tables = ["meta_boolean", "meta_number", "meta_datetime", "meta_uuid", "meta_varchar", "meta_text", "meta_enum"];

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly MetadataSchema _schema;
    private readonly Dictionary<string, long> _keys;
    private readonly SqliteCommand[] _inserts;
    private readonly SqliteCommand[] _deletes;
    private readonly SqliteCommand _clear;
    private readonly SqliteCommand _clearProblem;
    private readonly SqliteCommand _problem;
    private SqliteCommand? _addKey;

    // Items whose rows may still follow an older schema: those the last change found, not yet re-checked.
    private (long From, long Until)? _unchecked;

    private SqliteMetadataIndex(SqliteConnection connection, SqliteTransaction transaction, MetadataSchema schema, Dictionary<string, long> keys)
    {
        _connection = connection;
        _transaction = transaction;
        _schema = schema;
        _keys = keys;
        _inserts = [.. Tables.Select(t => connection.Command($"INSERT OR REPLACE INTO {t} (key_id, value, item_id) VALUES ($key, $value, $item)", transaction)
            .With("$key", null).With("$value", null).With("$item", null))];
        _deletes = [.. Tables.Select(t => connection.Command($"DELETE FROM {t} WHERE key_id = $key AND item_id = $item", transaction)
            .With("$key", null).With("$item", null))];
        _clear = connection.Command(string.Concat(Tables.Select(t => $"DELETE FROM {t} WHERE item_id = $item;")) + "DELETE FROM metadata_nonconforming WHERE item_id = $item;", transaction)
            .With("$item", null);
        _clearProblem = connection.Command("DELETE FROM metadata_nonconforming WHERE item_id = $item AND key = $key", transaction).With("$item", null).With("$key", null);
        _problem = connection.Command("INSERT OR REPLACE INTO metadata_nonconforming (item_id, key, expected, value) VALUES ($item, $key, $expected, $value)", transaction)
            .With("$item", null).With("$key", null).With("$expected", null).With("$value", null);
    }

    public MetadataSchema Schema => _schema;

    public static async Task<SqliteMetadataIndex> OpenAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var schema = await SqliteMetadataStore.ReadSchemaAsync(connection, transaction, cancellationToken);
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var read = connection.Command("SELECT name, id FROM metadata_keys", transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return new SqliteMetadataIndex(connection, transaction, schema.Schema, keys);
    }

    /// <summary>Indexes a new item (nothing to clear first). Does nothing when the schema is empty: the common import.</summary>
    public void Add(long itemId, string? metadata)
    {
        if (_schema.Count == 0 || metadata is null or "{}")
        {
            return;
        }

        Write(itemId, metadata);
    }

    /// <summary>Rewrites an existing item's rows after its metadata changed (or the schema did).</summary>
    public void Replace(long itemId, string metadata)
    {
        _clear.Set("$item", itemId);
        _clear.ExecuteNonQuery();
        if (_schema.Count > 0 && metadata != "{}")
        {
            Write(itemId, metadata);
        }
    }

    /// <summary>
    /// Rewrites an existing item's rows after its metadata changed from <paramref name="previous"/>, writing only the
    /// entries that changed (<see cref="MetadataChanges"/>): a bulk update that sets one key of ten touches one row, not
    /// ten deleted and ten inserted, each in a different part of a (key, value) index. Items the re-check after a
    /// schema change has not reached yet may have rows of the old schema, so theirs are rewritten whole.
    /// </summary>
    public void Update(long itemId, string previous, string metadata)
    {
        var (from, until) = Unchecked();
        if (itemId > from && itemId <= until)
        {
            Replace(itemId, metadata);
            return;
        }

        foreach (var change in MetadataChanges.Between(_schema, previous, metadata))
        {
            if (change.Before is { } before && change.After?.Kind != before.Kind)
            {
                Delete(itemId, before);
            }

            if (change.BeforeProblem is not null && change.AfterProblem is null)
            {
                _clearProblem.Set("$item", itemId);
                _clearProblem.Set("$key", change.Key);
                _clearProblem.ExecuteNonQuery();
            }

            // Both replace what the key had: the primary keys are (key, item) and (item, key).
            if (change.After is { } after)
            {
                Insert(itemId, after);
            }

            if (change.AfterProblem is { } problem)
            {
                WriteProblems(itemId, [problem]);
            }
        }
    }

    private (long From, long Until) Unchecked()
    {
        if (_unchecked is null)
        {
            using var read = _connection.Command("""
                SELECT CASE WHEN reindexed_version = version THEN reindexed_to ELSE 0 END, reindex_until FROM metadata_schema WHERE id = 1
                """, _transaction);
            using var reader = read.ExecuteReader();
            reader.Read();
            _unchecked = (reader.GetInt64(0), reader.GetInt64(1));
        }

        return _unchecked.Value;
    }

    private void Insert(long itemId, IndexedValue value)
    {
        var command = _inserts[(int)value.Kind];
        command.Set("$key", KeyId(value.Key));
        command.Set("$value", value.Kind switch
        {
            IndexKind.Boolean or IndexKind.Datetime => value.Whole,
            IndexKind.Number => value.Number,
            IndexKind.Uuid => value.Uuid.ToBlob(),
            _ => value.Text,
        });
        command.Set("$item", itemId);
        command.ExecuteNonQuery();
    }

    private void Delete(long itemId, IndexedValue value)
    {
        var command = _deletes[(int)value.Kind];
        command.Set("$key", KeyId(value.Key));
        command.Set("$item", itemId);
        command.ExecuteNonQuery();
    }

    private void Write(long itemId, string metadata)
    {
        var (indexed, problems) = MetadataValues.Check(_schema, metadata);
        foreach (var value in indexed)
        {
            Insert(itemId, value);
        }

        WriteProblems(itemId, problems);
    }

    private void WriteProblems(long itemId, List<MetadataProblem> problems)
    {
        foreach (var problem in problems)
        {
            _problem.Set("$item", itemId);
            _problem.Set("$key", problem.Key);
            _problem.Set("$expected", problem.Expected);
            _problem.Set("$value", problem.Value);
            _problem.ExecuteNonQuery();
        }
    }

    private long KeyId(string key)
    {
        if (_keys.TryGetValue(key, out var id))
        {
            return id;
        }

        _addKey ??= _connection.Command("INSERT INTO metadata_keys (name) VALUES ($name) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id", _transaction)
            .With("$name", null);
        _addKey.Set("$name", key);
        id = (long)_addKey.ExecuteScalar()!;
        _keys[key] = id;
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _inserts.Concat(_deletes))
        {
            await command.DisposeAsync();
        }

        await _clear.DisposeAsync();
        await _clearProblem.DisposeAsync();
        await _problem.DisposeAsync();
        if (_addKey is not null)
        {
            await _addKey.DisposeAsync();
        }
    }
}
