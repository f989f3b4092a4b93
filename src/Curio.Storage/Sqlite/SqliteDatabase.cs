using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Curio.Storage.Sqlite;

/// <summary>
/// Connections to one SQLite file. Reads run concurrently (WAL); writes go through <see cref="WriteAsync{T}"/>,
/// one at a time, each in an immediate transaction, so no writer ever waits on SQLITE_BUSY behind another of ours.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    // Native connections already set up: a pooled connection keeps its settings, so they are applied once, not on
    // every open (five statements, a noticeable share of a one-millisecond page).
    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();

    public SqliteDatabase(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        var handle = connection.Handle!;
        if (!_configured.TryGetValue(handle, out _))
        {
            using var pragmas = connection.CreateCommand();
            // A checkpoint every 40,000 pages (160 MiB of WAL) rather than SQLite's 1,000: a bulk update dirties pages all
            // over a (key, value) index, and the same ones again a few requests later, so fewer, larger checkpoints copy
            // each page once instead of several times (docs/performance.md, bulk updates).
            pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 40000; PRAGMA cache_size = -65536;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(handle, handle);
        }

        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection);
    }

    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken up front.
            await using var transaction = connection.BeginTransaction();
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken) =>
        WriteAsync(async (c, t) =>
        {
            await work(c, t);
            return true;
        }, cancellationToken);

    public void Dispose() => _writer.Dispose();
}
