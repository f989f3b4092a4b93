namespace Curio.Core.Specs;

/// <summary>
/// A client-supplied media metadata block (videoMetadata, imageMetadata, audioMetadata, textMetadata,
/// pdfMetadata, dicomMetadata). When present its values are used as given and the object is not read.
/// </summary>
public sealed record MediaMetadata
{
    public double? Fps { get; init; }
    public double? Duration { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public long? FileSize { get; init; }
    public string? MimeType { get; init; }
    public int? SampleRate { get; init; }
    public int? BitDepth { get; init; }
    public string? Codec { get; init; }
    public int? NumChannels { get; init; }
    public int? NumPages { get; init; }

    /// <summary>The block as the file gave it, in canonical JSON; stored with the item.</summary>
    public required string Json { get; init; }
}
