using Curio.Core.Filtering;
using Curio.Storage.Items;

namespace Curio.Storage.Postgres;

// PLACEHOLDER: being written; replaced by the real store before this lands.
#pragma warning disable CS9113
internal sealed class PostgresItemStore(PostgresDatabase database) : IItemStore
{
    public Task<ItemRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<ItemRecord>> GetManyAsync(IReadOnlyList<Guid> uuids, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<ItemPage> ListAsync(Guid folderUuid, ItemListQuery query, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<ValueCount>> CountValuesAsync(Guid folderUuid, BoundTarget target, BoundFilter? filter, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<ItemRecord>> ListChildrenAsync(Guid itemUuid, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<bool> DeleteAsync(Guid uuid, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<ItemRecord>> PatchAsync(IReadOnlyList<ItemPatch> patches, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
}
