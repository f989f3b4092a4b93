using Curio.Core.Metadata;

namespace Curio.Storage.Metadata;

/// <summary>The organisation's metadata schema, the background re-check of stored values, and its report.</summary>
public interface IMetadataStore
{
    Task<SchemaRecord> GetSchemaAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="edit"/> to the stored schema under the write lock (so concurrent edits do not lose each
    /// other) and stores the result as a new version, which the background re-check then applies to stored values.
    /// An edit that changes nothing stores nothing.
    /// </summary>
    Task<SchemaRecord> EditSchemaAsync(Func<MetadataSchema, MetadataSchema> edit, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Re-checks the next <paramref name="batch"/> items with custom metadata against the current schema version.</summary>
    Task<ReindexProgress> ReindexAsync(int batch, CancellationToken cancellationToken);

    Task<ReindexProgress> GetReindexProgressAsync(CancellationToken cancellationToken);

    /// <summary>Stored values that do not conform to the schema, by item and key.</summary>
    Task<NonconformingPage> ListNonconformingAsync(int pageSize, string? pageToken, CancellationToken cancellationToken);
}

public sealed record SchemaRecord(MetadataSchema Schema, long Version, DateTimeOffset UpdatedAt);

/// <param name="Version">The schema version being applied.</param>
/// <param name="Done">Every stored value has been checked against it.</param>
/// <param name="ItemsLeft">Items with custom metadata still to check.</param>
public sealed record ReindexProgress(long Version, bool Done, long ItemsLeft);

public sealed record NonconformingValue(Guid ItemUuid, string ItemName, Guid FolderUuid, string Key, string Expected, string Value);

public sealed record NonconformingPage(IReadOnlyList<NonconformingValue> Values, long Total, string? NextPageToken);
