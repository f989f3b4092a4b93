using System.Text;
using Curio.Contracts;
using Curio.Core.Importing;
using Curio.Server.Features.Items;
using Curio.Server.Hosting;
using Curio.Server.Jobs;
using Curio.Storage;
using Curio.Storage.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Curio.Server.Features.Jobs;

internal static class JobEndpoints
{
    /// <summary>The Encord SDK reads with a 180 s timeout and legacy clients capped polls at 60 s; so do we.</summary>
    public const int MaxWaitSeconds = 60;

    public static void MapJobs(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/jobs").WithTags("Jobs");
        group.MapGet("/", ListAsync).WithName("ListJobs").WithSummary("List import jobs, newest first (counts only)");
        group.MapGet("/{uuid:guid}", GetAsync).WithName("GetJob").WithSummary("Get an import job; with waitSeconds, wait until it ends or the time is up");
        group.MapPost("/{uuid:guid}/cancel", CancelAsync).WithName("CancelJob").WithSummary("Cancel an import job; what it registered stays");
        group.MapGet("/{uuid:guid}/errors", ErrorsAsync).WithName("ListJobErrors").WithSummary("List the failed units of a job");
        group.MapGet("/{uuid:guid}/errors.csv", ErrorsCsvAsync).WithName("GetJobErrorsCsv").WithSummary("Download the failed files as CSV, one row per failed URL")
            .Produces(200, contentType: "text/csv");
        group.MapGet("/{uuid:guid}/items", ItemsAsync).WithName("ListJobItems").WithSummary("List the items a job registered");
    }

    private static async Task<Ok<Page<ImportJob>>> ListAsync(Guid? folder, int? limit, IStorage storage, CancellationToken cancellationToken) =>
        TypedResults.Ok(new Page<ImportJob> { Results = await RecentAsync(storage, folder, limit, cancellationToken) });

    /// <summary>Jobs newest first, counts only; what <c>GET /jobs</c> and the web UI's job bell list.</summary>
    internal static async Task<IReadOnlyList<ImportJob>> RecentAsync(IStorage storage, Guid? folder, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 100)
        {
            throw ProblemException.BadRequest("limit must be between 1 and 100.");
        }

        var jobs = await storage.Jobs.ListAsync(folder, limit ?? 20, cancellationToken);
        return jobs.Select(JobMapping.ToSummary).ToList();
    }

    /// <summary>A job's state and counts without its error and item lists (those page through <see cref="ErrorPageAsync"/> and <see cref="ItemPageAsync"/>).</summary>
    internal static async Task<ImportJob> SummaryAsync(IStorage storage, Guid uuid, CancellationToken cancellationToken) =>
        JobMapping.ToSummary(await FindAsync(storage, uuid, cancellationToken));

    private static async Task<Ok<ImportJob>> GetAsync(
        Guid uuid, int? waitSeconds, IStorage storage, JobSignals signals, TimeProvider time, CancellationToken cancellationToken)
    {
        if (waitSeconds is < 0)
        {
            throw ProblemException.BadRequest("waitSeconds must be 0 or more (at most 60 are waited).");
        }

        var deadline = time.GetUtcNow().AddSeconds(Math.Min(waitSeconds ?? 0, MaxWaitSeconds));
        var job = await FindAsync(storage, uuid, cancellationToken);
        while (!job.IsFinished && time.GetUtcNow() < deadline)
        {
            var left = deadline - time.GetUtcNow();
            await signals.WaitForChangeAsync(uuid, left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken);
            job = await FindAsync(storage, uuid, cancellationToken);
        }

        return TypedResults.Ok(await JobMapping.ToDtoAsync(job, storage, cancellationToken));
    }

    private static async Task<Ok<ImportJob>> CancelAsync(Guid uuid, IStorage storage, JobSignals signals, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await CancelJobAsync(storage, signals, time, uuid, cancellationToken));

    /// <summary>Cancels a running job (what it registered stays); a finished one is a conflict.</summary>
    internal static async Task<ImportJob> CancelJobAsync(IStorage storage, JobSignals signals, TimeProvider time, Guid uuid, CancellationToken cancellationToken)
    {
        var result = await storage.Jobs.CancelAsync(uuid, time.GetUtcNow(), cancellationToken);
        signals.CancelRequested(uuid);
        return result.Status switch
        {
            CancelStatus.NotFound => throw NotFound(uuid),
            CancelStatus.AlreadyFinished => throw ProblemException.Conflict(ErrorCodes.JobFinished,
                $"The job already ended {result.Job!.Status.ToString().ToUpperInvariant()}; there is nothing to cancel."),
            _ => await JobMapping.ToDtoAsync(result.Job!, storage, cancellationToken),
        };
    }

    private static async Task<Ok<Page<Contracts.UnitError>>> ErrorsAsync(Guid uuid, int? pageSize, string? pageToken, IStorage storage, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ErrorPageAsync(storage, uuid, pageSize, pageToken, cancellationToken));

    /// <summary>One page of a job's failed units, in the order they failed.</summary>
    internal static async Task<Page<Contracts.UnitError>> ErrorPageAsync(IStorage storage, Guid uuid, int? pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        await FindAsync(storage, uuid, cancellationToken);
        var page = await storage.Jobs.ListUnitErrorsAsync(uuid, ItemEndpoints.PageSize(pageSize), pageToken, cancellationToken);
        return new Page<Contracts.UnitError> { Results = page.Errors.Select(JobMapping.ToDto).ToList(), NextPageToken = page.NextPageToken };
    }

    private static async Task<Ok<Page<ItemWithName>>> ItemsAsync(Guid uuid, int? pageSize, string? pageToken, IStorage storage, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ItemPageAsync(storage, uuid, pageSize, pageToken, cancellationToken));

    /// <summary>One page of the items a job registered.</summary>
    internal static async Task<Page<ItemWithName>> ItemPageAsync(IStorage storage, Guid uuid, int? pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        await FindAsync(storage, uuid, cancellationToken);
        var page = await storage.Jobs.ListCreatedItemsAsync(uuid, ItemEndpoints.PageSize(pageSize), pageToken, cancellationToken);
        return new Page<ItemWithName> { Results = page.Items.Select(i => new ItemWithName(i.ItemUuid, i.Name)).ToList(), NextPageToken = page.NextPageToken };
    }

    // Streams every failed URL as a CSV row, a page of errors at a time. The web UI's download (cookie) maps this handler too.
    // (A comment, not XML docs: on a mapped handler those would replace the operation's summary in the OpenAPI document.)
    internal static async Task ErrorsCsvAsync(Guid uuid, HttpResponse response, IStorage storage, CancellationToken cancellationToken)
    {
        await FindAsync(storage, uuid, cancellationToken);
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"curio-import-{uuid}-failed-files.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 1 << 16);
        FailedFilesCsv.WriteHeader(writer);
        string? token = null;
        do
        {
            var page = await storage.Jobs.ListUnitErrorsAsync(uuid, 1000, token, cancellationToken);
            foreach (var error in page.Errors)
            {
                foreach (var url in error.ObjectUrls)
                {
                    FailedFilesCsv.WriteRow(writer, url, error.Title, error.ItemType, error.Error, error.Action, error.SubtaskUuid);
                }
            }

            await writer.FlushAsync(cancellationToken);
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    private static async Task<JobRecord> FindAsync(IStorage storage, Guid uuid, CancellationToken cancellationToken) =>
        await storage.Jobs.GetAsync(uuid, cancellationToken) is { Status: not Storage.Jobs.JobStatus.Draft } job ? job : throw NotFound(uuid);

    private static ProblemException NotFound(Guid uuid) => ProblemException.NotFound(ErrorCodes.JobNotFound, $"Import job {uuid} not found.");
}
