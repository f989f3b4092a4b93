using Curio.Core.Metadata;
using Curio.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

internal sealed class SqliteMetadataStore(SqliteDatabase database) : IMetadataStore
{
    // Items with custom metadata; frames never have any.
    private const string WithMetadata = "parent_item_id IS NULL AND client_metadata <> '{}'";

    public Task<SchemaRecord> GetSchemaAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection => ReadSchemaAsync(connection, null, cancellationToken), cancellationToken);

    public Task<SchemaRecord> EditSchemaAsync(Func<MetadataSchema, MetadataSchema> edit, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var current = await ReadSchemaAsync(connection, transaction, cancellationToken);
            var edited = edit(current.Schema);
            var document = SchemaJson.Write(edited);
            if (document == SchemaJson.Write(current.Schema))
            {
                return current;
            }

            // Only the items that exist now need the re-check: later ones are indexed under the new version as they are
            // written. Without this bound a pass never ends while an import adds items, and re-indexes every one of them.
            await connection.Command("""
                UPDATE metadata_schema SET document = $document, version = version + 1, updated_at = $now,
                    reindexed_version = version + 1, reindexed_to = 0, reindex_until = coalesce((SELECT max(id) FROM items), 0)
                WHERE id = 1
                """, transaction).With("$document", document).With("$now", now).RunOnceAsync(cancellationToken);
            return new SchemaRecord(edited, current.Version + 1, now);
        }, cancellationToken);

    public Task<ReindexProgress> ReindexAsync(int batch, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var (version, reindexedVersion, from, until) = await StateAsync(connection, transaction, cancellationToken);
            if (reindexedVersion != version)
            {
                from = 0;
            }

            var items = new List<(long Id, string Metadata)>(batch);
            await using (var read = connection.Command($"SELECT id, client_metadata FROM items WHERE id > $from AND id <= $until AND {WithMetadata} ORDER BY id LIMIT $batch", transaction)
                .With("$from", from).With("$until", until).With("$batch", batch))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            await using (var index = await SqliteMetadataIndex.OpenAsync(connection, transaction, cancellationToken))
            {
                foreach (var (id, metadata) in items)
                {
                    index.Replace(id, metadata);
                }
            }

            var to = items.Count > 0 ? items[^1].Id : long.MaxValue;
            await connection.Command("UPDATE metadata_schema SET reindexed_version = $version, reindexed_to = $to WHERE id = 1", transaction)
                .With("$version", version).With("$to", to).RunOnceAsync(cancellationToken);
            return await ProgressAsync(connection, transaction, version, to, until, cancellationToken);
        }, cancellationToken);

    public Task<ReindexProgress> GetReindexProgressAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var (version, reindexedVersion, to, until) = await StateAsync(connection, null, cancellationToken);
            return await ProgressAsync(connection, null, version, reindexedVersion == version ? to : 0, until, cancellationToken);
        }, cancellationToken);

    public Task<NonconformingPage> ListNonconformingAsync(int pageSize, string? pageToken, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var (afterItem, afterKey) = PageTokens.DecodeItemKey(pageToken);
            var values = new List<(long ItemId, NonconformingValue Value)>(pageSize);
            await using (var read = connection.Command("""
                SELECT n.item_id, i.uuid, i.name, f.uuid, n.key, n.expected, n.value
                FROM metadata_nonconforming n JOIN items i ON i.id = n.item_id JOIN folders f ON f.id = i.folder_id
                WHERE n.item_id > $item OR (n.item_id = $item AND n.key > $key)
                ORDER BY n.item_id, n.key LIMIT $limit
                """).With("$item", afterItem).With("$key", afterKey).With("$limit", pageSize + 1))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    values.Add((reader.GetInt64(0), new NonconformingValue(
                        reader.GetUuid(1), reader.GetString(2), reader.GetUuid(3), reader.GetString(4), reader.GetString(5), reader.GetString(6))));
                }
            }

            var total = await connection.Command("SELECT count(*) FROM metadata_nonconforming").ScalarOnceAsync(cancellationToken) ?? 0;
            var more = values.Count > pageSize;
            var page = values.Take(pageSize).ToList();
            return new NonconformingPage(page.Select(v => v.Value).ToList(), total, more ? PageTokens.EncodeItemKey(page[^1].ItemId, page[^1].Value.Key) : null);
        }, cancellationToken);

    internal static async Task<SchemaRecord> ReadSchemaAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var read = connection.Command("SELECT document, version, updated_at FROM metadata_schema WHERE id = 1", transaction);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidDataException("The metadata_schema row is missing; the database was not migrated.");
        }

        return new SchemaRecord(SchemaJson.Read(reader.GetString(0)), reader.GetInt64(1), reader.GetTime(2));
    }

    private static async Task<(long Version, long ReindexedVersion, long To, long Until)> StateAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var read = connection.Command("SELECT version, reindexed_version, reindexed_to, reindex_until FROM metadata_schema WHERE id = 1", transaction);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private static async Task<ReindexProgress> ProgressAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long version, long to, long until, CancellationToken cancellationToken)
    {
        var left = await connection.Command($"SELECT count(*) FROM items WHERE id > $to AND id <= $until AND {WithMetadata}", transaction)
            .With("$to", to).With("$until", until).ScalarOnceAsync(cancellationToken) ?? 0;
        return new ReindexProgress(version, left == 0, left);
    }
}
