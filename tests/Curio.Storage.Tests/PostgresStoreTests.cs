using Curio.Storage.Postgres;
using Curio.Testing;

namespace Curio.Storage.Tests;

/// <summary>The compliance suite on PostgreSQL: a database of its own per test, on the server ./test.sh starts.</summary>
public sealed class PostgresStoreTests : StoreCompliance
{
    private PostgresTestDatabase? _database;

    protected override async Task<IStorage> CreateStorageAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Ct);
        return new PostgresStorage(_database.ConnectionString);
    }

    [Fact]
    public async Task The_migrations_create_pgvector()
    {
        var version = await ((PostgresStorage)Storage).VectorVersionAsync(Ct);
        Assert.True(version is not null, "pgvector is not installed on the test server: ./test.sh builds it from Debian's source package.");
    }

    [Fact]
    public async Task Processes_starting_together_migrate_once()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var storages = Enumerable.Range(0, 3).Select(_ => new PostgresStorage(database.ConnectionString)).ToList();
        await Task.WhenAll(storages.Select(s => s.MigrateAsync(Ct)));

        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*), count(DISTINCT version) FROM schema_version", connection);
        await using var reader = await count.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        Assert.Equal(PostgresMigrator.Scripts().Count(), reader.GetInt64(0));
        foreach (var storage in storages)
        {
            await storage.DisposeAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
