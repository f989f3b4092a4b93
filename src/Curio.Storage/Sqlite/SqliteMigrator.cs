namespace Curio.Storage.Sqlite;

/// <summary>Applies the numbered scripts in Sqlite/Migrations that the database has not seen, each in its own transaction.</summary>
internal static class SqliteMigrator
{
    public static async Task<int> MigrateAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            // WAL is a property of the file, so it is set once here rather than on every connection.
            await connection.Command("PRAGMA journal_mode = WAL;").RunOnceAsync(cancellationToken);
        }

        var applied = await database.WriteAsync(async (connection, transaction) =>
        {
            await connection.Command("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)", transaction)
                .RunOnceAsync(cancellationToken);
            return await connection.Command("SELECT coalesce(max(version), 0) FROM schema_version", transaction).ScalarOnceAsync(cancellationToken) ?? 0;
        }, cancellationToken);

        var count = 0;
        foreach (var (version, sql) in Scripts().Where(s => s.Version > applied))
        {
            await database.WriteAsync(async (connection, transaction) =>
            {
                await connection.Command(sql, transaction).RunOnceAsync(cancellationToken);
                await connection.Command("INSERT INTO schema_version (version, applied_at) VALUES ($v, unixepoch() * 1000)", transaction)
                    .With("$v", version).RunOnceAsync(cancellationToken);
            }, cancellationToken);
            count++;
        }

        return count;
    }

    internal static IEnumerable<(int Version, string Sql)> Scripts() => MigrationScripts.For("Sqlite");
}
