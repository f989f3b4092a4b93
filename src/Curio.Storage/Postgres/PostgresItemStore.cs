using System.Globalization;
using System.Text;
using Curio.Core.Filtering;
using Curio.Core.Items;
using Curio.Core.Json;
using Curio.Core.Metadata;
using Curio.Storage.Items;
using Npgsql;
using NpgsqlTypes;

namespace Curio.Storage.Postgres;

internal sealed class PostgresItemStore(PostgresDatabase database) : IItemStore
{
    /// <summary>
    /// Items a job registered before it could show them (its file still being read, or an all-or-nothing job not yet
    /// DONE) are invisible everywhere until the job sets items_visible.
    /// </summary>
    internal const string Visible = "(i.pending_job_id IS NULL OR EXISTS (SELECT 1 FROM jobs v WHERE v.id = i.pending_job_id AND v.items_visible))";

    internal const string ColumnList = """
        i.id, i.uuid, f.uuid, p.uuid, i.position, i.item_type, i.name, i.description, i.url, g.uuid, g.provider, j.uuid,
        i.client_metadata::text, i.media_metadata::text, i.file_size, i.mime_type, i.width, i.height, i.duration, i.fps, i.frame_count,
        i.num_pages, i.audio_sample_rate, i.audio_bit_depth, i.audio_codec, i.audio_num_channels, i.dicom_instance_uid,
        i.dicom_study_uid, i.dicom_series_uid, i.child_count, u.uuid, i.created_at, i.last_edited_at, i.technical_metadata::text
        """;

    internal const string Joins = """
        JOIN folders f ON f.id = i.folder_id
        LEFT JOIN items p ON p.id = i.parent_item_id
        LEFT JOIN integrations g ON g.id = i.integration_id
        LEFT JOIN jobs j ON j.id = i.job_id
        LEFT JOIN users u ON u.id = i.owner_id
        """;

    internal const string Columns = $"{ColumnList} FROM items i {Joins}";

    // The column after ColumnList that a sorted page selects: the row's sort value, for the next page's token.
    private const int SortValueOrdinal = 34;

    public Task<ItemRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var items = await ReadAllAsync(connection.Command($"SELECT {Columns} WHERE i.uuid = @uuid AND {Visible}").With("uuid", uuid), cancellationToken);
            return items.Count == 0 ? null : items[0].Item;
        }, cancellationToken);

    public Task<IReadOnlyList<ItemRecord>> GetManyAsync(IReadOnlyList<Guid> uuids, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            if (uuids.Count == 0)
            {
                return (IReadOnlyList<ItemRecord>)[];
            }

            var found = (await ReadAllAsync(connection.Command($"SELECT {Columns} WHERE i.uuid = ANY(@uuids) AND {Visible}")
                .With("uuids", uuids.Distinct().ToArray()), cancellationToken)).ToDictionary(r => r.Item.Uuid, r => r.Item);
            return (IReadOnlyList<ItemRecord>)uuids.Where(found.ContainsKey).Select(u => found[u]).ToList();
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
                SELECT i.id FROM items i WHERE i.folder_id = (SELECT id FROM folders WHERE uuid = @folder) AND i.parent_item_id IS NULL
                AND {Visible} ORDER BY i.id OFFSET @skip LIMIT 1
                """).With("folder", folderUuid).With("skip", position - 1);
            return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : (long?)null;
        }, cancellationToken);
        return before is { } after
            ? await ListAsync(folderUuid, new ItemListQuery { PageSize = pageSize, PageToken = PageTokens.Encode(after) }, cancellationToken)
            : new ItemPage([], null);
    }

    public Task<ItemPage> ListAsync(Guid folderUuid, ItemListQuery query, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            // Tokens are checked first, so a bad one is refused whether or not the folder exists.
            var after = Position(query);

            // The folder and the keys are looked up first and written into the page's SQL as values, so the planner
            // estimates with their statistics rather than a generic guess for a subquery's result.
            var (folder, keys) = await ResolveAsync(connection, folderUuid, PostgresFilterSql.KeysOf(query.Filter, query.Sort), cancellationToken);
            if (folder is null)
            {
                return new ItemPage([], null);
            }

            var driver = query is { Sort: null, Filter: { } filter } ? await PostgresFilterPlan.ChooseAsync(connection, keys, filter, after.Id, cancellationToken) : null;
            await using var command = connection.Command("");
            var sort = ListCommand(command, folder.Value, keys, query, after, driver);
            var rows = new List<(long Id, ItemRecord Item, object? SortValue)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetInt64(0), Read(reader), sort is null ? null : reader.GetValue(SortValueOrdinal)));
                }
            }

            var more = rows.Count > query.PageSize;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            string? next = null;
            if (more)
            {
                next = sort is null ? PageTokens.Encode(rows[^1].Id) : SortTokens.Encode(TokenValue(rows[^1].SortValue!), rows[^1].Id);
            }

            return new ItemPage(rows.Select(r => r.Item).ToList(), next);
        }, cancellationToken);

    /// <summary>Where a page starts: after an item id, or after a sort value and id.</summary>
    private static (long Id, object? SortValue) Position(ItemListQuery query)
    {
        if (query.Sort is not { } target)
        {
            return (PageTokens.DecodeOrThrow(query.PageToken), null);
        }

        return SortTokens.Decode(query.PageToken) is { } token ? (token.Id, SortParameter(target, token.Value)) : (0, null);
    }

    /// <summary>
    /// The SQL of a page: the folder's top-level items in id order (or in the sort's order, joined to the sort key's
    /// row), each tested against the filter, whose semi-joins the planner may also drive the page from. Returns the
    /// sort, whose value the page then selects after <see cref="ColumnList"/>.
    /// </summary>
    internal static SortKey? ListCommand(
        NpgsqlCommand command, long folder, IReadOnlyDictionary<string, long> keys, ItemListQuery query, (long Id, object? SortValue) after, BoundFilter? driver = null)
    {
        command.With("folder", folder).With("limit", query.PageSize + 1);
        var filter = new PostgresFilterSql(command, keys, query.Sort is null ? "@after" : null);
        var sort = query.Sort is { } sortTarget ? SortKey.For(sortTarget, filter) : null;
        var sql = new StringBuilder();
        if (driver is not null)
        {
            sql.Append(PostgresFilterPlan.Driver(filter, driver)).Append(' ');
        }

        sql.Append($"SELECT {ColumnList}");
        if (sort is not null)
        {
            sql.Append(", ").Append(sort.Source);
        }

        sql.Append(driver is null ? " FROM items i " : " FROM d JOIN items i ON i.id = d.item_id ");
        if (sort?.Join is { } join)
        {
            sql.Append(join).Append(' ');
        }

        sql.Append(Joins).Append(" WHERE i.folder_id = @folder AND i.parent_item_id IS NULL");
        if (sort is null)
        {
            sql.Append(" AND i.id > @after");
            command.With("after", after.Id);
        }
        else
        {
            sql.Append(" AND ").Append(sort.Source).Append(" IS NOT NULL");
            if (after.SortValue is { } value)
            {
                sql.Append(" AND ").Append(sort.After(filter.Parameter(value), filter.Parameter(after.Id), query.Descending));
            }
        }

        AppendListFilters(sql, command, query, filter);
        sql.Append(" AND ").Append(Visible);
        sql.Append(sort is null ? " ORDER BY i.id" : " ORDER BY " + sort.OrderBy(query.Descending));
        command.CommandText = sql.Append(" LIMIT @limit").ToString();
        return sort;
    }

    public Task<IReadOnlyList<ValueCount>> CountValuesAsync(Guid folderUuid, BoundTarget target, BoundFilter? filter, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var (folder, keys) = await ResolveAsync(connection, folderUuid, PostgresFilterSql.KeysOf(filter, target), cancellationToken);
            if (folder is null || (target is MetadataTarget { Key: var key } && !keys.ContainsKey(key)))
            {
                return (IReadOnlyList<ValueCount>)[];
            }

            await using var command = connection.Command("");
            CountCommand(command, folder.Value, keys, target, filter);
            var counts = new List<ValueCount>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var text = reader.GetValue(0) switch
                {
                    bool b => b ? "true" : "false",
                    DateTime t => MetadataValues.FromMicros(PostgresFilterSql.ToMicros(t)).ToString("O", CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture)!,
                };
                counts.Add(new ValueCount(text, reader.GetInt64(1)));
            }

            return (IReadOnlyList<ValueCount>)counts;
        }, cancellationToken);

    /// <summary>The SQL of the counts per value of a field or key over a folder's items that match the filter.</summary>
    internal static void CountCommand(NpgsqlCommand command, long folder, IReadOnlyDictionary<string, long> keys, BoundTarget target, BoundFilter? filter)
    {
        command.With("folder", folder);
        var sql = new PostgresFilterSql(command, keys);
        var (value, join) = target switch
        {
            FieldTarget f => (PostgresFilterSql.Column(f.Field), ""),
            MetadataTarget m => ("c.value", $"JOIN {PostgresFilterSql.Table(m.Kind)} c ON c.item_id = i.id AND c.key_id = {sql.KeyLiteral(m.Key)}"),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        var where = filter is null ? "" : " AND " + sql.Predicate(filter);
        command.CommandText = $"""
            SELECT {value}, count(*) FROM items i {join}
            WHERE i.folder_id = @folder AND i.parent_item_id IS NULL AND {value} IS NOT NULL{where} AND {Visible}
            GROUP BY 1 ORDER BY 2 DESC, 1
            """;
    }

    public Task<IReadOnlyList<ItemRecord>> ListChildrenAsync(Guid itemUuid, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await ReadAllAsync(connection.Command($"""
                SELECT {Columns}
                WHERE i.parent_item_id = (SELECT i.id FROM items i WHERE i.uuid = @uuid AND {Visible})
                ORDER BY i.position
                """).With("uuid", itemUuid), cancellationToken);
            return (IReadOnlyList<ItemRecord>)rows.Select(r => r.Item).ToList();
        }, cancellationToken);

    public Task<bool> DeleteAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.Command($"DELETE FROM items WHERE id = (SELECT i.id FROM items i WHERE i.uuid = @uuid AND i.parent_item_id IS NULL AND {Visible})", transaction)
                .With("uuid", uuid).RunOnceAsync(cancellationToken) > 0, cancellationToken);

    public Task<IReadOnlyList<ItemRecord>> PatchAsync(IReadOnlyList<ItemPatch> patches, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (patches.Count == 0)
            {
                return (IReadOnlyList<ItemRecord>)[];
            }

            // The index first, with its lock on the schema row: a re-check after a schema change locks the schema, then
            // items, so this takes them in that order too, and either waits for the change or is waited for. Then the
            // items, in id order (two bulk patches never wait on each other crosswise): the index is updated from the
            // metadata each replaces, which must not change underneath it.
            var index = await PostgresMetadataIndex.OpenAsync(connection, transaction, cancellationToken);
            var current = new Dictionary<Guid, (long Id, ItemRecord Item, bool MetadataChanged)>();
            var find = connection.Command($"""
                SELECT {Columns} WHERE i.uuid = ANY(@uuids) AND i.parent_item_id IS NULL AND {Visible} ORDER BY i.id FOR NO KEY UPDATE OF i
                """, transaction).With("uuids", patches.Select(p => p.Uuid).Distinct().ToArray());
            foreach (var (id, item) in await ReadAllAsync(find, cancellationToken))
            {
                current[item.Uuid] = (id, item, false);
            }

            if (current.Count == 0)
            {
                return (IReadOnlyList<ItemRecord>)[];
            }

            // Applied in order, as the SQLite store does one after another (a repeated item sees the patches before it).
            var patched = new List<(long Id, ItemRecord Item)>(patches.Count);
            foreach (var patch in patches)
            {
                if (!current.TryGetValue(patch.Uuid, out var state))
                {
                    continue;
                }

                if (patch.ClientMetadata is { } metadata)
                {
                    index.Update(state.Id, state.Item.ClientMetadata, metadata);
                }

                var item = state.Item with { Name = patch.Name ?? state.Item.Name, ClientMetadata = patch.ClientMetadata ?? state.Item.ClientMetadata };
                current[patch.Uuid] = (state.Id, item, state.MetadataChanged || patch.ClientMetadata is not null);
                patched.Add((state.Id, item));
            }

            var rows = current.Values.ToList();
            var stored = new Dictionary<long, (string Metadata, DateTimeOffset Edited)>();
            await using (var update = connection.Command("""
                UPDATE items i SET name = u.name, client_metadata = coalesce(u.metadata::jsonb, i.client_metadata), last_edited_at = @now
                FROM unnest(@ids, @names, @metadata) AS u (id, name, metadata)
                WHERE i.id = u.id
                RETURNING i.id, i.client_metadata::text, i.last_edited_at
                """, transaction).With("now", now).With("ids", rows.Select(r => r.Id).ToArray()).With("names", rows.Select(r => r.Item.Name).ToArray()))
            {
                update.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Array | NpgsqlDbType.Text)
                {
                    Value = rows.Select(r => r.MetadataChanged ? r.Item.ClientMetadata : null).ToArray(),
                });
                await using var reader = await update.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    stored[reader.GetInt64(0)] = (CanonicalJson.Canonicalize(reader.GetString(1)), reader.GetTime(2));
                }
            }

            await index.FlushAsync(cancellationToken);

            // Returned as stored (jsonb's key order, the time to the microsecond), with no read after the commit. An item patched twice in one call shows the patch's own metadata text the first time.
            var last = patched.Select((p, n) => (p.Id, n)).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.Max(p => p.n));
            return (IReadOnlyList<ItemRecord>)patched.Select((p, n) => p.Item with
            {
                ClientMetadata = last[p.Id] == n ? stored[p.Id].Metadata : p.Item.ClientMetadata,
                LastEditedAt = stored[p.Id].Edited,
            }).ToList();
        }, cancellationToken);

    private static void AppendListFilters(StringBuilder sql, NpgsqlCommand command, ItemListQuery query, PostgresFilterSql filter)
    {
        if (query.Filter is { } bound)
        {
            sql.Append(" AND ").Append(filter.Predicate(bound));
        }

        if (query.Types is { Count: > 0 } types)
        {
            sql.Append(" AND i.item_type = ANY(@types)");
            command.With("types", types.Select(t => t.WireName()).ToArray());
        }

        if (!string.IsNullOrEmpty(query.Search))
        {
            sql.Append(" AND i.name ILIKE @search ESCAPE '\\'");
            command.With("search", "%" + query.Search.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
        }
    }

    /// <summary>The folder's id (null when there is none) and the ids of the keys that exist, in one round trip.</summary>
    private static async Task<(long? Folder, Dictionary<string, long> Keys)> ResolveAsync(
        NpgsqlConnection connection, Guid folderUuid, IEnumerable<string> keyNames, CancellationToken cancellationToken)
    {
        long? folder = null;
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var read = connection.Command("""
            SELECT NULL, id FROM folders WHERE uuid = @folder
            UNION ALL SELECT name, id FROM metadata_keys WHERE name = ANY(@names)
            """).With("folder", folderUuid).With("names", keyNames.ToArray());
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0))
            {
                folder = reader.GetInt64(1);
            }
            else
            {
                keys[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return (folder, keys);
    }

    /// <summary>A sort value as a token holds it: integers (and times, in microseconds, and booleans) as i:, UUIDs as bytes.</summary>
    private static object TokenValue(object value) => value switch
    {
        DateTime t => PostgresFilterSql.ToMicros(t),
        bool b => b ? 1L : 0L,
        Guid g => g.ToByteArray(bigEndian: true),
        int n => (long)n,
        long or double or string => value,
        _ => throw new InvalidDataException($"A sort value of type {value.GetType().Name} has no token form."),
    };

    /// <summary>A token's sort value as the sorted column holds it; a value of another type is not a token of this sort.</summary>
    private static object SortParameter(BoundTarget target, object value)
    {
        try
        {
            return (target, value) switch
            {
                (FieldTarget { Kind: IndexKind.Datetime }, long micros) => PostgresFilterSql.FromMicros(micros),
                (FieldTarget { Field: ItemField.Duration or ItemField.Fps }, long or double) => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                (FieldTarget { Kind: IndexKind.Number }, long or double) => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                (MetadataTarget { Kind: IndexKind.Number }, long or double) => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                (MetadataTarget { Kind: IndexKind.Boolean }, long b) => b != 0,
                (MetadataTarget { Kind: IndexKind.Datetime }, long micros) => micros,
                (MetadataTarget { Kind: IndexKind.Uuid }, byte[] { Length: 16 } bytes) => new Guid(bytes, bigEndian: true),
                ({ Kind: IndexKind.Varchar or IndexKind.Text or IndexKind.Enum }, string text) => text,
                _ => throw new InvalidPageTokenException(),
            };
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentException)
        {
            throw new InvalidPageTokenException();
        }
    }

    internal static async Task<List<(long Id, ItemRecord Item)>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
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

    private static ItemRecord Read(NpgsqlDataReader r) => new()
    {
        Uuid = r.GetGuid(1),
        FolderUuid = r.GetGuid(2),
        ParentItemUuid = r.GetGuidOrNull(3),
        Position = r.GetInt32OrNull(4),
        Type = ItemTypes.TryParse(r.GetString(5), out var type) ? type : throw new InvalidDataException($"Unknown item type '{r.GetString(5)}'."),
        Name = r.GetString(6),
        Description = r.GetString(7),
        Url = r.GetStringOrNull(8),
        IntegrationUuid = r.GetGuidOrNull(9),
        IntegrationProvider = r.GetStringOrNull(10),
        JobUuid = r.GetGuidOrNull(11),
        ClientMetadata = CanonicalJson.Canonicalize(r.GetString(12)),
        MediaMetadata = Canonical(r.GetStringOrNull(13)),
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
        OwnerUuid = r.GetGuidOrNull(30),
        CreatedAt = r.GetTime(31),
        LastEditedAt = r.GetTime(32),
        TechnicalMetadata = Canonical(r.GetStringOrNull(33)),
    };

    /// <summary>jsonb's text without the spaces it prints after ':' and ',': the compact canonical text SQLite returns.</summary>
    private static string? Canonical(string? json) => json is null ? null : CanonicalJson.Canonicalize(json);

    /// <summary>
    /// What a listing is ordered by: an item column, or a schema key's index row joined as <c>s</c>; then by item id.
    /// A varchar orders by its indexed first 256 characters and then the whole value (the same order as the value's,
    /// which the (key, left(value, 256), item) index gives up to ties of those characters).
    /// </summary>
    internal sealed record SortKey(string Source, string Item, string? Join, IReadOnlyList<Func<string, string>> Keys)
    {
        public static SortKey For(BoundTarget target, PostgresFilterSql filter) => target switch
        {
            FieldTarget { Field: ItemField.Type or ItemField.Name or ItemField.MimeType } f => new(PostgresFilterSql.RawColumn(f.Field), "i.id", null, [v => $"""({v} COLLATE "C")"""]),
            FieldTarget f => new(PostgresFilterSql.RawColumn(f.Field), "i.id", null, [v => v]),
            MetadataTarget { Kind: IndexKind.Varchar or IndexKind.Text } m => new("s.value", "s.item_id", JoinOf(m, filter), [PostgresFilterSql.Indexed, v => v]),
            MetadataTarget m => new("s.value", "s.item_id", JoinOf(m, filter), [v => v]),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };

        public string OrderBy(bool descending) =>
            string.Join(", ", Keys.Select(k => k(Source) + (descending ? " DESC" : ""))) + ", i.id";

        /// <summary>
        /// Rows after the token's (value, id): further in the sort's direction, or equal with a higher id. Ascending, a
        /// row comparison, which the key's (key, value, item) index seeks to; descending (ids still ascending within a
        /// value), the same as ORs, with the first key's bound stated apart so the index seeks to it.
        /// </summary>
        public string After(string value, string id, bool descending)
        {
            if (!descending)
            {
                return $"({string.Join(", ", Keys.Select(k => k(Source)))}, {Item}) > ({string.Join(", ", Keys.Select(k => k(value)))}, {id})";
            }

            var condition = $"i.id > {id}";
            foreach (var key in Keys.Reverse())
            {
                condition = $"({key(Source)} < {key(value)} OR ({key(Source)} = {key(value)} AND {condition}))";
            }

            return $"{Keys[0](Source)} <= {Keys[0](value)} AND {condition}";
        }

        private static string JoinOf(MetadataTarget m, PostgresFilterSql filter) =>
            $"JOIN {PostgresFilterSql.Table(m.Kind)} s ON s.item_id = i.id AND s.key_id = {filter.KeyLiteral(m.Key)}";
    }
}
