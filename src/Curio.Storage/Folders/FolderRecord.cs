namespace Curio.Storage.Folders;

public sealed record FolderRecord
{
    public required Guid Uuid { get; init; }
    public Guid? ParentUuid { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }

    /// <summary>Canonical JSON object text, or null when the folder has none.</summary>
    public string? ClientMetadata { get; init; }

    public Guid? OwnerUuid { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset LastEditedAt { get; init; }
}

public sealed record NewFolder(Guid Uuid, Guid? ParentUuid, string Name, string Description, string? ClientMetadata, Guid? OwnerUuid, DateTimeOffset CreatedAt);

/// <summary>Changes to a folder; null members stay as they are.</summary>
public sealed record FolderPatch
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? ClientMetadata { get; init; }
}

public enum FolderWriteStatus
{
    Done,
    NotFound,
    ParentNotFound,
    NameTaken,
    NotEmpty,
    Busy,
}

public sealed record FolderWriteResult(FolderWriteStatus Status, FolderRecord? Folder = null);
