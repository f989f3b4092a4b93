using Curio.Storage.Auth;
using Curio.Storage.Folders;
using Curio.Storage.Integrations;
using Curio.Storage.Items;
using Curio.Storage.Jobs;
using Curio.Storage.Metadata;

namespace Curio.Storage.Postgres;

/// <summary>
/// The scale-out backend: one PostgreSQL database (15 or later) that any number of server processes share. Custom
/// metadata is jsonb, filters read the same typed index tables as on SQLite, and import chunks (with their encoded
/// units) live in the database, so any process's workers can claim them.
/// </summary>
public sealed class PostgresStorage : IStorage
{
    private readonly PostgresDatabase _database;

    public PostgresStorage(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _database = new PostgresDatabase(connectionString);
        Folders = new PostgresFolderStore(_database);
        Items = new PostgresItemStore(_database);
        Jobs = new PostgresJobStore(_database);
        Integrations = new PostgresIntegrationStore(_database);
        Auth = new PostgresAuthStore(_database);
        Metadata = new PostgresMetadataStore(_database);
        KeyRing = new PostgresKeyRingStore(_database);
    }

    public string Provider => "postgres";

    /// <summary>What is wrong with a connection string (an unknown keyword, a bad value), or null when it parses.</summary>
    public static string? CheckConnectionString(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>host:port/database, without credentials.</summary>
    public string Description => _database.Description;

    public IFolderStore Folders { get; }

    public IItemStore Items { get; }

    public IJobStore Jobs { get; }

    public IIntegrationStore Integrations { get; }

    public IAuthStore Auth { get; }

    public IMetadataStore Metadata { get; }

    public IKeyRingStore? KeyRing { get; }

    public Task MigrateAsync(CancellationToken cancellationToken) => PostgresMigrator.MigrateAsync(_database, cancellationToken);

    /// <summary>The installed pgvector version, or null when the extension is not there.</summary>
    public Task<string?> VectorVersionAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(async connection =>
        {
            await using var command = connection.Command("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }, cancellationToken);

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
