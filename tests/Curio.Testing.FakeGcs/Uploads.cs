using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Curio.Testing.FakeGcs;

/// <summary>
/// POST /upload/storage/v1/b/{bucket}/o with uploadType media (content only, name in the query), multipart
/// (JSON metadata, then content) or resumable (metadata now, content in PUTs with Content-Range; 308 until complete).
/// </summary>
internal sealed class Uploads(FakeGcsServer server)
{
    private const string DefaultContentType = "application/octet-stream";
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public async Task StartAsync(HttpContext context, string bucket)
    {
        var request = context.Request;
        if (!server.Store.BucketExists(bucket))
        {
            await JsonApi.NoSuchBucketAsync(context);
            return;
        }

        switch (request.Query["uploadType"].ToString())
        {
            case "media":
                await StoreAsync(context, bucket, request.Query["name"], request.ContentType, await ReadAllAsync(request.Body, context.RequestAborted));
                break;
            case "multipart":
                await MultipartAsync(context, bucket);
                break;
            case "resumable":
                var (name, contentType) = await UploadMetadata.ReadAsync(request.Body, context.RequestAborted);
                name ??= request.Query["name"];
                if (string.IsNullOrEmpty(name))
                {
                    await JsonApi.ErrorAsync(context, StatusCodes.Status400BadRequest, "required", "Required object name.");
                    return;
                }

                var id = Guid.NewGuid().ToString("N");
                _sessions[id] = new Session(bucket, name, contentType ?? request.Headers["X-Upload-Content-Type"].FirstOrDefault() ?? DefaultContentType);
                context.Response.Headers.Location =
                    new Uri(server.RootUri, $"upload/storage/v1/b/{Uri.EscapeDataString(bucket)}/o?uploadType=resumable&upload_id={id}").AbsoluteUri;
                break;
            default:
                await JsonApi.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", "Unknown uploadType.");
                break;
        }
    }

    /// <summary>A chunk of a resumable upload. Content-Range is "bytes a-b/total", "bytes a-b/*" or "bytes */total" (a status query).</summary>
    public async Task ContinueAsync(HttpContext context, string bucket)
    {
        var request = context.Request;
        var id = request.Query["upload_id"].ToString();
        if (!_sessions.TryGetValue(id, out var session) || session.Bucket != bucket)
        {
            await JsonApi.ErrorAsync(context, StatusCodes.Status404NotFound, "notFound", "No such upload session.");
            return;
        }

        var chunk = await ReadAllAsync(request.Body, context.RequestAborted);
        var range = request.Headers.ContentRange.ToString();
        long? total = null;
        long? start = null;
        if (range.StartsWith("bytes ", StringComparison.Ordinal) && range.IndexOf('/', StringComparison.Ordinal) is var slash and > 0)
        {
            var size = range[(slash + 1)..];
            total = size == "*" ? null : long.Parse(size, CultureInfo.InvariantCulture);
            var span = range["bytes ".Length..slash];
            start = span == "*" ? null : long.Parse(span[..span.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        }
        else if (range.Length == 0)
        {
            (start, total) = (0, chunk.Length);
        }

        long received;
        lock (session)
        {
            // A resent chunk overlaps what arrived already; keep only its new bytes.
            if (start is { } from && from <= session.Data.Length)
            {
                var skip = (int)(session.Data.Length - from);
                session.Data.Write(chunk, Math.Min(skip, chunk.Length), Math.Max(0, chunk.Length - skip));
            }

            received = session.Data.Length;
        }

        if (total is { } expected && received >= expected)
        {
            _sessions.TryRemove(id, out _);
            await StoreAsync(context, bucket, session.Name, session.ContentType, session.Data.ToArray());
            return;
        }

        if (received > 0)
        {
            context.Response.Headers["Range"] = string.Create(CultureInfo.InvariantCulture, $"bytes=0-{received - 1}");
        }

        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
    }

    private static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private async Task MultipartAsync(HttpContext context, string bucket)
    {
        var request = context.Request;
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            await JsonApi.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", "A multipart upload needs a boundary.");
            return;
        }

        // Each part's body must be read before asking for the next part, which skips whatever is left of it.
        var reader = new MultipartReader(boundary, request.Body);
        var metadata = await reader.ReadNextSectionAsync(context.RequestAborted);
        var (name, contentType) = metadata is null ? (null, null) : await UploadMetadata.ReadAsync(metadata.Body, context.RequestAborted);
        var content = metadata is null ? null : await reader.ReadNextSectionAsync(context.RequestAborted);
        if (content is null)
        {
            await JsonApi.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", "A multipart upload has a metadata part and a content part.");
            return;
        }

        await StoreAsync(context, bucket, name ?? request.Query["name"], contentType ?? content.ContentType, await ReadAllAsync(content.Body, context.RequestAborted));
    }

    private async Task StoreAsync(HttpContext context, string bucket, string? name, string? contentType, byte[] data)
    {
        if (string.IsNullOrEmpty(name))
        {
            await JsonApi.ErrorAsync(context, StatusCodes.Status400BadRequest, "required", "Required object name.");
            return;
        }

        if (server.Store.Put(bucket, name, data, contentType ?? DefaultContentType) is not { } stored)
        {
            await JsonApi.NoSuchBucketAsync(context);
            return;
        }

        await JsonApi.JsonAsync(context, JsonApi.ObjectResource(server, stored));
    }

    private sealed class Session(string bucket, string name, string contentType)
    {
        public string Bucket { get; } = bucket;

        public string Name { get; } = name;

        public string ContentType { get; } = contentType;

        public MemoryStream Data { get; } = new();
    }
}
