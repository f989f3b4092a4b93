using System.Text.Json.Serialization;

namespace Curio.Connectors;

/// <summary>
/// What an integration was created with, secrets excepted (they live in <see cref="IntegrationSecrets"/>, stored
/// encrypted). Providers read the fields they need; <see cref="ObjectSourceFactory.Validate"/> refuses fields a
/// provider does not use, so a typo'd option never silently does nothing.
/// </summary>
public sealed record IntegrationSettings
{
    public const string Local = "local";
    public const string Direct = "direct";
    public const string S3 = "s3";
    public const string S3Compatible = "s3-compatible";
    public const string Azure = "azure";
    public const string Gcs = "gcs";

    /// <summary>Every provider, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Providers { get; } = [Local, Direct, S3, S3Compatible, Azure, Gcs];

    /// <summary>Signed URLs live an hour unless the integration says otherwise.</summary>
    public static readonly TimeSpan DefaultSignedUrlTtl = TimeSpan.FromHours(1);

    /// <summary>S3 and GCS V4 signatures are valid for at most seven days.</summary>
    public static readonly TimeSpan MaxSignedUrlTtl = TimeSpan.FromDays(7);

    public required string Provider { get; init; }

    /// <summary>local: the folder nothing outside of which is ever read.</summary>
    public string? Root { get; init; }

    /// <summary>direct: also read from loopback, private, link-local and cloud-metadata addresses.</summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>
    /// Where requests go. s3-compatible: required (the store's endpoint, e.g. https://minio.example.com).
    /// s3: optional (a FIPS, dual-stack or test endpoint). azure: the blob service endpoint
    /// (https://account.blob.core.windows.net), when no connection string names it. gcs: optional JSON API base.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>s3 / s3-compatible: the signing region (us-east-1 when not given).</summary>
    public string? Region { get; init; }

    /// <summary>s3, s3-compatible, gcs: the only bucket this integration reads; azure: the only container. Null: any.</summary>
    public string? Bucket { get; init; }

    /// <summary>s3: address buckets path-style (https://endpoint/bucket/key). s3-compatible stores are always addressed so.</summary>
    public bool PathStyle { get; init; }

    /// <summary>s3, s3-compatible, azure, gcs: read public objects without credentials.</summary>
    public bool Anonymous { get; init; }

    /// <summary>
    /// The server never downloads objects: media metadata blocks become mandatory and only URL signing is used.
    /// </summary>
    public bool StrictClientOnly { get; init; }

    /// <summary>Which credentials the integration holds (see <see cref="IntegrationSecrets.Kinds"/>), kept beside them for display; never values.</summary>
    public IReadOnlyList<string>? CredentialKinds { get; init; }

    /// <summary>How long signed URLs stay valid; null means <see cref="DefaultSignedUrlTtl"/>.</summary>
    public int? SignedUrlTtlSeconds { get; init; }

    [JsonIgnore]
    public TimeSpan SignedUrlTtl => SignedUrlTtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultSignedUrlTtl;

    [JsonIgnore]
    public bool IsCloud => Provider is S3 or S3Compatible or Azure or Gcs;
}

/// <summary>
/// Credentials of an integration. Never logged, never returned by the API; the server stores them encrypted with
/// its own key. <see cref="ToString"/> names which fields are set, never their values.
/// </summary>
public sealed record IntegrationSecrets
{
    /// <summary>s3 / s3-compatible access key id.</summary>
    public string? AccessKey { get; init; }

    /// <summary>s3 / s3-compatible secret access key.</summary>
    public string? SecretKey { get; init; }

    /// <summary>s3: the session token of temporary credentials.</summary>
    public string? SessionToken { get; init; }

    /// <summary>azure: a storage connection string (names the account and, for emulators, the endpoint).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>azure: the storage account key (the endpoint names the account).</summary>
    public string? AccountKey { get; init; }

    /// <summary>azure: a SAS token (account or container SAS) without the leading '?'.</summary>
    public string? Sas { get; init; }

    /// <summary>gcs: the service-account key file's JSON.</summary>
    public string? ServiceAccountJson { get; init; }

    [JsonIgnore]
    public bool IsEmpty =>
        AccessKey is null && SecretKey is null && SessionToken is null && ConnectionString is null &&
        AccountKey is null && Sas is null && ServiceAccountJson is null;

    /// <summary>Which credentials are present, for logs and the API ("access-key", "sas", ...); never the values.</summary>
    public IReadOnlyList<string> Kinds()
    {
        var kinds = new List<string>();
        if (AccessKey is not null || SecretKey is not null)
        {
            kinds.Add("access-key");
        }

        if (ConnectionString is not null)
        {
            kinds.Add("connection-string");
        }

        if (AccountKey is not null)
        {
            kinds.Add("account-key");
        }

        if (Sas is not null)
        {
            kinds.Add("sas");
        }

        if (ServiceAccountJson is not null)
        {
            kinds.Add("service-account");
        }

        return kinds;
    }

    public override string ToString() => $"IntegrationSecrets {{ {string.Join(", ", Kinds())} }}";
}
