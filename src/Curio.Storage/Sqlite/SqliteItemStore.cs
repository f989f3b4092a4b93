using System.Text;
using Curio.Core.Filtering;
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

    internal const string ColumnList = """
        i.id, i.uuid, f.uuid, p.uuid, i.position, i.item_type, i.name, i.description, i.url, g.uuid, g.provider, j.uuid,
        i.client_metadata, i.media_metadata, i.file_size, i.mime_type, i.width, i.height, i.duration, i.fps, i.frame_count,
        i.num_pages, i.audio_sample_rate, i.audio_bit_depth, i.audio_codec, i.audio_num_channels, i.dicom_instance_uid,
        i.dicom_study_uid, i.dicom_series_uid, i.child_count, u.uuid, i.created_at, i.last_edited_at, i.technical_metadata
        """;

    internal const string Joins = """
        JOIN folders f ON f.id = i.folder_id
        LEFT JOIN items p ON p.id = i.parent_item_id
        LEFT JOIN integrations g ON g.id = i.integration_id
        LEFT JOIN jobs j ON j.id = i.job_id
        LEFT JOIN users u ON u.id = i.owner_id
        """;

    internal const string Columns = $"{ColumnList} FROM items i {Joins}";

    /// <summary>The listed folder's id, from the <c>$folder</c> UUID.</summary>
    private const string Folder = "(SELECT id FROM folders WHERE uuid = $folder)";

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
            var driver = query.Sort is null && query.Filter is { } filter ? await SqliteFilterPlan.ChooseAsync(connection, filter, cancellationToken) : null;
            var command = connection.Command("").With("$folder", folderUuid).With("$limit", query.PageSize + 1);
            command.CommandText = driver is null ? ItemsQuery(command, query) : DrivenQuery(command, query, driver);
            var rows = await ReadAllAsync(command, cancellationToken);
            var more = rows.Count > query.PageSize;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            string? next = null;
            if (more)
            {
                next = query.Sort is null ? PageTokens.Encode(rows[^1].Id) : SortTokens.Encode(await SortValueAsync(connection, query.Sort, rows[^1].Id, cancellationToken), rows[^1].Id);
            }

            return new ItemPage(rows.Select(r => r.Item).ToList(), next);
        }, cancellationToken);

    public async Task<ItemPage> ListAtAsync(Guid folderUuid, long position, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (position == 0)
        {
            return await ListAsync(folderUuid, new ItemListQuery { PageSize = pageSize }, cancellationToken);
        }

        // The id of the item just before the position is the keyset token of the page that starts there.
        var before = await database.ReadAsync(async connection =>
        {
            await using var command = connection.Command($"""
                SELECT i.id FROM items i WHERE i.folder_id = {Folder} AND i.parent_item_id IS NULL AND {Visible}
                ORDER BY i.id LIMIT 1 OFFSET $skip
                """).With("$folder", folderUuid).With("$skip", position - 1);
            return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : (long?)null;
        }, cancellationToken);
        return before is { } after
            ? await ListAsync(folderUuid, new ItemListQuery { PageSize = pageSize, PageToken = PageTokens.Encode(after) }, cancellationToken)
            : new ItemPage([], null);
    }

    /// <summary>A page read by walking the folder's items (in id order, or joined to a sort key), each tested against the filter.</summary>
    private static string ItemsQuery(SqliteCommand command, ItemListQuery query)
    {
        var filter = new SqliteFilterSql(command);
        var sort = query.Sort is { } target ? SortExpression(target, filter) : null;
        var sql = new StringBuilder($"SELECT {Columns}");
        if (sort?.Join is { } join)
        {
            sql.Append(' ').Append(join);
        }

        sql.Append($" WHERE i.folder_id = {Folder} AND i.parent_item_id IS NULL");
        if (sort is null)
        {
            sql.Append(" AND i.id > $after");
            command.With("$after", PageTokens.DecodeOrThrow(query.PageToken));
        }
        else
        {
            sql.Append(" AND ").Append(sort.Value.Expression).Append(" IS NOT NULL");
            if (SortTokens.Decode(query.PageToken) is { } after)
            {
                var direction = query.Descending ? "<" : ">";
                sql.Append($" AND ({sort.Value.Expression} {direction} $sortValue OR ({sort.Value.Expression} = $sortValue AND i.id > $after))");
                command.With("$sortValue", after.Value).With("$after", after.Id);
            }
        }

        AppendListFilters(sql, command, query, filter, query.Filter);
        // Last: it reads the item's row, which the index tests before it do not need for the items they reject.
        sql.Append(" AND ").Append(Visible);
        sql.Append(sort is null ? " ORDER BY i.id" : $" ORDER BY {sort.Value.Expression} {(query.Descending ? "DESC" : "ASC")}, i.id");
        return sql.Append(" LIMIT $limit").ToString();
    }

    /// <summary>
    /// A page in id order read from the driving key's index rows (<see cref="SqliteFilterPlan"/>), joined to their items.
    /// Its item ids are bounded by the folder's first and last item, so a key's rows for other folders' items are only
    /// passed over where the folders' ids interleave.
    /// </summary>
    private static string DrivenQuery(SqliteCommand command, ItemListQuery query, SqliteDriver driver)
    {
        // The other conditions take the item id from the driving row: SQLite tests them before it reads the item.
        var filter = new SqliteFilterSql(command, "d.item_id");
        var kind = driver.Target.Kind;
        // The access path is named, not left to statistics: NOT INDEXED reads the table itself, whose (key, item) primary
        // key is the walk in item order; CROSS JOIN keeps the index table outside, so that its order is the page's.
        var access = driver.Access == DriverAccess.Walk ? "NOT INDEXED" : $"INDEXED BY {SqliteFilterSql.ValueIndex(kind)}";
        command.With("$after", PageTokens.DecodeOrThrow(query.PageToken));
        var sql = new StringBuilder($"""
            SELECT {ColumnList} FROM {SqliteFilterSql.Table(kind)} d {access} CROSS JOIN items i ON i.id = d.item_id {Joins}
            WHERE d.key_id = {filter.KeyId(driver.Target.Key)} AND {filter.Condition(driver.Condition, "d.value")}
            AND d.item_id > max($after, (SELECT min(id) FROM items WHERE folder_id = {Folder} AND parent_item_id IS NULL) - 1)
            AND d.item_id <= (SELECT max(id) FROM items WHERE folder_id = {Folder} AND parent_item_id IS NULL)
            """);
        AppendListFilters(sql, command, query, filter, driver.Rest);
        sql.Append($" AND i.folder_id = {Folder} AND i.parent_item_id IS NULL AND {Visible} ORDER BY d.item_id LIMIT $limit");
        return sql.ToString();
    }

    public Task<IReadOnlyList<ValueCount>> CountValuesAsync(Guid folderUuid, BoundTarget target, BoundFilter? filter, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Command("").With("$folder", folderUuid);
            var sql = new SqliteFilterSql(command);
            var (value, join) = target switch
            {
                FieldTarget f => (SqliteFilterSql.Column(f.Field), ""),
                MetadataTarget m => ("c.value", $"JOIN {SqliteFilterSql.Table(m.Kind)} c ON c.item_id = i.id AND c.key_id = {sql.KeyId(m.Key)}"),
                _ => throw new ArgumentOutOfRangeException(nameof(target)),
            };
            var where = filter is null ? "" : " AND " + sql.Predicate(filter);
            command.CommandText = $"""
                SELECT {value}, count(*) FROM items i {join}
                WHERE i.folder_id = (SELECT id FROM folders WHERE uuid = $folder) AND i.parent_item_id IS NULL AND {Visible} AND {value} IS NOT NULL{where}
                GROUP BY {value} ORDER BY count(*) DESC, {value}
                """;
            var counts = new List<ValueCount>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var v = reader.GetValue(0);
                var text = target.Kind == Core.Metadata.IndexKind.Boolean ? (Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) != 0 ? "true" : "false")
                    : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!;
                counts.Add(new ValueCount(text, reader.GetInt64(1)));
            }

            return (IReadOnlyList<ValueCount>)counts;
        }, cancellationToken);

    private static void AppendListFilters(StringBuilder sql, SqliteCommand command, ItemListQuery query, SqliteFilterSql filter, BoundFilter? bound)
    {
        if (bound is not null)
        {
            sql.Append(" AND ").Append(filter.Predicate(bound));
        }

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
    }

    /// <summary>What a listing is ordered by: an item column, or a schema key's index row joined as <c>s</c>.</summary>
    private static (string Expression, string? Join)? SortExpression(BoundTarget target, SqliteFilterSql filter) => target switch
    {
        FieldTarget f => (SqliteFilterSql.Column(f.Field), null),
        MetadataTarget m => ("s.value", $"JOIN {SqliteFilterSql.Table(m.Kind)} s ON s.item_id = i.id AND s.key_id = {filter.KeyId(m.Key)}"),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    private static async Task<object> SortValueAsync(SqliteConnection connection, BoundTarget target, long itemId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("").With("$item", itemId);
        command.CommandText = target switch
        {
            FieldTarget f => $"SELECT {SqliteFilterSql.Column(f.Field)} FROM items i WHERE i.id = $item",
            MetadataTarget m => $"SELECT value FROM {SqliteFilterSql.Table(m.Kind)} WHERE item_id = $item AND key_id = {new SqliteFilterSql(command).KeyId(m.Key)}",
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        return await command.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidDataException("The last item of the page lost its sort value.");
    }

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

    public Task<IReadOnlyList<ItemRecord>> PatchAsync(IReadOnlyList<ItemPatch> patches, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // Each item is read whole before it is patched, and returned as patched: no second read after the commit.
            var patched = new List<ItemRecord>(patches.Count);
            await using var find = connection.Command($"SELECT {Columns} WHERE i.uuid = $uuid AND i.parent_item_id IS NULL AND {Visible}", transaction)
                .With("$uuid", null);
            await using var update = connection.Command("""
                UPDATE items SET name = coalesce($name, name), client_metadata = coalesce($metadata, client_metadata), last_edited_at = $now WHERE id = $id
                """, transaction).With("$name", null).With("$metadata", null).With("$now", now).With("$id", null);
            // As stored: milliseconds.
            var edited = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixMs());
            await using var index = await SqliteMetadataIndex.OpenAsync(connection, transaction, cancellationToken);
            foreach (var patch in patches)
            {
                find.Set("$uuid", patch.Uuid);
                long id;
                ItemRecord item;
                await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        continue;
                    }

                    (id, item) = (reader.GetInt64(0), Read(reader));
                }

                update.Set("$name", patch.Name);
                update.Set("$metadata", patch.ClientMetadata);
                update.Set("$id", id);
                await update.ExecuteNonQueryAsync(cancellationToken);
                if (patch.ClientMetadata is { } metadata)
                {
                    index.Update(id, item.ClientMetadata, metadata);
                }

                patched.Add(item with { Name = patch.Name ?? item.Name, ClientMetadata = patch.ClientMetadata ?? item.ClientMetadata, LastEditedAt = edited });
            }

            return (IReadOnlyList<ItemRecord>)patched;
        }, cancellationToken);

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
