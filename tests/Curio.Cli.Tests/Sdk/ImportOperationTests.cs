using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Sdk;

public sealed class ImportOperationTests : SdkTestBase
{
    private static readonly Guid JobId = Guid.Parse("0192e0c4-8d0b-7c3e-9a55-2f0c2b1d4e6f");

    [Fact]
    public async Task Without_progress_the_wait_long_polls_until_the_job_ends()
    {
        // Given
        Handler.RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Pending, 10, 3), CurioJsonContext.Default.ImportJob)
            .RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Pending, 10, 8), CurioJsonContext.Default.ImportJob)
            .RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Done, 10, 10), CurioJsonContext.Default.ImportJob);
        var operation = new ImportOperation(Client(), JobId);

        // When
        var job = await operation.WaitForCompletionAsync(cancellationToken: Ct);

        // Then
        Assert.Equal((JobStatus.Done, 10), (job.Status, job.UnitsDoneCount));
        Assert.True(operation.HasCompleted);
        Assert.Same(job, operation.Value);
        Assert.All(Handler.Requests, r => Assert.Equal($"/api/v1/jobs/{JobId}?waitSeconds=30", r.PathAndQuery));
        Assert.Equal(3, Handler.Requests.Count);
    }

    [Fact]
    public async Task With_progress_the_wait_short_polls_and_reports_every_state()
    {
        // Given
        Handler.RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Pending, 4, 1), CurioJsonContext.Default.ImportJob)
            .RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Error, 4, 3, 1), CurioJsonContext.Default.ImportJob);
        var reported = new List<(JobStatus, int)>();

        // When
        var job = await new ImportOperation(Client(), JobId).WaitForCompletionAsync(
            TimeSpan.FromMilliseconds(1), new SyncProgress(j => reported.Add((j.Status, j.UnitsDoneCount))), Ct);

        // Then
        Assert.Equal(JobStatus.Error, job.Status);
        Assert.Equal([(JobStatus.Pending, 1), (JobStatus.Error, 3)], reported);
        Assert.All(Handler.Requests, r => Assert.Equal($"/api/v1/jobs/{JobId}", r.PathAndQuery));
    }

    [Fact]
    public async Task A_resumed_operation_knows_nothing_until_updated()
    {
        // Given
        Handler.RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Cancelled, 4, 1, 0, 3), CurioJsonContext.Default.ImportJob);
        var operation = new ImportOperation(Client(), JobId);
        Assert.Equal((JobId, null, false), (operation.Id, operation.Value, operation.HasCompleted));

        // When
        var job = await operation.UpdateStatusAsync(Ct);

        // Then
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.True(operation.HasCompleted);
        Assert.Same(job, await operation.WaitForCompletionAsync(cancellationToken: Ct));
        Assert.Single(Handler.Requests);
    }

    [Fact]
    public async Task Cancelling_the_wait_stops_waiting()
    {
        // Given
        using var stop = new CancellationTokenSource();
        Handler.Respond(async r => { await stop.CancelAsync(); await Task.Delay(Timeout.Infinite, stop.Token); return null!; });

        // When
        var ex = await Record.ExceptionAsync(() => new ImportOperation(Client(), JobId).WaitForCompletionAsync(cancellationToken: stop.Token));

        // Then
        Assert.IsAssignableFrom<OperationCanceledException>(ex);
    }

    [Fact]
    public async Task A_mocked_client_drives_an_operation()
    {
        // Given: the client class itself is mocked, no HTTP at all
        var client = new ScriptedClient(CurioModelFactory.ImportJob(JobId, JobStatus.Pending, 2), CurioModelFactory.ImportJob(JobId, JobStatus.Done, 2, 2));

        // When
        var job = await new ImportOperation(client, JobId).WaitForCompletionAsync(cancellationToken: Ct);

        // Then
        Assert.Equal(JobStatus.Done, job.Status);
        Assert.Equal(2, client.Calls);
    }

    private sealed class SyncProgress(Action<ImportJob> report) : IProgress<ImportJob>
    {
        public void Report(ImportJob value) => report(value);
    }

    private sealed class ScriptedClient(params ImportJob[] states) : CurioClient
    {
        public int Calls { get; private set; }

        public override Task<ImportJob> GetJobAsync(Guid jobId, TimeSpan wait, CancellationToken cancellationToken = default) =>
            Task.FromResult(states[Math.Min(Calls++, states.Length - 1)]);
    }
}
