using System.Text.Json;

namespace Curio.Contracts;

/// <summary>A registered file, or a group or series whose frames are its child items. Field names follow Encord's StorageItem.</summary>
public sealed record Item
{
    /// <summary>Identifier.</summary>
    public required Guid Uuid { get; init; }

    /// <summary>The folder it is in.</summary>
    public required Guid Parent { get; init; }

    /// <summary>For a frame: the group or series it belongs to.</summary>
    public Guid? ParentItem { get; init; }

    /// <summary>For a frame: its position in the group or series, from 0.</summary>
    public int? Position { get; init; }

    /// <summary>What kind of item it is.</summary>
    public required ItemType ItemType { get; init; }

    /// <summary>The title given at import, or the path part of the URL.</summary>
    public required string Name { get; init; }

    /// <summary>Always empty (deprecated in Encord).</summary>
    public string Description { get; init; } = "";

    /// <summary>Object URL as the upload file gave it; null for groups and series.</summary>
    public string? Url { get; init; }

    /// <summary>A URL a browser can fetch for a limited time (the integration's TTL); only when asked with <c>signUrl=true</c>.</summary>
    public string? SignedUrl { get; init; }

    /// <summary>Custom metadata (a JSON object; <c>{}</c> when none).</summary>
    public required JsonElement ClientMetadata { get; init; }

    /// <summary>The media metadata block the upload file supplied, as given, when there was one.</summary>
    public JsonElement? MediaMetadata { get; init; }

    /// <summary>
    /// What the server measured beyond the fields below, when it read the file: <c>videoCodec</c>, <c>container</c>,
    /// <c>keyFrames</c> (0-based frame indices), <c>audio</c> (a video's sound track); an image's EXIF
    /// <c>orientation</c> with <c>storedWidth</c>/<c>storedHeight</c> (width and height are as displayed); NIfTI
    /// <c>dimensions</c>, <c>voxelSize</c>, <c>datatype</c>; text <c>encoding</c>; <c>pdfVersion</c>; DICOM
    /// <c>transferSyntaxUid</c>, <c>modality</c>, <c>instanceNumber</c>. See docs/media-probing.md.
    /// </summary>
    public JsonElement? TechnicalMetadata { get; init; }

    /// <summary>Provider of the integration it was imported through (<c>local</c>, <c>direct</c>, ...).</summary>
    public string? StorageLocation { get; init; }

    /// <summary>The integration it was imported through.</summary>
    public Guid? IntegrationHash { get; init; }

    /// <summary>The import job that registered it.</summary>
    public Guid? UploadJobId { get; init; }

    /// <summary>Size in bytes.</summary>
    public long? FileSize { get; init; }

    /// <summary>MIME type.</summary>
    public string? MimeType { get; init; }

    /// <summary>Width in pixels.</summary>
    public int? Width { get; init; }

    /// <summary>Height in pixels.</summary>
    public int? Height { get; init; }

    /// <summary>Duration in seconds (video, audio).</summary>
    public double? Duration { get; init; }

    /// <summary>Frames per second (video).</summary>
    public double? Fps { get; init; }

    /// <summary>Number of frames (video; image groups and sequences: number of images).</summary>
    public long? FrameCount { get; init; }

    /// <summary>Pages (PDF).</summary>
    public int? NumPages { get; init; }

    /// <summary>Sample rate in Hz (audio).</summary>
    public int? AudioSampleRate { get; init; }

    /// <summary>Bits per sample (audio).</summary>
    public int? AudioBitDepth { get; init; }

    /// <summary>Codec (audio).</summary>
    public string? AudioCodec { get; init; }

    /// <summary>Channels (audio).</summary>
    public int? AudioNumChannels { get; init; }

    /// <summary>SOPInstanceUID (DICOM file).</summary>
    public string? DicomInstanceUid { get; init; }

    /// <summary>StudyInstanceUID (DICOM).</summary>
    public string? DicomStudyUid { get; init; }

    /// <summary>SeriesInstanceUID (DICOM).</summary>
    public string? DicomSeriesUid { get; init; }

    /// <summary>Number of frames (child items) of a group or series; 0 otherwise.</summary>
    public int ChildCount { get; init; }

    /// <summary>When it was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset LastEditedAt { get; init; }
}

/// <summary>Body of <c>POST /api/v1/folders/{uuid}/items/query</c>; the query parameters of <c>GET .../items</c> are the same fields.</summary>
public sealed record ItemQueryRequest
{
    /// <summary>The filter as a JSON document (docs/filters.md), e.g. <c>{"key": "camera", "op": "in", "values": ["front"]}</c>.</summary>
    public JsonElement? Filter { get; init; }

    /// <summary>The filter as text, e.g. <c>`video.description` contains "crane" AND captured_at &gt;= "2024-01-01"</c>; used when <see cref="Filter"/> is absent.</summary>
    public string? FilterText { get; init; }

    /// <summary>A schema key or built-in field (<c>$size</c>) to order by; items without a value for it are left out.</summary>
    public string? Sort { get; init; }

    /// <summary>Largest first.</summary>
    public bool? Descending { get; init; }

    /// <summary>1 to 1000 (default 100).</summary>
    public int? PageSize { get; init; }

    /// <summary>The previous page's <c>nextPageToken</c>, with the same filter and sort.</summary>
    public string? PageToken { get; init; }

    /// <summary>Only these item types (<c>video</c>, <c>image</c>, ...).</summary>
    public IReadOnlyList<string>? ItemTypes { get; init; }

    /// <summary>Case-insensitive substring of the name.</summary>
    public string? Search { get; init; }

    /// <summary>Add signed URLs.</summary>
    public bool? SignUrl { get; init; }
}

/// <summary>How many items have each value of a key.</summary>
public sealed record ValueCounts
{
    /// <summary>The key counted.</summary>
    public required string Key { get; init; }

    /// <summary>Values and their counts, most frequent first.</summary>
    public required IReadOnlyList<ValueCount> Counts { get; init; }
}

/// <summary>One value of a key and how many items have it.</summary>
public sealed record ValueCount
{
    /// <summary>The option, value (<c>true</c>/<c>false</c> for booleans) or item type.</summary>
    public required string Value { get; init; }

    /// <summary>Items with it.</summary>
    public required long Count { get; init; }
}
