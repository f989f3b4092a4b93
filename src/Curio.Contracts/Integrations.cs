namespace Curio.Contracts;

/// <summary>A connection to where files live: a local folder, direct URLs, or (later) a bucket.</summary>
public sealed record Integration
{
    /// <summary>Identifier (Encord's integrationHash).</summary>
    public required Guid Uuid { get; init; }

    /// <summary>Unique name, used by the CLI and in import requests.</summary>
    public required string Name { get; init; }

    /// <summary><c>local</c> or <c>direct</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>local: the folder files are read from; nothing outside it is read.</summary>
    public string? Root { get; init; }

    /// <summary>direct: whether loopback, private, link-local and cloud-metadata addresses may be read.</summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Body of <c>POST /api/v1/integrations</c>.</summary>
public sealed record CreateIntegrationRequest
{
    /// <summary>Unique name: letters, digits, '-', '_' and '.', up to 100 characters.</summary>
    public required string Name { get; init; }

    /// <summary><c>local</c> or <c>direct</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>local: absolute path of an existing folder on the server.</summary>
    public string? Root { get; init; }

    /// <summary>direct: also read from loopback, private, link-local and cloud-metadata addresses.</summary>
    public bool AllowPrivateNetworks { get; init; }
}
