using Curio.Core.Metadata;
using Curio.Storage.Metadata;

namespace Curio.Storage.Postgres;

// PLACEHOLDER: being written; replaced by the real store before this lands.
#pragma warning disable CS9113
internal sealed class PostgresMetadataStore(PostgresDatabase database) : IMetadataStore
{
    public Task<SchemaRecord> GetSchemaAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<SchemaRecord> EditSchemaAsync(Func<MetadataSchema, MetadataSchema> edit, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<ReindexProgress> ReindexAsync(int batch, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<ReindexProgress> GetReindexProgressAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<NonconformingPage> ListNonconformingAsync(int pageSize, string? pageToken, CancellationToken cancellationToken) => throw new NotImplementedException();
}
