namespace Curio.Storage.Integrations;

public sealed record IntegrationRecord
{
    public required Guid Uuid { get; init; }
    public required string Name { get; init; }
    public required string Provider { get; init; }

    /// <summary>Provider settings as a JSON object; the server owns their meaning.</summary>
    public required string Settings { get; init; }

    /// <summary>The credentials as the server encrypted them; opaque to storage, null when the integration has none.</summary>
    public string? Secrets { get; init; }

    public Guid? CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

public interface IIntegrationStore
{
    /// <summary>False when the name is taken.</summary>
    Task<bool> CreateAsync(IntegrationRecord integration, CancellationToken cancellationToken);

    Task<IntegrationRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken);

    Task<IntegrationRecord?> FindByNameAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<IntegrationRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes an integration no item or job refers to; false when it is in use or missing.</summary>
    Task<IntegrationDeleteStatus> DeleteAsync(Guid uuid, CancellationToken cancellationToken);
}

public enum IntegrationDeleteStatus
{
    Deleted,
    NotFound,
    InUse,
}
