using Curio.Storage.Auth;
using Curio.Storage.Folders;
using Curio.Storage.Integrations;
using Curio.Storage.Items;
using Curio.Storage.Jobs;
using Curio.Storage.Metadata;

namespace Curio.Storage;

/// <summary>One storage backend (embedded SQLite, or PostgreSQL for scale-out): every store over one database.</summary>
public interface IStorage : IAsyncDisposable
{
    string Provider { get; }

    IFolderStore Folders { get; }

    IItemStore Items { get; }

    IJobStore Jobs { get; }

    IIntegrationStore Integrations { get; }

    IAuthStore Auth { get; }

    IMetadataStore Metadata { get; }

    /// <summary>The shared key ring, when the backend holds one (PostgreSQL); null when keys stay beside the database.</summary>
    IKeyRingStore? KeyRing { get; }

    /// <summary>Brings the schema to the current version.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
