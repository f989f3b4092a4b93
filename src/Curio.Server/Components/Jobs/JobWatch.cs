using Curio.Server.Jobs;

namespace Curio.Server.Components.Jobs;

/// <summary>
/// When a job view re-reads: on the server's job signals, else at a timeout (jobs run by another server on the same
/// database send no signal here). Re-reads are spaced out, since a fast job changes many times a second.
/// </summary>
internal static class JobWatch
{
    /// <summary>Longest wait while something runs.</summary>
    public static readonly TimeSpan Busy = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait while nothing runs: new jobs from another server show within this.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(400);

    public static async Task AnyAsync(JobSignals signals, TimeProvider time, bool running, CancellationToken cancellationToken)
    {
        await signals.WaitForAnyChangeAsync(running ? Busy : Idle, cancellationToken);
        await Task.Delay(MinGap, time, cancellationToken);
    }

    public static async Task OneAsync(JobSignals signals, TimeProvider time, Guid job, CancellationToken cancellationToken)
    {
        await signals.WaitForChangeAsync(job, Busy, cancellationToken);
        await Task.Delay(MinGap, time, cancellationToken);
    }
}
