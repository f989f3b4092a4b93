using System.Text.Json;
using Curio.Core.Json;
using Curio.Storage.Jobs;
using Npgsql;

namespace Curio.Storage.Postgres;

/// <summary>How jobs end (done, failed, cancelled) and how they are read back.</summary>
internal sealed partial class PostgresJobStore
{
    public Task<JobRecord?> FailAsync(Guid jobUuid, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var jobId = await connection.Command("SELECT id FROM jobs WHERE uuid = @uuid AND status IN ('DRAFT', 'PENDING') FOR NO KEY UPDATE", transaction)
                .With("uuid", jobUuid).ScalarOnceAsync(cancellationToken);
            if (jobId is { } id)
            {
                await CancelOpenChunksAsync(connection, transaction, id, leasedToo: true, now, cancellationToken);
                await EndAsync(connection, transaction, id, "ERROR", rollBack: true, reason, now, cancellationToken);
            }

            return await GetAsync(connection, transaction, jobUuid, cancellationToken);
        }, cancellationToken);

    public Task<CancelResult> CancelAsync(Guid jobUuid, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var jobId = await connection.Command("SELECT id FROM jobs WHERE uuid = @uuid FOR NO KEY UPDATE", transaction)
                .With("uuid", jobUuid).ScalarOnceAsync(cancellationToken);
            var job = jobId is null ? null : await GetAsync(connection, transaction, jobUuid, cancellationToken);
            if (job is null || job.Status == JobStatus.Draft)
            {
                return new CancelResult(CancelStatus.NotFound, null, 0);
            }

            if (job.IsFinished)
            {
                return new CancelResult(CancelStatus.AlreadyFinished, job, 0);
            }

            await connection.Command("UPDATE jobs SET cancel_requested = true, updated_at = @now WHERE id = @job", transaction)
                .With("job", jobId!.Value).With("now", now).RunOnceAsync(cancellationToken);
            var cancelled = await CancelOpenChunksAsync(connection, transaction, jobId.Value, leasedToo: false, now, cancellationToken);

            // Chunks a worker holds end when it lets them go; otherwise the job ends here.
            await TryFinishAsync(connection, transaction, jobId.Value, now, cancellationToken);
            return new CancelResult(CancelStatus.Cancelled, await GetAsync(connection, transaction, jobUuid, cancellationToken), cancelled);
        }, cancellationToken);

    /// <summary>
    /// Ends the job (whose row the caller locked) once every chunk is done or cancelled: CANCELLED, ERROR
    /// (all-or-nothing with a failure) or DONE.
    /// </summary>
    private static async Task<bool> TryFinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long jobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string status;
        bool open, cancelling, ignoreErrors;
        int failed, total;
        await using (var command = connection.Command("""
            SELECT status, chunks_total, chunks_finished, cancel_requested, ignore_errors, units_error, units_total
            FROM jobs WHERE id = @job
            """, transaction).With("job", jobId))
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

    private static async Task EndAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long jobId, string status, bool rollBack, string? error,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rollBack)
        {
            // Only items the job never showed are taken back: an ignore-errors job's shown items were registered for good.
            await connection.Command("""
                DELETE FROM items WHERE job_id = @job AND pending_job_id = @job AND NOT (SELECT items_visible FROM jobs WHERE id = @job);
                DELETE FROM job_pending_updates WHERE job_id = @job;
                UPDATE jobs SET items_created = (SELECT count(*) FROM items WHERE job_id = @job AND parent_item_id IS NULL) WHERE id = @job;
                """, transaction).With("job", jobId).RunOnceAsync(cancellationToken);
        }
        else
        {
            await RevealAsync(connection, transaction, jobId, now, cancellationToken);
        }

        await connection.Command("""
            UPDATE jobs SET status = @status, finished_at = @now, updated_at = @now,
                errors = CASE WHEN @error::text IS NULL THEN errors ELSE errors || jsonb_build_array(@error::text) END
            WHERE id = @job
            """, transaction)
            .With("job", jobId).With("status", status).With("error", error).With("now", now)
            .RunOnceAsync(cancellationToken);
    }

    /// <summary>
    /// Shows the job's pending items (one update of the job, not of every item) and applies its staged metadata
    /// replacements, indexing the replaced values.
    /// </summary>
    private static async Task RevealAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long jobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The schema row before the items (as a re-check takes them), then the items in id order: another job revealing,
        // or a commit replacing, metadata of the same items locks them in the same order, so none waits crosswise.
        await connection.Command("SELECT 1 FROM metadata_schema WHERE id = 1 FOR KEY SHARE", transaction).RunOnceAsync(cancellationToken);
        var staged = new List<(long Id, string Metadata)>();
        await using (var read = connection.Command("""
            SELECT u.item_id, u.client_metadata::text FROM job_pending_updates u JOIN items i ON i.id = u.item_id
            WHERE u.job_id = @job ORDER BY u.item_id FOR NO KEY UPDATE OF i
            """, transaction).With("job", jobId))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                staged.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        if (staged.Count > 0)
        {
            var index = await PostgresMetadataIndex.OpenAsync(connection, transaction, cancellationToken);
            foreach (var (id, metadata) in staged)
            {
                index.Replace(id, metadata);
            }

            await index.FlushAsync(cancellationToken);
            await connection.Command("""
                UPDATE items SET client_metadata = u.client_metadata, last_edited_at = @now
                FROM job_pending_updates u WHERE u.job_id = @job AND u.item_id = items.id;
                DELETE FROM job_pending_updates WHERE job_id = @job;
                """, transaction).With("job", jobId).With("now", now).RunOnceAsync(cancellationToken);
        }

        await connection.Command("UPDATE jobs SET items_visible = true WHERE id = @job", transaction).With("job", jobId).RunOnceAsync(cancellationToken);
    }

    /// <summary>Cancels the job's waiting chunks (and with <paramref name="leasedToo"/> the held ones); returns their units.</summary>
    private static async Task<int> CancelOpenChunksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long jobId, bool leasedToo,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var states = leasedToo ? "(0, 1)" : "(0)";
        return (int)(await connection.Command($"""
            WITH gone AS (
                UPDATE job_chunks SET status = 3, lease_owner = NULL, lease_until = NULL, payload = NULL
                WHERE job_id = @job AND status IN {states}
                RETURNING unit_count
            )
            UPDATE jobs SET units_cancelled = units_cancelled + (SELECT coalesce(sum(unit_count), 0) FROM gone),
                chunks_finished = chunks_finished + (SELECT count(*) FROM gone), updated_at = @now
            WHERE id = @job
            RETURNING (SELECT coalesce(sum(unit_count), 0) FROM gone)
            """, transaction).With("job", jobId).With("now", now).ScalarOnceAsync(cancellationToken) ?? 0);
    }

    public Task<JobRecord?> GetAsync(Guid jobUuid, CancellationToken cancellationToken) =>
        database.ReadAsync(c => GetAsync(c, null, jobUuid, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListAsync(Guid? folderUuid, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var command = connection.Command($"""
                SELECT {JobColumns}
                WHERE j.status <> 'DRAFT' AND (@folder::uuid IS NULL OR f.uuid = @folder::uuid)
                ORDER BY j.created_at DESC, j.id DESC LIMIT @limit
                """).With("folder", folderUuid).With("limit", limit);
            return (IReadOnlyList<JobRecord>)await ReadJobsAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<UnitErrorPage> ListUnitErrorsAsync(Guid jobUuid, int limit, string? pageToken, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Command("""
                SELECT id, unit_index, item_type, title, object_urls::text, error, action, subtask_uuid FROM job_unit_errors
                WHERE job_id = (SELECT id FROM jobs WHERE uuid = @job) AND id > @after ORDER BY id LIMIT @limit
                """).With("job", jobUuid).With("after", PageTokens.DecodeOrThrow(pageToken)).With("limit", limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(long Id, UnitError Error)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), new UnitError(
                    reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                    JsonSerializer.Deserialize(reader.GetString(4), StorageJson.Default.ListString) ?? [],
                    reader.GetString(5), reader.GetString(6), reader.GetGuid(7))));
            }

            return PageTokens.Page(rows, limit, (errors, token) => new UnitErrorPage(errors, token));
        }, cancellationToken);

    public Task<ItemNamePage> ListCreatedItemsAsync(Guid jobUuid, int limit, string? pageToken, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Command($"""
                SELECT i.id, i.uuid, i.name FROM items i
                WHERE i.job_id = (SELECT id FROM jobs WHERE uuid = @job) AND i.parent_item_id IS NULL AND {Visible} AND i.id > @after
                ORDER BY i.id LIMIT @limit
                """).With("job", jobUuid).With("after", PageTokens.DecodeOrThrow(pageToken)).With("limit", limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(long Id, ItemName Item)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), new ItemName(reader.GetGuid(1), reader.GetString(2))));
            }

            return PageTokens.Page(rows, limit, (items, token) => new ItemNamePage(items, token));
        }, cancellationToken);

    private static async Task<JobRecord?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid jobUuid, CancellationToken cancellationToken) =>
        (await ReadJobsAsync(connection.Command($"SELECT {JobColumns} WHERE j.uuid = @uuid", transaction).With("uuid", jobUuid), cancellationToken))
        .FirstOrDefault();

    private static async Task<List<JobRecord>> ReadJobsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<JobRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            jobs.Add(new JobRecord
            {
                Uuid = r.GetGuid(0),
                FolderUuid = r.GetGuid(1),
                IntegrationUuid = r.GetGuid(2),
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
                Errors = JsonSerializer.Deserialize(r.GetString(17), StorageJson.Default.ListString) ?? [],
                CreatedBy = r.GetGuidOrNull(18),
                CreatedAt = r.GetTime(19),
                StartedAt = r.GetTimeOrNull(20),
                FinishedAt = r.GetTimeOrNull(21),
                UpdatedAt = r.GetTime(22),
                // jsonb prints a space after ':' and ','; the store gives back the compact text SQLite keeps.
                WarningsJson = CanonicalJson.Canonicalize(r.GetString(23)),
            });
        }

        return jobs;
    }
}
