namespace Curio.Contracts;

/// <summary>
/// An import job. Every unit (a file, or a group or series) ends done, error or cancelled; done units include those
/// skipped as duplicates and those whose metadata was updated. Field names follow Encord's UploadLongPollingState.
/// </summary>
public sealed record ImportJob
{
    /// <summary>Identifier.</summary>
    public required Guid JobId { get; init; }

    /// <summary>Where it is.</summary>
    public required JobStatus Status { get; init; }

    /// <summary>The folder items are registered into.</summary>
    public required Guid FolderUuid { get; init; }

    /// <summary>The integration objects are read through.</summary>
    public required Guid IntegrationUuid { get; init; }

    /// <summary>Name of the upload file, when it was given.</summary>
    public string? FileName { get; init; }

    /// <summary><c>json</c> or <c>csv</c>.</summary>
    public required string Format { get; init; }

    /// <summary>False: all or nothing.</summary>
    public required bool IgnoreErrors { get; init; }

    /// <summary>The file's skip_duplicate_urls flag.</summary>
    public required bool SkipDuplicateUrls { get; init; }

    /// <summary>The file's upsert_metadata flag.</summary>
    public required bool UpsertMetadata { get; init; }

    /// <summary>Units in the file.</summary>
    public required int UnitsTotal { get; init; }

    /// <summary>Units not processed yet.</summary>
    public required int UnitsPendingCount { get; init; }

    /// <summary>Units processed successfully (registered, skipped or updated).</summary>
    public required int UnitsDoneCount { get; init; }

    /// <summary>Units that failed; see <see cref="UnitErrors"/>.</summary>
    public required int UnitsErrorCount { get; init; }

    /// <summary>Units not processed because the job was cancelled or failed.</summary>
    public required int UnitsCancelledCount { get; init; }

    /// <summary>Done units skipped because the folder already had them (skip_duplicate_urls).</summary>
    public required int UnitsSkippedCount { get; init; }

    /// <summary>Done units whose existing item got the file's metadata (upsert_metadata).</summary>
    public required int UnitsUpdatedCount { get; init; }

    /// <summary>Job-level messages.</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>Problems found in the upload file that did not stop it (unknown keys).</summary>
    public required IReadOnlyList<SpecProblem> Warnings { get; init; }

    /// <summary>Failed units, in the order they failed; the first <see cref="ListLimit"/> (all through <c>/errors</c>).</summary>
    public required IReadOnlyList<UnitError> UnitErrors { get; init; }

    /// <summary>Registered items (top level); the first <see cref="ListLimit"/> (all through <c>/items</c>).</summary>
    public required IReadOnlyList<ItemWithName> ItemsWithNames { get; init; }

    /// <summary>How many entries <see cref="UnitErrors"/> and <see cref="ItemsWithNames"/> hold at most.</summary>
    public required int ListLimit { get; init; }

    /// <summary>When it was submitted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a worker first picked it up.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>A failed unit.</summary>
public sealed record UnitError
{
    /// <summary>Every URL the unit covered (one for a file; all frames of a group or series).</summary>
    public required IReadOnlyList<string> ObjectUrls { get; init; }

    /// <summary>What went wrong.</summary>
    public required string Error { get; init; }

    /// <summary>What to do about it.</summary>
    public required string ActionDescription { get; init; }

    /// <summary>Identifier of this failure, for support.</summary>
    public required Guid SubtaskUuid { get; init; }

    /// <summary>The item type the unit would have registered.</summary>
    public required string ItemType { get; init; }

    /// <summary>The unit's title.</summary>
    public required string Title { get; init; }

    /// <summary>The unit's position in the upload file, from 0.</summary>
    public required int UnitIndex { get; init; }
}

/// <summary>A registered item.</summary>
/// <param name="ItemUuid">The item.</param>
/// <param name="Name">Its name.</param>
public sealed record ItemWithName(Guid ItemUuid, string Name);
