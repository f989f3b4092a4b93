using Curio.Storage.Auth;

namespace Curio.Storage.Postgres;

// PLACEHOLDER: being written; replaced by the real store before this lands.
#pragma warning disable CS9113
internal sealed class PostgresAuthStore(PostgresDatabase database) : IAuthStore
{
    public Task<int> CountUsersAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task CreateUserAsync(UserRecord user, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task CreateTokenAsync(TokenRecord token, byte[] tokenHash, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<UserRecord?> FindUserByTokenAsync(byte[] tokenHash, CancellationToken cancellationToken) => throw new NotImplementedException();
}
