using System.Text.Json;
using Curio.Core.Items;
using Curio.Storage.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace Curio.Storage.Postgres;

/// <summary>
/// Applies one processed chunk inside the caller's transaction, in a few statements whatever its size: registers items
/// (invisible until the end for an all-or-nothing job or a draft), skips or updates duplicates, and records failures.
/// <para>
/// Each unit is decided in memory, in order, as SQLite decides it row by row: a failure blocks what follows in an
/// all-or-nothing job, and a duplicate is one of the folder's items or one registered earlier in the chunk. The folder's
/// registered items come from one query for all the chunk's keys, under the folder's advisory lock (taken by the
/// caller with skip_duplicate_urls), so no other process inserts into the folder between that query and the insert.
/// The new rows, with ids drawn from the items sequence up front (frames name their group), then go in by binary COPY.
/// </para>
/// </summary>
internal sealed class PostgresChunkWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, ChunkLease lease, PostgresJobStore.LockedJob job, DateTimeOffset now)
{
    /// <summary>The first key of the folder locks of skip_duplicate_urls (the second is a hash of the folder's id): "dedu".</summary>
    public const int FolderLockClass = 0x64656475;

    private const string CopyItems = """
        COPY items (id, uuid, folder_id, parent_item_id, position, item_type, name, url, dedup_key, integration_id, job_id,
            pending_job_id, client_metadata, media_metadata, technical_metadata, file_size, mime_type, width, height, duration, fps,
            frame_count, num_pages, audio_sample_rate, audio_bit_depth, audio_codec, audio_num_channels, dicom_instance_uid,
            dicom_study_uid, dicom_series_uid, child_count, owner_id, created_at, last_edited_at)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyErrors = """
        COPY job_unit_errors (job_id, unit_index, item_type, title, object_urls, error, action, subtask_uuid) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>Items and metadata replacements wait, invisible, for the job's publication or end.</summary>
    private readonly bool _pending = !lease.IgnoreErrors || job.IsDraft;

    private readonly DateTimeOffset _now = now.ToStored();

    public sealed record Counts(int Done, int Error, int Skipped, int Updated, int Created);

    /// <summary>A row to insert; <see cref="Parent"/> is the index of its group's row in the same list.</summary>
    private readonly record struct Row(NewItem Item, int Parent, int? Position, byte[]? DedupKey, int Children);

    public async Task<Counts> ApplyAsync(IReadOnlyList<UnitOutcome> outcomes, CancellationToken cancellationToken)
    {
        int done = 0, skipped = 0, updated = 0, created = 0;
        var errors = new List<UnitError>();
        var candidates = new List<UnitSucceeded>();
        var priorErrors = job.UnitsError;
        foreach (var outcome in outcomes)
        {
            switch (outcome)
            {
                case UnitFailed failed:
                    errors.Add(failed.Error);
                    priorErrors++;
                    break;
                case UnitSucceeded unit:
                    done++;
                    // An all-or-nothing job that has a failure will be rolled back; registering more is wasted work.
                    if (lease.IgnoreErrors || priorErrors == 0)
                    {
                        candidates.Add(unit);
                    }

                    break;
            }
        }

        // The top items registered under each key: the folder's, then the chunk's own as they are added. A reference
        // is an item's id, or the complement (~index) of a row not yet inserted.
        var registered = lease.SkipDuplicateUrls
            ? await FindRegisteredAsync(candidates.Select(c => c.DedupKey), cancellationToken)
            : new Dictionary<byte[], List<long>>(ByteArrayComparer.Instance);
        var rows = new List<Row>();
        var replacements = new Dictionary<long, string>();
        foreach (var unit in candidates)
        {
            var duplicates = lease.SkipDuplicateUrls ? registered.GetValueOrDefault(unit.DedupKey) : null;
            if (duplicates is null or [])
            {
                var tops = Add(rows, unit);
                if (lease.SkipDuplicateUrls)
                {
                    registered[unit.DedupKey] = tops;
                }

                created++;
            }
            else if (lease.UpsertMetadata && unit.HasClientMetadata)
            {
                // A unit may have registered several items under one key (a sequence split by frame size).
                foreach (var reference in duplicates)
                {
                    replacements[reference] = unit.Item.ClientMetadata ?? "{}";
                }

                updated++;
            }
            else
            {
                skipped++;
            }
        }

        var ids = await InsertAsync(rows, cancellationToken);
        PostgresMetadataIndex? index = null;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Parent < 0 && rows[i].Item.ClientMetadata is not (null or "{}"))
            {
                index ??= await PostgresMetadataIndex.OpenAsync(connection, transaction, cancellationToken);
                index.Add(ids[i], rows[i].Item.ClientMetadata);
            }
        }

        if (replacements.Count > 0)
        {
            var replaced = replacements.Select(r => (Id: r.Key < 0 ? ids[~r.Key] : r.Key, Metadata: r.Value)).ToList();
            await ReplaceMetadataAsync(replaced, cancellationToken);
            if (!_pending)
            {
                // A staged replacement is indexed when the job reveals it.
                index ??= await PostgresMetadataIndex.OpenAsync(connection, transaction, cancellationToken);
                foreach (var (id, metadata) in replaced)
                {
                    index.Replace(id, metadata);
                }
            }
        }

        await InsertErrorsAsync(errors, cancellationToken);
        if (index is not null)
        {
            await index.FlushAsync(cancellationToken);
        }

        return new Counts(done, errors.Count, skipped, updated, created);
    }

    /// <summary>Adds a unit's rows (its item, its siblings, and their frames); returns references to its top items.</summary>
    private static List<long> Add(List<Row> rows, UnitSucceeded unit)
    {
        var tops = new List<long>(1 + unit.Siblings.Count) { Add(rows, unit.Item, unit.Frames, unit.DedupKey) };
        foreach (var sibling in unit.Siblings)
        {
            tops.Add(Add(rows, sibling.Item, sibling.Frames, unit.DedupKey));
        }

        return tops;
    }

    private static long Add(List<Row> rows, NewItem item, IReadOnlyList<NewItem> frames, byte[] dedupKey)
    {
        var top = rows.Count;
        rows.Add(new Row(item, -1, null, dedupKey, frames.Count));
        for (var i = 0; i < frames.Count; i++)
        {
            rows.Add(new Row(frames[i], top, i, null, 0));
        }

        return ~top;
    }

    /// <summary>The folder's top items (visible, or this job's own) under any of the keys.</summary>
    private async Task<Dictionary<byte[], List<long>>> FindRegisteredAsync(IEnumerable<byte[]> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<byte[], List<long>>(ByteArrayComparer.Instance);
        var distinct = keys.Distinct(ByteArrayComparer.Instance).ToArray();
        if (distinct.Length == 0)
        {
            return found;
        }

        await using var command = connection.Command($"""
            SELECT i.dedup_key, i.id FROM items i
            WHERE i.folder_id = @folder AND i.dedup_key = ANY(@keys) AND i.parent_item_id IS NULL
              AND (i.pending_job_id = @job OR {PostgresJobStore.Visible})
            ORDER BY i.id
            """, transaction).With("folder", job.FolderId).With("job", lease.JobId);
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = distinct });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetFieldValue<byte[]>(0);
            if (!found.TryGetValue(key, out var ids))
            {
                found[key] = ids = [];
            }

            ids.Add(reader.GetInt64(1));
        }

        return found;
    }

    /// <summary>Inserts the rows with ids drawn in their order (a group before its frames, as SQLite numbers them); returns the ids.</summary>
    private async Task<long[]> InsertAsync(List<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = new long[rows.Count];
        await using (var draw = connection.Command(
            // The sequence is looked up once, not for every row (a catalog lookup each).
            "SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence('items', 'id')::regclass AS seq) s, generate_series(1, @n)", transaction)
            .With("n", rows.Count))
        await using (var reader = await draw.ExecuteReaderAsync(cancellationToken))
        {
            for (var i = 0; await reader.ReadAsync(cancellationToken); i++)
            {
                ids[i] = reader.GetInt64(0);
            }
        }

        // Other processes draw from the sequence at the same time: ours need not be consecutive, only increasing.
        Array.Sort(ids);
        long? pendingJob = _pending ? lease.JobId : null;
        await using var copy = await connection.BeginBinaryImportAsync(CopyItems, cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            var (item, parent, position, dedupKey, children) = rows[i];
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(item.Uuid, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(job.FolderId, NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(copy, parent < 0 ? (long?)null : ids[parent], NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(copy, position, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(item.Type.WireName(), NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(item.Name, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(copy, item.Url, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(copy, dedupKey, NpgsqlDbType.Bytea, cancellationToken);
            await copy.WriteAsync(job.IntegrationId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(lease.JobId, NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(copy, pendingJob, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(item.ClientMetadata ?? "{}", NpgsqlDbType.Jsonb, cancellationToken);
            await WriteAsync(copy, item.MediaMetadata, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteAsync(copy, item.TechnicalMetadata, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteAsync(copy, item.FileSize, NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(copy, item.MimeType, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(copy, item.Width, NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(copy, item.Height, NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(copy, item.Duration, NpgsqlDbType.Double, cancellationToken);
            await WriteAsync(copy, item.Fps, NpgsqlDbType.Double, cancellationToken);
            await WriteAsync(copy, item.FrameCount, NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(copy, item.NumPages, NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(copy, item.AudioSampleRate, NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(copy, item.AudioBitDepth, NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(copy, item.AudioCodec, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(copy, item.AudioNumChannels, NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(copy, item.DicomInstanceUid, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(copy, item.DicomStudyUid, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(copy, item.DicomSeriesUid, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(children, NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(copy, job.OwnerId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(_now, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(_now, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
        return ids;
    }

    /// <summary>
    /// Replaces duplicates' metadata: at once (the items locked in id order first, as a job revealing its staged
    /// replacements locks them), or staged until the job shows its items.
    /// </summary>
    private async Task ReplaceMetadataAsync(List<(long Id, string Metadata)> replaced, CancellationToken cancellationToken)
    {
        var sql = _pending
            ? """
              INSERT INTO job_pending_updates (job_id, item_id, client_metadata)
              SELECT @job, u.id, u.metadata::jsonb FROM unnest(@ids, @metadata) AS u (id, metadata)
              ON CONFLICT (job_id, item_id) DO UPDATE SET client_metadata = excluded.client_metadata
              """
            : """
              SELECT count(*) FROM (SELECT 1 FROM items WHERE id = ANY(@ids) ORDER BY id FOR NO KEY UPDATE) l;
              UPDATE items SET client_metadata = u.metadata::jsonb, last_edited_at = @now
              FROM unnest(@ids, @metadata) AS u (id, metadata) WHERE items.id = u.id;
              """;
        await using var command = connection.Command(sql, transaction).With("job", lease.JobId).With("now", _now);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = replaced.Select(r => r.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = replaced.Select(r => r.Metadata).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InsertErrorsAsync(List<UnitError> errors, CancellationToken cancellationToken)
    {
        if (errors.Count == 0)
        {
            return;
        }

        await using var copy = await connection.BeginBinaryImportAsync(CopyErrors, cancellationToken);
        foreach (var error in errors)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(lease.JobId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(error.UnitIndex, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(error.ItemType, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(error.Title, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(JsonSerializer.Serialize(error.ObjectUrls, StorageJson.Default.IReadOnlyListString), NpgsqlDbType.Jsonb, cancellationToken);
            await copy.WriteAsync(error.Error, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(error.Action, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(error.SubtaskUuid, NpgsqlDbType.Uuid, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, cancellationToken) : copy.WriteNullAsync(cancellationToken);

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class =>
        value is not null ? copy.WriteAsync(value, type, cancellationToken) : copy.WriteNullAsync(cancellationToken);

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
