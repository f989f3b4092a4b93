namespace Curio.Storage.Auth;

public sealed record UserRecord(Guid Uuid, string Name, bool IsAdmin, string? PasswordHash, DateTimeOffset CreatedAt);

public sealed record TokenRecord(Guid Uuid, Guid UserUuid, string Name, DateTimeOffset CreatedAt);

public interface IAuthStore
{
    Task<int> CountUsersAsync(CancellationToken cancellationToken);

    Task CreateUserAsync(UserRecord user, CancellationToken cancellationToken);

    Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken);

    Task CreateTokenAsync(TokenRecord token, byte[] tokenHash, CancellationToken cancellationToken);

    /// <summary>The user a live (not revoked) token belongs to.</summary>
    Task<UserRecord?> FindUserByTokenAsync(byte[] tokenHash, CancellationToken cancellationToken);
}
