using Curio.Storage.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace Curio.Storage.Postgres;

/// <summary>
/// Import jobs shared by every server process. A chunk's encoded units live in its row, so any process's worker can
/// claim it; a claim takes the chunk with FOR UPDATE SKIP LOCKED, so two workers never get the same one. Whatever
/// changes a job's counters or state locks the job's row first, then its chunk rows (FOR UPDATE), so concurrent
/// commits of one job add up and never deadlock against a cancel, a failure or the lease sweeper of another process.
/// </summary>
internal sealed partial class PostgresJobStore(PostgresDatabase database) : IJobStore
{
    private const string JobColumns = """
        j.uuid, f.uuid, g.uuid, j.status, j.ignore_errors, j.skip_duplicate_urls, j.upsert_metadata, j.file_name, j.format,
        j.units_total, j.units_done, j.units_error, j.units_cancelled, j.units_skipped, j.units_updated, j.items_created,
        j.cancel_requested, j.errors::text, u.uuid, j.created_at, j.started_at, j.finished_at, j.updated_at, j.warnings::text
        FROM jobs j
        JOIN folders f ON f.id = j.folder_id
        JOIN integrations g ON g.id = j.integration_id
        LEFT JOIN users u ON u.id = j.created_by
        """;

    /// <summary>
    /// Items a job registered before it could show them (its file still being read, or an all-or-nothing job not yet
    /// DONE) are invisible until the job sets items_visible.
    /// </summary>
    internal const string Visible = "(i.pending_job_id IS NULL OR EXISTS (SELECT 1 FROM jobs v WHERE v.id = i.pending_job_id AND v.items_visible))";

    public Task CreateDraftAsync(NewJob job, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
            connection.Command("""
                INSERT INTO jobs (uuid, folder_id, integration_id, status, ignore_errors, skip_duplicate_urls, upsert_metadata,
                    file_name, format, created_by, created_at, updated_at)
                VALUES (@uuid, (SELECT id FROM folders WHERE uuid = @folder), (SELECT id FROM integrations WHERE uuid = @integration),
                    'DRAFT', @ignore, false, false, @file, @format, (SELECT id FROM users WHERE uuid = @user), @now, @now)
                """, transaction)
                .With("uuid", job.Uuid).With("folder", job.FolderUuid).With("integration", job.IntegrationUuid)
                .With("ignore", job.IgnoreErrors).With("file", job.FileName).With("format", job.Format)
                .With("user", job.CreatedBy).With("now", job.CreatedAt)
                .RunOnceAsync(cancellationToken), cancellationToken);

    public Task SetDraftFlagsAsync(Guid jobUuid, bool skipDuplicateUrls, bool upsertMetadata, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
            connection.Command("UPDATE jobs SET skip_duplicate_urls = @skip, upsert_metadata = @upsert WHERE uuid = @uuid AND status = 'DRAFT'", transaction)
                .With("skip", skipDuplicateUrls).With("upsert", upsertMetadata).With("uuid", jobUuid)
                .RunOnceAsync(cancellationToken), cancellationToken);

    public Task AppendChunksAsync(Guid jobUuid, IReadOnlyList<NewChunk> chunks, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // KEY SHARE: the draft cannot be discarded under the rows, and workers committing its chunks are not held up.
            var jobId = await connection.Command("SELECT id FROM jobs WHERE uuid = @uuid AND status = 'DRAFT' FOR KEY SHARE", transaction)
                .With("uuid", jobUuid).ScalarOnceAsync(cancellationToken)
                ?? throw new InvalidOperationException($"Job {jobUuid} is not a draft: chunks can only be added while its file is read.");

            // Binary COPY: payloads go as they are, a chunk of megabytes in one row, without a statement per chunk.
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY job_chunks (job_id, chunk_no, first_unit, unit_count, payload) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var chunk in chunks)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(jobId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(chunk.ChunkNo, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(chunk.FirstUnit, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(chunk.UnitCount, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(chunk.Payload, NpgsqlDbType.Bytea, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }, cancellationToken);

    public Task<JobRecord> PublishAsync(Guid jobUuid, PublishedSpec spec, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            long id;
            bool ignoreErrors;
            await using (var find = connection.Command("SELECT id, ignore_errors FROM jobs WHERE uuid = @uuid AND status = 'DRAFT' FOR NO KEY UPDATE", transaction)
                .With("uuid", jobUuid))
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    id = 0;
                    ignoreErrors = false;
                }
                else
                {
                    (id, ignoreErrors) = (reader.GetInt64(0), reader.GetBoolean(1));
                }
            }

            if (id != 0)
            {
                await connection.Command("""
                    UPDATE jobs SET status = 'PENDING', units_total = @units, warnings = @warnings,
                        chunks_total = (SELECT count(*) FROM job_chunks WHERE job_id = jobs.id), updated_at = @now
                    WHERE id = @job
                    """, transaction)
                    .With("units", spec.UnitCount).WithJson("warnings", spec.WarningsJson).With("now", now).With("job", id)
                    .RunOnceAsync(cancellationToken);

                // What workers registered while the file was read becomes visible now, unless it waits for the job's end.
                if (ignoreErrors)
                {
                    await RevealAsync(connection, transaction, id, now, cancellationToken);
                }

                await TryFinishAsync(connection, transaction, id, now, cancellationToken);
            }

            return (await GetAsync(connection, transaction, jobUuid, cancellationToken))!;
        }, cancellationToken);

    public Task DiscardDraftAsync(Guid jobUuid, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // The job's row first: a commit of one of its chunks in another process ends before, or finds its lease gone.
            var id = await connection.Command("SELECT id FROM jobs WHERE uuid = @uuid AND status = 'DRAFT' FOR UPDATE", transaction)
                .With("uuid", jobUuid).ScalarOnceAsync(cancellationToken);
            if (id is { } jobId)
            {
                await DeleteDraftsAsync(connection, transaction, [jobId], cancellationToken);
            }
        }, cancellationToken);

    public Task<int> SweepDraftsAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // Locked in id order, so two processes sweeping at once wait for each other instead of deadlocking; the
            // second finds the rows gone (or no longer drafts) once the first commits, and skips them.
            var ids = new List<long>();
            await using (var find = connection.Command("SELECT id FROM jobs WHERE status = 'DRAFT' AND created_at < @before ORDER BY id FOR UPDATE", transaction)
                .With("before", createdBefore))
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            return ids.Count == 0 ? 0 : await DeleteDraftsAsync(connection, transaction, [.. ids], cancellationToken);
        }, cancellationToken);

    /// <summary>Deletes drafts whose rows the caller locked, with their items (before the job: the reference would only be cleared).</summary>
    private static async Task<int> DeleteDraftsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] jobIds, CancellationToken cancellationToken)
    {
        await connection.Command("DELETE FROM items WHERE job_id = ANY(@jobs)", transaction).With("jobs", jobIds).RunOnceAsync(cancellationToken);
        return await connection.Command("DELETE FROM jobs WHERE id = ANY(@jobs)", transaction).With("jobs", jobIds).RunOnceAsync(cancellationToken);
    }

    public async Task<ChunkLease?> ClaimChunkAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ChunkLease? claimed = null;
        byte[]? payload = null;
        var firstClaim = false;
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        {
            // One statement, so one transaction: the chunk is picked, locked and leased at once. A chunk another worker
            // is claiming is locked, and skipped rather than waited for. The job's row is not locked (a commit may hold
            // it for a while): it only says which job the chunk belongs to.
            await using var command = connection.Command("""
                WITH next AS (
                    SELECT c.job_id, c.chunk_no
                    FROM job_chunks c
                    JOIN jobs j ON j.id = c.job_id
                    WHERE c.status = 0 AND j.status IN ('DRAFT', 'PENDING') AND NOT j.cancel_requested
                    ORDER BY c.job_id, c.chunk_no
                    LIMIT 1
                    FOR UPDATE OF c SKIP LOCKED
                )
                UPDATE job_chunks c SET status = 1, lease_owner = @owner, lease_until = @until
                FROM next, jobs j
                JOIN folders f ON f.id = j.folder_id
                JOIN integrations g ON g.id = j.integration_id
                LEFT JOIN users u ON u.id = j.created_by
                WHERE c.job_id = next.job_id AND c.chunk_no = next.chunk_no AND j.id = c.job_id
                RETURNING c.job_id, c.chunk_no, c.first_unit, c.unit_count, c.payload, j.uuid, f.uuid, g.uuid,
                    j.ignore_errors, j.skip_duplicate_urls, j.upsert_metadata, u.uuid, j.started_at IS NULL
                """).With("owner", owner).With("until", now + lease);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            payload = reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4);
            claimed = new ChunkLease
            {
                JobId = reader.GetInt64(0),
                ChunkNo = reader.GetInt32(1),
                FirstUnit = reader.GetInt32(2),
                UnitCount = reader.GetInt32(3),
                Payload = payload ?? [],
                JobUuid = reader.GetGuid(5),
                FolderUuid = reader.GetGuid(6),
                IntegrationUuid = reader.GetGuid(7),
                IgnoreErrors = reader.GetBoolean(8),
                SkipDuplicateUrls = reader.GetBoolean(9),
                UpsertMetadata = reader.GetBoolean(10),
                CreatedBy = reader.GetGuidOrNull(11),
                Owner = owner,
            };
            firstClaim = reader.GetBoolean(12);
        }

        if (firstClaim)
        {
            // After the claim, in a transaction of its own: waiting for the job's row while holding the chunk could
            // deadlock against a cancel, which locks the job, then its chunks.
            await database.WriteAsync((connection, transaction) => connection.Command(
                "UPDATE jobs SET started_at = @now, updated_at = @now WHERE id = @job AND started_at IS NULL", transaction)
                .With("now", now).With("job", claimed.JobId).RunOnceAsync(cancellationToken), cancellationToken);
        }

        if (payload is null)
        {
            // Chunks are written with their units, and the units are dropped only when the chunk is finished: a job
            // whose units are gone anyway cannot go on.
            await FailAsync(claimed.JobUuid, "The stored units of this job are missing; submit the upload file again.", now, cancellationToken);
            return null;
        }

        return claimed;
    }

    public async Task<bool> RenewLeaseAsync(ChunkLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        // Only the chunk's row is locked, so this never waits for a commit that holds the job's row.
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.Command("""
            UPDATE job_chunks c SET lease_until = @until
            FROM jobs j
            WHERE c.job_id = @job AND c.chunk_no = @no AND c.status = 1 AND c.lease_owner = @owner
              AND j.id = c.job_id AND NOT j.cancel_requested
            """).With("until", now + duration).With("job", lease.JobId).With("no", lease.ChunkNo).With("owner", lease.Owner)
            .RunOnceAsync(cancellationToken) == 1;
    }

    public Task<CommitResult> CommitChunkAsync(ChunkLease lease, IReadOnlyList<UnitOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (await LockAsync(connection, transaction, lease, folderLock: lease.SkipDuplicateUrls, cancellationToken, schemaLock: true) is not { } job)
            {
                return new CommitResult(LeaseLost: true, Finished: false, Job: null);
            }

            var writer = new PostgresChunkWriter(connection, transaction, lease, job, now);
            var counts = await writer.ApplyAsync(outcomes, cancellationToken);
            await connection.Command("""
                UPDATE jobs SET units_done = units_done + @done, units_error = units_error + @error, units_skipped = units_skipped + @skipped,
                    units_updated = units_updated + @updated, items_created = items_created + @created,
                    chunks_finished = chunks_finished + 1, updated_at = @now
                WHERE id = @job;
                UPDATE job_chunks SET status = 2, lease_owner = NULL, lease_until = NULL, payload = NULL WHERE job_id = @job AND chunk_no = @no;
                """, transaction)
                .With("done", counts.Done).With("error", counts.Error).With("skipped", counts.Skipped).With("updated", counts.Updated)
                .With("created", counts.Created).With("now", now).With("job", lease.JobId).With("no", lease.ChunkNo)
                .RunOnceAsync(cancellationToken);
            var finished = await TryFinishAsync(connection, transaction, lease.JobId, now, cancellationToken);
            return new CommitResult(false, finished, await GetAsync(connection, transaction, lease.JobUuid, cancellationToken));
        }, cancellationToken);

    public Task<CommitResult> ReleaseChunkAsync(ChunkLease lease, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (await LockAsync(connection, transaction, lease, folderLock: false, cancellationToken) is not { } job)
            {
                return new CommitResult(LeaseLost: true, Finished: false, Job: null);
            }

            // Back to the queue, or, when the job is being cancelled, counted as cancelled: that may end the job.
            await ReleaseAsync(connection, transaction, lease.JobId, [lease.ChunkNo], job.CancelRequested, now, cancellationToken);
            var finished = job.CancelRequested && await TryFinishAsync(connection, transaction, lease.JobId, now, cancellationToken);
            return new CommitResult(false, finished, await GetAsync(connection, transaction, lease.JobUuid, cancellationToken));
        }, cancellationToken);

    public async Task<int> RequeueExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Every process runs this: a chunk counts for the one whose transaction moved it, once the job's row and the
        // chunk's are locked and the lease is seen still expired (not renewed, nor requeued and claimed again since).
        var jobs = new List<long>();
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var find = connection.Command("SELECT DISTINCT job_id FROM job_chunks WHERE status = 1 AND lease_until < @now ORDER BY job_id")
            .With("now", now))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                jobs.Add(reader.GetInt64(0));
            }
        }

        var count = 0;
        foreach (var jobId in jobs)
        {
            // A transaction per job: locks held briefly, and one job's trouble does not hold the others back.
            count += await database.WriteAsync(async (connection, transaction) =>
            {
                var cancelling = await connection.Command("SELECT cancel_requested::int FROM jobs WHERE id = @job FOR NO KEY UPDATE", transaction)
                    .With("job", jobId).ScalarOnceAsync(cancellationToken);
                if (cancelling is null)
                {
                    return 0;
                }

                var chunks = new List<int>();
                await using (var find = connection.Command("""
                    SELECT chunk_no FROM job_chunks WHERE job_id = @job AND status = 1 AND lease_until < @now ORDER BY chunk_no FOR UPDATE
                    """, transaction).With("job", jobId).With("now", now))
                await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        chunks.Add(reader.GetInt32(0));
                    }
                }

                if (chunks.Count > 0)
                {
                    await ReleaseAsync(connection, transaction, jobId, [.. chunks], cancelling == 1, now, cancellationToken);
                    if (cancelling == 1)
                    {
                        await TryFinishAsync(connection, transaction, jobId, now, cancellationToken);
                    }
                }

                return chunks.Count;
            }, cancellationToken);
        }

        return count;
    }

    /// <summary>What a commit needs of the job, read under the lock on its row.</summary>
    internal sealed record LockedJob(long FolderId, long IntegrationId, long? OwnerId, int UnitsError, bool IsDraft, bool CancelRequested);

    /// <summary>
    /// Locks the job's row, then the chunk's (the order every writer of a job takes), and checks the lease is still
    /// <paramref name="lease"/>'s; with <paramref name="folderLock"/>, then takes the folder's duplicate-check lock.
    /// Null when the lease was lost (expired and taken by another worker, cancelled, or its draft discarded).
    /// </summary>
    private static async Task<LockedJob?> LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ChunkLease lease, bool folderLock, CancellationToken cancellationToken, bool schemaLock = false)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(BatchCommand(
            "SELECT folder_id, integration_id, created_by, units_error, status = 'DRAFT', cancel_requested FROM jobs WHERE id = @job FOR NO KEY UPDATE",
            ("job", lease.JobId)));
        batch.BatchCommands.Add(BatchCommand(
            "SELECT count(*) FROM (SELECT 1 FROM job_chunks WHERE job_id = @job AND chunk_no = @no AND status = 1 AND lease_owner = @owner FOR UPDATE) c",
            ("job", lease.JobId), ("no", lease.ChunkNo), ("owner", lease.Owner)));
        if (schemaLock)
        {
            // Before any item row (PostgresMetadataIndex.OpenAsync): a schema re-check locks the schema, then items, so
            // every writer takes them in that order too.
            batch.BatchCommands.Add(BatchCommand("SELECT 1 FROM metadata_schema WHERE id = 1 FOR KEY SHARE"));
        }

        if (folderLock)
        {
            // skip_duplicate_urls: the check for an item and its insertion are one step for the folder, whichever process
            // commits into it. Held to the end of the transaction, after the rows above (so never before them).
            batch.BatchCommands.Add(BatchCommand(
                "SELECT pg_advisory_xact_lock(@class, hashint8(folder_id)) FROM jobs WHERE id = @job",
                ("class", PostgresChunkWriter.FolderLockClass), ("job", lease.JobId)));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        LockedJob? job = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            job = new LockedJob(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64OrNull(2), reader.GetInt32(3), reader.GetBoolean(4), reader.GetBoolean(5));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var held = reader.GetInt64(0) == 1;
        while (await reader.NextResultAsync(cancellationToken))
        {
        }

        return held ? job : null;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>
    /// Chunks (held, their job's row locked) leave their worker: cancelled when the job is being cancelled, otherwise
    /// back to the queue with their units. Returns how many moved.
    /// </summary>
    private static Task<int> ReleaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long jobId, int[] chunkNos, bool cancelling,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        cancelling
            ? connection.Command("""
                WITH gone AS (
                    UPDATE job_chunks SET status = 3, lease_owner = NULL, lease_until = NULL, payload = NULL
                    WHERE job_id = @job AND chunk_no = ANY(@nos)
                    RETURNING unit_count
                )
                UPDATE jobs SET units_cancelled = units_cancelled + (SELECT coalesce(sum(unit_count), 0) FROM gone),
                    chunks_finished = chunks_finished + (SELECT count(*) FROM gone), updated_at = @now
                WHERE id = @job
                """, transaction).With("job", jobId).With("nos", chunkNos).With("now", now).RunOnceAsync(cancellationToken)
            : connection.Command(
                "UPDATE job_chunks SET status = 0, lease_owner = NULL, lease_until = NULL WHERE job_id = @job AND chunk_no = ANY(@nos)", transaction)
                .With("job", jobId).With("nos", chunkNos).RunOnceAsync(cancellationToken);
}
