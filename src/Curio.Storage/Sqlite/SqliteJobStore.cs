using System.Text.Json;
using Curio.Storage.Jobs;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

internal sealed partial class SqliteJobStore(SqliteDatabase database, ChunkPayloadFiles payloads) : IJobStore
{
    private const string JobColumns = """
        j.uuid, f.uuid, g.uuid, j.status, j.ignore_errors, j.skip_duplicate_urls, j.upsert_metadata, j.file_name, j.format,
        j.units_total, j.units_done, j.units_error, j.units_cancelled, j.units_skipped, j.units_updated, j.items_created,
        j.cancel_requested, j.errors, u.uuid, j.created_at, j.started_at, j.finished_at, j.updated_at, j.warnings
        FROM jobs j
        JOIN folders f ON f.id = j.folder_id
        JOIN integrations g ON g.id = j.integration_id
        LEFT JOIN users u ON u.id = j.created_by
        """;

    private const int Pending = 0, Leased = 1, Done = 2, Cancelled = 3;

    public Task CreateDraftAsync(NewJob job, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
            connection.Command("""
                INSERT INTO jobs (uuid, folder_id, integration_id, status, ignore_errors, skip_duplicate_urls, upsert_metadata,
                    file_name, format, created_by, created_at, updated_at)
                VALUES ($uuid, (SELECT id FROM folders WHERE uuid = $folder), (SELECT id FROM integrations WHERE uuid = $integration),
                    'DRAFT', $ignore, 0, 0, $file, $format, (SELECT id FROM users WHERE uuid = $user), $now, $now)
                """, transaction)
                .With("$uuid", job.Uuid).With("$folder", job.FolderUuid).With("$integration", job.IntegrationUuid)
                .With("$ignore", job.IgnoreErrors).With("$file", job.FileName).With("$format", job.Format)
                .With("$user", job.CreatedBy).With("$now", job.CreatedAt)
                .RunOnceAsync(cancellationToken), cancellationToken);

    public Task SetDraftFlagsAsync(Guid jobUuid, bool skipDuplicateUrls, bool upsertMetadata, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
            connection.Command("UPDATE jobs SET skip_duplicate_urls = $skip, upsert_metadata = $upsert WHERE uuid = $uuid AND status = 'DRAFT'", transaction)
                .With("$skip", skipDuplicateUrls).With("$upsert", upsertMetadata).With("$uuid", jobUuid)
                .RunOnceAsync(cancellationToken), cancellationToken);

    public async Task AppendChunksAsync(Guid jobUuid, IReadOnlyList<NewChunk> chunks, CancellationToken cancellationToken)
    {
        // The file first: a chunk row never points at bytes that are not there (bytes without a row are ignored).
        var offsets = await payloads.AppendAsync(jobUuid, chunks.Select(c => c.Payload).ToList(), cancellationToken);
        await database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = connection.Command("""
                INSERT INTO job_chunks (job_id, chunk_no, first_unit, unit_count, payload_offset, payload_length)
                VALUES ((SELECT id FROM jobs WHERE uuid = $job AND status = 'DRAFT'), $no, $first, $count, $offset, $length)
                """, transaction).With("$job", jobUuid).With("$no", 0).With("$first", 0).With("$count", 0).With("$offset", 0).With("$length", 0);
            for (var i = 0; i < chunks.Count; i++)
            {
                command.Set("$no", chunks[i].ChunkNo);
                command.Set("$first", chunks[i].FirstUnit);
                command.Set("$count", chunks[i].UnitCount);
                command.Set("$offset", offsets[i]);
                command.Set("$length", chunks[i].Payload.Length);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);
    }

    public async Task<JobRecord> PublishAsync(Guid jobUuid, PublishedSpec spec, DateTimeOffset now, CancellationToken cancellationToken)
    {
        payloads.FlushToDisk(jobUuid);
        var job = await database.WriteAsync(async (connection, transaction) =>
        {
            var jobId = await connection.Command("SELECT id FROM jobs WHERE uuid = $uuid AND status = 'DRAFT'", transaction)
                .With("$uuid", jobUuid).ScalarOnceAsync(cancellationToken);
            if (jobId is { } id)
            {
                await connection.Command("""
                    UPDATE jobs SET status = 'PENDING', units_total = $units, warnings = $warnings,
                        chunks_total = (SELECT count(*) FROM job_chunks WHERE job_id = jobs.id), updated_at = $now
                    WHERE id = $job
                    """, transaction)
                    .With("$units", spec.UnitCount).With("$warnings", spec.WarningsJson).With("$now", now).With("$job", id)
                    .RunOnceAsync(cancellationToken);

                // What workers registered while the file was read becomes visible now, unless it waits for the job's end.
                if (await connection.Command("SELECT ignore_errors FROM jobs WHERE id = $job", transaction).With("$job", id).ScalarOnceAsync(cancellationToken) == 1)
                {
                    await RevealAsync(connection, transaction, id, now, cancellationToken);
                }

                await TryFinishAsync(connection, transaction, id, now, cancellationToken);
            }

            return (await GetAsync(connection, transaction, jobUuid, cancellationToken))!;
        }, cancellationToken);
        DeleteIfEnded(job);
        return job;
    }

    public async Task DiscardDraftAsync(Guid jobUuid, CancellationToken cancellationToken)
    {
        await database.WriteAsync(async (connection, transaction) =>
        {
            // Items first: their job reference would otherwise only be cleared, leaving them invisible for ever.
            await connection.Command("DELETE FROM items WHERE job_id = (SELECT id FROM jobs WHERE uuid = $uuid AND status = 'DRAFT')", transaction)
                .With("$uuid", jobUuid).RunOnceAsync(cancellationToken);
            await connection.Command("DELETE FROM jobs WHERE uuid = $uuid AND status = 'DRAFT'", transaction).With("$uuid", jobUuid)
                .RunOnceAsync(cancellationToken);
        }, cancellationToken);
        payloads.Delete(jobUuid);
    }

    public async Task<int> SweepDraftsAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        var swept = await database.WriteAsync(async (connection, transaction) =>
        {
            await connection.Command("DELETE FROM items WHERE job_id IN (SELECT id FROM jobs WHERE status = 'DRAFT' AND created_at < $before)", transaction)
                .With("$before", createdBefore).RunOnceAsync(cancellationToken);
            return await connection.Command("DELETE FROM jobs WHERE status = 'DRAFT' AND created_at < $before", transaction).With("$before", createdBefore)
                .RunOnceAsync(cancellationToken);
        }, cancellationToken);

        // Files of swept drafts, and of jobs whose end (or folder's deletion) came before a crash could delete them.
        await payloads.DeleteOrphansAsync(IsOpenAsync, cancellationToken);
        return swept;
    }

    private Task<bool> IsOpenAsync(Guid jobUuid, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection => await connection.Command("SELECT count(*) FROM jobs WHERE uuid = $uuid AND status IN ('DRAFT', 'PENDING')")
            .With("$uuid", jobUuid).ScalarOnceAsync(cancellationToken) > 0, cancellationToken);

    /// <summary>A job's chunk file goes when the job ends; the database says so first.</summary>
    private void DeleteIfEnded(JobRecord? job)
    {
        if (job is { IsFinished: true })
        {
            payloads.Delete(job.Uuid);
        }
    }

    public async Task<ChunkLease?> ClaimChunkAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claim = await database.WriteAsync(async (connection, transaction) =>
        {
            ChunkLease? claimed;
            long offset;
            int length;
            await using (var command = connection.Command("""
                SELECT c.job_id, c.chunk_no, c.first_unit, c.unit_count, c.payload_offset, j.uuid, f.uuid, g.uuid,
                       j.ignore_errors, j.skip_duplicate_urls, j.upsert_metadata, u.uuid, c.payload_length
                FROM job_chunks c
                JOIN jobs j ON j.id = c.job_id
                JOIN folders f ON f.id = j.folder_id
                JOIN integrations g ON g.id = j.integration_id
                LEFT JOIN users u ON u.id = j.created_by
                WHERE c.status = 0 AND j.status IN ('DRAFT', 'PENDING') AND j.cancel_requested = 0
                ORDER BY c.job_id, c.chunk_no
                LIMIT 1
                """, transaction))
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return default((ChunkLease Lease, long Offset, int Length)?);
                }

                (offset, length) = (reader.GetInt64(4), reader.GetInt32(12));
                claimed = new ChunkLease
                {
                    JobId = reader.GetInt64(0),
                    ChunkNo = reader.GetInt32(1),
                    FirstUnit = reader.GetInt32(2),
                    UnitCount = reader.GetInt32(3),
                    Payload = [],
                    JobUuid = reader.GetUuid(5),
                    FolderUuid = reader.GetUuid(6),
                    IntegrationUuid = reader.GetUuid(7),
                    IgnoreErrors = reader.GetBoolean(8),
                    SkipDuplicateUrls = reader.GetBoolean(9),
                    UpsertMetadata = reader.GetBoolean(10),
                    CreatedBy = reader.GetUuidOrNull(11),
                    Owner = owner,
                };
            }

            await connection.Command("""
                UPDATE job_chunks SET status = 1, lease_owner = $owner, lease_until = $until WHERE job_id = $job AND chunk_no = $no;
                UPDATE jobs SET started_at = coalesce(started_at, $now), updated_at = $now WHERE id = $job;
                """, transaction)
                .With("$owner", owner).With("$until", now + lease).With("$job", claimed.JobId).With("$no", claimed.ChunkNo).With("$now", now)
                .RunOnceAsync(cancellationToken);
            return (claimed, offset, length);
        }, cancellationToken);

        if (claim is not { } c)
        {
            return null;
        }

        // Read outside the write lock: the chunk is ours now.
        try
        {
            return c.Lease with { Payload = payloads.Read(c.Lease.JobUuid, c.Offset, c.Length) };
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            // The job ended in between (a failure cancels even held chunks and removes the file), or the file was lost:
            // either way this chunk cannot be worked on, and a job whose units are gone cannot go on.
            await FailAsync(c.Lease.JobUuid, "The stored units of this job are missing; submit the upload file again.", now, cancellationToken);
            return null;
        }
    }

    public Task<bool> RenewLeaseAsync(ChunkLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.Command("""
                UPDATE job_chunks SET lease_until = $until
                WHERE job_id = $job AND chunk_no = $no AND status = 1 AND lease_owner = $owner
                  AND (SELECT cancel_requested FROM jobs WHERE id = $job) = 0
                """, transaction)
                .With("$until", now + duration).With("$job", lease.JobId).With("$no", lease.ChunkNo).With("$owner", lease.Owner)
                .RunOnceAsync(cancellationToken) == 1, cancellationToken);

    public async Task<CommitResult> CommitChunkAsync(ChunkLease lease, IReadOnlyList<UnitOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async (connection, transaction) =>
        {
            if (!await HoldsAsync(connection, transaction, lease, cancellationToken))
            {
                return new CommitResult(LeaseLost: true, Finished: false, Job: null);
            }

            SqliteChunkWriter.Counts counts;
            await using (var index = await SqliteMetadataIndex.OpenAsync(connection, transaction, cancellationToken))
            await using (var writer = new SqliteChunkWriter(connection, transaction, lease, await ContextAsync(connection, transaction, lease.JobId, cancellationToken), index, now))
            {
                counts = await writer.ApplyAsync(outcomes, cancellationToken);
            }

            await connection.Command("""
                UPDATE jobs SET units_done = units_done + $done, units_error = units_error + $error, units_skipped = units_skipped + $skipped,
                    units_updated = units_updated + $updated, items_created = items_created + $created,
                    chunks_finished = chunks_finished + 1, updated_at = $now
                WHERE id = $job;
                UPDATE job_chunks SET status = 2, lease_owner = NULL, lease_until = NULL WHERE job_id = $job AND chunk_no = $no;
                """, transaction)
                .With("$done", counts.Done).With("$error", counts.Error).With("$skipped", counts.Skipped).With("$updated", counts.Updated)
                .With("$created", counts.Created).With("$now", now).With("$job", lease.JobId).With("$no", lease.ChunkNo)
                .RunOnceAsync(cancellationToken);
            var finished = await TryFinishAsync(connection, transaction, lease.JobId, now, cancellationToken);
            return new CommitResult(false, finished, await GetAsync(connection, transaction, lease.JobUuid, cancellationToken));
        }, cancellationToken);
        DeleteIfEnded(result.Job);
        return result;
    }

    public async Task<CommitResult> ReleaseChunkAsync(ChunkLease lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async (connection, transaction) =>
        {
            if (!await HoldsAsync(connection, transaction, lease, cancellationToken))
            {
                return new CommitResult(LeaseLost: true, Finished: false, Job: null);
            }

            var finished = await ReleaseAsync(connection, transaction, lease.JobId, lease.ChunkNo, now, cancellationToken);
            return new CommitResult(false, finished, await GetAsync(connection, transaction, lease.JobUuid, cancellationToken));
        }, cancellationToken);
        DeleteIfEnded(result.Job);
        return result;
    }

    public async Task<int> RequeueExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (count, ended) = await database.WriteAsync(async (connection, transaction) =>
        {
            var expired = new List<(long Job, int Chunk, Guid Uuid)>();
            await using (var command = connection.Command("""
                SELECT c.job_id, c.chunk_no, j.uuid FROM job_chunks c JOIN jobs j ON j.id = c.job_id WHERE c.status = 1 AND c.lease_until < $now
                """, transaction).With("$now", now))
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    expired.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetUuid(2)));
                }
            }

            var ended = new List<Guid>();
            foreach (var (job, chunk, uuid) in expired)
            {
                if (await ReleaseAsync(connection, transaction, job, chunk, now, cancellationToken))
                {
                    ended.Add(uuid);
                }
            }

            return (expired.Count, ended);
        }, cancellationToken);
        ended.ForEach(payloads.Delete);
        return count;
    }

    private static async Task<bool> HoldsAsync(SqliteConnection connection, SqliteTransaction transaction, ChunkLease lease, CancellationToken cancellationToken) =>
        await connection.Command("SELECT count(*) FROM job_chunks WHERE job_id = $job AND chunk_no = $no AND status = 1 AND lease_owner = $owner", transaction)
            .With("$job", lease.JobId).With("$no", lease.ChunkNo).With("$owner", lease.Owner).ScalarOnceAsync(cancellationToken) == 1;

    private static async Task<SqliteChunkWriter.JobContext> ContextAsync(SqliteConnection connection, SqliteTransaction transaction, long jobId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT folder_id, integration_id, created_by, units_error, status FROM jobs WHERE id = $job", transaction)
            .With("$job", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SqliteChunkWriter.JobContext(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64OrNull(2), reader.GetInt32(3), reader.GetString(4) == "DRAFT");
    }

    /// <summary>A chunk leaves its worker: cancelled when its job is being cancelled, otherwise back to the queue.</summary>
    private static async Task<bool> ReleaseAsync(SqliteConnection connection, SqliteTransaction transaction, long jobId, int chunkNo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cancelling = await connection.Command("SELECT cancel_requested FROM jobs WHERE id = $job", transaction).With("$job", jobId)
            .ScalarOnceAsync(cancellationToken) == 1;
        if (!cancelling)
        {
            await connection.Command("UPDATE job_chunks SET status = 0, lease_owner = NULL, lease_until = NULL WHERE job_id = $job AND chunk_no = $no", transaction)
                .With("$job", jobId).With("$no", chunkNo).RunOnceAsync(cancellationToken);
            return false;
        }

        await connection.Command("""
            UPDATE jobs SET units_cancelled = units_cancelled + (SELECT unit_count FROM job_chunks WHERE job_id = $job AND chunk_no = $no),
                chunks_finished = chunks_finished + 1, updated_at = $now
            WHERE id = $job;
            UPDATE job_chunks SET status = 3, lease_owner = NULL, lease_until = NULL WHERE job_id = $job AND chunk_no = $no;
            """, transaction).With("$job", jobId).With("$no", chunkNo).With("$now", now).RunOnceAsync(cancellationToken);
        return await TryFinishAsync(connection, transaction, jobId, now, cancellationToken);
    }

    private static List<string> ParseErrors(string json) =>
        JsonSerializer.Deserialize(json, StorageJson.Default.ListString) ?? [];
}
