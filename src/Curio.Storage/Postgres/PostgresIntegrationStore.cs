using Curio.Storage.Integrations;

namespace Curio.Storage.Postgres;

// PLACEHOLDER: being written; replaced by the real store before this lands.
#pragma warning disable CS9113
internal sealed class PostgresIntegrationStore(PostgresDatabase database) : IIntegrationStore
{
    public Task<bool> CreateAsync(IntegrationRecord integration, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IntegrationRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IntegrationRecord?> FindByNameAsync(string name, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<IntegrationRecord>> ListAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IntegrationDeleteStatus> DeleteAsync(Guid uuid, CancellationToken cancellationToken) => throw new NotImplementedException();
}
