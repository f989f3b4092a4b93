using Azure;
using Azure.Storage;

namespace Curio.Connectors.Azure;

/// <summary>
/// The account, endpoint and credential of an azure integration, worked out without I/O.
/// </summary>
/// <remarks>
/// <para>With a connection string (as the Azure portal shows it): the endpoint is its BlobEndpoint, else the
/// integration's Endpoint, else <c>{DefaultEndpointsProtocol}://{AccountName}.blob.{EndpointSuffix}</c> (https and
/// core.windows.net when not given); the credential is AccountName + AccountKey, else SharedAccessSignature, else
/// none (public containers).</para>
/// <para>Without one, the integration's Endpoint with its AccountKey, Sas or Anonymous flag. The account is then the
/// endpoint's first host label for <c>{account}.blob.{suffix}</c> hosts, else its first path segment (path-style
/// endpoints such as azurite's http://127.0.0.1:10000/devstoreaccount1); a custom domain does not tell it, which only
/// an account key needs (give a connection string with AccountName then).</para>
/// <para>Secrets stay in the credential objects; no message here quotes a key, a SAS or a whole connection string.</para>
/// </remarks>
internal sealed class AzureConnection
{
    private const string DefaultEndpointSuffix = "core.windows.net";

    private AzureConnection(AzureAccount account, StorageSharedKeyCredential? sharedKey, AzureSasCredential? sas)
    {
        Account = account;
        SharedKey = sharedKey;
        Sas = sas;
    }

    public AzureAccount Account { get; }

    /// <summary>Set when the integration has the account key: requests are signed with it and it can mint SAS URLs.</summary>
    public StorageSharedKeyCredential? SharedKey { get; }

    /// <summary>Set when the integration reads with a SAS token (account or container SAS).</summary>
    public AzureSasCredential? Sas { get; }

    public bool Anonymous => SharedKey is null && Sas is null;

    /// <summary>Why these azure settings cannot make a source, beyond what <see cref="IntegrationValidator"/> checks; null when they can.</summary>
    public static string? Problem(IntegrationSettings settings, IntegrationSecrets? secrets)
    {
        TryCreate(settings, secrets ?? new IntegrationSecrets(), out var error);
        return error;
    }

    /// <summary>The connection; throws <see cref="ArgumentException"/> with the <see cref="Problem"/> message when there is none.</summary>
    public static AzureConnection Create(IntegrationSettings settings, IntegrationSecrets secrets) =>
        TryCreate(settings, secrets, out var error) ?? throw new ArgumentException(error, nameof(settings));

    public static AzureConnection? TryCreate(IntegrationSettings settings, IntegrationSecrets secrets, out string? error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(secrets);
        string? endpoint, accountName, key, sas;
        if (secrets.ConnectionString is { } connectionString)
        {
            if (ParseConnectionString(connectionString, out error) is not { } parts)
            {
                return null;
            }

            accountName = parts.GetValueOrDefault("AccountName");
            key = parts.GetValueOrDefault("AccountKey");
            sas = parts.GetValueOrDefault("SharedAccessSignature");
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol") ?? "https";
            if (protocol is not ("http" or "https"))
            {
                error = $"The connection string's DefaultEndpointsProtocol is '{protocol}'; expected http or https.";
                return null;
            }

            endpoint = parts.GetValueOrDefault("BlobEndpoint") ?? settings.Endpoint
                ?? (accountName is null ? null : $"{protocol}://{accountName}.blob.{parts.GetValueOrDefault("EndpointSuffix") ?? DefaultEndpointSuffix}");
            if (endpoint is null)
            {
                error = "The connection string names neither AccountName nor BlobEndpoint, so it does not say where the blobs are.";
                return null;
            }
        }
        else
        {
            endpoint = settings.Endpoint;
            accountName = null;
            key = secrets.AccountKey;
            sas = secrets.Sas;
            if (endpoint is null)
            {
                error = "Give the blob service endpoint with --endpoint, e.g. https://myaccount.blob.core.windows.net.";
                return null;
            }
        }

        if (NormalizeEndpoint(endpoint, out error) is not { } normalized)
        {
            return null;
        }

        accountName ??= AzureUrls.AccountOfEndpoint(normalized);
        if (settings.Bucket is { } container && AzureUrls.ContainerNameProblem(container) is { } containerProblem)
        {
            error = $"The container {containerProblem}.";
            return null;
        }

        var account = new AzureAccount(normalized, accountName, settings.Bucket);
        if (!string.IsNullOrEmpty(key))
        {
            if (accountName is null)
            {
                error = $"An account key needs the storage account's name, and the endpoint {account.Endpoint} does not tell it; "
                    + "use the https://<account>.blob.core.windows.net endpoint, or a connection string with AccountName=...";
                return null;
            }

            if (!IsBase64(key))
            {
                error = "The account key is not base64; copy key1 or key2 from the storage account's Access keys page.";
                return null;
            }

            error = null;
            return new AzureConnection(account, new StorageSharedKeyCredential(accountName, key), null);
        }

        error = null;
        return string.IsNullOrEmpty(sas)
            ? new AzureConnection(account, null, null)
            : new AzureConnection(account, null, new AzureSasCredential(sas.TrimStart('?')));
    }

    /// <summary>The name=value pairs of a connection string (names compared case-insensitively; values may contain '=').</summary>
    internal static Dictionary<string, string>? ParseConnectionString(string connectionString, out string? error)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The part may be a secret; name only its position in the string.
                error = "The connection string is not a list of Name=value pairs separated by ';', as the Azure portal shows it.";
                return null;
            }

            parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        error = null;
        return parts;
    }

    /// <summary>
    /// The endpoint as an absolute http(s) URL without query or trailing slash. A <c>{account}.blob.{suffix}</c> host
    /// takes no path: a container there belongs in --bucket, or every URL would be read one folder too deep.
    /// </summary>
    private static string? NormalizeEndpoint(string endpoint, out string? error)
    {
        if (endpoint.IndexOfAny(['?', '#', '@']) >= 0)
        {
            // Not quoted: a pasted SAS URL or a user:password would be a secret.
            error = "The blob endpoint has a query, fragment or user name; give the bare service URL (https://myaccount.blob.core.windows.net) "
                + "and a SAS token separately (--sas, or SharedAccessSignature= in the connection string).";
            return null;
        }

        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            error = $"The blob endpoint '{endpoint}' is not an http(s) URL of a host, e.g. https://myaccount.blob.core.windows.net.";
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (AzureUrls.AccountOfHost(uri.Host) is not null && path.Length > 0)
        {
            error = $"The blob endpoint '{endpoint}' has a path; give the service endpoint ({uri.Scheme}://{uri.Authority}) and the container with --bucket.";
            return null;
        }

        error = null;
        return $"{uri.Scheme}://{uri.Authority}{path}";
    }

    private static bool IsBase64(string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        return value.Length is > 0 and <= 340 && Convert.TryFromBase64String(value, buffer, out _);
    }
}
