using Curio.Storage.Auth;
using Curio.Storage.Folders;
using Curio.Storage.Integrations;
using Curio.Storage.Items;
using Curio.Storage.Jobs;
using Curio.Storage.Metadata;

namespace Curio.Storage.Sqlite;

/// <summary>The embedded backend: one SQLite file (WAL) holding everything.</summary>
public sealed class SqliteStorage : IStorage
{
    private readonly SqliteDatabase _database;
    private readonly ChunkPayloadFiles _payloads;

    public SqliteStorage(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _database = new SqliteDatabase(path);
        _payloads = new ChunkPayloadFiles(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "chunks"));
        Folders = new SqliteFolderStore(_database);
        Items = new SqliteItemStore(_database);
        Jobs = new SqliteJobStore(_database, _payloads);
        Integrations = new SqliteIntegrationStore(_database);
        Auth = new SqliteAuthStore(_database);
        Metadata = new SqliteMetadataStore(_database);
    }

    public string Provider => "sqlite";

    public IFolderStore Folders { get; }

    public IItemStore Items { get; }

    public IJobStore Jobs { get; }

    public IIntegrationStore Integrations { get; }

    public IAuthStore Auth { get; }

    public IMetadataStore Metadata { get; }

    public IKeyRingStore? KeyRing => null;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        _payloads.EnsureDirectory();
        await SqliteMigrator.MigrateAsync(_database, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }
}
