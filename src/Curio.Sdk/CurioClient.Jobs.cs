using Curio.Contracts;
using Curio.Sdk.Internal;

namespace Curio.Sdk;

// Import jobs.
public partial class CurioClient
{
    /// <summary>The server waits at most this long in one request (<c>waitSeconds</c>).</summary>
    internal static readonly TimeSpan MaxServerWait = TimeSpan.FromSeconds(60);

    /// <summary>Gets an import job as it is now.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job, with its counts and its first errors and items.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.JobNotFound"/>, among others.</exception>
    public virtual Task<ImportJob> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/jobs/{RequestPath.Segment(jobId)}", null, CurioJsonContext.Default.ImportJob, cancellationToken);

    /// <summary>Gets an import job once it has ended, or when <paramref name="wait"/> is up, whichever comes first (a long poll).</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="wait">How long the server may wait for the job to end: whole seconds, at most 60.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job; still PENDING when the time was up first.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.JobNotFound"/>, among others.</exception>
    public virtual Task<ImportJob> GetJobAsync(Guid jobId, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wait, MaxServerWait);
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return SendAsync(HttpMethod.Get, new RequestPath($"api/v1/jobs/{RequestPath.Segment(jobId)}").Query("waitSeconds", seconds).ToString(), null,
            CurioJsonContext.Default.ImportJob, cancellationToken, TimeSpan.FromSeconds(seconds));
    }

    /// <summary>Lists import jobs, newest first, with their counts (not their error and item lists).</summary>
    /// <param name="folderUuid">Only the jobs into this folder; null for all.</param>
    /// <param name="limit">How many, 1 to 100; null for the server's default (20).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The jobs.</returns>
    public virtual IAsyncEnumerable<ImportJob> GetJobsAsync(Guid? folderUuid = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Between 1 and 100 jobs are listed.");
        }

        return PagesAsync((token, ct) => SendAsync(HttpMethod.Get,
            new RequestPath("api/v1/jobs").Query("folder", folderUuid).Query("limit", limit).Query("pageToken", token).ToString(), null,
            CurioJsonContext.Default.PageImportJob, ct), cancellationToken);
    }

    /// <summary>Cancels an import job; what it registered so far stays.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job as it is after the cancel was recorded (it may still be PENDING for a moment).</returns>
    /// <exception cref="CurioRequestFailedException">404, 409 <see cref="ErrorCodes.JobFinished"/>, among others.</exception>
    public virtual Task<ImportJob> CancelJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/jobs/{RequestPath.Segment(jobId)}/cancel", null, CurioJsonContext.Default.ImportJob, cancellationToken);

    /// <summary>Lists every failed unit of a job, in the order they failed.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The failed units.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.JobNotFound"/>, among others (when enumerated).</exception>
    public virtual IAsyncEnumerable<UnitError> GetJobErrorsAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => SendAsync(HttpMethod.Get,
            new RequestPath($"api/v1/jobs/{RequestPath.Segment(jobId)}/errors").Query("pageSize", 1000).Query("pageToken", token).ToString(), null,
            CurioJsonContext.Default.PageUnitError, ct), cancellationToken);

    /// <summary>Lists every top-level item a job registered.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The items, with their names.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.JobNotFound"/>, among others (when enumerated).</exception>
    public virtual IAsyncEnumerable<ItemWithName> GetJobItemsAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => SendAsync(HttpMethod.Get,
            new RequestPath($"api/v1/jobs/{RequestPath.Segment(jobId)}/items").Query("pageSize", 1000).Query("pageToken", token).ToString(), null,
            CurioJsonContext.Default.PageItemWithName, ct), cancellationToken);

    /// <summary>
    /// Writes the failed files of a job as CSV (<c>object_url,title,item_type,error,action,subtask_uuid</c>, one row per failed URL)
    /// to a stream, as the server sends it.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="destination">Receives the CSV; left open.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A task that completes when the whole CSV is written.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.JobNotFound"/>, among others.</exception>
    public virtual async Task DownloadFailedFilesCsvAsync(Guid jobId, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var response = await SendAsync(HttpMethod.Get, $"api/v1/jobs/{RequestPath.Segment(jobId)}/errors.csv", null,
            HttpCompletionOption.ResponseHeadersRead, default, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new CurioRequestFailedException($"The failed-files CSV of job {jobId} broke off while downloading: {ex.Message}", ex);
        }
    }
}
