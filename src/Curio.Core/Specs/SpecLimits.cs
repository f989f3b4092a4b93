namespace Curio.Core.Specs;

/// <summary>Encord's documented limits for one upload file. Tests may lower them; the server uses <see cref="Default"/>.</summary>
public sealed record SpecLimits
{
    public static SpecLimits Default { get; } = new();

    public int MaxUrls { get; init; } = 1_000_000;

    /// <summary>A group or series counts as one item.</summary>
    public int MaxItems { get; init; } = 500_000;

    public int MaxCsvRows { get; init; } = 10_000;

    /// <summary>16 KB, counted in UTF-8 bytes.</summary>
    public int MaxUrlBytes { get; init; } = 16 * 1024;

    /// <summary>Counted in Unicode characters (scalar values).</summary>
    public int MaxTitleLength { get; init; } = 300;

    /// <summary>10 MB of serialized (canonical JSON, UTF-8) metadata per item.</summary>
    public int MaxClientMetadataBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>How many problems a report lists before it stops; the file is refused either way.</summary>
    public int MaxReportedErrors { get; init; } = 100;
}
