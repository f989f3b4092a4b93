using Curio.Storage.Auth;
using Npgsql;

namespace Curio.Storage.Postgres;

internal sealed class PostgresAuthStore(PostgresDatabase database) : IAuthStore
{
    public Task<int> CountUsersAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (int)(await c.Command("SELECT count(*) FROM users").ScalarOnceAsync(cancellationToken) ?? 0), cancellationToken);

    public Task CreateUserAsync(UserRecord user, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
            connection.Command("INSERT INTO users (uuid, name, password_hash, is_admin, created_at) VALUES (@uuid, @name, @hash, @admin, @now)", transaction)
                .With("uuid", user.Uuid).With("name", user.Name).With("hash", user.PasswordHash).With("admin", user.IsAdmin).With("now", user.CreatedAt)
                .RunOnceAsync(cancellationToken), cancellationToken);

    public Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(c => ReadUserAsync(c.Command("SELECT uuid, name, is_admin, password_hash, created_at FROM users WHERE name = @name").With("name", name), cancellationToken), cancellationToken);

    public Task CreateTokenAsync(TokenRecord token, byte[] tokenHash, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
            connection.Command("""
                INSERT INTO api_tokens (uuid, user_id, name, token_hash, created_at)
                VALUES (@uuid, (SELECT id FROM users WHERE uuid = @user), @name, @hash, @now)
                """, transaction)
                .With("uuid", token.Uuid).With("user", token.UserUuid).With("name", token.Name).With("hash", tokenHash).With("now", token.CreatedAt)
                .RunOnceAsync(cancellationToken), cancellationToken);

    public Task<UserRecord?> FindUserByTokenAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        database.ReadAsync(c => ReadUserAsync(c.Command("""
            SELECT u.uuid, u.name, u.is_admin, u.password_hash, u.created_at
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = @hash AND t.revoked_at IS NULL
            """).With("hash", tokenHash), cancellationToken), cancellationToken);

    private static async Task<UserRecord?> ReadUserAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UserRecord(reader.GetGuid(0), reader.GetString(1), reader.GetBoolean(2), reader.GetStringOrNull(3), reader.GetTime(4))
            : null;
    }
}
