using Curio.Core.Metadata;
using Curio.Storage.Metadata;
using Npgsql;

namespace Curio.Storage.Postgres;

/// <summary>
/// The schema, its re-check and the report, as on SQLite. Several server processes may edit the schema or run the
/// re-check at once, so both lock the schema row (FOR UPDATE) for their transaction: edits and re-check batches follow
/// each other instead of losing each other's changes or advancing the same pass twice.
/// </summary>
internal sealed class PostgresMetadataStore(PostgresDatabase database) : IMetadataStore
{
    // Items with custom metadata; frames never have any.
    private const string WithMetadata = "parent_item_id IS NULL AND client_metadata <> '{}'::jsonb";

    public Task<SchemaRecord> GetSchemaAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection => PostgresMetadataIndex.ReadSchemaAsync(connection, null, cancellationToken), cancellationToken);

    public Task<SchemaRecord> EditSchemaAsync(Func<MetadataSchema, MetadataSchema> edit, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // Locked until the commit: a concurrent edit (of this or another process) waits, then edits this one's result.
            var current = await PostgresMetadataIndex.ReadSchemaAsync(connection, transaction, cancellationToken, forUpdate: true);
            var edited = edit(current.Schema);
            var document = SchemaJson.Write(edited);
            if (document == SchemaJson.Write(current.Schema))
            {
                return current;
            }

            // Only the items that exist now need the re-check: later ones are indexed under the new version as they are
            // written. Without this bound a pass never ends while an import adds items, and re-indexes every one of them.
            await using var update = connection.Command("""
                UPDATE metadata_schema SET document = @document, version = version + 1, updated_at = @now,
                    reindexed_version = version + 1, reindexed_to = 0, reindex_until = coalesce((SELECT max(id) FROM items), 0)
                WHERE id = 1
                RETURNING version, updated_at
                """, transaction).WithJson("document", document).With("now", now);
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new SchemaRecord(edited, reader.GetInt64(0), reader.GetTime(1));
        }, cancellationToken);

    public Task<ReindexProgress> ReindexAsync(int batch, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // The schema row is locked first: batches of several processes follow each other, and a schema edit waits
            // for this batch (and this batch for it), so the batch re-checks against the version it records.
            var (version, reindexedVersion, from, until) = await StateAsync(connection, transaction, forUpdate: true, cancellationToken);
            if (reindexedVersion != version)
            {
                from = 0;
            }

            // FOR SHARE: an item being patched is re-checked after the patch commits, with the metadata it wrote, rather
            // than its index rows being rewritten from the metadata the patch replaced.
            var items = new List<(long Id, string Metadata)>(batch);
            await using (var read = connection.Command($"""
                SELECT id, client_metadata::text FROM items WHERE id > @from AND id <= @until AND {WithMetadata} ORDER BY id LIMIT @batch FOR SHARE
                """, transaction).With("from", from).With("until", until).With("batch", batch))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            if (items.Count > 0)
            {
                var index = await PostgresMetadataIndex.OpenAsync(connection, transaction, cancellationToken);
                foreach (var (id, metadata) in items)
                {
                    index.Replace(id, metadata);
                }

                await index.FlushAsync(cancellationToken);
            }

            var to = items.Count > 0 ? items[^1].Id : long.MaxValue;
            await connection.Command("UPDATE metadata_schema SET reindexed_version = @version, reindexed_to = @to WHERE id = 1", transaction)
                .With("version", version).With("to", to).RunOnceAsync(cancellationToken);
            return await ProgressAsync(connection, transaction, version, to, until, cancellationToken);
        }, cancellationToken);

    public Task<ReindexProgress> GetReindexProgressAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var (version, reindexedVersion, to, until) = await StateAsync(connection, null, forUpdate: false, cancellationToken);
            return await ProgressAsync(connection, null, version, reindexedVersion == version ? to : 0, until, cancellationToken);
        }, cancellationToken);

    public Task<NonconformingPage> ListNonconformingAsync(int pageSize, string? pageToken, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var (afterItem, afterKey) = PageTokens.DecodeItemKey(pageToken);
            var values = new List<(long ItemId, NonconformingValue Value)>(pageSize);
            // A row comparison in the primary key's order, which the key's index reads from the token on.
            await using (var read = connection.Command("""
                SELECT n.item_id, i.uuid, i.name, f.uuid, n.key, n.expected, n.value
                FROM metadata_nonconforming n JOIN items i ON i.id = n.item_id JOIN folders f ON f.id = i.folder_id
                WHERE (n.item_id, n.key) > (@item, @key)
                ORDER BY n.item_id, n.key LIMIT @limit
                """).With("item", afterItem).With("key", afterKey).With("limit", pageSize + 1))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    values.Add((reader.GetInt64(0), new NonconformingValue(
                        reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4), reader.GetString(5), reader.GetString(6))));
                }
            }

            var total = await connection.Command("SELECT count(*) FROM metadata_nonconforming").ScalarOnceAsync(cancellationToken) ?? 0;
            var more = values.Count > pageSize;
            var page = values.Take(pageSize).ToList();
            return new NonconformingPage(page.Select(v => v.Value).ToList(), total, more ? PageTokens.EncodeItemKey(page[^1].ItemId, page[^1].Value.Key) : null);
        }, cancellationToken);

    private static async Task<(long Version, long ReindexedVersion, long To, long Until)> StateAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var read = connection.Command(
            "SELECT version, reindexed_version, reindexed_to, reindex_until FROM metadata_schema WHERE id = 1" + (forUpdate ? " FOR UPDATE" : ""), transaction);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidDataException("The metadata_schema row is missing; the database was not migrated.");
        }

        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private static async Task<ReindexProgress> ProgressAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, long version, long to, long until, CancellationToken cancellationToken)
    {
        var left = await connection.Command($"SELECT count(*) FROM items WHERE id > @to AND id <= @until AND {WithMetadata}", transaction)
            .With("to", to).With("until", until).ScalarOnceAsync(cancellationToken) ?? 0;
        return new ReindexProgress(version, left == 0, left);
    }
}
