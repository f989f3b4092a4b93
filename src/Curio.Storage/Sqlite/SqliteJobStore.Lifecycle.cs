using System.Text.Json;
using Curio.Storage.Jobs;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

/// <summary>How jobs end (done, failed, cancelled) and how they are read back.</summary>
internal sealed partial class SqliteJobStore
{
    public async Task<JobRecord?> FailAsync(Guid jobUuid, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var job = await database.WriteAsync(async (connection, transaction) =>
        {
            var jobId = await connection.Command("SELECT id FROM jobs WHERE uuid = $uuid AND status IN ('DRAFT', 'PENDING')", transaction)
                .With("$uuid", jobUuid).ScalarOnceAsync(cancellationToken);
            if (jobId is null)
            {
                return await GetAsync(connection, transaction, jobUuid, cancellationToken);
            }

            await CancelOpenChunksAsync(connection, transaction, jobId.Value, leasedToo: true, now, cancellationToken);
            await EndAsync(connection, transaction, jobId.Value, "ERROR", rollBack: true, reason, now, cancellationToken);
            return await GetAsync(connection, transaction, jobUuid, cancellationToken);
        }, cancellationToken);
        DeleteIfEnded(job);
        return job;
    }

    public async Task<CancelResult> CancelAsync(Guid jobUuid, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async (connection, transaction) =>
        {
            var job = await GetAsync(connection, transaction, jobUuid, cancellationToken);
            if (job is null || job.Status == JobStatus.Draft)
            {
                return new CancelResult(CancelStatus.NotFound, null, 0);
            }

            if (job.IsFinished)
            {
                return new CancelResult(CancelStatus.AlreadyFinished, job, 0);
            }

            var jobId = (await connection.Command("SELECT id FROM jobs WHERE uuid = $uuid", transaction).With("$uuid", jobUuid)
                .ScalarOnceAsync(cancellationToken))!.Value;
            await connection.Command("UPDATE jobs SET cancel_requested = 1, updated_at = $now WHERE id = $job", transaction)
                .With("$job", jobId).With("$now", now).RunOnceAsync(cancellationToken);
            var cancelled = await CancelOpenChunksAsync(connection, transaction, jobId, leasedToo: false, now, cancellationToken);

            // Chunks a worker holds end when it lets them go; otherwise the job ends here.
            await TryFinishAsync(connection, transaction, jobId, now, cancellationToken);
            return new CancelResult(CancelStatus.Cancelled, await GetAsync(connection, transaction, jobUuid, cancellationToken), cancelled);
        }, cancellationToken);
        if (result.Status == CancelStatus.Cancelled)
        {
            DeleteIfEnded(result.Job);
        }

        return result;
    }

    /// <summary>Ends the job once every chunk is done or cancelled: CANCELLED, ERROR (all-or-nothing with a failure) or DONE.</summary>
    private static async Task<bool> TryFinishAsync(SqliteConnection connection, SqliteTransaction transaction, long jobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("""
            SELECT status, chunks_total, chunks_finished, cancel_requested, ignore_errors, units_error, units_total
            FROM jobs WHERE id = $job
            """, transaction).With("$job", jobId);
        string status;
        bool open, cancelling, ignoreErrors;
        int failed, total;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            status = reader.GetString(0);
            open = reader.GetInt32(2) < reader.GetInt32(1);
            cancelling = reader.GetBoolean(3);
            ignoreErrors = reader.GetBoolean(4);
            failed = reader.GetInt32(5);
            total = reader.GetInt32(6);
        }

        if (status != "PENDING" || open)
        {
            return false;
        }

        if (cancelling)
        {
            // What was done before the cancel stays, all-or-nothing or not.
            await EndAsync(connection, transaction, jobId, "CANCELLED", rollBack: false, error: null, now, cancellationToken);
        }
        else if (!ignoreErrors && failed > 0)
        {
            await EndAsync(connection, transaction, jobId, "ERROR", rollBack: true,
                $"{failed:N0} of {total:N0} units failed and ignoreErrors was false, so nothing was registered. Fix the files listed in unitErrors and submit the upload file again, or submit it with ignoreErrors to register the rest.",
                now, cancellationToken);
        }
        else
        {
            await EndAsync(connection, transaction, jobId, "DONE", rollBack: false, error: null, now, cancellationToken);
        }

        return true;
    }

    private static async Task EndAsync(SqliteConnection connection, SqliteTransaction transaction, long jobId, string status, bool rollBack, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rollBack)
        {
            // Only items the job never showed are taken back: an ignore-errors job's shown items were registered for good.
            await connection.Command("""
                DELETE FROM items WHERE job_id = $job AND pending_job_id = $job AND (SELECT items_visible FROM jobs WHERE id = $job) = 0;
                DELETE FROM job_pending_updates WHERE job_id = $job;
                UPDATE jobs SET items_created = (SELECT count(*) FROM items WHERE job_id = $job AND parent_item_id IS NULL) WHERE id = $job;
                """, transaction).With("$job", jobId).RunOnceAsync(cancellationToken);
        }
        else
        {
            await RevealAsync(connection, transaction, jobId, now, cancellationToken);
        }

        await connection.Command("""
            UPDATE jobs SET status = $status, finished_at = $now, updated_at = $now,
                errors = CASE WHEN $error IS NULL THEN errors ELSE json_insert(errors, '$[#]', $error) END
            WHERE id = $job;
            """, transaction)
            .With("$job", jobId).With("$status", status).With("$error", error).With("$now", now)
            .RunOnceAsync(cancellationToken);
    }

    /// <summary>
    /// Shows the job's pending items (one update of the job: rewriting every item cost a second per 400,000) and
    /// applies its staged metadata replacements, indexing the replaced values.
    /// </summary>
    private static async Task RevealAsync(SqliteConnection connection, SqliteTransaction transaction, long jobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var staged = new List<(long Id, string Metadata)>();
        await using (var read = connection.Command("SELECT item_id, client_metadata FROM job_pending_updates WHERE job_id = $job", transaction).With("$job", jobId))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                staged.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        if (staged.Count > 0)
        {
            await using var index = await SqliteMetadataIndex.OpenAsync(connection, transaction, cancellationToken);
            foreach (var (id, metadata) in staged)
            {
                index.Replace(id, metadata);
            }
        }

        await connection.Command("""
            UPDATE items SET client_metadata = (SELECT u.client_metadata FROM job_pending_updates u WHERE u.job_id = $job AND u.item_id = items.id),
                last_edited_at = $now
            WHERE id IN (SELECT item_id FROM job_pending_updates WHERE job_id = $job);
            DELETE FROM job_pending_updates WHERE job_id = $job;
            UPDATE jobs SET items_visible = 1 WHERE id = $job;
            """, transaction).With("$job", jobId).With("$now", now).RunOnceAsync(cancellationToken);
    }

    private static async Task<int> CancelOpenChunksAsync(SqliteConnection connection, SqliteTransaction transaction, long jobId, bool leasedToo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var states = leasedToo ? "(0, 1)" : "(0)";
        var units = await connection.Command($"SELECT coalesce(sum(unit_count), 0) FROM job_chunks WHERE job_id = $job AND status IN {states}", transaction)
            .With("$job", jobId).ScalarOnceAsync(cancellationToken) ?? 0;
        await connection.Command($"""
            UPDATE jobs SET units_cancelled = units_cancelled + $units,
                chunks_finished = chunks_finished + (SELECT count(*) FROM job_chunks WHERE job_id = $job AND status IN {states}),
                updated_at = $now
            WHERE id = $job;
            UPDATE job_chunks SET status = 3, lease_owner = NULL, lease_until = NULL WHERE job_id = $job AND status IN {states};
            """, transaction).With("$job", jobId).With("$units", units).With("$now", now).RunOnceAsync(cancellationToken);
        return (int)units;
    }

    public Task<JobRecord?> GetAsync(Guid jobUuid, CancellationToken cancellationToken) =>
        database.ReadAsync(c => GetAsync(c, null, jobUuid, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListAsync(Guid? folderUuid, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var command = connection.Command($"""
                SELECT {JobColumns}
                WHERE j.status <> 'DRAFT' AND ($folder IS NULL OR f.uuid = $folder)
                ORDER BY j.created_at DESC, j.id DESC LIMIT $limit
                """).With("$folder", folderUuid).With("$limit", limit);
            return (IReadOnlyList<JobRecord>)await ReadJobsAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<UnitErrorPage> ListUnitErrorsAsync(Guid jobUuid, int limit, string? pageToken, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Command("""
                SELECT id, unit_index, item_type, title, object_urls, error, action, subtask_uuid FROM job_unit_errors
                WHERE job_id = (SELECT id FROM jobs WHERE uuid = $job) AND id > $after ORDER BY id LIMIT $limit
                """).With("$job", jobUuid).With("$after", PageTokens.DecodeOrThrow(pageToken)).With("$limit", limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(long Id, UnitError Error)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), new UnitError(
                    reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                    JsonSerializer.Deserialize(reader.GetString(4), StorageJson.Default.ListString) ?? [],
                    reader.GetString(5), reader.GetString(6), reader.GetUuid(7))));
            }

            return PageTokens.Page(rows, limit, (errors, token) => new UnitErrorPage(errors, token));
        }, cancellationToken);

    public Task<ItemNamePage> ListCreatedItemsAsync(Guid jobUuid, int limit, string? pageToken, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Command($"""
                SELECT i.id, i.uuid, i.name FROM items i
                WHERE i.job_id = (SELECT id FROM jobs WHERE uuid = $job) AND i.parent_item_id IS NULL AND {SqliteItemStore.Visible} AND i.id > $after
                ORDER BY i.id LIMIT $limit
                """).With("$job", jobUuid).With("$after", PageTokens.DecodeOrThrow(pageToken)).With("$limit", limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(long Id, ItemName Item)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), new ItemName(reader.GetUuid(1), reader.GetString(2))));
            }

            return PageTokens.Page(rows, limit, (items, token) => new ItemNamePage(items, token));
        }, cancellationToken);

    private static async Task<JobRecord?> GetAsync(SqliteConnection connection, SqliteTransaction? transaction, Guid jobUuid, CancellationToken cancellationToken) =>
        (await ReadJobsAsync(connection.Command($"SELECT {JobColumns} WHERE j.uuid = $uuid", transaction).With("$uuid", jobUuid), cancellationToken))
        .FirstOrDefault();

    private static async Task<List<JobRecord>> ReadJobsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<JobRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            jobs.Add(new JobRecord
            {
                Uuid = r.GetUuid(0),
                FolderUuid = r.GetUuid(1),
                IntegrationUuid = r.GetUuid(2),
                Status = Enum.Parse<JobStatus>(r.GetString(3), ignoreCase: true),
                IgnoreErrors = r.GetBoolean(4),
                SkipDuplicateUrls = r.GetBoolean(5),
                UpsertMetadata = r.GetBoolean(6),
                FileName = r.GetStringOrNull(7),
                Format = r.GetString(8),
                UnitsTotal = r.GetInt32(9),
                UnitsDone = r.GetInt32(10),
                UnitsError = r.GetInt32(11),
                UnitsCancelled = r.GetInt32(12),
                UnitsSkipped = r.GetInt32(13),
                UnitsUpdated = r.GetInt32(14),
                ItemsCreated = r.GetInt32(15),
                CancelRequested = r.GetBoolean(16),
                Errors = ParseErrors(r.GetString(17)),
                CreatedBy = r.GetUuidOrNull(18),
                CreatedAt = r.GetTime(19),
                StartedAt = r.GetTimeOrNull(20),
                FinishedAt = r.GetTimeOrNull(21),
                UpdatedAt = r.GetTime(22),
                WarningsJson = r.GetString(23),
            });
        }

        return jobs;
    }
}
