using Curio.Server.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Curio.Server.Tests;

public sealed class JobSignalsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_waiter_wakes_on_its_job_and_only_on_its_job()
    {
        var signals = new JobSignals(TimeProvider.System);
        var (mine, other) = (Guid.NewGuid(), Guid.NewGuid());

        var wait = signals.WaitForChangeAsync(mine, TimeSpan.FromMinutes(1), Ct);
        signals.JobChanged(other);
        Assert.False(wait.IsCompleted);
        signals.JobChanged(mine);
        await wait.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task A_watcher_of_all_jobs_wakes_on_any_job_and_waits_again_after()
    {
        var signals = new JobSignals(TimeProvider.System);

        var first = signals.WaitForAnyChangeAsync(TimeSpan.FromMinutes(1), Ct);
        signals.JobChanged(Guid.NewGuid());
        await first.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        // The signal was spent: the next wait is for the next change.
        var second = signals.WaitForAnyChangeAsync(TimeSpan.FromMinutes(1), Ct);
        Assert.False(second.IsCompleted);
        signals.JobEnded(Guid.NewGuid());
        await second.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task Waiting_ends_quietly_at_the_timeout()
    {
        var time = new FakeTimeProvider();
        var signals = new JobSignals(time);

        var wait = signals.WaitForWorkAsync(TimeSpan.FromSeconds(2), Ct);
        time.Advance(TimeSpan.FromSeconds(3));

        await wait.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task A_cancel_and_an_ending_wake_heartbeats_at_once()
    {
        var signals = new JobSignals(TimeProvider.System);
        var (cancelled, ended) = (Guid.NewGuid(), Guid.NewGuid());
        var beat1 = signals.WaitForCancelAsync(cancelled, TimeSpan.FromMinutes(1), Ct);
        var beat2 = signals.WaitForCancelAsync(ended, TimeSpan.FromMinutes(1), Ct);

        signals.CancelRequested(cancelled);
        signals.JobEnded(ended);

        await Task.WhenAll(beat1, beat2).WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }
}
