using System.Net.Http.Headers;
using Curio.Connectors;
using Curio.Contracts;
using Curio.Server.Features.Integrations;
using Curio.Server.Hosting;
using Curio.Server.Jobs;
using Curio.Storage;

namespace Curio.Server.Features.Items;

/// <summary>
/// Serves an item's object through its integration, for storage that cannot hand out signed URLs. Single byte ranges
/// are honoured, so video and audio players can seek. Callers prove themselves with the API token or a content link.
/// </summary>
internal static class ItemContent
{
    private const int ChunkSize = 256 * 1024;

    public static async Task<IResult> GetAsync(
        Guid uuid, string? link, HttpContext context, IStorage storage, ObjectSources sources, ContentLinks links, CancellationToken cancellationToken)
    {
        if (context.User.Identity?.IsAuthenticated != true && (link is null || !links.IsValid(link, uuid)))
        {
            throw new ProblemException(403, ErrorCodes.ContentLinkInvalid, "Forbidden",
                "This content link has expired or was not issued by this server; ask for a new one with signUrl=true.");
        }

        var item = await storage.Items.GetAsync(uuid, cancellationToken);
        var (integration, source, location) = await ItemObjects.ResolveAsync(item, uuid, storage, sources, cancellationToken);
        ObjectStat stat;
        try
        {
            stat = await source.StatAsync(location, cancellationToken);
        }
        catch (ObjectSourceException ex)
        {
            throw ObjectListing.Problem(integration.Name, ex);
        }

        return new Body(source, location, stat, item.MimeType ?? stat.ContentType ?? "application/octet-stream");
    }

    private sealed class Body(IObjectSource source, ObjectLocation location, ObjectStat stat, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var request = httpContext.Request;
            var response = httpContext.Response;
            var size = stat.Size;
            long start = 0, end = size - 1;
            response.Headers.AcceptRanges = "bytes";
            response.ContentType = contentType;
            response.Headers.CacheControl = "private, max-age=300";
            if (size >= 0 && RangeHeaderValue.TryParse(request.Headers.Range.ToString(), out var range)
                && range.Unit == "bytes" && range.Ranges.Count == 1)
            {
                var r = range.Ranges.First();
                (start, end) = r.From is { } from ? (from, Math.Min(r.To ?? size - 1, size - 1)) : (Math.Max(0, size - (r.To ?? 0)), size - 1);
                if (start >= size || start > end)
                {
                    response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    response.Headers.ContentRange = $"bytes */{size}";
                    return;
                }

                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {start}-{end}/{size}";
            }

            if (size >= 0)
            {
                response.ContentLength = end - start + 1;
            }

            var buffer = new byte[ChunkSize];
            var cancellationToken = httpContext.RequestAborted;
            for (var offset = start; size < 0 || offset <= end;)
            {
                var want = size < 0 ? buffer.Length : (int)Math.Min(buffer.Length, end - offset + 1);
                var read = await source.ReadRangeAsync(location, offset, buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                offset += read;
            }
        }
    }
}
