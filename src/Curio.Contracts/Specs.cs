namespace Curio.Contracts;

/// <summary>A problem found in an upload file, with where it is.</summary>
public sealed record SpecProblem
{
    /// <summary>Stable code, e.g. <c>spec.url_whitespace</c>.</summary>
    public required string Code { get; init; }

    /// <summary>What is wrong and what to do.</summary>
    public required string Message { get; init; }

    /// <summary>JSON path, e.g. <c>$.videos[3].objectUrl</c>.</summary>
    public string? Path { get; init; }

    /// <summary>1-based line (CSV, and JSON syntax errors).</summary>
    public int? Line { get; init; }

    /// <summary>1-based column, where known.</summary>
    public int? Column { get; init; }

    /// <summary>Zero-based unit (item) of the file.</summary>
    public int? ItemIndex { get; init; }

    /// <summary>Human-readable location: the path, or "line N".</summary>
    public required string Location { get; init; }
}

/// <summary>What validating an upload file found.</summary>
public sealed record SpecValidation
{
    /// <summary>True when the file would be accepted.</summary>
    public required bool Valid { get; init; }

    /// <summary><c>json</c> or <c>csv</c>.</summary>
    public required string Format { get; init; }

    /// <summary><c>userFile</c>, <c>typed</c> or <c>csv</c>.</summary>
    public required string Dialect { get; init; }

    /// <summary>Units (items; a group counts once).</summary>
    public required int UnitCount { get; init; }

    /// <summary>Object URLs, frames included.</summary>
    public required int UrlCount { get; init; }

    /// <summary>The file's skip_duplicate_urls flag.</summary>
    public required bool SkipDuplicateUrls { get; init; }

    /// <summary>The file's upsert_metadata flag.</summary>
    public required bool UpsertMetadata { get; init; }

    /// <summary>Problems that refuse the file (the first 100).</summary>
    public required IReadOnlyList<SpecProblem> Errors { get; init; }

    /// <summary>Errors beyond those listed.</summary>
    public required int UnlistedErrorCount { get; init; }

    /// <summary>Problems that do not refuse it.</summary>
    public required IReadOnlyList<SpecProblem> Warnings { get; init; }
}
