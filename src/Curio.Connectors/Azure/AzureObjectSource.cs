using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Curio.Connectors.Cloud;
using Microsoft.Extensions.Logging;

namespace Curio.Connectors.Azure;

/// <summary>
/// Blobs of one Azure storage account (or one container of it, with the Bucket setting), read with
/// Azure.Storage.Blobs. URL forms: see <see cref="AzureUrls"/>; account, endpoint and credential: see
/// <see cref="AzureConnection"/>. Every call goes through <see cref="CloudCalls"/>; the SDK's own retries are off.
/// </summary>
internal sealed class AzureObjectSource : IObjectSource, IDisposable
{
    private readonly AzureConnection _connection;
    private readonly ObjectSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly CloudCalls _calls;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly BlobServiceClient _service;

    /// <summary>Builds the SDK client once; <paramref name="intercept"/> (tests only) wraps the connection handler to count or fail requests.</summary>
    public AzureObjectSource(
        IntegrationSettings settings,
        IntegrationSecrets secrets,
        ObjectSourceOptions options,
        TimeProvider time,
        ILogger logger,
        Func<HttpMessageHandler, HttpMessageHandler>? intercept = null)
    {
        _connection = AzureConnection.Create(settings, secrets);
        _options = options;
        _time = time;
        _calls = new CloudCalls(options, time, logger);
        _logger = logger;

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnectionsPerEndpoint,
            // Storage front ends are rotated behind DNS; do not hold one address forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        _http = new HttpClient(intercept is null ? handler : intercept(handler), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

        var clientOptions = new BlobClientOptions { Transport = new HttpClientTransport(_http) };
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        clientOptions.Diagnostics.ApplicationId = "Curio";
        var endpoint = _connection.Account.EndpointUri;
        _service = _connection switch
        {
            { SharedKey: { } key } => new BlobServiceClient(endpoint, key, clientOptions),
            { Sas: { } sas } => new BlobServiceClient(endpoint, sas, clientOptions),
            _ => new BlobServiceClient(endpoint, clientOptions),
        };
    }

    public string Provider => IntegrationSettings.Azure;

    public ObjectResolution Resolve(string url) => AzureUrls.Resolve(_connection.Account, url);

    public async ValueTask<ObjectHead> ReadHeadAsync(ObjectLocation location, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (maxBytes == 0)
        {
            var stat = await StatAsync(location, cancellationToken);
            return new ObjectHead(ReadOnlyMemory<byte>.Empty, stat.Size, stat.ContentType);
        }

        var (container, blob) = BlobOf(location);
        return await _calls.RunAsync(
            location.Url,
            async token =>
            {
                try
                {
                    using var download = (await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(0, maxBytes) }, token)).Value;
                    var details = download.Details;
                    var buffer = new byte[(int)Math.Clamp(details.ContentLength, 0, maxBytes)];
                    var read = await download.Content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, token);
                    var size = TotalOf(details.ContentRange) ?? (details.ContentRange is null ? details.ContentLength : -1);
                    return new ObjectHead(buffer.AsMemory(0, read), size, details.ContentType);
                }
                catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    // bytes=0-n is unsatisfiable only for an empty blob: Azure and azurite answer 416 InvalidRange there.
                    return new ObjectHead(ReadOnlyMemory<byte>.Empty, 0, null);
                }
            },
            ClassifyFor(container),
            cancellationToken);
    }

    public async ValueTask<int> ReadRangeAsync(ObjectLocation location, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (destination.IsEmpty)
        {
            return 0;
        }

        var (container, blob) = BlobOf(location);
        return await _calls.RunAsync(
            location.Url,
            async token =>
            {
                try
                {
                    using var download = (await blob.DownloadStreamingAsync(
                        new BlobDownloadOptions { Range = new HttpRange(offset, destination.Length) }, token)).Value;
                    var from = FromOf(download.Details.ContentRange) ?? 0;
                    if (from != offset)
                    {
                        throw new ObjectSourceException(
                            ObjectErrorKind.Failed,
                            $"{location.Url}: the storage service answered a read at {offset} with Content-Range '{download.Details.ContentRange ?? "(none)"}'");
                    }

                    return await download.Content.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, token);
                }
                catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    return 0;
                }
            },
            ClassifyFor(container),
            cancellationToken);
    }

    public async ValueTask<ObjectStat> StatAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var (container, blob) = BlobOf(location);
        return await _calls.RunAsync(
            location.Url,
            async token =>
            {
                var properties = (await blob.GetPropertiesAsync(cancellationToken: token)).Value;
                return new ObjectStat(properties.ContentLength, properties.ContentType, properties.LastModified);
            },
            ClassifyFor(container),
            cancellationToken);
    }

    /// <summary>
    /// Blobs whose names start with the prefix (see <see cref="AzureUrls.ParsePrefix"/>), recursively, in pages of
    /// <see cref="ObjectSourceOptions.ListPageSize"/>. Entry URLs are <see cref="AzureUrls.CanonicalUrl"/>s; folder
    /// markers (names ending in '/', empty) are skipped, and so, with a warning, are names no URL can read back
    /// (<see cref="AzureUrls.BlobNameProblem"/>).
    /// </summary>
    public async IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (AzureUrls.ParsePrefix(_connection.Account, prefix, out var error) is not var (container, blobPrefix))
        {
            throw new ObjectSourceException(ObjectErrorKind.Refused, error!);
        }

        var client = _service.GetBlobContainerClient(container);
        var listing = new GetBlobsOptions { Prefix = blobPrefix.Length == 0 ? null : blobPrefix };
        var classify = ClassifyFor(container);
        string? continuation = null;
        do
        {
            // Each attempt asks for one page afresh from the continuation token: an SDK page enumerator that has
            // thrown is finished, so retrying its MoveNextAsync would end the listing early instead of retrying.
            var marker = continuation;
            var page = await _calls.RunAsync(prefix, token => FirstPageAsync(client, listing, marker, token), classify, cancellationToken);
            if (page is null)
            {
                yield break;
            }

            foreach (var item in page.Values)
            {
                var size = item.Properties.ContentLength ?? 0;
                if (size == 0 && item.Name.EndsWith('/'))
                {
                    continue;
                }

                if (AzureUrls.BlobNameProblem(item.Name) is { } problem)
                {
                    _logger.LogWarning("Listing {Prefix} skips the blob '{Name}' in container '{Container}', which {Problem}", prefix, item.Name, container, problem);
                    continue;
                }

                yield return new ObjectEntry(
                    AzureUrls.CanonicalUrl(_connection.Account, container, item.Name), item.Name, size, item.Properties.LastModified);
            }

            continuation = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuation));
    }

    /// <summary>
    /// With the account key (or a connection string that has it): a read-only blob SAS valid for <paramref name="ttl"/>.
    /// With a SAS credential: the blob URL with the integration's own SAS appended, since a SAS cannot mint a narrower
    /// one; whoever gets the URL gets everything that SAS allows until it expires, so give such integrations a read-only
    /// container SAS. Anonymous: the plain blob URL.
    /// </summary>
    public ValueTask<Uri?> GetSignedUrlAsync(ObjectLocation location, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var (_, blob) = BlobOf(location);
        Uri url;
        if (blob.CanGenerateSasUri)
        {
            url = blob.GenerateSasUri(BlobSasPermissions.Read, _time.GetUtcNow() + ttl);
        }
        else if (_connection.Sas is { } sas)
        {
            url = new Uri($"{blob.Uri.AbsoluteUri}?{sas.Signature}");
        }
        else
        {
            url = blob.Uri;
        }

        return ValueTask.FromResult<Uri?>(url);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Maps an SDK failure to a fault; null lets <see cref="CloudCalls"/> decide (transport exceptions) or propagate.</summary>
    internal static CloudFault? Classify(Exception exception, string container, AzureAccount account, bool anonymous)
    {
        switch (exception)
        {
            case AggregateException { InnerExceptions.Count: 1 } aggregate:
                return Classify(aggregate.InnerExceptions[0], container, account, anonymous);
            case RequestFailedException { Status: 0 } failed:
                // No answer at all: Azure.Core wraps the transport's exception.
                return new CloudFault(ObjectErrorKind.Unavailable, $"connection failed ({Innermost(failed).Message})");
            case RequestFailedException failed:
                return FaultOf(failed.Status, CodeOf(failed), RetryAfterOf(failed), container, account, anonymous);
            case OperationCanceledException:
                // Not the caller's token (CloudCalls checked): the SDK's own network timeout.
                return new CloudFault(ObjectErrorKind.Unavailable, "the storage service stopped answering");
            default:
                return null;
        }
    }

    /// <summary>What an Azure status and error code mean for a read. Problems name no credential.</summary>
    internal static CloudFault FaultOf(int status, string? code, TimeSpan? retryAfter, string container, AzureAccount account, bool anonymous)
    {
        var answered = code is null ? $"{status}" : $"{status} {code}";
        return (status, code) switch
        {
            (_, "ContainerNotFound") => new CloudFault(
                ObjectErrorKind.NotFound, $"the container '{container}' does not exist in {account.Describe()}"),
            (404, _) when anonymous => new CloudFault(
                ObjectErrorKind.NotFound, "object not found, or its container does not allow anonymous reads"),
            (404, _) or (_, "BlobNotFound") => new CloudFault(ObjectErrorKind.NotFound, "object not found"),
            (_, "AuthenticationFailed") or (401, _) => new CloudFault(ObjectErrorKind.AccessDenied, "the account key or SAS was rejected"),
            (403, _) => new CloudFault(
                ObjectErrorKind.AccessDenied,
                $"access denied by the container's access policy or the integration's credentials; Azure answered {answered}"),
            (_, "BlobArchived") => new CloudFault(
                ObjectErrorKind.Failed, "the blob is in the archive tier; rehydrate it to the hot or cool tier before importing"),
            (408 or 429 or 500 or 502 or 503 or 504, _) or (_, "ServerBusy" or "OperationTimedOut" or "InternalError") => new CloudFault(
                ObjectErrorKind.Unavailable, $"the storage service answered {answered}", retryAfter),
            _ => new CloudFault(ObjectErrorKind.Failed, $"the storage service answered {answered}"),
        };
    }

    private Func<Exception, CloudFault?> ClassifyFor(string container) =>
        exception => Classify(exception, container, _connection.Account, _connection.Anonymous);

    private async Task<Page<BlobItem>?> FirstPageAsync(
        BlobContainerClient client, GetBlobsOptions listing, string? continuation, CancellationToken cancellationToken)
    {
        var pages = client.GetBlobsAsync(listing, cancellationToken).AsPages(continuation, _options.ListPageSize);
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        return await enumerator.MoveNextAsync() ? enumerator.Current : null;
    }

    /// <summary>The container name and blob client of a location; hand-made locations are held to the same rules as resolved ones.</summary>
    private (string Container, BlobClient Blob) BlobOf(ObjectLocation location)
    {
        if (AzureUrls.SplitKey(location.Key) is not var (container, blob) || !AzureUrls.IsContainerName(container)
            || AzureUrls.BlobNameProblem(blob) is not null
            || (_connection.Account.Container is { } only && !string.Equals(container, only, StringComparison.Ordinal)))
        {
            throw new ObjectSourceException(
                ObjectErrorKind.Refused, $"{location.Url} is not a blob this integration reads (location key '{location.Key}')");
        }

        return (container, _service.GetBlobContainerClient(container).GetBlobClient(blob));
    }

    /// <summary>The total size in "bytes a-b/total"; null when absent or unknown ("*").</summary>
    private static long? TotalOf(string? contentRange)
    {
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total : null;
    }

    /// <summary>The first byte in "bytes a-b/total"; null when absent.</summary>
    private static long? FromOf(string? contentRange)
    {
        if (contentRange is null || !contentRange.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var dash = contentRange.IndexOf('-', StringComparison.Ordinal);
        return dash > 6 && long.TryParse(contentRange.AsSpan(6, dash - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? from : null;
    }

    /// <summary>
    /// The error code, with azurite's answer to a bad signature made Azure's: azurite says AuthorizationFailure where
    /// Azure says AuthenticationFailed, but both send the same sentence, which names an authentication failure.
    /// </summary>
    private static string? CodeOf(RequestFailedException exception) =>
        exception.Status == (int)HttpStatusCode.Forbidden
        && exception.Message.Contains("Server failed to authenticate the request", StringComparison.Ordinal)
            ? "AuthenticationFailed"
            : exception.ErrorCode;

    private static TimeSpan? RetryAfterOf(RequestFailedException exception) =>
        exception.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
