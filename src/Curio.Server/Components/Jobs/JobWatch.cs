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

    /// <summary>
    /// Runs <paramref name="step"/> (which says whether a job still runs), then waits for the next change of any job,
    /// until the circuit goes away.
    /// </summary>
    public static async Task EveryChangeAsync(JobSignals signals, TimeProvider time, Func<Task<bool>> step, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await AnyAsync(signals, time, await step(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The circuit went away.
        }
    }

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
