namespace Curio.Connectors.S3;

/// <summary>
/// What an s3 or s3-compatible integration's settings say about addressing: which URLs name its objects
/// (see <see cref="S3Urls"/>), where requests go and how buckets appear in URLs it hands out. Pure data.
/// </summary>
internal sealed record S3Addressing
{
    /// <summary>The region signed for when the integration names none; S3's global endpoint lives there.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary><see cref="IntegrationSettings.S3"/> or <see cref="IntegrationSettings.S3Compatible"/>.</summary>
    public required string Provider { get; init; }

    public string Region { get; init; } = DefaultRegion;

    /// <summary>The only bucket read, or null for any.</summary>
    public string? Bucket { get; init; }

    /// <summary>Requests name the bucket in the path; always so for s3-compatible stores.</summary>
    public bool PathStyle { get; init; }

    /// <summary>The integration's endpoint; required for s3-compatible, optional for s3.</summary>
    public S3Endpoint? Endpoint { get; init; }

    public bool IsCompatible => Provider == IntegrationSettings.S3Compatible;

    /// <summary>Expects settings that <see cref="IntegrationValidator"/> accepted.</summary>
    public static S3Addressing From(IntegrationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new S3Addressing
        {
            Provider = settings.Provider,
            Region = settings.Region ?? DefaultRegion,
            Bucket = settings.Bucket,
            PathStyle = settings.PathStyle || settings.Provider == IntegrationSettings.S3Compatible,
            Endpoint = settings.Endpoint is { } endpoint ? S3Endpoint.Parse(endpoint) : null,
        };
    }
}

/// <summary>An endpoint split into the parts URLs are matched on. Host is lower case; PathPrefix is "" or "/segments" without a trailing slash.</summary>
internal sealed record S3Endpoint(string Scheme, string Host, int Port, bool IsDefaultPort, string PathPrefix, bool IsDnsName)
{
    public static S3Endpoint Parse(string endpoint)
    {
        var uri = new Uri(endpoint, UriKind.Absolute);
        return new S3Endpoint(
            uri.Scheme, uri.Host, uri.Port, uri.IsDefaultPort, uri.AbsolutePath.TrimEnd('/'), uri.HostNameType == UriHostNameType.Dns);
    }

    /// <summary>host, or host:port when the port is not the scheme's default.</summary>
    public string Authority => IsDefaultPort ? Host : $"{Host}:{Port}";

    /// <summary>scheme://authority/prefix without a trailing slash: buckets follow it in path-style URLs.</summary>
    public string BaseUrl => $"{Scheme}://{Authority}{PathPrefix}";
}
