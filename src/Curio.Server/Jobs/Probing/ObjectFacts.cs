using System.Text.Json.Nodes;
using Curio.Media.Dicom;

namespace Curio.Server.Jobs.Probing;

/// <summary>
/// What the server measured of one object. The fields are the item's typed columns (Encord's StorageItem fields);
/// <see cref="Technical"/> holds what has no column (codec, key frames, EXIF orientation, NIfTI geometry, text
/// encoding, PDF version) and is returned as the item's <c>technicalMetadata</c>.
/// </summary>
internal sealed record ObjectFacts
{
    public long? Size { get; init; }
    public string? MimeType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? Duration { get; init; }
    public double? Fps { get; init; }
    public long? FrameCount { get; init; }
    public int? NumPages { get; init; }
    public int? SampleRate { get; init; }
    public int? BitDepth { get; init; }
    public string? AudioCodec { get; init; }
    public int? Channels { get; init; }

    /// <summary>For a DICOM file: its header, which the series checks and ordering need.</summary>
    public DicomHeader? Dicom { get; init; }

    public JsonObject? Technical { get; init; }

    /// <summary>An object the server did not read: the upload file gave its media metadata.</summary>
    public static ObjectFacts NotRead { get; } = new();
}
