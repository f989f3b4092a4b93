namespace Curio.Core.Specs;

/// <summary>One object (file) of a unit: the only one of a single-file unit, or one frame of a group or series.</summary>
public sealed record SpecObject(string Url, string? Title, MediaMetadata? Metadata);
