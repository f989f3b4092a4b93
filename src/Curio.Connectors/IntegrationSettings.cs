namespace Curio.Connectors;

/// <summary>What an integration was created with. Providers read the fields they need; later providers add fields.</summary>
public sealed record IntegrationSettings
{
    public const string Local = "local";
    public const string Direct = "direct";

    public required string Provider { get; init; }

    /// <summary>local: the folder nothing outside of which is ever read.</summary>
    public string? Root { get; init; }

    /// <summary>direct: also read from loopback, private, link-local and cloud-metadata addresses.</summary>
    public bool AllowPrivateNetworks { get; init; }
}
