using System.Net;
using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;

namespace Curio.Connectors.Gcs;

/// <summary>
/// The clients one gcs integration uses, built once: a <see cref="StorageClient"/> for metadata and listings,
/// a plain <see cref="HttpClient"/> for ranged media reads (so a read is one GET whose Content-Range gives the
/// size, and bytes arrive exactly as stored, never transparently decompressed), and for service accounts the
/// credential that authorises both and signs URLs. Both HTTP pools are bounded by
/// <see cref="ObjectSourceOptions.MaxConnectionsPerEndpoint"/>.
/// </summary>
internal sealed class GcsConnection : IDisposable
{
    /// <summary>Curio only reads; a key with wider roles still gets a read-only token.</summary>
    private const string ReadOnlyScope = "https://www.googleapis.com/auth/devstorage.read_only";

    public GcsConnection(IntegrationSettings settings, IntegrationSecrets secrets, ObjectSourceOptions options)
    {
        BaseUri = GcsUrls.JsonApiBase(settings.Endpoint);
        Anonymous = settings.Anonymous;
        var builder = new StorageClientBuilder
        {
            BaseUri = BaseUri.AbsoluteUri,
            HttpClientFactory = new PooledHttpClientFactory(options.MaxConnectionsPerEndpoint),
        };
        if (settings.Anonymous)
        {
            builder.UnauthenticatedAccess = true;
        }
        else
        {
            var account = LoadServiceAccount(secrets.ServiceAccountJson!);
            var scoped = account.ToGoogleCredential().CreateScoped(ReadOnlyScope);
            builder.Credential = scoped;
            Token = scoped;
            Signer = UrlSigner.FromCredential(account);
        }

        Storage = builder.Build();
        // Attempts are bounded by CloudCalls' per-attempt timeout; the client's own 100 s default would only interfere.
        Storage.Service.HttpClient.Timeout = Timeout.InfiniteTimeSpan;
        Media = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnectionsPerEndpoint,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The JSON API base, e.g. https://storage.googleapis.com/storage/v1/.</summary>
    public Uri BaseUri { get; }

    public bool Anonymous { get; }

    public StorageClient Storage { get; }

    public HttpClient Media { get; }

    /// <summary>Access tokens for media reads; null for anonymous integrations.</summary>
    public ITokenAccess? Token { get; }

    /// <summary>Signs V4 URLs with the service account's key; null for anonymous integrations.</summary>
    public UrlSigner? Signer { get; }

    /// <summary>The JSON API media URL of an object (a GET with alt=media serves its content, Range included).</summary>
    public Uri MediaUri(string bucket, string name) =>
        new(BaseUri, $"b/{Uri.EscapeDataString(bucket)}/o/{Uri.EscapeDataString(name)}?alt=media");

    public void Dispose()
    {
        Storage.Dispose();
        Media.Dispose();
    }

    private static ServiceAccountCredential LoadServiceAccount(string json)
    {
        try
        {
            return CredentialFactory.FromJson<ServiceAccountCredential>(json);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Google's key parser throws whatever its ASN.1 decoder hits (NotSupportedException, IndexOutOfRange, ...)
            // for a damaged key, so any failure here is a bad key file. Its message may quote the file: name only the kind.
            throw new ArgumentException(
                $"The service-account key could not be loaded ({ex.GetType().Name}); download the key file again from IAM > Service accounts > Keys.",
                nameof(json));
        }
    }

    /// <summary>Google.Apis' factory with connection pools sized like every other cloud source's.</summary>
    private sealed class PooledHttpClientFactory(int maxConnections) : Google.Apis.Http.HttpClientFactory
    {
        protected override HttpClientHandler CreateClientHandler() => new() { MaxConnectionsPerServer = maxConnections };
    }
}
