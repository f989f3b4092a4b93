using System.Text.Json.Serialization;

namespace Curio.Contracts;

/// <summary>A connection to where files live: a local folder, direct URLs, or a bucket (S3, S3-compatible, Azure Blob, GCS).</summary>
public sealed record Integration
{
    /// <summary>Identifier (Encord's integrationHash).</summary>
    public required Guid Uuid { get; init; }

    /// <summary>Unique name, used by the CLI and in import requests.</summary>
    public required string Name { get; init; }

    /// <summary><c>local</c>, <c>direct</c>, <c>s3</c>, <c>s3-compatible</c>, <c>azure</c> or <c>gcs</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>local: the folder files are read from; nothing outside it is read.</summary>
    public string? Root { get; init; }

    /// <summary>direct: whether loopback, private, link-local and cloud-metadata addresses may be read.</summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>Cloud: where requests go, when not the provider's default.</summary>
    public string? Endpoint { get; init; }

    /// <summary>s3 / s3-compatible: the signing region.</summary>
    public string? Region { get; init; }

    /// <summary>The only bucket (azure: container) read; null for any the credentials reach.</summary>
    public string? Bucket { get; init; }

    /// <summary>s3: buckets are addressed path-style.</summary>
    public bool PathStyle { get; init; }

    /// <summary>Cloud: public objects are read without credentials.</summary>
    public bool Anonymous { get; init; }

    /// <summary>Cloud: the server never downloads objects; media metadata must be in the upload file.</summary>
    public bool StrictClientOnly { get; init; }

    /// <summary>How long signed URLs stay valid, in seconds.</summary>
    public int? SignedUrlTtlSeconds { get; init; }

    /// <summary>Which credentials are stored (<c>access-key</c>, <c>connection-string</c>, <c>account-key</c>, <c>sas</c>, <c>service-account</c>); never their values.</summary>
    public IReadOnlyList<string> Credentials { get; init; } = [];

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Body of <c>POST /api/v1/integrations</c>. Credentials are stored encrypted and never returned.</summary>
public sealed record CreateIntegrationRequest
{
    /// <summary>Unique name: letters, digits, '-', '_' and '.', up to 100 characters.</summary>
    public required string Name { get; init; }

    /// <summary><c>local</c>, <c>direct</c>, <c>s3</c>, <c>s3-compatible</c>, <c>azure</c> or <c>gcs</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>local: absolute path of an existing folder on the server.</summary>
    public string? Root { get; init; }

    /// <summary>direct: also read from loopback, private, link-local and cloud-metadata addresses.</summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>s3-compatible (required), s3, azure, gcs (optional): the endpoint URL.</summary>
    public string? Endpoint { get; init; }

    /// <summary>s3 / s3-compatible: the signing region (us-east-1 when not given).</summary>
    public string? Region { get; init; }

    /// <summary>Restrict the integration to one bucket (azure: container).</summary>
    public string? Bucket { get; init; }

    /// <summary>s3: address buckets path-style.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PathStyle { get; init; }

    /// <summary>Cloud: read public objects without credentials.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Anonymous { get; init; }

    /// <summary>Cloud: never download objects; media metadata blocks become mandatory.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool StrictClientOnly { get; init; }

    /// <summary>Cloud: lifetime of signed URLs in seconds (1 to 604800; default 3600).</summary>
    public int? SignedUrlTtlSeconds { get; init; }

    /// <summary>s3 / s3-compatible: access key id.</summary>
    public string? AccessKey { get; init; }

    /// <summary>s3 / s3-compatible: secret access key.</summary>
    public string? SecretKey { get; init; }

    /// <summary>s3: session token of temporary credentials.</summary>
    public string? SessionToken { get; init; }

    /// <summary>azure: storage connection string.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>azure: storage account key (with <see cref="Endpoint"/>).</summary>
    public string? AccountKey { get; init; }

    /// <summary>azure: SAS token (with <see cref="Endpoint"/>).</summary>
    public string? Sas { get; init; }

    /// <summary>gcs: the service-account key file's JSON text.</summary>
    public string? ServiceAccountJson { get; init; }
}

/// <summary>An object in an integration's storage, as a listing gives it (one JSON object per line of <c>GET /integrations/{name}/objects</c>).</summary>
public sealed record StorageObject
{
    /// <summary>A URL to put in an upload file; the integration resolves it.</summary>
    public required string Url { get; init; }

    /// <summary>The provider's key (object key, blob name, path under the root).</summary>
    public required string Key { get; init; }

    /// <summary>Size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>When it was last written, where the provider tells.</summary>
    public DateTimeOffset? LastModified { get; init; }
}
