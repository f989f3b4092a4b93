namespace Curio.Core.Specs;

/// <summary>One unit of an upload specification, validated and normalised from either JSON dialect or CSV.</summary>
public sealed class SpecUnit
{
    /// <summary>Zero-based position of the unit in the file (file order across all arrays or CSV sections).</summary>
    public required int Index { get; init; }

    public required UnitKind Kind { get; init; }

    /// <summary>The title given in the file, or the default (the path part of the URL) for single files.</summary>
    public required string Title { get; init; }

    /// <summary>One object for single-file units; the frames in order for groups and series; empty for groups from items.</summary>
    public required IReadOnlyList<SpecObject> Objects { get; init; }

    /// <summary>Custom metadata as canonical JSON object text, or null when the file gave none.</summary>
    public string? ClientMetadata { get; init; }

    /// <summary>For <see cref="UnitKind.ImageGroupFromItems"/>: the already registered image items, in order.</summary>
    public IReadOnlyList<Guid> ItemUuids { get; init; } = [];

    /// <summary>The group is an image sequence (Encord's <c>createVideo</c>).</summary>
    public bool CreateVideo { get; init; }

    public bool ClusterByResolution { get; init; }

    public string? VideoUrlPrefix { get; init; }

    /// <summary>Where the unit came from, for messages: a JSON path such as <c>$.videos[3]</c> or <c>line 12</c>.</summary>
    public required string Source { get; init; }
}
