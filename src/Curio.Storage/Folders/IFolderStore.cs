namespace Curio.Storage.Folders;

public interface IFolderStore
{
    Task<FolderRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken);

    /// <summary>The folder and its ancestors, root first.</summary>
    Task<IReadOnlyList<FolderRecord>> GetPathAsync(Guid uuid, CancellationToken cancellationToken);

    /// <summary>Follows names from the root; null when any of them is missing.</summary>
    Task<FolderRecord?> FindByPathAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>Sub-folders of <paramref name="parent"/> (root folders when null), by name.</summary>
    Task<IReadOnlyList<FolderRecord>> ListChildrenAsync(Guid? parent, CancellationToken cancellationToken);

    Task<FolderWriteResult> CreateAsync(NewFolder folder, CancellationToken cancellationToken);

    /// <summary>Creates whichever folders of the path are missing; returns the last one.</summary>
    Task<FolderRecord> EnsurePathAsync(IReadOnlyList<string> names, Guid? ownerUuid, DateTimeOffset now, CancellationToken cancellationToken);

    Task<FolderWriteResult> UpdateAsync(Guid uuid, FolderPatch patch, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Applies patches in one transaction: all of them, with the patched folders in the order given, or none, with the
    /// first failure and the folder it concerns.
    /// </summary>
    Task<(IReadOnlyList<FolderWriteResult> Results, Guid? Failed)> UpdateManyAsync(IReadOnlyList<(Guid Uuid, FolderPatch Patch)> patches, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes an empty folder, or with <paramref name="recursive"/> its whole subtree and items. Busy while an import into it runs.</summary>
    Task<FolderWriteResult> DeleteAsync(Guid uuid, bool recursive, CancellationToken cancellationToken);
}
