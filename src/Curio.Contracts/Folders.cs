using System.Text.Json;

namespace Curio.Contracts;

/// <summary>A folder of items; folders nest.</summary>
public sealed record Folder
{
    /// <summary>Identifier.</summary>
    public required Guid Uuid { get; init; }

    /// <summary>The parent folder, or null at the root.</summary>
    public Guid? Parent { get; init; }

    /// <summary>Name, unique among its siblings.</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public required string Description { get; init; }

    /// <summary>Folder-level custom metadata (a JSON object), or null.</summary>
    public JsonElement? ClientMetadata { get; init; }

    /// <summary>Names from the root down to this folder, joined with '/'.</summary>
    public required string Path { get; init; }

    /// <summary>The ancestors from the root down, then this folder.</summary>
    public required IReadOnlyList<FolderRef> PathToRoot { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset LastEditedAt { get; init; }
}

/// <summary>A folder in a path.</summary>
/// <param name="Uuid">Identifier.</param>
/// <param name="Name">Name.</param>
public sealed record FolderRef(Guid Uuid, string Name);

/// <summary>Body of <c>POST /api/v1/folders</c>: either <see cref="Path"/> (missing parents are created), or <see cref="Name"/> with an optional <see cref="Parent"/>.</summary>
public sealed record CreateFolderRequest
{
    /// <summary>Name of the new folder (no '/').</summary>
    public string? Name { get; init; }

    /// <summary>Parent folder; null for a root folder.</summary>
    public Guid? Parent { get; init; }

    /// <summary>A path such as <c>cams/front</c>; folders that are missing are created, an existing last folder is an error.</summary>
    public string? Path { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Folder-level custom metadata (a JSON object).</summary>
    public JsonElement? ClientMetadata { get; init; }
}

/// <summary>Body of <c>PATCH /api/v1/folders/{uuid}</c>; absent members are left as they are.</summary>
public sealed record UpdateFolderRequest
{
    /// <summary>New name.</summary>
    public string? Name { get; init; }

    /// <summary>New description.</summary>
    public string? Description { get; init; }

    /// <summary>New custom metadata; replaces the old object.</summary>
    public JsonElement? ClientMetadata { get; init; }
}

/// <summary>Body of <c>PATCH /api/v1/folders</c>: up to 1,000 folder patches by UUID (Encord's folder <c>patch-bulk</c>), applied all or none.</summary>
public sealed record PatchFoldersRequest
{
    /// <summary>Patches by folder UUID.</summary>
    public required IReadOnlyDictionary<Guid, UpdateFolderRequest> FolderPatches { get; init; }
}
