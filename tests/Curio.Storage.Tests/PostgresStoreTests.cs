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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
