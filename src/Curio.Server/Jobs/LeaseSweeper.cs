using Curio.Storage;

namespace Curio.Server.Jobs;

/// <summary>Puts chunks whose worker died back in the queue, and drops submissions abandoned half-read.</summary>
internal sealed class LeaseSweeper(IStorage storage, JobSignals signals, TimeProvider time, ILogger<LeaseSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    /// <summary>How old a draft must be to count as abandoned by a submission that died (on a shared database, by another process).</summary>
    public static readonly TimeSpan AbandonedDraft = TimeSpan.FromHours(24);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = time.GetUtcNow();
                if (await storage.Jobs.RequeueExpiredAsync(now, stoppingToken) is > 0 and var requeued)
                {
                    logger.LogWarning("Requeued {Chunks} chunks whose worker stopped renewing its lease", requeued);
                    signals.WorkAvailable();
                }

                await storage.Jobs.SweepDraftsAsync(now - AbandonedDraft, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Sweeping expired leases failed; retrying in {Interval}", Interval);
            }
        }
    }
}
