using System.Collections.Concurrent;
using Curio.Server.Hosting;
using Curio.Storage;
using Curio.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Curio.Server.Jobs;

/// <summary>
/// Claims chunks of import jobs and processes them, <c>Curio:Import:Workers</c> at a time. A chunk is held under a
/// lease that a heartbeat renews; losing it (a cancel, or this process stalling past the lease) stops the work, and
/// a chunk interrupted by shutdown goes back to the queue with nothing of it committed.
/// </summary>
internal sealed class ImportWorker(
    IStorage storage, ChunkProcessor processor, JobSignals signals, ImportPacer pacer,
    IOptions<CurioOptions> options, TimeProvider time, ILogger<ImportWorker> logger) : BackgroundService
{
    private const int MaxAttempts = 3;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<(long Job, int Chunk), int> _attempts = new();

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.Import.LeaseSeconds);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Import.Workers).Select(i => Task.Run(() => RunAsync($"{_owner}/{i}", stoppingToken), stoppingToken)));

    private async Task RunAsync(string owner, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var lease = await storage.Jobs.ClaimChunkAsync(owner, time.GetUtcNow(), Lease, stoppingToken);
                if (lease is null)
                {
                    await signals.WaitForWorkAsync(IdlePoll, stoppingToken);
                    continue;
                }

                await WorkAsync(lease, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (StorageFaults.Unavailable(ex) is { } reason)
                {
                    logger.LogWarning("Import worker {Owner} waits for the database: {Reason}", owner, reason);
                }
                else
                {
                    logger.LogError(ex, "Import worker {Owner} failed to reach the database; retrying", owner);
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task WorkAsync(ChunkLease lease, CancellationToken stoppingToken)
    {
        using var chunk = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var beat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(lease, chunk, beat.Token);
        try
        {
            await pacer.WaitAsync(lease.UnitCount, chunk.Token);
            var outcomes = await processor.ProcessAsync(lease, chunk.Token);
            await StopAsync(beat, heartbeat);

            // The commit is short and atomic; letting shutdown interrupt it would only waste the work.
            var result = await storage.Jobs.CommitChunkAsync(lease, outcomes, time.GetUtcNow(), CancellationToken.None);
            _attempts.TryRemove((lease.JobId, lease.ChunkNo), out _);
            if (result.Finished)
            {
                signals.JobEnded(lease.JobUuid);
                logger.LogInformation("Import {Job} ended {Status}: {Done} done, {Errors} failed, {Cancelled} cancelled",
                    lease.JobUuid, result.Job!.Status, result.Job.UnitsDone, result.Job.UnitsError, result.Job.UnitsCancelled);
            }
        }
        catch (OperationCanceledException) when (chunk.IsCancellationRequested)
        {
            // Shutdown puts the chunk back in the queue; a cancel counts its units as cancelled.
            await StopAsync(beat, heartbeat);
            if ((await storage.Jobs.ReleaseChunkAsync(lease, time.GetUtcNow(), CancellationToken.None)).Finished)
            {
                signals.JobEnded(lease.JobUuid);
            }
        }
        catch (JobFailedException ex)
        {
            await StopAsync(beat, heartbeat);
            logger.LogWarning("Import {Job} failed: {Reason}", lease.JobUuid, ex.Message);
            await storage.Jobs.FailAsync(lease.JobUuid, ex.Message, time.GetUtcNow(), CancellationToken.None);
            signals.JobEnded(lease.JobUuid);
        }
        catch (Exception ex) when (StorageFaults.Unavailable(ex) is { } reason)
        {
            // Not the chunk's fault: it is not counted against it, and goes back to the queue for when the database is back.
            await StopAsync(beat, heartbeat);
            logger.LogWarning("Chunk {Chunk} of import {Job} goes back to the queue: {Reason}", lease.ChunkNo, lease.JobUuid, reason);
            try
            {
                await storage.Jobs.ReleaseChunkAsync(lease, time.GetUtcNow(), CancellationToken.None);
            }
            catch (Exception again) when (StorageFaults.Unavailable(again) is not null)
            {
                // Its lease lapses instead, and a sweeper (of this process or another) requeues it.
            }

            throw;
        }
        catch (Exception ex)
        {
            await StopAsync(beat, heartbeat);
            var attempt = _attempts.AddOrUpdate((lease.JobId, lease.ChunkNo), 1, (_, n) => n + 1);
            logger.LogError(ex, "Chunk {Chunk} of import {Job} failed (attempt {Attempt} of {Max})", lease.ChunkNo, lease.JobUuid, attempt, MaxAttempts);
            if (attempt < MaxAttempts)
            {
                await storage.Jobs.ReleaseChunkAsync(lease, time.GetUtcNow(), CancellationToken.None);
            }
            else
            {
                _attempts.TryRemove((lease.JobId, lease.ChunkNo), out _);
                await storage.Jobs.FailAsync(lease.JobUuid,
                    $"Units {lease.FirstUnit} to {lease.FirstUnit + lease.UnitCount - 1} could not be processed ({ex.GetType().Name}: {ex.Message}); the server log has the details.",
                    time.GetUtcNow(), CancellationToken.None);
                signals.JobEnded(lease.JobUuid);
            }
        }
        finally
        {
            signals.JobChanged(lease.JobUuid);
        }
    }

    /// <summary>Renews the lease a third of the way through it; stops the work when the lease is lost or the job is cancelled.</summary>
    private async Task HeartbeatAsync(ChunkLease lease, CancellationTokenSource chunk, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await signals.WaitForCancelAsync(lease.JobUuid, Lease / 3, stop);
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                if (!await storage.Jobs.RenewLeaseAsync(lease, time.GetUtcNow(), Lease, stop))
                {
                    await chunk.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The lease may still hold; if it lapses, the commit finds out and the chunk is redone elsewhere.
            logger.LogWarning(ex, "Renewing the lease of chunk {Chunk} of import {Job} failed", lease.ChunkNo, lease.JobUuid);
        }
    }

    private static async Task StopAsync(CancellationTokenSource beat, Task heartbeat)
    {
        await beat.CancelAsync();
        await heartbeat;
    }
}
