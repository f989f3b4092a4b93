using Curio.Storage.Folders;

namespace Curio.Storage.Postgres;

// PLACEHOLDER: being written; replaced by the real store before this lands.
#pragma warning disable CS9113
internal sealed class PostgresFolderStore(PostgresDatabase database) : IFolderStore
{
    public Task<FolderRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<FolderRecord>> GetPathAsync(Guid uuid, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<FolderRecord?> FindByPathAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<FolderRecord>> ListChildrenAsync(Guid? parent, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<FolderWriteResult> CreateAsync(NewFolder folder, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<FolderRecord> EnsurePathAsync(IReadOnlyList<string> names, Guid? ownerUuid, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<FolderWriteResult> UpdateAsync(Guid uuid, FolderPatch patch, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<(IReadOnlyList<FolderWriteResult> Results, Guid? Failed)> UpdateManyAsync(IReadOnlyList<(Guid Uuid, FolderPatch Patch)> patches, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<FolderWriteResult> DeleteAsync(Guid uuid, bool recursive, CancellationToken cancellationToken) => throw new NotImplementedException();
}
