using System.Text.Json;
using Curio.Storage.Jobs;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

/// <summary>
/// Applies one processed chunk inside the caller's transaction: registers items (invisible until the end for an
/// all-or-nothing job), skips or updates duplicates, and records failures. Commands are prepared once per chunk.
/// </summary>
internal sealed class SqliteChunkWriter : IAsyncDisposable
{
    private readonly SqliteCommand _findDuplicate;
    private readonly SqliteItemInserter _inserter;

    /// <summary>Items and metadata replacements wait, invisible, for the job's publication or end.</summary>
    private readonly bool _pending;
    private readonly SqliteCommand _replaceMetadata;
    private readonly SqliteCommand _stageMetadata;
    private readonly SqliteCommand _insertError;
    private readonly ChunkLease _lease;
    private readonly SqliteMetadataIndex _index;
    private int _priorErrors;

    public SqliteChunkWriter(SqliteConnection connection, SqliteTransaction transaction, ChunkLease lease, JobContext job, SqliteMetadataIndex index, DateTimeOffset now)
    {
        _lease = lease;
        _index = index;
        _priorErrors = job.UnitsError;
        _findDuplicate = connection.Command($"""
            SELECT i.id FROM items i
            WHERE i.folder_id = $folder AND i.dedup_key = $key AND i.parent_item_id IS NULL
              AND (i.pending_job_id = $job OR {SqliteItemStore.Visible})
            """, transaction).With("$folder", job.FolderId).With("$job", lease.JobId).With("$key", null);

        _pending = !lease.IgnoreErrors || job.IsDraft;
        _inserter = new SqliteItemInserter(connection, job.FolderId, job.IntegrationId, lease.JobId,
            _pending ? lease.JobId : null, job.OwnerId, now);

        _replaceMetadata = connection.Command("UPDATE items SET client_metadata = $metadata, last_edited_at = $now WHERE id = $id", transaction)
            .With("$metadata", null).With("$now", now).With("$id", null);
        _stageMetadata = connection.Command(
            "INSERT OR REPLACE INTO job_pending_updates (job_id, item_id, client_metadata) VALUES ($job, $id, $metadata)", transaction)
            .With("$job", lease.JobId).With("$id", null).With("$metadata", null);
        _insertError = connection.Command("""
            INSERT INTO job_unit_errors (job_id, unit_index, item_type, title, object_urls, error, action, subtask_uuid)
            VALUES ($job, $unit, $type, $title, $urls, $error, $action, $subtask)
            """, transaction).With("$job", lease.JobId);
        foreach (var name in new[] { "$unit", "$type", "$title", "$urls", "$error", "$action", "$subtask" })
        {
            _insertError.With(name, null);
        }
    }

    /// <summary>The job's row ids and state; a draft's file is still being read, so its items stay pending until it is published.</summary>
    public sealed record JobContext(long FolderId, long IntegrationId, long? OwnerId, int UnitsError, bool IsDraft);

    public sealed record Counts(int Done, int Error, int Skipped, int Updated, int Created);

    public async Task<Counts> ApplyAsync(IReadOnlyList<UnitOutcome> outcomes, CancellationToken cancellationToken)
    {
        int done = 0, error = 0, skipped = 0, updated = 0, created = 0;
        foreach (var outcome in outcomes)
        {
            switch (outcome)
            {
                case UnitFailed failed:
                    await InsertErrorAsync(failed.Error, cancellationToken);
                    error++;
                    _priorErrors++;
                    break;
                case UnitSucceeded unit:
                    done++;
                    // An all-or-nothing job that has a failure will be rolled back; registering more is wasted work.
                    if (!_lease.IgnoreErrors && _priorErrors > 0)
                    {
                        break;
                    }

                    var duplicates = _lease.SkipDuplicateUrls ? await FindDuplicatesAsync(unit.DedupKey, cancellationToken) : [];
                    if (duplicates.Count == 0)
                    {
                        Insert(unit);
                        created++;
                    }
                    else if (_lease.UpsertMetadata && unit.HasClientMetadata)
                    {
                        // A unit may have registered several items under one key (a sequence split by frame size).
                        foreach (var id in duplicates)
                        {
                            await ReplaceMetadataAsync(id, unit.Item.ClientMetadata ?? "{}", cancellationToken);
                        }

                        updated++;
                    }
                    else
                    {
                        skipped++;
                    }

                    break;
            }
        }

        return new Counts(done, error, skipped, updated, created);
    }

    private async Task<List<long>> FindDuplicatesAsync(byte[] key, CancellationToken cancellationToken)
    {
        _findDuplicate.Set("$key", key);
        var ids = new List<long>(1);
        await using var reader = await _findDuplicate.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private void Insert(UnitSucceeded unit)
    {
        Insert(unit.Item, unit.Frames, unit.DedupKey);
        foreach (var sibling in unit.Siblings)
        {
            Insert(sibling.Item, sibling.Frames, unit.DedupKey);
        }
    }

    private void Insert(NewItem item, IReadOnlyList<NewItem> frames, byte[] dedupKey)
    {
        var id = _inserter.Insert(item, parentId: null, position: null, dedupKey, frames.Count);
        _index.Add(id, item.ClientMetadata);
        for (var i = 0; i < frames.Count; i++)
        {
            _inserter.Insert(frames[i], id, i, dedupKey: null, children: 0);
        }
    }

    private async Task ReplaceMetadataAsync(long itemId, string metadata, CancellationToken cancellationToken)
    {
        var command = _pending ? _stageMetadata : _replaceMetadata;
        command.Set("$id", itemId);
        command.Set("$metadata", metadata);
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (!_pending)
        {
            // A staged replacement is indexed when the job reveals it.
            _index.Replace(itemId, metadata);
        }
    }

    private async Task InsertErrorAsync(UnitError error, CancellationToken cancellationToken)
    {
        var c = _insertError;
        c.Set("$unit", error.UnitIndex);
        c.Set("$type", error.ItemType);
        c.Set("$title", error.Title);
        c.Set("$urls", JsonSerializer.Serialize(error.ObjectUrls, StorageJson.Default.IReadOnlyListString));
        c.Set("$error", error.Error);
        c.Set("$action", error.Action);
        c.Set("$subtask", error.SubtaskUuid);
        await c.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _findDuplicate.DisposeAsync();
        _inserter.Dispose();
        await _replaceMetadata.DisposeAsync();
        await _stageMetadata.DisposeAsync();
        await _insertError.DisposeAsync();
    }
}
