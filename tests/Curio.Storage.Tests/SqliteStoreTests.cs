using Curio.Storage.Sqlite;

namespace Curio.Storage.Tests;

public sealed class SqliteStoreTests : StoreCompliance, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("curio-store-").FullName;

    protected override Task<IStorage> CreateStorageAsync() =>
        Task.FromResult<IStorage>(new SqliteStorage(Path.Combine(_directory, "curio.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
