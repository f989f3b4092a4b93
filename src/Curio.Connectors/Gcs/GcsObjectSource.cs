using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Curio.Connectors.Cloud;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.Logging;
using StorageObjects = Google.Apis.Storage.v1.Data.Objects;

namespace Curio.Connectors.Gcs;

/// <summary>
/// Objects in Google Cloud Storage, read through the JSON API with a service-account key or anonymously.
/// URL forms are described in <see cref="GcsUrls"/>. Every request runs through <see cref="CloudCalls"/>, the only
/// retry loop: the storage client's own retries are switched off per call.
/// </summary>
/// <remarks>
/// Reads are one ranged GET each (Content-Range gives the total size, a 416 means "at or after the end");
/// metadata and listings use the storage client. Thread-safe; one instance serves every job of an integration.
/// </remarks>
internal sealed class GcsObjectSource : IObjectSource, IDisposable
{
    /// <summary>Only what a listing entry needs, so a 1000-object page stays small.</summary>
    private const string ListFields = "items(name,size,updated),nextPageToken";

    private readonly GcsConnection _gcs;
    private readonly CloudCalls _calls;
    private readonly ObjectSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly string? _bucket;

    public GcsObjectSource(IntegrationSettings settings, IntegrationSecrets secrets, ObjectSourceOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _gcs = new GcsConnection(settings, secrets, options);
        _calls = new CloudCalls(options, time, logger);
        _options = options;
        _time = time;
        _bucket = settings.Bucket;
    }

    public string Provider => IntegrationSettings.Gcs;

    public ObjectResolution Resolve(string url) => GcsUrls.Resolve(url, _bucket);

    public async ValueTask<ObjectHead> ReadHeadAsync(ObjectLocation location, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (maxBytes == 0)
        {
            var stat = await StatAsync(location, cancellationToken);
            return new ObjectHead(ReadOnlyMemory<byte>.Empty, stat.Size, stat.ContentType);
        }

        var (bucket, name) = Split(location);
        return await _calls.RunAsync(
            location.Url,
            async token =>
            {
                using var response = await GetRangeAsync(bucket, name, 0, maxBytes - 1L, token);
                var contentType = response.Content.Headers.ContentType?.MediaType;
                switch (response.StatusCode)
                {
                    case HttpStatusCode.PartialContent:
                        var range = CheckRange(response, 0, location.Url);
                        return new ObjectHead(await ResponseBodies.ReadHeadAsync(response, maxBytes, token), range.Length ?? -1, contentType);
                    case HttpStatusCode.OK:
                        // The range was ignored (or an empty object was answered with 200): the body is the whole object.
                        return new ObjectHead(await ResponseBodies.ReadHeadAsync(response, maxBytes, token), response.Content.Headers.ContentLength ?? -1, contentType);
                    case HttpStatusCode.RequestedRangeNotSatisfiable:
                        // bytes=0-n is unsatisfiable only for an empty object.
                        return new ObjectHead(ReadOnlyMemory<byte>.Empty, response.Content.Headers.ContentRange?.Length ?? 0, contentType);
                    default:
                        throw await GcsStatusException.FromResponseAsync(response, _time.GetUtcNow(), token);
                }
            },
            ex => GcsFaults.Classify(ex, _gcs.Anonymous, listing: false),
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

        var (bucket, name) = Split(location);
        return await _calls.RunAsync(
            location.Url,
            async token =>
            {
                using var response = await GetRangeAsync(bucket, name, offset, offset + destination.Length - 1, token);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.PartialContent:
                        CheckRange(response, offset, location.Url);
                        return await ResponseBodies.FillAsync(response, skip: 0, destination, token);
                    case HttpStatusCode.OK:
                        // The range was ignored and the whole object is coming: skip to the offset.
                        return await ResponseBodies.FillAsync(response, skip: offset, destination, token);
                    case HttpStatusCode.RequestedRangeNotSatisfiable:
                        return 0;
                    default:
                        throw await GcsStatusException.FromResponseAsync(response, _time.GetUtcNow(), token);
                }
            },
            ex => GcsFaults.Classify(ex, _gcs.Anonymous, listing: false),
            cancellationToken);
    }

    public async ValueTask<ObjectStat> StatAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var (bucket, name) = Split(location);
        var stored = await _calls.RunAsync(
            location.Url,
            token => _gcs.Storage.GetObjectAsync(bucket, name, new GetObjectOptions { RetryOptions = RetryOptions.Never }, token),
            ex => GcsFaults.Classify(ex, _gcs.Anonymous, listing: false),
            cancellationToken);
        return new ObjectStat(stored.Size is { } size ? (long)size : -1, stored.ContentType, stored.UpdatedDateTimeOffset);
    }

    /// <summary>
    /// Objects whose names start with the prefix (recursive, no delimiter), one page of
    /// <see cref="ObjectSourceOptions.ListPageSize"/> per request; folder markers (empty objects named "…/") are skipped.
    /// </summary>
    public async IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var (bucket, namePrefix, error) = GcsUrls.ParseListPrefix(prefix, _bucket);
        if (error is not null)
        {
            throw new ObjectSourceException(ObjectErrorKind.Refused, error);
        }

        string? pageToken = null;
        do
        {
            var page = await _calls.RunAsync(
                prefix,
                token => ListPageAsync(bucket!, namePrefix!, pageToken, token),
                ex => GcsFaults.Classify(ex, _gcs.Anonymous, listing: true),
                cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (item.Name.EndsWith('/') && item.Size is 0)
                {
                    continue;
                }

                yield return new ObjectEntry(GcsUrls.Canonical(bucket!, item.Name), item.Name, (long)(item.Size ?? 0), item.UpdatedDateTimeOffset);
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);
    }

    /// <summary>
    /// A V4 signed GET URL on storage.googleapis.com valid for <paramref name="ttl"/> (at most seven days), signed
    /// locally with the service account's key; for anonymous integrations the object's public URL.
    /// </summary>
    public async ValueTask<Uri?> GetSignedUrlAsync(ObjectLocation location, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var (bucket, name) = Split(location);
        if (_gcs.Signer is not { } signer)
        {
            return new Uri(GcsUrls.Public(bucket, name));
        }

        var url = await signer.SignAsync(
            UrlSigner.RequestTemplate.FromBucket(bucket).WithObjectName(name).WithHttpMethod(HttpMethod.Get),
            UrlSigner.Options.FromDuration(ttl).WithSigningVersion(SigningVersion.V4),
            cancellationToken);
        return new Uri(url);
    }

    public void Dispose() => _gcs.Dispose();

    private static (string Bucket, string Name) Split(ObjectLocation location) =>
        GcsUrls.SplitKey(location.Key) ?? throw new ObjectSourceException(
            ObjectErrorKind.Refused, $"{location.Url} does not name a Google Cloud Storage object (bucket/object)");

    private static ContentRangeHeaderValue CheckRange(HttpResponseMessage response, long expectedFrom, string url)
    {
        var range = response.Content.Headers.ContentRange;
        if (range is null || range.From != expectedFrom)
        {
            throw new ObjectSourceException(
                ObjectErrorKind.Failed,
                $"{url}: Google Cloud Storage answered a range request with Content-Range '{range?.ToString() ?? "(none)"}', expected bytes from {expectedFrom}");
        }

        return range;
    }

    /// <summary>One ranged media GET, authorised with the integration's token (fetched or refreshed as needed).</summary>
    private async Task<HttpResponseMessage> GetRangeAsync(string bucket, string name, long from, long to, CancellationToken cancellationToken)
    {
        var uri = _gcs.MediaUri(bucket, name);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Range = new RangeHeaderValue(from, to);
        if (_gcs.Token is { } access)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await access.GetAccessTokenForRequestAsync(uri.AbsoluteUri, cancellationToken));
        }

        return await _gcs.Media.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Exactly one list request: the first raw response of a listing started at <paramref name="pageToken"/>.</summary>
    private async Task<StorageObjects> ListPageAsync(string bucket, string namePrefix, string? pageToken, CancellationToken cancellationToken)
    {
        var options = new ListObjectsOptions
        {
            PageSize = _options.ListPageSize,
            PageToken = pageToken,
            Fields = ListFields,
            RetryOptions = RetryOptions.Never,
        };
        await using var pages = _gcs.Storage.ListObjectsAsync(bucket, namePrefix.Length == 0 ? null : namePrefix, options)
            .AsRawResponses().GetAsyncEnumerator(cancellationToken);
        return await pages.MoveNextAsync() ? pages.Current : new StorageObjects();
    }
}
