using Curio.Core.Items;

namespace Curio.Storage.Jobs;

/// <summary>Units of a draft job, encoded by <c>UnitCodec</c>, numbered from 0 in file order.</summary>
public sealed record NewChunk(int ChunkNo, int FirstUnit, int UnitCount, byte[] Payload);

/// <summary>A chunk of units a worker holds under a lease, with what it needs to process them.</summary>
public sealed record ChunkLease
{
    public required long JobId { get; init; }
    public required Guid JobUuid { get; init; }
    public required int ChunkNo { get; init; }
    public required int FirstUnit { get; init; }
    public required int UnitCount { get; init; }
    public required byte[] Payload { get; init; }
    public required string Owner { get; init; }
    public required Guid FolderUuid { get; init; }
    public required Guid IntegrationUuid { get; init; }
    public required bool IgnoreErrors { get; init; }
    public required bool SkipDuplicateUrls { get; init; }
    public required bool UpsertMetadata { get; init; }
    public Guid? CreatedBy { get; init; }
}

/// <summary>An item to insert (the top item of a unit, or one of its frames).</summary>
public sealed record NewItem
{
    public required Guid Uuid { get; init; }
    public required ItemType Type { get; init; }
    public required string Name { get; init; }
    public string? Url { get; init; }
    public string? ClientMetadata { get; init; }
    public string? MediaMetadata { get; init; }

    /// <summary>What the server measured beyond the typed columns (codec, key frames, orientation, ...), as JSON object text.</summary>
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
}

/// <summary>What processing one unit produced.</summary>
public abstract record UnitOutcome(int UnitIndex);

/// <summary>The unit checked out: register its item (and frames), unless <c>skip_duplicate_urls</c> finds it registered already.</summary>
public sealed record UnitSucceeded(int UnitIndex, NewItem Item, IReadOnlyList<NewItem> Frames, byte[] DedupKey, bool HasClientMetadata)
    : UnitOutcome(UnitIndex)
{
    /// <summary>
    /// More top items the unit registers beside <see cref="Item"/>, under the same duplicate key: an image sequence
    /// whose frames come in several sizes is one sequence per size.
    /// </summary>
    public IReadOnlyList<NewGroup> Siblings { get; init; } = [];
}

/// <summary>A group item and its frames.</summary>
public sealed record NewGroup(NewItem Item, IReadOnlyList<NewItem> Frames);

public sealed record UnitFailed(int UnitIndex, UnitError Error) : UnitOutcome(UnitIndex);

/// <summary>Where a job stands after a commit; <see cref="Finished"/> when that commit ended it.</summary>
public sealed record CommitResult(bool LeaseLost, bool Finished, JobRecord? Job);
