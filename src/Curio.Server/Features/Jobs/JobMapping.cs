using System.Text.Json;
using Curio.Contracts;
using Curio.Server.Hosting;
using Curio.Storage;
using Curio.Storage.Jobs;
using ContractStatus = Curio.Contracts.JobStatus;
using StoreStatus = Curio.Storage.Jobs.JobStatus;

namespace Curio.Server.Features.Jobs;

internal static class JobMapping
{
    /// <summary>How many unit errors and registered items a job response lists; the paged routes have them all.</summary>
    public const int ListLimit = 1000;

    public static async Task<ImportJob> ToDtoAsync(JobRecord job, IStorage storage, CancellationToken cancellationToken)
    {
        var errors = await storage.Jobs.ListUnitErrorsAsync(job.Uuid, ListLimit, null, cancellationToken);
        var items = await storage.Jobs.ListCreatedItemsAsync(job.Uuid, ListLimit, null, cancellationToken);
        return ToDto(job, errors.Errors.Select(ToDto).ToList(), items.Items.Select(i => new ItemWithName(i.ItemUuid, i.Name)).ToList(), ListLimit);
    }

    /// <summary>For listings: counts only (<c>listLimit</c> 0).</summary>
    public static ImportJob ToSummary(JobRecord job) => ToDto(job, [], [], 0);

    public static Contracts.UnitError ToDto(Storage.Jobs.UnitError error) => new()
    {
        ObjectUrls = error.ObjectUrls,
        Error = error.Error,
        ActionDescription = error.Action,
        SubtaskUuid = error.SubtaskUuid,
        ItemType = error.ItemType,
        Title = error.Title,
        UnitIndex = error.UnitIndex,
    };

    private static ImportJob ToDto(JobRecord job, IReadOnlyList<Contracts.UnitError> errors, IReadOnlyList<ItemWithName> items, int limit) => new()
    {
        JobId = job.Uuid,
        Status = job.Status switch
        {
            StoreStatus.Done => ContractStatus.Done,
            StoreStatus.Error => ContractStatus.Error,
            StoreStatus.Cancelled => ContractStatus.Cancelled,
            _ => ContractStatus.Pending,
        },
        FolderUuid = job.FolderUuid,
        IntegrationUuid = job.IntegrationUuid,
        FileName = job.FileName,
        Format = job.Format,
        IgnoreErrors = job.IgnoreErrors,
        SkipDuplicateUrls = job.SkipDuplicateUrls,
        UpsertMetadata = job.UpsertMetadata,
        UnitsTotal = job.UnitsTotal,
        UnitsPendingCount = job.UnitsPending,
        UnitsDoneCount = job.UnitsDone,
        UnitsErrorCount = job.UnitsError,
        UnitsCancelledCount = job.UnitsCancelled,
        UnitsSkippedCount = job.UnitsSkipped,
        UnitsUpdatedCount = job.UnitsUpdated,
        Errors = job.Errors,
        Warnings = JsonSerializer.Deserialize(job.WarningsJson, ServerJson.Default.ListSpecProblem) ?? [],
        UnitErrors = errors,
        ItemsWithNames = items,
        ListLimit = limit,
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        FinishedAt = job.FinishedAt,
    };
}
