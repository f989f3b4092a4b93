using Npgsql;

namespace Curio.Storage.Postgres;

/// <summary>
/// One PostgreSQL database through one <see cref="NpgsqlDataSource"/> (its pool). Unlike SQLite, writers run
/// concurrently and several server processes share the database, so correctness comes from transactions and row locks
/// (FOR UPDATE, SKIP LOCKED), never from a lock in this process.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Names the processes in pg_stat_activity, so an operator can tell Curio's connections apart.
        builder.ApplicationName ??= "curio";
        var data = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        DataSource = data.Build();
        Description = $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Where the database is, without credentials, for messages.</summary>
    public string Description { get; }

    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken cancellationToken) =>
        WriteAsync(async (c, t) =>
        {
            await work(c, t);
            return true;
        }, cancellationToken);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
