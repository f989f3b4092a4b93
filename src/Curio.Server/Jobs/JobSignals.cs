using System.Collections.Concurrent;

namespace Curio.Server.Jobs;

/// <summary>
/// In-process wake-ups: workers wake when a job is submitted, long polls wake when their job changes. They only
/// shorten waits; every waiter also re-reads the database on a timeout, so a missed signal costs a second, not a result.
/// </summary>
public sealed class JobSignals(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _jobs = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _cancels = new();
    private TaskCompletionSource _work = New();
    private TaskCompletionSource _any = New();

    public void WorkAvailable() => Interlocked.Exchange(ref _work, New()).TrySetResult();

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(Volatile.Read(ref _work).Task, timeout, cancellationToken);

    public void JobChanged(Guid job)
    {
        Interlocked.Exchange(ref _any, New()).TrySetResult();
        if (_jobs.TryRemove(job, out var waiters))
        {
            waiters.TrySetResult();
        }
    }

    public Task WaitForChangeAsync(Guid job, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(_jobs.GetOrAdd(job, _ => New()).Task, timeout, cancellationToken);

    /// <summary>Wakes on any job's change (published, progressed, ended, cancel asked), for views that list several jobs.</summary>
    public Task WaitForAnyChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(Volatile.Read(ref _any).Task, timeout, cancellationToken);

    /// <summary>A cancel reaches this process's workers at once, not at their next lease renewal.</summary>
    public void CancelRequested(Guid job)
    {
        JobChanged(job);
        if (_cancels.TryRemove(job, out var waiters))
        {
            waiters.TrySetResult();
        }
    }

    /// <summary>Wakes whoever still waits on a job that ended, and forgets it: a long-running server sees many jobs.</summary>
    public void JobEnded(Guid job)
    {
        JobChanged(job);
        if (_cancels.TryRemove(job, out var waiters))
        {
            waiters.TrySetResult();
        }
    }

    public Task WaitForCancelAsync(Guid job, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(_cancels.GetOrAdd(job, _ => New()).Task, timeout, cancellationToken);

    private async Task WaitAsync(Task signal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await signal.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Waking without a signal is part of the contract.
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
