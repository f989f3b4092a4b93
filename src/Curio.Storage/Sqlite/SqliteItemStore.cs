using System.Text;
using Curio.Core.Items;
using Curio.Storage.Items;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

internal sealed class SqliteItemStore(SqliteDatabase database) : IItemStore
{
    /// <summary>
    /// Items a job registered before it could show them (its file still being read, or an all-or-nothing job not yet
    /// DONE) are invisible everywhere until the job sets items_visible.
    /// </summary>
    internal const string Visible = "(i.pending_job_id IS NULL OR EXISTS (SELECT 1 FROM jobs v WHERE v.id = i.pending_job_id AND v.items_visible = 1))";

    internal const string Columns = """
        i.id, i.uuid, f.uuid, p.uuid, i.position, i.item_type, i.name, i.description, i.url, g.uuid, g.provider, j.uuid,
        i.client_metadata, i.media_metadata, i.file_size, i.mime_type, i.width, i.height, i.duration, i.fps, i.frame_count,
        i.num_pages, i.audio_sample_rate, i.audio_bit_depth, i.audio_codec, i.audio_num_channels, i.dicom_instance_uid,
        i.dicom_study_uid, i.dicom_series_uid, i.child_count, u.uuid, i.created_at, i.last_edited_at, i.technical_metadata
        FROM items i
        JOIN folders f ON f.id = i.folder_id
        LEFT JOIN items p ON p.id = i.parent_item_id
        LEFT JOIN integrations g ON g.id = i.integration_id
        LEFT JOIN jobs j ON j.id = i.job_id
        LEFT JOIN users u ON u.id = i.owner_id
        """;

    public Task<ItemRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var items = await ReadAllAsync(connection.Command($"SELECT {Columns} WHERE i.uuid = $uuid AND {Visible}").With("$uuid", uuid), cancellationToken);
            return items.Count == 0 ? null : items[0].Item;
        }, cancellationToken);

    public Task<IReadOnlyList<ItemRecord>> GetManyAsync(IReadOnlyList<Guid> uuids, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var found = new Dictionary<Guid, ItemRecord>();
            foreach (var batch in uuids.Distinct().Chunk(500))
            {
                var command = connection.Command("");
                var names = new List<string>();
                for (var i = 0; i < batch.Length; i++)
                {
                    names.Add("$u" + i);
                    command.With("$u" + i, batch[i]);
                }

                command.CommandText = $"SELECT {Columns} WHERE i.uuid IN ({string.Join(',', names)}) AND {Visible}";
                foreach (var (_, item) in await ReadAllAsync(command, cancellationToken))
                {
                    found[item.Uuid] = item;
                }
            }

            return (IReadOnlyList<ItemRecord>)uuids.Where(found.ContainsKey).Select(u => found[u]).ToList();
        }, cancellationToken);

    public Task<ItemPage> ListAsync(Guid folderUuid, ItemListQuery query, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var after = PageTokens.DecodeOrThrow(query.PageToken);
            var sql = new StringBuilder($"""
                SELECT {Columns}
                WHERE i.folder_id = (SELECT id FROM folders WHERE uuid = $folder) AND i.parent_item_id IS NULL AND {Visible} AND i.id > $after
                """);
            var command = connection.Command("").With("$folder", folderUuid).With("$after", after).With("$limit", query.PageSize + 1);
            if (query.Types is { Count: > 0 } types)
            {
                sql.Append(" AND i.item_type IN (").AppendJoin(',', types.Select((_, n) => "$t" + n)).Append(')');
                var n = 0;
                foreach (var type in types)
                {
                    command.With("$t" + n++, type.WireName());
                }
            }

            if (!string.IsNullOrEmpty(query.Search))
            {
                sql.Append(" AND i.name LIKE $search ESCAPE '\\'");
                command.With("$search", "%" + query.Search.Replace("\\", "\\\\", StringComparison.Ordinal)
                    .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
            }

            command.CommandText = sql.Append(" ORDER BY i.id LIMIT $limit").ToString();
            var rows = await ReadAllAsync(command, cancellationToken);
            var more = rows.Count > query.PageSize;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            return new ItemPage(rows.Select(r => r.Item).ToList(), more ? PageTokens.Encode(rows[^1].Id) : null);
        }, cancellationToken);

    public Task<IReadOnlyList<ItemRecord>> ListChildrenAsync(Guid itemUuid, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await ReadAllAsync(connection.Command($"""
                SELECT {Columns}
                WHERE i.parent_item_id = (SELECT i.id FROM items i WHERE i.uuid = $uuid AND {Visible})
                ORDER BY i.position
                """).With("$uuid", itemUuid), cancellationToken);
            return (IReadOnlyList<ItemRecord>)rows.Select(r => r.Item).ToList();
        }, cancellationToken);

    public Task<bool> DeleteAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.Command($"DELETE FROM items WHERE id = (SELECT i.id FROM items i WHERE i.uuid = $uuid AND i.parent_item_id IS NULL AND {Visible})", transaction)
                .With("$uuid", uuid).RunOnceAsync(cancellationToken) > 0, cancellationToken);

    public async Task<IReadOnlyList<ItemRecord>> PatchAsync(IReadOnlyList<ItemPatch> patches, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var patched = await database.WriteAsync(async (connection, transaction) =>
        {
            var patched = new List<Guid>(patches.Count);
            await using var find = connection.Command($"SELECT i.id FROM items i WHERE i.uuid = $uuid AND i.parent_item_id IS NULL AND {Visible}", transaction).With("$uuid", null);
            await using var update = connection.Command("""
                UPDATE items SET name = coalesce($name, name), client_metadata = coalesce($metadata, client_metadata), last_edited_at = $now WHERE id = $id
                """, transaction).With("$name", null).With("$metadata", null).With("$now", now).With("$id", null);
            await using var index = await SqliteMetadataIndex.OpenAsync(connection, transaction, cancellationToken);
            foreach (var patch in patches)
            {
                find.Set("$uuid", patch.Uuid);
                if (await find.ScalarInt64Async(cancellationToken) is not { } id)
                {
                    continue;
                }

                update.Set("$name", patch.Name);
                update.Set("$metadata", patch.ClientMetadata);
                update.Set("$id", id);
                await update.ExecuteNonQueryAsync(cancellationToken);
                if (patch.ClientMetadata is { } metadata)
                {
                    index.Replace(id, metadata);
                }

                patched.Add(patch.Uuid);
            }

            return patched;
        }, cancellationToken);
        return await GetManyAsync(patched, cancellationToken);
    }

    internal static async Task<List<(long Id, ItemRecord Item)>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<(long, ItemRecord)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add((reader.GetInt64(0), Read(reader)));
        }

        return items;
    }

    private static ItemRecord Read(SqliteDataReader r) => new()
    {
        Uuid = r.GetUuid(1),
        FolderUuid = r.GetUuid(2),
        ParentItemUuid = r.GetUuidOrNull(3),
        Position = r.GetInt32OrNull(4),
        Type = ItemTypes.TryParse(r.GetString(5), out var type) ? type : throw new InvalidDataException($"Unknown item type '{r.GetString(5)}'."),
        Name = r.GetString(6),
        Description = r.GetString(7),
        Url = r.GetStringOrNull(8),
        IntegrationUuid = r.GetUuidOrNull(9),
        IntegrationProvider = r.GetStringOrNull(10),
        JobUuid = r.GetUuidOrNull(11),
        ClientMetadata = r.GetString(12),
        MediaMetadata = r.GetStringOrNull(13),
        FileSize = r.GetInt64OrNull(14),
        MimeType = r.GetStringOrNull(15),
        Width = r.GetInt32OrNull(16),
        Height = r.GetInt32OrNull(17),
        Duration = r.GetDoubleOrNull(18),
        Fps = r.GetDoubleOrNull(19),
        FrameCount = r.GetInt64OrNull(20),
        NumPages = r.GetInt32OrNull(21),
        AudioSampleRate = r.GetInt32OrNull(22),
        AudioBitDepth = r.GetInt32OrNull(23),
        AudioCodec = r.GetStringOrNull(24),
        AudioNumChannels = r.GetInt32OrNull(25),
        DicomInstanceUid = r.GetStringOrNull(26),
        DicomStudyUid = r.GetStringOrNull(27),
        DicomSeriesUid = r.GetStringOrNull(28),
        ChildCount = r.GetInt32(29),
        OwnerUuid = r.GetUuidOrNull(30),
        CreatedAt = r.GetTime(31),
        LastEditedAt = r.GetTime(32),
        TechnicalMetadata = r.GetStringOrNull(33),
    };
}
