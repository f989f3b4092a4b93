using System.Diagnostics;
using Curio.Contracts;

namespace Curio.Sdk;

/// <summary>
/// An import job as a long-running operation: follow it with <see cref="UpdateStatusAsync"/>, or wait for its end with
/// <see cref="WaitForCompletionAsync"/>. Waiting is the caller's: cancelling a wait leaves the job running; to stop the
/// job, call <see cref="CurioClient.CancelJobAsync"/>.
/// </summary>
public class ImportOperation
{
    /// <summary>Between status reports when progress is wanted and no interval is given.</summary>
    private static readonly TimeSpan DefaultPollingInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long one long poll asks the server to wait; well under any sane HTTP timeout.</summary>
    private static readonly TimeSpan LongPollWait = TimeSpan.FromSeconds(30);

    /// <summary>A long poll that comes back sooner with the job still running is followed by a pause until this much time has passed.</summary>
    private static readonly TimeSpan MinLongPoll = TimeSpan.FromSeconds(1);

    private readonly CurioClient? _client;
    private volatile ImportJob? _value;

    /// <summary>For mocking.</summary>
    protected ImportOperation()
    {
    }

    /// <summary>Resumes following a job started elsewhere (another process, or an earlier run), from its id.</summary>
    /// <param name="client">The client of the server that runs the job.</param>
    /// <param name="jobId">The job.</param>
    public ImportOperation(CurioClient client, Guid jobId)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        Id = jobId;
    }

    internal ImportOperation(CurioClient client, ImportJob job)
        : this(client, job.JobId)
    {
        _value = job;
    }

    /// <summary>The job's id.</summary>
    public virtual Guid Id { get; }

    /// <summary>The job as last seen: when started, or at the last update or poll. Null for a resumed operation not updated yet.</summary>
    public virtual ImportJob? Value => _value;

    /// <summary>Whether the job was seen to end (DONE, ERROR or CANCELLED).</summary>
    public virtual bool HasCompleted => _value is { Status: not JobStatus.Pending };

    private CurioClient Client => _client ?? throw new InvalidOperationException(
        "This ImportOperation was made with the protected constructor, for mocking; override the members a test calls.");

    /// <summary>Asks the server how the job stands, once, and updates <see cref="Value"/>.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job as it is now.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.JobNotFound"/>, among others.</exception>
    public virtual async Task<ImportJob> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var job = await Client.GetJobAsync(Id, cancellationToken).ConfigureAwait(false);
        _value = job;
        return job;
    }

    /// <summary>
    /// Waits until the job ends. Without <paramref name="progress"/>, each request waits on the server until the job ends
    /// (a long poll of up to 30 s, repeated), so the end is seen at once. With it, the job is polled every
    /// <paramref name="pollingInterval"/> and each state is reported, the last one included.
    /// </summary>
    /// <param name="pollingInterval">Between polls when <paramref name="progress"/> is given; default 1 s. Unused by long polls.</param>
    /// <param name="progress">Receives the job at every poll; null for none.</param>
    /// <param name="cancellationToken">Stops waiting; the job goes on.</param>
    /// <returns>The ended job: DONE, ERROR or CANCELLED.</returns>
    /// <exception cref="CurioRequestFailedException">The server failed or could not be reached (after the retries of GETs).</exception>
    public virtual async Task<ImportJob> WaitForCompletionAsync(
        TimeSpan? pollingInterval = null, IProgress<ImportJob>? progress = null, CancellationToken cancellationToken = default)
    {
        if (pollingInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero, nameof(pollingInterval));
        }

        if (progress is null)
        {
            while (!HasCompleted)
            {
                var started = Stopwatch.GetTimestamp();
                _value = await Client.GetJobAsync(Id, LongPollWait, cancellationToken).ConfigureAwait(false);

                // A server (or proxy) that answers at once instead of waiting must not be polled in a tight loop.
                var early = MinLongPoll - Stopwatch.GetElapsedTime(started);
                if (!HasCompleted && early > TimeSpan.Zero)
                {
                    await Task.Delay(early, cancellationToken).ConfigureAwait(false);
                }
            }

            return _value!;
        }

        while (true)
        {
            var job = HasCompleted ? _value! : await UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
            progress.Report(job);
            if (job.Status != JobStatus.Pending)
            {
                return job;
            }

            await Task.Delay(pollingInterval ?? DefaultPollingInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
