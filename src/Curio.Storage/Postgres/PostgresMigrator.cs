namespace Curio.Storage.Postgres;

/// <summary>
/// Applies the numbered scripts in Postgres/Migrations that the database has not seen, each in its own transaction.
/// Several server processes may start at once: an advisory lock lets one migrate while the others wait, then find
/// nothing left to do.
/// </summary>
internal static class PostgresMigrator
{
    // Any constant both processes agree on: "curio" in ASCII.
    private const long LockId = 0x637572696f;

    public static async Task<int> MigrateAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await connection.Command("SELECT pg_advisory_lock(@id)").With("id", LockId).RunOnceAsync(cancellationToken);
        try
        {
            await connection.Command("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
                .RunOnceAsync(cancellationToken);
            var applied = await connection.Command("SELECT coalesce(max(version), 0) FROM schema_version").ScalarOnceAsync(cancellationToken) ?? 0;
            var count = 0;
            foreach (var (version, sql) in Scripts().Where(s => s.Version > applied))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.Command(sql, transaction).RunOnceAsync(cancellationToken);
                await connection.Command("INSERT INTO schema_version (version) VALUES (@v)", transaction).With("v", version).RunOnceAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                count++;
            }

            if (count > 0)
            {
                // Types created by a migration (the vector extension's) are unknown to connections opened before it.
                await connection.ReloadTypesAsync(cancellationToken);
            }

            return count;
        }
        finally
        {
            await connection.Command("SELECT pg_advisory_unlock(@id)").With("id", LockId).RunOnceAsync(CancellationToken.None);
        }
    }

    internal static IEnumerable<(int Version, string Sql)> Scripts() => MigrationScripts.For("Postgres");
}
