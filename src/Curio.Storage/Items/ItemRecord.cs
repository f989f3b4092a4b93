using Curio.Core.Filtering;
using Curio.Core.Items;

namespace Curio.Storage.Items;

/// <summary>A registered item: a file, or a group or series whose frames are its child items.</summary>
public sealed record ItemRecord
{
    public required Guid Uuid { get; init; }
    public required Guid FolderUuid { get; init; }
    public Guid? ParentItemUuid { get; init; }

    /// <summary>Frame number inside the parent group or series.</summary>
    public int? Position { get; init; }

    public required ItemType Type { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string? Url { get; init; }
    public Guid? IntegrationUuid { get; init; }
    public string? IntegrationProvider { get; init; }
    public Guid? JobUuid { get; init; }

    /// <summary>Canonical JSON object text ("{}" when none).</summary>
    public required string ClientMetadata { get; init; }

    /// <summary>The client-supplied media metadata block as given, when there was one.</summary>
    public string? MediaMetadata { get; init; }

    /// <summary>What the server measured beyond the typed columns, as JSON object text; null when it read nothing.</summary>
    public string? TechnicalMetadata { get; init; }

    public long? FileSize { get; init; }
    public string? MimeType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? Duration { get; init; }
    public double? Fps { get; init; }
    public long? FrameCount { get; init; }
    public int? NumPages { get; init; }
    public int? AudioSampleRate { get; init; }
    public int? AudioBitDepth { get; init; }
    public string? AudioCodec { get; init; }
    public int? AudioNumChannels { get; init; }
    public string? DicomInstanceUid { get; init; }
    public string? DicomStudyUid { get; init; }
    public string? DicomSeriesUid { get; init; }
    public int ChildCount { get; init; }
    public Guid? OwnerUuid { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset LastEditedAt { get; init; }
}

public sealed record ItemListQuery
{
    public IReadOnlyCollection<ItemType>? Types { get; init; }

    /// <summary>Case-insensitive substring of the name.</summary>
    public string? Search { get; init; }

    public int PageSize { get; init; } = 100;

    /// <summary>Opaque token from the previous page.</summary>
    public string? PageToken { get; init; }

    /// <summary>Only items that match (bound against the schema by the caller).</summary>
    public BoundFilter? Filter { get; init; }

    /// <summary>Order by this field or key, then by id; items without a value for it are not listed. Null: oldest first.</summary>
    public BoundTarget? Sort { get; init; }

    public bool Descending { get; init; }
}

/// <summary>How many items (of a folder, matching a filter) have each value of an enum or boolean key.</summary>
public sealed record ValueCount(string Value, long Count);

/// <summary>A change to one item; null fields stay as they are. <c>ClientMetadata</c> is canonical JSON object text.</summary>
public sealed record ItemPatch(Guid Uuid, string? Name = null, string? ClientMetadata = null);

public sealed record ItemPage(IReadOnlyList<ItemRecord> Items, string? NextPageToken);
