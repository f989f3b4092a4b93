using Curio.Core.Filtering;
namespace Curio.Storage.Items;

public interface IItemStore
{
    Task<ItemRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken);

    /// <summary>Found items, in the order asked; missing ones are left out.</summary>
    Task<IReadOnlyList<ItemRecord>> GetManyAsync(IReadOnlyList<Guid> uuids, CancellationToken cancellationToken);

    /// <summary>Top-level items of a folder (not frames), oldest first, a page at a time.</summary>
    Task<ItemPage> ListAsync(Guid folderUuid, ItemListQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Top-level items of a folder in the order of an unfiltered <see cref="ListAsync"/>, from a 0-based position instead
    /// of a token, so that a scrolled view jumps anywhere without walking the pages before it. The position is found in
    /// the folder's index; the page's next token continues as <see cref="ListAsync"/> would. Past the end: an empty page.
    /// </summary>
    Task<ItemPage> ListAtAsync(Guid folderUuid, long position, int pageSize, CancellationToken cancellationToken);

    /// <summary>Counts per value of an enum, boolean or varchar key (or the item type) over a folder's items that match the filter, most frequent first.</summary>
    Task<IReadOnlyList<ValueCount>> CountValuesAsync(Guid folderUuid, BoundTarget target, BoundFilter? filter, CancellationToken cancellationToken);

    /// <summary>The frames of a group or series, in order.</summary>
    Task<IReadOnlyList<ItemRecord>> ListChildrenAsync(Guid itemUuid, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(Guid uuid, CancellationToken cancellationToken);

    /// <summary>
    /// Applies patches in one transaction (a new <c>clientMetadata</c> replaces the old whole, as in Encord) and returns
    /// the patched items in the order given; items not found (or frames, whose metadata is their group's) are left out.
    /// </summary>
    Task<IReadOnlyList<ItemRecord>> PatchAsync(IReadOnlyList<ItemPatch> patches, DateTimeOffset now, CancellationToken cancellationToken);
}
