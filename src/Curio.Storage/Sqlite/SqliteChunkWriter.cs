using System.Text.Json;
using Curio.Core.Items;
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
    private readonly SqliteCommand _insertItem;
    private readonly SqliteCommand _replaceMetadata;
    private readonly SqliteCommand _stageMetadata;
    private readonly SqliteCommand _insertError;
    private readonly ChunkLease _lease;
    private readonly DateTimeOffset _now;
    private int _priorErrors;

    public SqliteChunkWriter(SqliteConnection connection, SqliteTransaction transaction, ChunkLease lease, JobContext job, DateTimeOffset now)
    {
        _lease = lease;
        _now = now;
        _priorErrors = job.UnitsError;
        _findDuplicate = connection.Command("""
            SELECT id FROM items
            WHERE folder_id = $folder AND dedup_key = $key AND parent_item_id IS NULL AND (pending_job_id IS NULL OR pending_job_id = $job)
            LIMIT 1
            """, transaction).With("$folder", job.FolderId).With("$job", lease.JobId).With("$key", null);

        _insertItem = connection.Command("""
            INSERT INTO items (uuid, folder_id, parent_item_id, position, item_type, name, url, dedup_key, integration_id, job_id,
                pending_job_id, client_metadata, media_metadata, file_size, mime_type, width, height, duration, fps, frame_count,
                num_pages, audio_sample_rate, audio_bit_depth, audio_codec, audio_num_channels, dicom_instance_uid, dicom_study_uid,
                dicom_series_uid, child_count, owner_id, created_at, last_edited_at)
            VALUES ($uuid, $folder, $parent, $position, $type, $name, $url, $key, $integration, $job,
                $pending, $metadata, $media, $size, $mime, $width, $height, $duration, $fps, $frames,
                $pages, $rate, $depth, $codec, $channels, $instance, $study,
                $series, $children, $owner, $now, $now)
            RETURNING id
            """, transaction);
        foreach (var name in new[]
        {
            "$uuid", "$parent", "$position", "$type", "$name", "$url", "$key", "$metadata", "$media", "$size", "$mime", "$width",
            "$height", "$duration", "$fps", "$frames", "$pages", "$rate", "$depth", "$codec", "$channels", "$instance", "$study",
            "$series", "$children",
        })
        {
            _insertItem.With(name, null);
        }

        _insertItem.With("$folder", job.FolderId).With("$integration", job.IntegrationId).With("$job", lease.JobId)
            .With("$pending", lease.IgnoreErrors ? null : lease.JobId).With("$owner", job.OwnerId).With("$now", now);

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

    public sealed record JobContext(long FolderId, long IntegrationId, long? OwnerId, int UnitsError);

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

                    var duplicate = _lease.SkipDuplicateUrls ? await FindDuplicateAsync(unit.DedupKey, cancellationToken) : null;
                    if (duplicate is null)
                    {
                        await InsertAsync(unit, cancellationToken);
                        created++;
                    }
                    else if (_lease.UpsertMetadata && unit.HasClientMetadata)
                    {
                        await ReplaceMetadataAsync(duplicate.Value, unit.Item.ClientMetadata ?? "{}", cancellationToken);
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

    private async Task<long?> FindDuplicateAsync(byte[] key, CancellationToken cancellationToken)
    {
        _findDuplicate.Set("$key", key);
        return await _findDuplicate.ScalarInt64Async(cancellationToken);
    }

    private async Task InsertAsync(UnitSucceeded unit, CancellationToken cancellationToken)
    {
        var id = await InsertItemAsync(unit.Item, parentId: null, position: null, unit.DedupKey, unit.Frames.Count, cancellationToken);
        for (var i = 0; i < unit.Frames.Count; i++)
        {
            await InsertItemAsync(unit.Frames[i], id, i, key: null, children: 0, cancellationToken);
        }
    }

    private async Task<long> InsertItemAsync(NewItem item, long? parentId, int? position, byte[]? key, int children, CancellationToken cancellationToken)
    {
        var c = _insertItem;
        c.Set("$uuid", item.Uuid);
        c.Set("$parent", parentId);
        c.Set("$position", position);
        c.Set("$type", item.Type.WireName());
        c.Set("$name", item.Name);
        c.Set("$url", item.Url);
        c.Set("$key", key);
        c.Set("$metadata", item.ClientMetadata ?? "{}");
        c.Set("$media", item.MediaMetadata);
        c.Set("$size", item.FileSize);
        c.Set("$mime", item.MimeType);
        c.Set("$width", item.Width);
        c.Set("$height", item.Height);
        c.Set("$duration", item.Duration);
        c.Set("$fps", item.Fps);
        c.Set("$frames", item.FrameCount);
        c.Set("$pages", item.NumPages);
        c.Set("$rate", item.AudioSampleRate);
        c.Set("$depth", item.AudioBitDepth);
        c.Set("$codec", item.AudioCodec);
        c.Set("$channels", item.AudioNumChannels);
        c.Set("$instance", item.DicomInstanceUid);
        c.Set("$study", item.DicomStudyUid);
        c.Set("$series", item.DicomSeriesUid);
        c.Set("$children", children);
        return (await c.ScalarInt64Async(cancellationToken))!.Value;
    }

    private async Task ReplaceMetadataAsync(long itemId, string metadata, CancellationToken cancellationToken)
    {
        // For an all-or-nothing job the replacement waits until the job ends DONE.
        var command = _lease.IgnoreErrors ? _replaceMetadata : _stageMetadata;
        command.Set("$id", itemId);
        command.Set("$metadata", metadata);
        await command.ExecuteNonQueryAsync(cancellationToken);
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
        await _insertItem.DisposeAsync();
        await _replaceMetadata.DisposeAsync();
        await _stageMetadata.DisposeAsync();
        await _insertError.DisposeAsync();
    }
}
