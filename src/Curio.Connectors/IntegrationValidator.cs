using System.Text.Json;
using Curio.Connectors.Azure;

namespace Curio.Connectors;

/// <summary>
/// Checks settings and credentials before a source is made, in words for the user. Options a provider does not
/// use are refused rather than ignored, so a misplaced flag is noticed when the integration is created.
/// </summary>
public static class IntegrationValidator
{
    /// <summary>Why these settings cannot make a source; null when they can.</summary>
    public static string? Validate(IntegrationSettings settings, IntegrationSecrets? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        secrets ??= new IntegrationSecrets();
        return settings.Provider switch
        {
            IntegrationSettings.Local => Unused(settings, secrets, root: true) ?? ValidateRoot(settings.Root),
            IntegrationSettings.Direct => Unused(settings, secrets, allowPrivate: true),
            IntegrationSettings.S3 => Unused(settings, secrets, endpoint: true, region: true, bucket: true, pathStyle: true, cloud: true, s3Keys: true)
                ?? ValidateEndpoint(settings.Endpoint, required: false) ?? ValidateBucket(settings.Bucket) ?? ValidateS3Credentials(settings, secrets),
            IntegrationSettings.S3Compatible => Unused(settings, secrets, endpoint: true, region: true, bucket: true, pathStyle: true, cloud: true, s3Keys: true)
                ?? ValidateEndpoint(settings.Endpoint, required: true) ?? ValidateBucket(settings.Bucket) ?? ValidateS3Credentials(settings, secrets),
            IntegrationSettings.Azure => Unused(settings, secrets, endpoint: true, bucket: true, cloud: true, azureKeys: true)
                ?? ValidateEndpoint(settings.Endpoint, required: false) ?? ValidateAzureCredentials(settings, secrets)
                ?? AzureConnection.Problem(settings, secrets),
            IntegrationSettings.Gcs => Unused(settings, secrets, endpoint: true, bucket: true, cloud: true, gcsKey: true)
                ?? ValidateEndpoint(settings.Endpoint, required: false) ?? ValidateBucket(settings.Bucket) ?? ValidateGcsCredentials(settings, secrets),
            _ => $"Unknown provider '{settings.Provider}'; expected one of {string.Join(", ", IntegrationSettings.Providers.Select(p => $"'{p}'"))}.",
        };
    }

    private static string? Unused(
        IntegrationSettings s, IntegrationSecrets secrets, bool root = false, bool allowPrivate = false, bool endpoint = false, bool region = false,
        bool bucket = false, bool pathStyle = false, bool cloud = false, bool s3Keys = false, bool azureKeys = false, bool gcsKey = false)
    {
        var p = s.Provider;
        if (!root && s.Root is not null)
        {
            return $"A {p} integration takes no root folder; --root is for local integrations.";
        }

        if (!allowPrivate && s.AllowPrivateNetworks)
        {
            return $"--allow-private-networks applies only to direct integrations; a {p} integration does not read arbitrary addresses.";
        }

        if (!endpoint && s.Endpoint is not null)
        {
            return $"A {p} integration takes no endpoint; --endpoint is for s3, s3-compatible, azure and gcs integrations.";
        }

        if (!region && s.Region is not null)
        {
            return $"A {p} integration takes no region; --region is for s3 and s3-compatible integrations.";
        }

        if (!bucket && s.Bucket is not null)
        {
            return $"A {p} integration takes no bucket; --bucket is for s3, s3-compatible, azure (the container) and gcs integrations.";
        }

        if (!pathStyle && s.PathStyle)
        {
            return $"--path-style applies only to s3 and s3-compatible integrations.";
        }

        if (!cloud && (s.Anonymous || s.StrictClientOnly || s.SignedUrlTtlSeconds is not null))
        {
            return $"--anonymous, --strict-client-only and --signed-url-ttl apply to s3, s3-compatible, azure and gcs integrations, not to {p}.";
        }

        if (s.SignedUrlTtlSeconds is { } ttl && (ttl < 1 || ttl > IntegrationSettings.MaxSignedUrlTtl.TotalSeconds))
        {
            return $"--signed-url-ttl must be between 1 and {IntegrationSettings.MaxSignedUrlTtl.TotalSeconds:0} seconds (7 days, the longest S3 and GCS signatures last); got {ttl}.";
        }

        if (!s3Keys && (secrets.AccessKey ?? secrets.SecretKey ?? secrets.SessionToken) is not null)
        {
            return $"--access-key and --secret-key are for s3 and s3-compatible integrations, not {p}.";
        }

        if (!azureKeys && (secrets.ConnectionString ?? secrets.AccountKey ?? secrets.Sas) is not null)
        {
            return $"--connection-string, --account-key and --sas are for azure integrations, not {p}.";
        }

        if (!gcsKey && secrets.ServiceAccountJson is not null)
        {
            return $"--service-account-file is for gcs integrations, not {p}.";
        }

        return null;
    }

    private static string? ValidateS3Credentials(IntegrationSettings s, IntegrationSecrets secrets)
    {
        var keys = secrets.AccessKey is not null || secrets.SecretKey is not null;
        if (keys && (string.IsNullOrWhiteSpace(secrets.AccessKey) || string.IsNullOrWhiteSpace(secrets.SecretKey)))
        {
            return "Give both --access-key and --secret-key.";
        }

        if (secrets.SessionToken is not null && !keys)
        {
            return "A session token needs its --access-key and --secret-key.";
        }

        if (keys == s.Anonymous)
        {
            return keys
                ? "Give either --access-key/--secret-key or --anonymous, not both."
                : $"A {s.Provider} integration needs credentials: --access-key and --secret-key, or --anonymous for a public bucket.";
        }

        return s.Region is { } region && !IsDnsLabelish(region)
            ? $"The region '{region}' is not a region name (letters, digits and '-', e.g. eu-west-1)."
            : null;
    }

    private static string? ValidateAzureCredentials(IntegrationSettings s, IntegrationSecrets secrets)
    {
        var given = new[] { secrets.ConnectionString is not null, secrets.AccountKey is not null, secrets.Sas is not null, s.Anonymous }.Count(b => b);
        if (given != 1)
        {
            return given == 0
                ? "An azure integration needs credentials: --connection-string, --account-key (with --endpoint), --sas (with --endpoint), or --anonymous (with --endpoint) for a public container."
                : "Give exactly one of --connection-string, --account-key, --sas and --anonymous.";
        }

        if (secrets.ConnectionString is { } cs)
        {
            if (!cs.Contains("AccountName=", StringComparison.OrdinalIgnoreCase) && !cs.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase))
            {
                return "The connection string names no account: expected AccountName=...;AccountKey=... or BlobEndpoint=...;SharedAccessSignature=..., as the Azure portal shows it.";
            }

            return null;
        }

        if (s.Endpoint is null)
        {
            return "Give the blob service endpoint with --endpoint, e.g. https://myaccount.blob.core.windows.net.";
        }

        if (secrets.Sas is { } sas && (sas.Length == 0 || !sas.TrimStart('?').Contains("sig=", StringComparison.Ordinal)))
        {
            return "The SAS token has no signature (sig=...); copy the whole token the Azure portal generates.";
        }

        if (secrets.AccountKey is { } key && !IsBase64(key))
        {
            return "The account key is not base64; copy key1 or key2 from the storage account's Access keys page.";
        }

        return null;
    }

    private static string? ValidateGcsCredentials(IntegrationSettings s, IntegrationSecrets secrets)
    {
        if ((secrets.ServiceAccountJson is not null) == s.Anonymous)
        {
            return s.Anonymous
                ? "Give either --service-account-file or --anonymous, not both."
                : "A gcs integration needs credentials: --service-account-file with a service-account key (JSON), or --anonymous for a public bucket.";
        }

        if (secrets.ServiceAccountJson is not { } json)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Field(string name) =>
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Field("type") != "service_account")
            {
                return "The service-account file is not a service-account key: its \"type\" must be \"service_account\". Create a key for a service account in the Google Cloud console (IAM > Service accounts > Keys).";
            }

            if (string.IsNullOrEmpty(Field("client_email")) || string.IsNullOrEmpty(Field("private_key")))
            {
                return "The service-account file lacks \"client_email\" or \"private_key\"; download the key file again.";
            }
        }
        catch (JsonException ex)
        {
            return $"The service-account file is not valid JSON ({ex.Message}).";
        }

        return null;
    }

    private static string? ValidateEndpoint(string? endpoint, bool required)
    {
        if (endpoint is null)
        {
            return required ? "An s3-compatible integration needs the store's endpoint: --endpoint https://host[:port]." : null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host) || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return $"The endpoint '{endpoint}' is not an http(s) URL of a host (no query, no user name), e.g. https://storage.example.com.";
        }

        return null;
    }

    private static string? ValidateBucket(string? bucket) =>
        bucket is null || (bucket.Length is >= 1 and <= 222 && !bucket.Contains('/', StringComparison.Ordinal) && !bucket.Any(char.IsWhiteSpace))
            ? null
            : $"The bucket name '{bucket}' is not valid: 1 to 222 characters without '/' or spaces.";

    private static string? ValidateRoot(string? root)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            return "A local integration needs a root folder: the absolute path of the folder to read from.";
        }

        if (!Path.IsPathFullyQualified(root))
        {
            return $"The root folder '{root}' is not an absolute path; give the full path, e.g. /data/images.";
        }

        if (root.Contains('\0', StringComparison.Ordinal) || !Directory.Exists(root))
        {
            return $"The root folder '{root}' does not exist or is not a folder.";
        }

        return null;
    }

    private static bool IsDnsLabelish(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool IsBase64(string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        return value.Length is > 0 and <= 340 && Convert.TryFromBase64String(value, buffer, out _);
    }
}
