using Curio.Storage.Integrations;
using Npgsql;

namespace Curio.Storage.Postgres;

internal sealed class PostgresIntegrationStore(PostgresDatabase database) : IIntegrationStore
{
    private const string Columns = """
        g.uuid, g.name, g.provider, g.settings, u.uuid, g.created_at, g.secrets
        FROM integrations g LEFT JOIN users u ON u.id = g.created_by
        """;

    public Task<bool> CreateAsync(IntegrationRecord integration, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            // A name taken by another process's uncommitted insert is waited for, then counts as taken.
            await connection.Command("""
                INSERT INTO integrations (uuid, name, provider, settings, secrets, created_by, created_at)
                VALUES (@uuid, @name, @provider, @settings, @secrets, (SELECT id FROM users WHERE uuid = @user), @now)
                ON CONFLICT (name) DO NOTHING
                """, transaction)
                .With("uuid", integration.Uuid).With("name", integration.Name).With("provider", integration.Provider)
                .WithJson("settings", integration.Settings).With("secrets", integration.Secrets).With("user", integration.CreatedBy)
                .With("now", integration.CreatedAt)
                .RunOnceAsync(cancellationToken) == 1, cancellationToken);

    public Task<IntegrationRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (await ReadAllAsync(c.Command($"SELECT {Columns} WHERE g.uuid = @uuid").With("uuid", uuid), cancellationToken)).FirstOrDefault(), cancellationToken);

    public Task<IntegrationRecord?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (await ReadAllAsync(c.Command($"SELECT {Columns} WHERE g.name = @name").With("name", name), cancellationToken)).FirstOrDefault(), cancellationToken);

    // COLLATE "C": by code point, as SQLite sorts, whatever the database's collation.
    public Task<IReadOnlyList<IntegrationRecord>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (IReadOnlyList<IntegrationRecord>)await ReadAllAsync(c.Command($"SELECT {Columns} ORDER BY g.name COLLATE \"C\""), cancellationToken), cancellationToken);

    public Task<IntegrationDeleteStatus> DeleteAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // A job or item that starts referring to the integration takes a key-share lock on it (the foreign key),
            // which waits for this lock: references being added now are committed before the check below, and none
            // is added after it.
            var id = await connection.Command("SELECT id FROM integrations WHERE uuid = @uuid FOR UPDATE", transaction)
                .With("uuid", uuid).ScalarOnceAsync(cancellationToken);
            if (id is null)
            {
                return IntegrationDeleteStatus.NotFound;
            }

            if (await connection.Command("""
                    SELECT 1 WHERE EXISTS (SELECT 1 FROM jobs WHERE integration_id = @id) OR EXISTS (SELECT 1 FROM items WHERE integration_id = @id)
                    """, transaction).With("id", id).ScalarOnceAsync(cancellationToken) is not null)
            {
                return IntegrationDeleteStatus.InUse;
            }

            await connection.Command("DELETE FROM integrations WHERE id = @id", transaction).With("id", id).RunOnceAsync(cancellationToken);
            return IntegrationDeleteStatus.Deleted;
        }, cancellationToken);

    private static async Task<List<IntegrationRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<IntegrationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new IntegrationRecord
            {
                Uuid = reader.GetGuid(0),
                Name = reader.GetString(1),
                Provider = reader.GetString(2),
                Settings = reader.GetCanonicalJson(3),
                CreatedBy = reader.GetGuidOrNull(4),
                CreatedAt = reader.GetTime(5),
                Secrets = reader.GetStringOrNull(6),
            });
        }

        return list;
    }
}
