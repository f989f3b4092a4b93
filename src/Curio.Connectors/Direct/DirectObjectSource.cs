using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Curio.Connectors.Direct;

/// <summary>
/// Reads http(s) URLs as given. Which hosts may be reached is decided by the shared handler's connect callback
/// (see <see cref="GuardedConnector"/>), not here, so redirects and DNS answers cannot get around it.
/// Retries, timeouts and redirects live in <see cref="ResilientSender"/>.
/// </summary>
internal sealed class DirectObjectSource : IObjectSource
{
    private readonly ResilientSender _sender;

    public DirectObjectSource(ResilientSender sender)
    {
        _sender = sender;
    }

    public string Provider => IntegrationSettings.Direct;

    public ObjectResolution Resolve(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return TryParse(url) is { } uri
            ? ObjectResolution.Found(new ObjectLocation(url, uri.AbsoluteUri))
            : ObjectResolution.Refused(
                $"'{url}' is not an absolute http(s) URL; direct integrations read http(s) URLs (use a local integration for files)");
    }

    /// <remarks>
    /// The size is -1 when the server ignored the range and sent no Content-Length: only the first
    /// <paramref name="maxBytes"/> are read and the rest of the body is abandoned with the connection.
    /// </remarks>
    public async ValueTask<ObjectHead> ReadHeadAsync(ObjectLocation location, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (maxBytes == 0)
        {
            var stat = await StatAsync(location, cancellationToken);
            return new ObjectHead(ReadOnlyMemory<byte>.Empty, stat.Size, stat.ContentType);
        }

        var uri = UriOf(location);
        return await _sender.SendAsync(
            location.Url,
            uri,
            u => RangeGet(u, 0, maxBytes - 1L),
            async (response, token) =>
            {
                var contentType = response.Content.Headers.ContentType?.MediaType;
                switch (response.StatusCode)
                {
                    case HttpStatusCode.PartialContent:
                        var range = CheckRange(response, 0, location.Url);
                        var partial = await ResponseBodies.ReadHeadAsync(response, maxBytes, token);
                        return new ObjectHead(partial, range.Length ?? -1, contentType);
                    case HttpStatusCode.OK:
                        var whole = await ResponseBodies.ReadHeadAsync(response, maxBytes, token);
                        return new ObjectHead(whole, response.Content.Headers.ContentLength ?? -1, contentType);
                    case HttpStatusCode.RequestedRangeNotSatisfiable:
                        // Nothing satisfies bytes=0-n only when the object is empty.
                        return new ObjectHead(ReadOnlyMemory<byte>.Empty, response.Content.Headers.ContentRange?.Length ?? 0, contentType);
                    default:
                        throw HttpStatusErrors.For(response, location.Url);
                }
            },
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

        var uri = UriOf(location);
        return await _sender.SendAsync(
            location.Url,
            uri,
            u => RangeGet(u, offset, offset + destination.Length - 1),
            async (response, token) =>
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.PartialContent:
                        CheckRange(response, offset, location.Url);
                        return await ResponseBodies.FillAsync(response, skip: 0, destination, token);
                    case HttpStatusCode.OK:
                        // The server ignored Range; the bytes before the offset have to be read and dropped.
                        return await ResponseBodies.FillAsync(response, skip: offset, destination, token);
                    case HttpStatusCode.RequestedRangeNotSatisfiable:
                        return 0;
                    default:
                        throw HttpStatusErrors.For(response, location.Url);
                }
            },
            cancellationToken);
    }

    public async ValueTask<ObjectStat> StatAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var uri = UriOf(location);
        var head = await _sender.SendAsync(
            location.Url,
            uri,
            u => new HttpRequestMessage(HttpMethod.Head, u),
            (response, _) => response.StatusCode switch
            {
                // Minimal servers refuse HEAD, and pre-signed URLs are signed for GET only (S3 answers 403); a tiny GET answers instead.
                HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented or HttpStatusCode.Forbidden => ValueTask.FromResult<ObjectStat?>(null),
                HttpStatusCode.OK when response.Content.Headers.ContentLength is null => ValueTask.FromResult<ObjectStat?>(null),
                HttpStatusCode.OK => ValueTask.FromResult<ObjectStat?>(StatOf(response, response.Content.Headers.ContentLength ?? -1)),
                _ => throw HttpStatusErrors.For(response, location.Url),
            },
            cancellationToken);
        if (head is not null)
        {
            return head;
        }

        return await _sender.SendAsync(
            location.Url,
            uri,
            u => RangeGet(u, 0, 0),
            (response, _) => response.StatusCode switch
            {
                HttpStatusCode.PartialContent => ValueTask.FromResult(StatOf(response, CheckRange(response, 0, location.Url).Length ?? -1)),
                HttpStatusCode.OK => ValueTask.FromResult(StatOf(response, response.Content.Headers.ContentLength ?? -1)),
                HttpStatusCode.RequestedRangeNotSatisfiable => ValueTask.FromResult(StatOf(response, response.Content.Headers.ContentRange?.Length ?? 0)),
                _ => throw HttpStatusErrors.For(response, location.Url),
            },
            cancellationToken);
    }

    public async IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // An iterator, so the error surfaces on enumeration like every other provider's listing failures.
        await Task.CompletedTask;
        ThrowNotListable();
        yield break;
    }

    /// <summary>Direct URLs are already fetchable by whoever may see them, pre-signed ones included.</summary>
    public ValueTask<Uri?> GetSignedUrlAsync(ObjectLocation location, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        return ValueTask.FromResult<Uri?>(UriOf(location));
    }

    private static void ThrowNotListable() =>
        throw new ObjectSourceException(
            ObjectErrorKind.Failed, "A direct integration cannot list objects; give every URL in the upload file.");

    private static Uri? TryParse(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
            ? uri
            : null;

    // Locations are public records; one built by hand must not smuggle in another scheme.
    private static Uri UriOf(ObjectLocation location) =>
        TryParse(location.Key) ?? throw new ObjectSourceException(
            ObjectErrorKind.Refused, $"'{location.Url}' is not an absolute http(s) URL; direct integrations read http(s) URLs");

    private static HttpRequestMessage RangeGet(Uri uri, long from, long to) =>
        new(HttpMethod.Get, uri) { Headers = { Range = new RangeHeaderValue(from, to) } };

    private static ContentRangeHeaderValue CheckRange(HttpResponseMessage response, long expectedFrom, string url)
    {
        var range = response.Content.Headers.ContentRange;
        if (range is null || range.From != expectedFrom)
        {
            throw new ObjectSourceException(
                ObjectErrorKind.Failed,
                $"{url} answered a range request with Content-Range '{range?.ToString() ?? "(none)"}', expected bytes starting at {expectedFrom}");
        }

        return range;
    }

    private static ObjectStat StatOf(HttpResponseMessage response, long size) =>
        new(size, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.LastModified);

}
