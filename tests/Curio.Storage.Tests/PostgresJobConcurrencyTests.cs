using System.Collections.Concurrent;
using System.Text;
using Curio.Core.Importing;
using Curio.Core.Items;
using Curio.Storage.Jobs;
using Curio.Storage.Postgres;
using Curio.Testing;
using Npgsql;

namespace Curio.Storage.Tests;

/// <summary>
/// Two <see cref="PostgresStorage"/> instances on one database, as two server processes have, with workers in each
/// claiming and committing the chunks of two jobs that import into one folder with skip_duplicate_urls, while lease
/// sweepers in both run. Units repeat URLs within chunks, across chunks and across the jobs; some fail, some chunks are
/// released, and some are abandoned with a lapsed lease for the sweepers to put back.
/// </summary>
public sealed class PostgresJobConcurrencyTests : IAsyncLifetime
{
    private const int ChunkUnits = 100;
    private const int WorkersPerProcess = 4;

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private PostgresTestDatabase? _database;
    private PostgresStorage? _one;
    private PostgresStorage? _two;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Real time: the leases that lapse here lapse for the database's processes, not for a fake clock.</summary>
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Ct);
        _one = new PostgresStorage(_database.ConnectionString);
        _two = new PostgresStorage(_database.ConnectionString);
        await Task.WhenAll(_one.MigrateAsync(Ct), _two.MigrateAsync(Ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (_one is not null)
        {
            await _one.DisposeAsync();
        }

        if (_two is not null)
        {
            await _two.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>
    /// The unit's outcome in a job: every 50th fails, every 10th is a group of two frames, the 98th of each hundred
    /// repeats the 97th's file (a duplicate in the chunk), and <paramref name="baseOf"/> maps units to names so that
    /// some repeat across chunks and jobs.
    /// </summary>
    private static UnitOutcome Outcome(int unit, Func<int, int> baseOf)
    {
        var name = baseOf(unit % ChunkUnits == 98 ? unit - 1 : unit);
        if (unit % 50 == 49)
        {
            return new UnitFailed(unit, new UnitError(unit, "image", $"file-{name}.png", [$"file-{name}.png"], "File not found", "Check it", Guid.NewGuid()));
        }

        if (unit % 10 == 5)
        {
            string[] frames = [$"group-{name}/0.png", $"group-{name}/1.png"];
            return new UnitSucceeded(unit, Item($"group-{name}", ItemType.ImageGroup, url: null), frames.Select(f => Item(f, ItemType.Image, f)).ToList(),
                DedupKey.ForGroup(frames), false);
        }

        var url = $"file-{name}.png";
        return new UnitSucceeded(unit, Item(url, ItemType.Image, url), [], DedupKey.ForFile(url), false);
    }

    private static NewItem Item(string name, ItemType type, string? url) => new()
    {
        Uuid = Guid.CreateVersion7(),
        Type = type,
        Name = name,
        Url = url,
        Width = 10,
        Height = 10,
        MimeType = "image/png",
    };

    [Fact]
    public async Task Workers_of_two_processes_register_every_unit_once_and_no_item_twice()
    {
        var (folder, integration) = await SeedAsync();

        // Registered before: names the jobs below repeat.
        Func<int, int> earlier = u => u * 13;
        var first = await JobAsync(_one!, folder, integration, 200);
        await RunWorkersAsync([(first, earlier)], abandon: 0);

        Func<int, int> a = u => u < 2600 ? u : u - 2600;
        Func<int, int> b = u => u * 3;
        var jobA = await JobAsync(_one!, folder, integration, 3000);
        var jobB = await JobAsync(_two!, folder, integration, 1000);
        var requeued = await RunWorkersAsync([(jobA, a), (jobB, b)], abandon: 2);
        Assert.Equal(2 * 2, requeued);

        var expectedKeys = new HashSet<string>();
        foreach (var (job, baseOf, units) in new[] { (first, earlier, 200), (jobA, a, 3000), (jobB, b, 1000) })
        {
            var outcomes = Enumerable.Range(0, units).Select(u => Outcome(u, baseOf)).ToList();
            expectedKeys.UnionWith(outcomes.OfType<UnitSucceeded>().Select(s => Convert.ToHexString(s.DedupKey)));
            var record = (await _one!.Jobs.GetAsync(job, Ct))!;
            Assert.Equal(JobStatus.Done, record.Status);
            Assert.Equal((units, outcomes.OfType<UnitFailed>().Count(), 0, 0), (record.UnitsDone + record.UnitsError, record.UnitsError, record.UnitsUpdated, record.UnitsCancelled));
            Assert.Equal(record.UnitsDone, record.ItemsCreated + record.UnitsSkipped);
            Assert.Equal(record.ItemsCreated, await ScalarAsync("SELECT count(*) FROM items WHERE job_id = (SELECT id FROM jobs WHERE uuid = @job) AND parent_item_id IS NULL", job));
            Assert.Equal(record.UnitsError, await ScalarAsync("SELECT count(DISTINCT unit_index) FROM job_unit_errors WHERE job_id = (SELECT id FROM jobs WHERE uuid = @job)", job));
            Assert.Equal(record.UnitsError, await ScalarAsync("SELECT count(*) FROM job_unit_errors WHERE job_id = (SELECT id FROM jobs WHERE uuid = @job)", job));
            Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM jobs WHERE uuid = @job AND chunks_finished <> chunks_total", job));
            Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM job_chunks WHERE job_id = (SELECT id FROM jobs WHERE uuid = @job) AND (status <> 2 OR payload IS NOT NULL)", job));
        }

        // Every name once in the folder, whichever job, process and chunk registered it.
        Assert.Equal(expectedKeys.Count, await ScalarAsync("SELECT count(*) FROM items WHERE parent_item_id IS NULL"));
        Assert.Equal(expectedKeys.Count, await ScalarAsync("SELECT count(DISTINCT dedup_key) FROM items WHERE parent_item_id IS NULL"));
        Assert.Equal(expectedKeys.Count, await ScalarAsync("SELECT sum(items_created) FROM jobs"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM items WHERE pending_job_id IS NOT NULL"));

        // Groups have their two frames, in order, and know it.
        Assert.Equal(0, await ScalarAsync("""
            SELECT count(*) FROM items g
            WHERE g.item_type = 'imageGroup'
              AND (g.child_count <> 2 OR (SELECT array_agg(c.position ORDER BY c.id) FROM items c WHERE c.parent_item_id = g.id) <> '{0,1}')
            """));
        Assert.Equal(2 * await ScalarAsync("SELECT count(*) FROM items WHERE item_type = 'imageGroup'"), await ScalarAsync("SELECT count(*) FROM items WHERE parent_item_id IS NOT NULL"));
    }

    /// <summary>
    /// Runs <see cref="WorkersPerProcess"/> workers per process until the jobs end, and a lease sweeper per process. The
    /// first <paramref name="abandon"/> claims of one worker per process are left to lapse; a late commit of each must
    /// then lose. Returns how many chunks the sweepers put back, all told.
    /// </summary>
    private async Task<int> RunWorkersAsync(IReadOnlyList<(Guid Job, Func<int, int> BaseOf)> jobs, int abandon)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        var names = jobs.ToDictionary(j => j.Job, j => j.BaseOf);
        var held = new ConcurrentDictionary<(Guid, int), string>();
        var committed = new ConcurrentDictionary<(Guid, int), int>();
        var released = new ConcurrentDictionary<(Guid, int), bool>();
        var abandoned = new ConcurrentBag<ChunkLease>();
        var finished = 0;

        async Task<bool> AllEndedAsync()
        {
            foreach (var (job, _) in jobs)
            {
                if ((await _one!.Jobs.GetAsync(job, token))!.IsFinished is false)
                {
                    return false;
                }
            }

            return true;
        }

        async Task WorkAsync(PostgresStorage storage, string owner, int toAbandon)
        {
            while (true)
            {
                var abandoning = toAbandon > 0;
                var lease = await storage.Jobs.ClaimChunkAsync(owner, Now, abandoning ? TimeSpan.FromMilliseconds(1) : Lease, token);
                if (lease is null)
                {
                    if (await AllEndedAsync())
                    {
                        return;
                    }

                    await Task.Delay(10, token);
                    continue;
                }

                var key = (lease.JobUuid, lease.ChunkNo);
                Assert.Equal($"chunk {lease.ChunkNo}", Encoding.UTF8.GetString(lease.Payload));
                if (abandoning)
                {
                    // A worker that stalls: its lease lapses, and the sweepers must give the chunk to someone else. It
                    // lapses at once, so the chunk may be someone else's before this line: it is not counted as held.
                    toAbandon--;
                    abandoned.Add(lease);
                    continue;
                }

                Assert.True(held.TryAdd(key, owner), $"Chunk {lease.ChunkNo} of {lease.JobUuid} was handed to {owner} while {held.GetValueOrDefault(key)} held it.");

                await Task.Delay(Random.Shared.Next(0, 5), token);
                if (lease.ChunkNo % 7 == 3 && released.TryAdd(key, true))
                {
                    held.TryRemove(key, out _);
                    Assert.False((await storage.Jobs.ReleaseChunkAsync(lease, Now, token)).LeaseLost);
                    continue;
                }

                Assert.True(await storage.Jobs.RenewLeaseAsync(lease, Now, Lease, token));
                var outcomes = Enumerable.Range(lease.FirstUnit, lease.UnitCount).Select(u => Outcome(u, names[lease.JobUuid])).ToList();
                var result = await storage.Jobs.CommitChunkAsync(lease, outcomes, Now, token);
                Assert.False(result.LeaseLost);
                held.TryRemove(key, out _);
                committed.AddOrUpdate(key, 1, (_, n) => n + 1);
                if (result.Finished)
                {
                    Interlocked.Increment(ref finished);
                }
            }
        }

        var requeued = 0;
        async Task SweepAsync(PostgresStorage storage)
        {
            while (!await AllEndedAsync())
            {
                Interlocked.Add(ref requeued, await storage.Jobs.RequeueExpiredAsync(Now, token));
                await Task.Delay(5, token);
            }
        }

        // One failure stops everyone, rather than leaving the others to wait for jobs that cannot end.
        async Task StopOthersOnFailureAsync(Func<Task> run)
        {
            try
            {
                await run();
            }
            catch
            {
                await timeout.CancelAsync();
                throw;
            }
        }

        var tasks = new List<Task>();
        foreach (var storage in new[] { _one!, _two! })
        {
            tasks.Add(Task.Run(() => StopOthersOnFailureAsync(() => SweepAsync(storage)), token));
            for (var i = 0; i < WorkersPerProcess; i++)
            {
                var owner = $"{(storage == _one ? "one" : "two")}/{i}";
                var toAbandon = i == 0 ? abandon : 0;
                tasks.Add(Task.Run(() => StopOthersOnFailureAsync(() => WorkAsync(storage, owner, toAbandon)), token));
            }
        }

        await Task.WhenAll(tasks);

        // Each chunk committed once, by whichever worker; each job ended by exactly one commit.
        var chunks = await ScalarAsync("SELECT count(*) FROM job_chunks WHERE job_id IN (SELECT id FROM jobs WHERE uuid = ANY(@job))", jobs.Select(j => j.Job).ToArray());
        Assert.Equal(chunks, committed.Count);
        Assert.All(committed.Values, n => Assert.Equal(1, n));
        Assert.Equal(jobs.Count, finished);

        // The stalled workers come back too late: nothing of theirs is committed.
        foreach (var lease in abandoned)
        {
            var late = await _two!.Jobs.CommitChunkAsync(lease, [], Now, token);
            Assert.True(late.LeaseLost);
            Assert.False(await _one!.Jobs.RenewLeaseAsync(lease, Now, Lease, token));
        }

        return requeued;
    }

    private async Task<(Guid Folder, Guid Integration)> SeedAsync()
    {
        // Straight into the tables: these tests are about jobs, not the folder or integration stores.
        var (folder, integration) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO integrations (uuid, name, provider, settings, created_at) VALUES (@integration, 'local', 'local', '{}', now());
            INSERT INTO folders (uuid, name, created_at, last_edited_at) VALUES (@folder, 'data', now(), now());
            """, connection);
        command.Parameters.AddWithValue("integration", integration);
        command.Parameters.AddWithValue("folder", folder);
        await command.ExecuteNonQueryAsync(Ct);
        return (folder, integration);
    }

    private static async Task<Guid> JobAsync(PostgresStorage storage, Guid folder, Guid integration, int units)
    {
        var uuid = Guid.CreateVersion7();
        await storage.Jobs.CreateDraftAsync(new NewJob(uuid, folder, integration, IgnoreErrors: true, "spec.csv", "csv", null, Now), Ct);
        await storage.Jobs.SetDraftFlagsAsync(uuid, skipDuplicateUrls: true, upsertMetadata: false, Ct);
        var chunks = Enumerable.Range(0, (units + ChunkUnits - 1) / ChunkUnits)
            .Select(c => new NewChunk(c, c * ChunkUnits, Math.Min(ChunkUnits, units - (c * ChunkUnits)), Encoding.UTF8.GetBytes($"chunk {c}")))
            .ToList();
        await storage.Jobs.AppendChunksAsync(uuid, chunks, Ct);
        await storage.Jobs.PublishAsync(uuid, new PublishedSpec(units, "[]"), Now, Ct);
        return uuid;
    }

    private async Task<long> ScalarAsync(string sql, object? job = null)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        if (job is not null)
        {
            command.Parameters.AddWithValue("job", job);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
