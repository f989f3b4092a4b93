using Curio.Storage.Integrations;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

internal sealed class SqliteIntegrationStore(SqliteDatabase database) : IIntegrationStore
{
    private const string Columns = """
        g.uuid, g.name, g.provider, g.settings, u.uuid, g.created_at, g.secrets
        FROM integrations g LEFT JOIN users u ON u.id = g.created_by
        """;

    public Task<bool> CreateAsync(IntegrationRecord integration, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (await connection.Command("SELECT count(*) FROM integrations WHERE name = $name", transaction).With("$name", integration.Name)
                    .ScalarOnceAsync(cancellationToken) > 0)
            {
                return false;
            }

            await connection.Command("""
                INSERT INTO integrations (uuid, name, provider, settings, secrets, created_by, created_at)
                VALUES ($uuid, $name, $provider, $settings, $secrets, (SELECT id FROM users WHERE uuid = $user), $now)
                """, transaction)
                .With("$uuid", integration.Uuid).With("$name", integration.Name).With("$provider", integration.Provider)
                .With("$settings", integration.Settings).With("$secrets", integration.Secrets).With("$user", integration.CreatedBy).With("$now", integration.CreatedAt)
                .RunOnceAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public Task<IntegrationRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (await ReadAllAsync(c.Command($"SELECT {Columns} WHERE g.uuid = $uuid").With("$uuid", uuid), cancellationToken)).FirstOrDefault(), cancellationToken);

    public Task<IntegrationRecord?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (await ReadAllAsync(c.Command($"SELECT {Columns} WHERE g.name = $name").With("$name", name), cancellationToken)).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<IntegrationRecord>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (IReadOnlyList<IntegrationRecord>)await ReadAllAsync(c.Command($"SELECT {Columns} ORDER BY g.name"), cancellationToken), cancellationToken);

    public Task<IntegrationDeleteStatus> DeleteAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var id = await connection.Command("SELECT id FROM integrations WHERE uuid = $uuid", transaction).With("$uuid", uuid).ScalarOnceAsync(cancellationToken);
            if (id is null)
            {
                return IntegrationDeleteStatus.NotFound;
            }

            var uses = await connection.Command("""
                SELECT (SELECT count(*) FROM jobs WHERE integration_id = $id) + (SELECT count(*) FROM items WHERE integration_id = $id)
                """, transaction).With("$id", id).ScalarOnceAsync(cancellationToken);
            if (uses > 0)
            {
                return IntegrationDeleteStatus.InUse;
            }

            await connection.Command("DELETE FROM integrations WHERE id = $id", transaction).With("$id", id).RunOnceAsync(cancellationToken);
            return IntegrationDeleteStatus.Deleted;
        }, cancellationToken);

    private static async Task<List<IntegrationRecord>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<IntegrationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new IntegrationRecord
            {
                Uuid = reader.GetUuid(0),
                Name = reader.GetString(1),
                Provider = reader.GetString(2),
                Settings = reader.GetString(3),
                CreatedBy = reader.GetUuidOrNull(4),
                CreatedAt = reader.GetTime(5),
                Secrets = reader.IsDBNull(6) ? null : reader.GetString(6),
            });
        }

        return list;
    }
}
