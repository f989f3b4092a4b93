namespace Curio.Storage.Jobs;

public enum JobStatus
{
    /// <summary>Being validated; invisible, and discarded unless the whole file is accepted.</summary>
    Draft,
    Pending,
    Done,
    Error,
    Cancelled,
}

public sealed record JobRecord
{
    public required Guid Uuid { get; init; }
    public required Guid FolderUuid { get; init; }
    public required Guid IntegrationUuid { get; init; }
    public required JobStatus Status { get; init; }
    public required bool IgnoreErrors { get; init; }
    public required bool SkipDuplicateUrls { get; init; }
    public required bool UpsertMetadata { get; init; }
    public string? FileName { get; init; }
    public required string Format { get; init; }
    public int UnitsTotal { get; init; }
    public int UnitsDone { get; init; }
    public int UnitsError { get; init; }
    public int UnitsCancelled { get; init; }
    public int UnitsSkipped { get; init; }
    public int UnitsUpdated { get; init; }
    public int ItemsCreated { get; init; }
    public int UnitsPending => Math.Max(0, UnitsTotal - UnitsDone - UnitsError - UnitsCancelled);
    public bool CancelRequested { get; init; }

    /// <summary>The spec's warnings as a JSON array, kept for the API to show.</summary>
    public string WarningsJson { get; init; } = "[]";

    /// <summary>Job-level messages (not tied to one unit).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    public Guid? CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public bool IsFinished => Status is JobStatus.Done or JobStatus.Error or JobStatus.Cancelled;
}

/// <summary>What reading the whole spec found, recorded when a draft is published.</summary>
public sealed record PublishedSpec(int UnitCount, string WarningsJson);

public sealed record NewJob(
    Guid Uuid,
    Guid FolderUuid,
    Guid IntegrationUuid,
    bool IgnoreErrors,
    string? FileName,
    string Format,
    Guid? CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>A failed unit as the job reports it: every URL it covered, what went wrong, and what to do.</summary>
public sealed record UnitError(
    int UnitIndex,
    string ItemType,
    string Title,
    IReadOnlyList<string> ObjectUrls,
    string Error,
    string Action,
    Guid SubtaskUuid);

public sealed record UnitErrorPage(IReadOnlyList<UnitError> Errors, string? NextPageToken);

public sealed record ItemName(Guid ItemUuid, string Name);

public sealed record ItemNamePage(IReadOnlyList<ItemName> Items, string? NextPageToken);

public enum CancelStatus
{
    Cancelled,
    NotFound,
    AlreadyFinished,
}

public sealed record CancelResult(CancelStatus Status, JobRecord? Job, int UnitsCancelled);
