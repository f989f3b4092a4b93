namespace Curio.Core.Specs;

/// <summary>What reading a whole specification found. The file is acceptable only when <see cref="Errors"/> is empty.</summary>
public sealed class SpecReadResult
{
    /// <summary>The format read; <see cref="SpecFormat.Auto"/> when the file was refused as neither JSON nor CSV.</summary>
    public required SpecFormat Format { get; init; }
    public required SpecDialect Dialect { get; init; }
    public bool SkipDuplicateUrls { get; init; }
    public bool UpsertMetadata { get; init; }

    /// <summary>Units (items: a group counts once) that passed validation.</summary>
    public int UnitCount { get; init; }

    /// <summary>Object URLs across all units, frames included.</summary>
    public int UrlCount { get; init; }

    public required IReadOnlyList<SpecIssue> Errors { get; init; }
    public required IReadOnlyList<SpecIssue> Warnings { get; init; }

    /// <summary>Errors found beyond those listed in <see cref="Errors"/>.</summary>
    public int UnlistedErrorCount { get; init; }

    public bool IsValid => Errors.Count == 0;
}
