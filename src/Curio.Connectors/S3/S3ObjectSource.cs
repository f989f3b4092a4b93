using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Curio.Connectors.Cloud;
using Microsoft.Extensions.Logging;

namespace Curio.Connectors.S3;

/// <summary>
/// Objects in AWS S3 ("s3") or a store that speaks its API ("s3-compatible": MinIO, Ceph, Open Telekom Cloud OBS, ...).
/// One AWSSDK client per source, made in the constructor and shared by all calls; every call runs through
/// <see cref="CloudCalls"/>, the SDK's own retries being off. Which URLs name objects is <see cref="S3Urls"/>' business.
/// </summary>
/// <remarks>
/// Requests go to the integration's endpoint, or else to the integration's region, whatever region a URL names: a
/// bucket elsewhere fails with a message saying to set the region. Dispose the source when the integration goes away.
/// </remarks>
internal sealed class S3ObjectSource : IObjectSource, IDisposable
{
    private readonly S3Addressing _addressing;
    private readonly bool _anonymous;
    private readonly AmazonS3Client _client;
    private readonly CloudCalls _calls;
    private readonly TimeProvider _time;
    private readonly int _listPageSize;

    /// <param name="settings">Settings <see cref="IntegrationValidator"/> accepted.</param>
    /// <param name="secrets">The access key pair (and session token), unless the integration is anonymous.</param>
    /// <param name="options">Timeouts, retries, page size and connection limit.</param>
    /// <param name="time">The clock for retries and signed-URL expiry.</param>
    /// <param name="logger">Where retries are logged.</param>
    /// <param name="httpClientFactory">Tests only: a handler between the SDK and the network.</param>
    public S3ObjectSource(
        IntegrationSettings settings, IntegrationSecrets secrets, ObjectSourceOptions options, TimeProvider time, ILogger logger,
        HttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        _addressing = S3Addressing.From(settings);
        _anonymous = settings.Anonymous;
        _client = S3Clients.Create(_addressing, secrets, settings.Anonymous, options, httpClientFactory);
        _calls = new CloudCalls(options, time, logger);
        _time = time;
        _listPageSize = options.ListPageSize;
    }

    public string Provider => _addressing.Provider;

    public ObjectResolution Resolve(string url) => S3Urls.Resolve(_addressing, url);

    /// <remarks>One ranged GET of bytes 0..maxBytes-1: the size comes from its Content-Range (or from the length of a
    /// whole-object answer, when a store ignores ranges); an empty object answers 416, which means size 0.</remarks>
    public async ValueTask<ObjectHead> ReadHeadAsync(ObjectLocation location, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var (bucket, key) = S3Urls.Split(location);
        if (maxBytes == 0)
        {
            var stat = await StatAsync(location, cancellationToken);
            return new ObjectHead(ReadOnlyMemory<byte>.Empty, stat.Size, stat.ContentType);
        }

        return await _calls.RunAsync(
            location.Url,
            async token =>
            {
                try
                {
                    using var response = await _client.GetObjectAsync(Ranged(bucket, key, 0, maxBytes - 1L), token);
                    var size = response.HttpStatusCode == HttpStatusCode.PartialContent
                        ? TotalSize(response, 0, location.Url)
                        : response.ContentLength;
                    var buffer = new byte[response.ContentLength >= 0 ? Math.Min(maxBytes, response.ContentLength) : maxBytes];
                    var read = await response.ResponseStream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, token);
                    return new ObjectHead(buffer.AsMemory(0, read), size, response.Headers.ContentType);
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    // Nothing satisfies bytes=0-n only when the object is empty.
                    return new ObjectHead(ReadOnlyMemory<byte>.Empty, 0, null);
                }
            },
            Classify(bucket),
            cancellationToken);
    }

    public async ValueTask<int> ReadRangeAsync(ObjectLocation location, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var (bucket, key) = S3Urls.Split(location);
        if (destination.IsEmpty)
        {
            return 0;
        }

        return await _calls.RunAsync(
            location.Url,
            async token =>
            {
                try
                {
                    using var response = await _client.GetObjectAsync(Ranged(bucket, key, offset, offset + destination.Length - 1), token);
                    var skip = 0L;
                    if (response.HttpStatusCode == HttpStatusCode.PartialContent)
                    {
                        TotalSize(response, offset, location.Url);
                    }
                    else
                    {
                        // A store that ignores Range sends the whole object; the bytes before the offset are dropped.
                        skip = offset;
                    }

                    return await ResponseBodies.FillAsync(response.ResponseStream, skip, destination, token);
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    return 0;
                }
            },
            Classify(bucket),
            cancellationToken);
    }

    public async ValueTask<ObjectStat> StatAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        var (bucket, key) = S3Urls.Split(location);
        return await _calls.RunAsync(
            location.Url,
            async token =>
            {
                var response = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, token);
                return new ObjectStat(response.ContentLength, response.Headers.ContentType, Utc(response.LastModified));
            },
            Classify(bucket),
            cancellationToken);
    }

    /// <summary>
    /// Objects whose keys start with the prefix (plain string prefix, recursive), a page of options.ListPageSize at a
    /// time, each page one call through <see cref="CloudCalls"/>. Folder markers (keys ending in '/' with no content)
    /// are skipped. Entries' URLs are <see cref="S3Urls.CanonicalUrl"/>s.
    /// </summary>
    /// <param name="prefix">A URL prefix in any form <see cref="Resolve"/> accepts (s3://bucket/photos/), or, when the
    /// integration has a bucket, a bare key prefix ("photos/", "" for the whole bucket).</param>
    /// <param name="cancellationToken">Stops the listing between and during pages.</param>
    public async IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (bucket, keyPrefix) = S3Urls.ParsePrefix(_addressing, prefix);
        var classify = Classify(bucket);
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = bucket,
                Prefix = keyPrefix.Length == 0 ? null : keyPrefix,
                MaxKeys = _listPageSize,
                ContinuationToken = continuation,

                // XML 1.0 cannot carry every character a key may hold (U+0001 breaks the whole page), so keys come URL-encoded.
                Encoding = EncodingType.Url,
            };
            var page = await _calls.RunAsync(prefix, token => _client.ListObjectsV2Async(request, token), classify, cancellationToken);
            var encoded = string.Equals(page.Encoding?.Value, EncodingType.Url.Value, StringComparison.OrdinalIgnoreCase);
            foreach (var item in page.S3Objects ?? [])
            {
                var key = encoded ? DecodeListedKey(item.Key) : item.Key;
                if (key.EndsWith('/') && item.Size is null or 0)
                {
                    continue;
                }

                yield return new ObjectEntry(S3Urls.CanonicalUrl(bucket, key), key, item.Size ?? -1, Utc(item.LastModified));
            }

            // A store that says "truncated" without a token would otherwise make this loop forever.
            continuation = page.IsTruncated == true && !string.IsNullOrEmpty(page.NextContinuationToken) && page.NextContinuationToken != continuation
                ? page.NextContinuationToken
                : null;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// A V4 pre-signed GET on the integration's endpoint (or region) with the integration's addressing style; for an
    /// anonymous integration, the plain URL of the object, which needs no signature.
    /// </summary>
    public async ValueTask<Uri?> GetSignedUrlAsync(ObjectLocation location, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var (bucket, key) = S3Urls.Split(location);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ttl, IntegrationSettings.MaxSignedUrlTtl);
        cancellationToken.ThrowIfCancellationRequested();
        if (_anonymous)
        {
            return S3Urls.PublicUrl(_addressing, bucket, key);
        }

        var request = new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = _time.GetUtcNow().UtcDateTime + ttl,
            Protocol = _addressing.Endpoint?.Scheme == Uri.UriSchemeHttp ? Protocol.HTTP : Protocol.HTTPS,
        };
        try
        {
            // Signing is local: the credentials are static, so there is nothing to retry.
            return new Uri(await _client.GetPreSignedURLAsync(request));
        }
        catch (AmazonClientException ex)
        {
            throw new ObjectSourceException(ObjectErrorKind.Failed, $"{location.Url}: signing a URL failed ({ex.Message})", ex);
        }
    }

    public void Dispose() => _client.Dispose();

    private Func<Exception, CloudFault?> Classify(string bucket) => ex => S3Errors.Classify(ex, bucket, _addressing.Region);

    private static GetObjectRequest Ranged(string bucket, string key, long from, long to) =>
        new() { BucketName = bucket, Key = key, ByteRange = new ByteRange(from, to) };

    /// <summary>The object's size from a 206's Content-Range, which must start where asked; -1 for "bytes a-b/*".</summary>
    private static long TotalSize(GetObjectResponse response, long expectedFrom, string url)
    {
        if (!ContentRangeHeaderValue.TryParse(response.ContentRange, out var range) || range.From != expectedFrom)
        {
            throw new ObjectSourceException(
                ObjectErrorKind.Failed,
                $"{url}: the store answered a range request with Content-Range '{response.ContentRange ?? "(none)"}', expected bytes starting at {expectedFrom}");
        }

        return range.Length ?? -1;
    }

    /// <summary>
    /// Undoes encoding-type=url, which the SDK leaves to us. S3 encodes like a form (a space may come as '+', a '+' always
    /// as %2B), so '+' is a space here, as in botocore. A store that ignored the request says so by not echoing the encoding.
    /// </summary>
    private static string DecodeListedKey(string key) => Uri.UnescapeDataString(key.Replace('+', ' '));

    /// <summary>The SDK gives local or unspecified-kind times depending on the operation; S3's are UTC.</summary>
    private static DateTimeOffset? Utc(DateTime? time) => time switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        { } t => new DateTimeOffset(t.ToUniversalTime()),
    };
}
